/**
 * Column scaling for extreme magnitudes. Squares of values beyond about 1e±154 overflow or underflow, so a
 * column of 1e300s or of subnormals would give NaN, a zero norm or a false collinearity in the QR. Such a
 * column is multiplied by a power of two that brings its largest |value| to [1, 2) before anything is
 * computed (LAPACK's dnrm2 scales for the same reason); powers of two are exact, and demeaning and Householder
 * QR are equivariant under them, so the fit on the scaled columns is the fit on the originals up to those
 * factors, which are undone on the results. Columns already within 2^±64 are left as they are (factor 1), so
 * ordinary data take exactly the unscaled path.
 */

/** Columns whose largest |value| lies in [2^-64, 2^64] are not scaled. */
const SAFE_EXPONENT = 64;

/** x * 2^e without overflow or underflow in the factor (2^e alone may not be representable). */
export function ldexp(x: number, e: number): number {
  let v = x;
  let rest = e;
  while (rest > 1000) { v *= 2 ** 1000; rest -= 1000; }
  while (rest < -1000) { v *= 2 ** -1000; rest += 1000; }
  return v * 2 ** rest;
}

/**
 * The exponent e such that the column times 2^e has its largest |value| in [1, 2); 0 for a column inside
 * the safe range, all zero, or holding a non-finite value. Reads `rows` of the column when given.
 */
export function scaleExponent(column: Float64Array, n: number, rows: Int32Array | null): number {
  let max = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(column[rows ? rows[i] : i]);
    if (a > max) max = a;
  }
  if (!(max > 0) || max === Infinity) return 0;
  const e = Math.floor(Math.log2(max));
  if (e >= -SAFE_EXPONENT && e <= SAFE_EXPONENT) return 0;
  // log2 may round across a power of two; settle the exponent exactly.
  let shift = -e;
  while (ldexp(max, shift) >= 2) shift--;
  while (ldexp(max, shift) < 1) shift++;
  return shift;
}

/**
 * The scale exponents of one fit: column j of X and y were multiplied by 2^x[j] and 2^y. A coefficient on the
 * original scale is beta'_j 2^(x[j] - y), a variance entry V'_ij 2^(x[i] + x[j] - 2y), a sum of squares of the
 * outcome rss' 2^(-2y).
 */
export interface ColumnScale {
  readonly y: number;
  /** One exponent per regressor of the design (design.names order). */
  readonly x: readonly number[];
}
