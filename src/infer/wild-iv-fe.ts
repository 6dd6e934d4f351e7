/**
 * The WRE's correction for fixed effects that are not nested in the bootstrap clusters (wild-iv-prepare.ts,
 * step (5)): K_(b,j)[g, h] = Q_j^(g)'P_D w_b^(h) for the five base vectors w_b and every column Q_j of the
 * instruments. It is fe-correction.ts's low-rank construction with one basis for all of them: P_D w^(h)
 * depends on w^(h) only through its sums over the levels shared between clusters (L_s of them), so a pivoted
 * Gram-Schmidt over those sums of every (b, h) picks r <= L_s columns u_q, and
 *   K_(b,j)[g, h] = sum_q Wl_j[g, q] coef[q, (b, h)],   Wl_j[g, q] = Q_j^(g)'P_D u_q,
 * which costs r projections off the fixed effects once, and O(r G (l + 1)) per draw (or O(l G^2) when the
 * dense form is cheaper; wild-iv-prepare.ts, wreAt).
 */
import type { Design } from '../estimate/design.js';
import { project } from '../estimate/fit.js';
import { BATCH_ELEMENTS, GRAM_SCHMIDT_BUDGET, pivotedBasis, sharedLevels } from './fe-correction.js';

/** K = Wl coef: coef [r x (bases * G)] ((b, h) at b * G + h), Wl [l x G x r]. */
export interface WreFe {
  readonly rank: number;
  readonly coef: Float64Array;
  readonly Wl: Float64Array;
}

/**
 * The correction, or null when every FE is nested in the clusters.
 * @param Q the instruments' columns ([l] of [n], demeaned, sqrt(w)-scaled)
 * @param bases the base vectors ([B] of [n], same space)
 * @param F per cluster, base and column: Q_j,h'w_b,h, [G x B x l]
 * @example
 * const fe = wreFeCorrection(design, Qcols, [a, m, vHat, pa, pm], F, { demeanTol: 1e-8, demeanMaxIter: 10000 });
 * // K_(b,j)[g, h] = sum_q fe.Wl[(j * G + g) * fe.rank + q] * fe.coef[q * 5 * G + b * G + h]
 */
export function wreFeCorrection(design: Design, Q: readonly Float64Array[], bases: readonly Float64Array[], F: Float64Array,
  settings: { demeanTol: number; demeanMaxIter: number }): WreFe | null {
  if (design.fixedEffects.length === 0) return null;
  const { index, count: L } = sharedLevels(design);
  if (L === 0) return null;
  const ids = design.clusterings[0].codes;
  const G = design.clusterings[0].G;
  const n = design.n, l = Q.length, B = bases.length;
  const sqrtW = design.weights ? Float64Array.from(design.weights, Math.sqrt) : null;
  // Each candidate (b, h): the sums of w_b over cluster h's rows in every shared level.
  const M = B * G;
  let basis: number[];
  let coef: Float64Array;
  if (L * M * Math.min(L, M) <= GRAM_SCHMIDT_BUDGET && L < M) {
    const cols = Array.from({ length: M }, () => new Float64Array(L));
    for (let i = 0; i < n; i++) {
      const sw = sqrtW ? sqrtW[i] : 1;
      const h = ids[i];
      for (let f = 0; f < index.length; f++) {
        const s = index[f][design.fixedEffects[f].codes[i]];
        if (s < 0) continue;
        for (let b = 0; b < B; b++) cols[b * G + h][s] += sw * bases[b][i];
      }
    }
    const gs = pivotedBasis(cols, L);
    basis = gs.picked;
    coef = gs.coef;
  } else {
    basis = Array.from({ length: M }, (_, c) => c);
    coef = new Float64Array(M * M);
    for (let c = 0; c < M; c++) coef[c * M + c] = 1;
  }
  const r = basis.length;
  if (r === 0) return null;
  const start = new Int32Array(G + 1);
  for (let i = 0; i < n; i++) start[ids[i] + 1]++;
  for (let g = 0; g < G; g++) start[g + 1] += start[g];
  const list = new Int32Array(n);
  const fill = start.slice(0, G);
  for (let i = 0; i < n; i++) list[fill[ids[i]]++] = i;

  // Wl_j[g, q] = Q_j,h'u_q,h [g = h] - Q_j,g'(M_D u_q)_g, u_q = w_b on cluster h (and 0 elsewhere).
  const Wl = new Float64Array(l * G * r);
  const perBatch = Math.max(1, Math.min(64, Math.floor(BATCH_ELEMENTS / n)));
  for (let q0 = 0; q0 < r; q0 += perBatch) {
    const batch = basis.slice(q0, q0 + perBatch);
    const columns = batch.map((c) => {
      const b = Math.floor(c / G), h = c % G;
      const col = new Float64Array(n);
      // project() takes columns on the original scale: undo sqrt(w).
      for (let t = start[h]; t < start[h + 1]; t++) { const i = list[t]; col[i] = sqrtW ? bases[b][i] / sqrtW[i] : bases[b][i]; }
      return col;
    });
    const P = project(design, columns, batch.map((c, k) => `w${c}#${k}`), settings);
    batch.forEach((c, k) => {
      const q = q0 + k;
      const b = Math.floor(c / G), h = c % G;
      for (let j = 0; j < l; j++) {
        const Qj = Q[j];
        Wl[(j * G + h) * r + q] += F[(h * B + b) * l + j];
        for (let i = 0; i < n; i++) Wl[(j * G + ids[i]) * r + q] -= Qj[i] * P.Z[i * P.p + k];
      }
    });
  }
  return Object.freeze({ rank: r, coef, Wl });
}
