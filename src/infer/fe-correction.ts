/**
 * The wild bootstrap's correction for fixed effects that are not nested in the bootstrap clusters
 * (prepare.ts, equations (5) and (6)): W_gh = z^(g)' P_D u^(h), for u = u0 (W0) and u = p (W1), applied in
 * a draw as W v = Wl (Wr v).
 *
 * Why it is low rank. P_D u^(h) depends on u^(h) only through C_h = D'u^(h) (sqrt(w)-scaled space), and
 * C_h is zero outside the "shared" levels, those whose rows lie in more than one cluster (a level inside one
 * cluster sums u over all its rows, which is 0). So the columns C_h, h = 1..G (and those of p), span at most
 * L_s dimensions, L_s = number of shared levels (e.g. the years of a panel clustered by state). A pivoted
 * Gram-Schmidt picks r <= L_s of them as a basis, C_(m,h) = sum_q Wr_q,(m,h) C_q, and then
 *   P_D u_m^(h) = sum_q Wr_q,(m,h) P_D u_q,   so   W_m = Wl Wr_m,   Wl_gq = z^(g)' P_D u_q,
 * which needs r projections of u_q off the fixed effects (the same demeaning as the fit) instead of G, and
 * costs O(G r) per draw. When r is not small against G, W is formed densely (then Wl is the identity).
 */
import type { Design } from '../estimate/design.js';
import { project, type Projection } from '../estimate/fit.js';
import type { Rows } from './prepare.js';

/** W = Wl Wr: Wr [r x G x 2] (W0, W1 pairs), Wl [G x r] or null for the identity (r = G). */
export interface FeCorrection {
  readonly Wr: Float64Array;
  readonly Wl: Float64Array | null;
  readonly rank: number;
}

/** Elements (n x columns) per projection batch: 64 MiB of f64. */
export const BATCH_ELEMENTS = 2 ** 23;
/** A column whose part outside the basis is below this fraction of the largest column is in the span. */
const SPAN_RTOL = 1e-12;
/** Largest L_s x columns x L_s the Gram-Schmidt may cost before the dense form is used instead. */
export const GRAM_SCHMIDT_BUDGET = 2e9;

/** Index of each shared level (in some FE, its rows lie in more than one cluster), -1 for the others. */
export function sharedLevels(design: Design): { index: Int32Array[]; count: number } {
  const ids = design.clusterings[0].codes;
  let count = 0;
  const index = design.fixedEffects.map((fe) => {
    const home = new Int32Array(fe.levels).fill(-1);
    const at = new Int32Array(fe.levels).fill(-1);
    for (let i = 0; i < ids.length; i++) {
      const l = fe.codes[i];
      if (home[l] === -1) home[l] = ids[i];
      else if (home[l] !== ids[i] && at[l] === -1) at[l] = count++;
    }
    return at;
  });
  return { index, count };
}

/**
 * Pivoted modified Gram-Schmidt on columns of length L: the basis (indices into cols) and every column's
 * coefficients on it, coef[q * M + c], from c = sum_q R_qc q_q and basis = Q R_BB (back-substitution).
 */
export function pivotedBasis(cols: Float64Array[], L: number): { picked: number[]; coef: Float64Array } {
  const M = cols.length;
  const res = cols.map((c) => c.slice());
  const norm2 = (c: Float64Array) => c.reduce((a, x) => a + x * x, 0);
  const n2 = res.map(norm2);
  const floor = (SPAN_RTOL * Math.sqrt(n2.reduce((a, x) => Math.max(a, x), 0))) ** 2;
  const picked: number[] = [];
  const R: Float64Array[] = [];
  while (picked.length < L) {
    let best = -1;
    for (let c = 0; c < M; c++) if (!picked.includes(c) && (best < 0 || n2[c] > n2[best])) best = c;
    if (best < 0 || !(n2[best] > floor)) break;
    const q = res[best].map((x) => x / Math.sqrt(n2[best]));
    const row = new Float64Array(M);
    for (let c = 0; c < M; c++) {
      let d = 0;
      for (let l = 0; l < L; l++) d += q[l] * res[c][l];
      row[c] = d;
      for (let l = 0; l < L; l++) res[c][l] -= d * q[l];
      n2[c] = norm2(res[c]);
    }
    R.push(row);
    picked.push(best);
  }
  const r = picked.length;
  const coef = new Float64Array(r * M);
  for (let c = 0; c < M; c++) {
    for (let q = r - 1; q >= 0; q--) {
      let acc = R[q][c];
      for (let t = q + 1; t < r; t++) acc -= R[q][picked[t]] * coef[t * M + c];
      coef[q * M + c] = acc / R[q][picked[q]];
    }
  }
  return { picked, coef };
}

