/**
 * Small dense linear algebra for 2SLS: the Gram matrix of the model's (demeaned, sqrt(w)-scaled) columns, taken
 * in one O(n k^2) pass, and regressions among linear combinations of those columns computed from it alone;
 * Cholesky factors, inverses and products of small matrices.
 */

/**
 * Each column's residual norm on the columns before it, from a Cholesky factorisation of their Gram matrix
 * ([m x m] row-major); a column (nearly) in the span of the previous ones gets 0 and is left out of the later
 * columns' bases.
 */
export function sequentialResidualNorms(G: Float64Array, m: number): Float64Array {
  const C = new Float64Array(m * m);
  const out = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let d = G[j * m + j];
    for (let k = 0; k < j; k++) d -= C[j * m + k] ** 2;
    if (!(d > 1e-14 * G[j * m + j])) continue; // dependent: contributes nothing to later columns
    const cjj = Math.sqrt(d);
    out[j] = cjj;
    C[j * m + j] = cjj;
    for (let i = j + 1; i < m; i++) {
      let s = G[i * m + j];
      for (let k = 0; k < j; k++) s -= C[i * m + k] * C[j * m + k];
      C[i * m + j] = s / cjj;
    }
  }
  return out;
}

/** Lower Cholesky factor C of the SPD [k x k] row-major S = C C'. */
export function cholesky(S: Float64Array, k: number): Float64Array {
  const C = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    let d = S[j * k + j];
    for (let m = 0; m < j; m++) d -= C[j * k + m] ** 2;
    if (!(d > 0)) throw new Error('hdfe: matrix not positive definite in the IV diagnostics');
    const cjj = Math.sqrt(d);
    C[j * k + j] = cjj;
    for (let i = j + 1; i < k; i++) {
      let s = S[i * k + j];
      for (let m = 0; m < j; m++) s -= C[i * k + m] * C[j * k + m];
      C[i * k + j] = s / cjj;
    }
  }
  return C;
}

/** Inverse of a lower-triangular [k x k] row-major matrix. */
export function invertLower(C: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    out[j * k + j] = 1 / C[j * k + j];
    for (let i = j + 1; i < k; i++) {
      let s = 0;
      for (let m = j; m < i; m++) s += C[i * k + m] * out[m * k + j];
      out[i * k + j] = -s / C[i * k + i];
    }
  }
  return out;
}

/** Inverse of an SPD [k x k] row-major matrix through its Cholesky factor. */
export function invertSpd(S: Float64Array, k: number): Float64Array {
  const Ci = invertLower(cholesky(S, k), k);
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
    let s = 0;
    for (let m = Math.max(i, j); m < k; m++) s += Ci[m * k + i] * Ci[m * k + j];
    out[i * k + j] = s;
  }
  return out;
}

/** A B for row-major A [r x m], B [m x c]. */
export function matmul(A: Float64Array, B: Float64Array, r: number, m: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let l = 0; l < m; l++) {
    const a = A[i * m + l];
    if (a === 0) continue;
    for (let j = 0; j < c; j++) out[i * c + j] += a * B[l * c + j];
  }
  return out;
}

/** The transpose of a row-major [r x c] matrix. */
export function transpose(A: Float64Array, r: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = A[i * c + j];
  return out;
}

/**
 * The Gram matrix of the model's columns A = [W, Z, X, y, e] (one pass over the rows) and sums of squares of
 * linear combinations of them: every diagnostic below is a partial regression among these columns, so none
 * needs another pass over the rows, except the robust variance of the first stages (kpr).
 */
export class Gram {
  /**
   * @param m the number of columns
   * @param G A'A ([m x m] row-major), formed in the kernel (columnGram)
   */
  constructor(readonly m: number, readonly G: Float64Array) {}

  /** T' G T for combinations T ([m x q], column j the weights of combination j). */
  of(T: Float64Array, q: number): Float64Array {
    return matmul(matmul(transpose(T, this.m, q), this.G, q, this.m, this.m), T, q, this.m, q);
  }
}

/** Unit combinations picking columns `idx` of A ([m x idx.length]). */
export function pick(m: number, idx: readonly number[]): Float64Array {
  const T = new Float64Array(m * idx.length);
  idx.forEach((a, j) => { T[a * idx.length + j] = 1; });
  return T;
}

/** Columns side by side: [A | B] for [m x a] and [m x b]. */
export function hcat(m: number, ...blocks: [Float64Array, number][]): [Float64Array, number] {
  const q = blocks.reduce((s, [, c]) => s + c, 0);
  const out = new Float64Array(m * q);
  let at = 0;
  for (const [B, c] of blocks) { for (let i = 0; i < m; i++) for (let j = 0; j < c; j++) out[i * q + at + j] = B[i * c + j]; at += c; }
  return [out, q];
}

/**
 * Residual combinations of `targets` on `basis` (both [m x .]): targets - basis (basis' G basis)^-1 basis' G targets,
 * i.e. the weights of the residual columns, with the regression coefficients.
 */
export function residualOn(g: Gram, targets: [Float64Array, number], basis: [Float64Array, number]): [Float64Array, number] {
  const [Tt, qt] = targets;
  const [Tb, qb] = basis;
  if (qb === 0) return targets;
  const [all, q] = hcat(g.m, basis, targets);
  const C = g.of(all, q);
  const Cbb = new Float64Array(qb * qb), Cbt = new Float64Array(qb * qt);
  for (let i = 0; i < qb; i++) { for (let j = 0; j < qb; j++) Cbb[i * qb + j] = C[i * q + j]; for (let j = 0; j < qt; j++) Cbt[i * qt + j] = C[i * q + qb + j]; }
  const coef = matmul(invertSpd(Cbb, qb), Cbt, qb, qb, qt);
  const fitted = matmul(Tb, coef, g.m, qb, qt);
  const out = Tt.slice();
  for (let i = 0; i < out.length; i++) out[i] -= fitted[i];
  return [out, qt];
}

/** Sum of squares of each combination's column ([m x q] -> q numbers). */
export function sumsOfSquares(g: Gram, T: [Float64Array, number]): number[] {
  const C = g.of(T[0], T[1]);
  return Array.from({ length: T[1] }, (_, j) => C[j * T[1] + j]);
}

