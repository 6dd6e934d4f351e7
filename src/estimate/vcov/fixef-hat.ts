/**
 * The fixed effects' part of the hat matrix, P_D = W^1/2 D (D'WD)^- D' W^1/2, without forming the dummies D,
 * for the leverage-based variances (HC2, HC3, CR3) with any number of fixed effects.
 *
 * Partition D = [D1 B]: D1 the dummies of the fixed effect with most levels (a diagonal block A = D1'WD1 of
 * level weights), B the dummies of all the others. Eliminating D1 leaves the Schur complement
 * S = B'WB - B'WD1 A^-1 D1'WB, of the size of the smaller fixed effects together, and block inversion gives
 *   d_i' (D'WD)^- d_j = [g_i = g_j] / a_g + r_i' S^- r_j,   r_i = A^-1 D1'WB e_(g_i) - b_i,
 * with g_i the level of i in D1 and b_i its row of B. Any generalised inverse gives the same projection, so
 * the columns of B that are linear in earlier ones (one per connected component and dimension: the
 * redundant dummies) are dropped by a Cholesky factorisation that skips null pivots; then S^- = L^-T L^-1 and
 * r_i' S^- r_j = y_i' y_j with y_i = L^-1 r_i.
 */
import { EstimationError } from '../../errors.js';
import type { Design } from '../design.js';

/** Largest combined size of the smaller fixed effects for which S (dense) is factorised. */
const MAX_SCHUR = 4000;

/** The projection's pieces; `rowVector` gives y_i for one observation. */
export interface FixefHat {
  /** Total weight of each level of the largest fixed effect, and each row's level in it. */
  readonly levelWeight: Float64Array;
  readonly level: Int32Array;
  /** Size of y_i (0 with one fixed effect). */
  readonly m: number;
  /** y_i = L^-1 r_i into `out` [m]. */
  rowVector(i: number, out: Float64Array): void;
  /** (P_D)_ij for two observations, from their y vectors. */
  cross(i: number, j: number, yi: Float64Array, yj: Float64Array): number;
  /** Rank of D: the number of identified fixed-effect parameters. */
  readonly rank: number;
}

/**
 * The pieces of P_D for `design`'s fixed effects (at least one).
 * @example
 * const P = fixefHat(design); // then P.cross(i, i, y, y) is the fixed effects' leverage of row i
 */
export function fixefHat(design: Design, what: string): FixefHat {
  const fes = [...design.fixedEffects].sort((a, b) => b.levels - a.levels);
  const n = design.n;
  const w = design.weights;
  const wt = (i: number) => (w ? w[i] : 1);
  const first = fes[0];
  const rest = fes.slice(1);
  const offsets: number[] = [];
  let M = 0;
  for (const fe of rest) { offsets.push(M); M += fe.levels; }
  if (M > MAX_SCHUR) {
    throw new EstimationError(
      `${what} needs the fixed effects' part of each observation's leverage, which here means factorising a ${M} x ${M} matrix ` +
        `(the levels of ${rest.map((f) => f.name).join(', ')}; at most ${MAX_SCHUR}); use vcov 'hetero' or 'cluster'`);
  }
  const a = new Float64Array(first.levels);
  for (let i = 0; i < n; i++) a[first.codes[i]] += wt(i);
  // U = A^-1 D1'WB [levels(first) x M], stored sparsely by level of the first fixed effect.
  const byLevel: Map<number, number>[] = Array.from({ length: first.levels }, () => new Map());
  const S = new Float64Array(M * M);
  for (let i = 0; i < n; i++) {
    const wi = wt(i);
    const u = byLevel[first.codes[i]];
    for (let p = 0; p < rest.length; p++) {
      const col = offsets[p] + rest[p].codes[i];
      u.set(col, (u.get(col) ?? 0) + wi);
      for (let q = 0; q < rest.length; q++) S[col * M + offsets[q] + rest[q].codes[i]] += wi;
    }
  }
  for (let g = 0; g < first.levels; g++) {
    const entries = [...byLevel[g]];
    for (const [c1, v1] of entries) for (const [c2, v2] of entries) S[c1 * M + c2] -= (v1 * v2) / a[g];
    for (const [c, v] of entries) byLevel[g].set(c, v / a[g]);
  }
  const { Linv, kept } = choleskyInverse(S, M);
  const m = kept.length;
  // y_i = L^-1 (u_g - b_i): the part from u_g is shared by the level, the part from b_i is columns of L^-1.
  const yLevel = new Float64Array(first.levels * m);
  const position = new Int32Array(M).fill(-1);
  kept.forEach((c, t) => { position[c] = t; });
  for (let g = 0; g < first.levels; g++) {
    for (const [c, v] of byLevel[g]) {
      const t = position[c];
      if (t < 0) continue;
      for (let r = t; r < m; r++) yLevel[g * m + r] += Linv[r * m + t] * v;
    }
  }
  return {
    levelWeight: a,
    level: first.codes,
    m,
    rank: first.levels + m,
    rowVector(i: number, out: Float64Array): void {
      const g = first.codes[i];
      for (let r = 0; r < m; r++) out[r] = yLevel[g * m + r];
      for (let p = 0; p < rest.length; p++) {
        const t = position[offsets[p] + rest[p].codes[i]];
        if (t < 0) continue;
        for (let r = t; r < m; r++) out[r] -= Linv[r * m + t];
      }
    },
    cross(i: number, j: number, yi: Float64Array, yj: Float64Array): number {
      let v = first.codes[i] === first.codes[j] ? 1 / a[first.codes[i]] : 0;
      for (let r = 0; r < m; r++) v += yi[r] * yj[r];
      return Math.sqrt(wt(i) * wt(j)) * v;
    },
  };
}

/**
 * Cholesky of the PSD matrix S [M x M] skipping null pivots (columns linear in earlier ones), then the inverse
 * of the factor of the kept columns, lower triangular [m x m] row-major.
 */
function choleskyInverse(S: Float64Array, M: number): { Linv: Float64Array; kept: number[] } {
  const L = new Float64Array(M * M); // column c of the factor in L[r * M + c], r >= c
  const kept: number[] = [];
  for (let c = 0; c < M; c++) {
    let d = S[c * M + c];
    for (const t of kept) d -= L[c * M + t] ** 2;
    // Relative to the column's own weight: a dummy whose weight is explained by earlier columns is redundant.
    if (!(d > 1e-9 * S[c * M + c])) continue;
    const root = Math.sqrt(d);
    L[c * M + c] = root;
    for (let r = c + 1; r < M; r++) {
      let v = S[r * M + c];
      for (const t of kept) v -= L[r * M + t] * L[c * M + t];
      L[r * M + c] = v / root;
    }
    kept.push(c);
  }
  const m = kept.length;
  const Lk = new Float64Array(m * m);
  for (let r = 0; r < m; r++) for (let t = 0; t <= r; t++) Lk[r * m + t] = L[kept[r] * M + kept[t]];
  const Linv = new Float64Array(m * m);
  for (let c = 0; c < m; c++) {
    Linv[c * m + c] = 1 / Lk[c * m + c];
    for (let r = c + 1; r < m; r++) {
      let v = 0;
      for (let t = c; t < r; t++) v += Lk[r * m + t] * Linv[t * m + c];
      Linv[r * m + c] = -v / Lk[r * m + r];
    }
  }
  return { Linv, kept };
}
