/** The sandwich B M B and fixest's repair of a variance matrix with a negative variance. */
import { symmetricEigen } from '../eigen.js';

/** B M B for symmetric B, M [k x k] row-major. */
export function sandwich(B: Float64Array, M: Float64Array, k: number): Float64Array {
  const BM = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let l = 0; l < k; l++) {
    const b = B[i * k + l];
    if (b === 0) continue;
    for (let j = 0; j < k; j++) BM[i * k + j] += b * M[l * k + j];
  }
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let l = 0; l < k; l++) {
    const a = BM[i * k + l];
    if (a === 0) continue;
    for (let j = 0; j < k; j++) out[i * k + j] += a * B[l * k + j];
  }
  return out;
}

/** fixest's floor for eigenvalues when a matrix is repaired (mat_posdef_fix's tol). */
export const EIGEN_FLOOR = 1e-10;

/**
 * fixest's repair: if a variance on the diagonal is negative, rebuild the matrix from its eigenvalues floored
 * at 1e-10 (so a zero eigenvalue becomes 1e-10 too). Returns whether the matrix was rebuilt.
 */
export function fixNegativeDiagonal(V: Float64Array, k: number): boolean {
  let negative = false;
  for (let i = 0; i < k; i++) if (V[i * k + i] < 0) negative = true;
  if (!negative) return false;
  const { values, vectors } = symmetricEigen(V, k);
  V.fill(0);
  for (let m = 0; m < k; m++) {
    const lambda = Math.max(values[m], EIGEN_FLOOR);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) V[i * k + j] += lambda * vectors[i * k + m] * vectors[j * k + m];
  }
  return true;
}
