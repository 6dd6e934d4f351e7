/**
 * CR3, the cluster jackknife (Bell and McCaffrey 2002; clubSandwich's CR3), for one-way clustering:
 * V = B [sum_g Z_g' (I - H_gg)^-1 e_g e_g' (I - H_gg)^-1 Z_g] B, with H_gg the cluster's block of the hat
 * matrix of the regression with the fixed effect as dummies, and no further small-sample factor. By the
 * Frisch-Waugh-Lovell theorem the slopes' block needs only the demeaned rows Z, as long as H_gg includes the
 * fixed effects' part (fixef-hat.ts; with one fixed effect, sqrt(w_i w_j) / (total weight of the level) for two
 * rows of one level).
 */
import { EstimationError } from '../../errors.js';
import type { Clustering, Design } from '../design.js';
import { fixefHat } from './fixef-hat.js';
import { isNested } from '../ssc.js';

/** Largest cluster for which the n_g x n_g inverse is formed. */
const MAX_CLUSTER_ROWS = 2000;

/** Solve (I - H) u = e in place of a copy, by Gauss-Jordan with partial pivoting; null when singular. */
function solveShifted(H: Float64Array, e: Float64Array, m: number): Float64Array | null {
  const A = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) A[i * m + j] = (i === j ? 1 : 0) - H[i * m + j];
  const u = e.slice();
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r * m + c]) > Math.abs(A[p * m + c])) p = r;
    if (!(Math.abs(A[p * m + c]) > 1e-12)) return null;
    if (p !== c) {
      for (let j = 0; j < m; j++) { const t = A[c * m + j]; A[c * m + j] = A[p * m + j]; A[p * m + j] = t; }
      const t = u[c]; u[c] = u[p]; u[p] = t;
    }
    for (let r = 0; r < m; r++) {
      if (r === c) continue;
      const f = A[r * m + c] / A[c * m + c];
      if (f === 0) continue;
      for (let j = c; j < m; j++) A[r * m + j] -= f * A[c * m + j];
      u[r] -= f * u[c];
    }
  }
  for (let i = 0; i < m; i++) u[i] /= A[i * m + i];
  return u;
}

/**
 * H -= Q, Q the orthogonal projector onto the span of the nested fixed effects' level indicators (scaled by
 * sqrt(w)) over the cluster's rows, built by Gram-Schmidt (indicators of two nested fixed effects overlap).
 */
function subtractNullProjector(H: Float64Array, rows: readonly number[], nested: Design['fixedEffects'], w: Float64Array | null): void {
  const m = rows.length;
  const basis: Float64Array[] = [];
  for (const fe of nested) {
    const byLevel = new Map<number, Float64Array>();
    rows.forEach((i, p) => {
      let v = byLevel.get(fe.codes[i]);
      if (!v) { v = new Float64Array(m); byLevel.set(fe.codes[i], v); }
      v[p] = Math.sqrt(w ? w[i] : 1);
    });
    for (const v of byLevel.values()) {
      const norm0 = Math.hypot(...v);
      for (const q of basis) {
        let d = 0;
        for (let p = 0; p < m; p++) d += q[p] * v[p];
        for (let p = 0; p < m; p++) v[p] -= d * q[p];
      }
      const norm = Math.hypot(...v);
      if (!(norm > 1e-10 * norm0)) continue;
      for (let p = 0; p < m; p++) v[p] /= norm;
      basis.push(v);
    }
  }
  for (const q of basis) for (let p = 0; p < m; p++) for (let r = 0; r < m; r++) H[p * m + r] -= q[p] * q[r];
}

/** The CR3 meat [k x k] of `clustering` from the demeaned rows `Z` ([n x s], kept `cols`), residuals `e`, (Z'Z)^-1. */
export function cr3Meat(design: Design, clustering: Clustering, Z: Float64Array, s: number, cols: readonly number[],
  e: Float64Array, bread: Float64Array): Float64Array {
  if (design.slopes?.length) {
    throw new EstimationError(`CR3 with varying slopes (${design.slopes.map((f) => f.name).join(', ')}) is not available: `
      + "the slopes' part of the hat matrix is not computed; use vcov 'cluster' (CR1)");
  }
  const k = cols.length;
  const n = design.n;
  const P = design.fixedEffects.length ? fixefHat(design, 'CR3') : null;
  // A fixed effect nested in the clusters makes I - H_gg singular: its levels' (sqrt(w)-weighted) indicators
  // within the cluster are in the null space, and both e_g and Z_g are orthogonal to them. Adding the projector
  // Q onto them gives an invertible matrix whose solve is the Moore-Penrose one, which is the
  // leave-one-cluster-out jackknife exactly.
  const nested = design.fixedEffects.filter((fe) => isNested(fe.codes, fe.levels, clustering.codes));
  const members: number[][] = Array.from({ length: clustering.G }, () => []);
  for (let i = 0; i < n; i++) members[clustering.codes[i]].push(i);
  const meat = new Float64Array(k * k);
  const row = (i: number, a: number) => Z[i * s + cols[a]];
  for (const rows of members) {
    const m = rows.length;
    if (m > MAX_CLUSTER_ROWS) {
      throw new EstimationError(`CR3 inverts each cluster's block of the hat matrix, and a cluster here has ${m} observations (at most ${MAX_CLUSTER_ROWS}); use vcov 'cluster'`);
    }
    const H = new Float64Array(m * m);
    const Y = P ? rows.map((i) => { const y = new Float64Array(P.m); P.rowVector(i, y); return y; }) : [];
    for (let p = 0; p < m; p++) {
      for (let q = 0; q < m; q++) {
        let h = 0;
        for (let a = 0; a < k; a++) {
          let t = 0;
          for (let b = 0; b < k; b++) t += bread[a * k + b] * row(rows[q], b);
          h += row(rows[p], a) * t;
        }
        if (P) h += P.cross(rows[p], rows[q], Y[p], Y[q]);
        H[p * m + q] = h;
      }
    }
    if (nested.length) subtractNullProjector(H, rows, nested, design.weights);
    const u = solveShifted(H, Float64Array.from(rows.map((i) => e[i])), m);
    if (!u) throw new EstimationError('CR3 is undefined here: a cluster is fitted exactly (I - H_gg is singular); use vcov \'cluster\'');
    const score = new Float64Array(k);
    for (let p = 0; p < m; p++) for (let a = 0; a < k; a++) score[a] += row(rows[p], a) * u[p];
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) meat[a * k + b] += score[a] * score[b];
  }
  return meat;
}