/** Wl_gq = z^(g)' P_D u_q for the basis columns (m_q, h_q): a_m(h_q) [g = h_q] - z_g'(M u_q)_g. */
function projectBasis(
  design: Design, rows: Rows, table: Float64Array, stride: number, basis: { m: number; h: number }[],
  members: { start: Int32Array; list: Int32Array }, settings: { demeanTol: number; demeanMaxIter: number },
): Float64Array {
  const G = design.clusterings[0].G;
  const n = rows.ids.length;
  const r = basis.length;
  const weights = design.weights;
  const Wl = new Float64Array(G * r);
  const perBatch = Math.max(1, Math.min(64, Math.floor(BATCH_ELEMENTS / n)));
  for (let q0 = 0; q0 < r; q0 += perBatch) {
    const batch = basis.slice(q0, q0 + perBatch);
    // project() takes columns on the original scale: undo sqrt(w).
    const columns = batch.map(({ m, h }) => {
      const u = m === 0 ? rows.u0 : rows.p;
      const col = new Float64Array(n);
      for (let t = members.start[h]; t < members.start[h + 1]; t++) {
        const i = members.list[t];
        col[i] = weights ? u[i] / Math.sqrt(weights[i]) : u[i];
      }
      return col;
    });
    const projected: Projection = project(design, columns, batch.map((b, j) => `u${b.m}(${b.h})#${j}`), settings);
    const width = projected.p;
    batch.forEach(({ m, h }, j) => {
      const q = q0 + j;
      Wl[h * r + q] += table[h * stride + m];
      for (let i = 0; i < n; i++) Wl[rows.ids[i] * r + q] -= rows.z[i] * projected.Z[i * width + j];
    });
  }
  return Wl;
}

/** The FE correction, or null when every FE is nested in the clusters (W = 0). */
export function feCorrection(
  design: Design, rows: Rows, table: Float64Array, stride: number, restricted: boolean,
  settings: { demeanTol: number; demeanMaxIter: number },
): FeCorrection | null {
  if (design.fixedEffects.length === 0) return null;
  const { index, count: L } = sharedLevels(design);
  if (L === 0) return null;
  const G = design.clusterings[0].G;
  const n = rows.ids.length;
  const parts = restricted ? 2 : 1;
  const start = new Int32Array(G + 1);
  for (let i = 0; i < n; i++) start[rows.ids[i] + 1]++;
  for (let g = 0; g < G; g++) start[g + 1] += start[g];
  const list = new Int32Array(n);
  const fill = start.slice(0, G);
  for (let i = 0; i < n; i++) list[fill[rows.ids[i]]++] = i;
  const members = { start, list };

  // Clusters holding a shared level: the only ones whose C_h can be non-zero.
  const active: number[] = [];
  for (let h = 0; h < G; h++) {
    let shared = false;
    for (let t = start[h]; t < start[h + 1] && !shared; t++) shared = index.some((at, j) => at[design.fixedEffects[j].codes[list[t]]] >= 0);
    if (shared) active.push(h);
  }
  const candidates = active.flatMap((h) => (restricted ? [{ m: 0, h }, { m: 1, h }] : [{ m: 0, h }]));
  const M = candidates.length;

  let basis = candidates;
  let coef: Float64Array | null = null; // null: the basis is every candidate (Wr selects)
  if (L * M * Math.min(L, M) <= GRAM_SCHMIDT_BUDGET && L < M) {
    const cols = candidates.map(() => new Float64Array(L));
    const slot = new Int32Array(G * parts).fill(-1);
    candidates.forEach(({ m, h }, c) => { slot[h * parts + m] = c; });
    for (let i = 0; i < n; i++) {
      const sw = design.weights ? Math.sqrt(design.weights[i]) : 1;
      const h = rows.ids[i];
      index.forEach((at, j) => {
        const s = at[design.fixedEffects[j].codes[i]];
        if (s < 0) return;
        cols[slot[h * parts]][s] += sw * rows.u0[i];
        if (restricted) cols[slot[h * parts + 1]][s] += sw * rows.p[i];
      });
    }
    const gs = pivotedBasis(cols, L);
    basis = gs.picked.map((c) => candidates[c]);
    coef = gs.coef;
  }
  const r = basis.length;
  if (r === 0) return null;
  const Wl = projectBasis(design, rows, table, stride, basis, members, settings);
  // W_m[g, h] = sum_q Wl_gq Wr_q,(m,h): kept as the two factors when r is small against G, else formed.
  const lowRank = coef !== null && 2 * r <= G;
  const rank = lowRank ? r : G;
  const Wr = new Float64Array(rank * G * 2);
  candidates.forEach(({ m, h }, c) => {
    if (lowRank && coef) {
      for (let q = 0; q < r; q++) Wr[(q * G + h) * 2 + m] = coef[q * M + c];
    } else {
      for (let g = 0; g < G; g++) {
        let w = 0;
        if (coef) for (let q = 0; q < r; q++) w += Wl[g * r + q] * coef[q * M + c];
        else w = Wl[g * r + c];
        Wr[(g * G + h) * 2 + m] = w;
      }
    }
  });
  return Object.freeze({ Wr, Wl: lowRank ? Wl : null, rank });
}
