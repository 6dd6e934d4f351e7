/**
 * Small dense linear algebra on columns of the (demeaned, sqrt(w)-scaled) sample: inner products,
 * orthonormal bases by Gram-Schmidt applied twice (Giraud et al. 2005: "twice is enough" for orthogonality
 * to machine precision), residuals on a basis, and the Cholesky factor and inverse of small SPD matrices.
 * The IV diagnostics need only a handful of columns, so these run in plain TypeScript in O(n k^2).
 */

/** sum a_i b_i. */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** v minus its projection on the orthonormal columns Q (applied twice). */
export function residualize(v: Float64Array, Q: readonly Float64Array[]): Float64Array {
  const r = v.slice();
  for (let pass = 0; pass < 2; pass++) {
    for (const q of Q) {
      const c = dot(q, r);
      for (let i = 0; i < r.length; i++) r[i] -= c * q[i];
    }
  }
  return r;
}

/**
 * An orthonormal basis of the span of `cols` (appended to `start`, itself orthonormal); a column with less than
 * `tol` of its norm left after the others adds nothing (collinear).
 */
export function orthonormalBasis(cols: readonly Float64Array[], start: readonly Float64Array[] = [], tol = 1e-9): Float64Array[] {
  const Q = [...start];
  for (const c of cols) {
    const norm0 = Math.sqrt(dot(c, c));
    if (norm0 === 0) continue;
    const r = residualize(c, Q);
    const norm = Math.sqrt(dot(r, r));
    if (norm <= tol * norm0) continue;
    for (let i = 0; i < r.length; i++) r[i] /= norm;
    Q.push(r);
  }
  return Q;
}

/** Sum of squares of the residuals of v on the orthonormal basis Q. */
export function residualSS(v: Float64Array, Q: readonly Float64Array[]): number {
  const r = residualize(v, Q);
  return dot(r, r);
}

/** A' B for column lists ([a x b] row-major). */
export function crossprod(A: readonly Float64Array[], B: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(A.length * B.length);
  A.forEach((a, i) => B.forEach((b, j) => { out[i * B.length + j] = dot(a, b); }));
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
