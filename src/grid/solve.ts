/**
 * The small solves of a grid group, on the WebAssembly core.
 *
 * The projected union Z = [X_all y] ([n x p]) is reduced once to its triangular factor R (streaming QR,
 * Z = Q R). A specification on columns S has Z_S = Q R_S, so a QR of the small matrix R[:, S ∪ y]
 * ([p x (k+1)]) is a QR of Z_S itself: the coefficients, (X'X)^-1 and the residual sum of squares come out
 * with the accuracy of QR on the data (not of the normal equations, whose condition number is squared), and
 * the collinearity rule is feols's own (limited pivoting against the columns' norms before projection).
 *
 * Variances: iid needs nothing more. Clustered variances read each cluster's scores from the per-cluster
 * Gram blocks Z_g'Z_g (O(G k^2) per specification) when the blocks are small, else from a pass over the rows
 * of Z (O(n k)). The heteroskedastic meat sum_i e_i^2 x_i x_i' is a contraction of the fourth moments of Z's
 * columns (computed once, O(n p^4 / 24)) when that is cheaper than a pass over the rows per specification
 * (O(n k^2) each); a specification that fits almost perfectly (RSS below MOMENT_MIN_RSS_SHARE of the
 * fixed-effects-only RSS) takes the row pass, since the contraction then subtracts nearly equal numbers.
 */
import { DEFAULTS } from '../defaults.js';
import type { Clustering } from '../estimate/design.js';
import type { Projection } from '../estimate/fit.js';
import { Arena, type Buffer } from '../wasm/arena.js';
import { copyElements } from '../wasm/copy.js';
import { GRID_DEFAULTS } from './defaults.js';

/** How the heteroskedastic meat is formed: not needed, a pass over the rows per model, or fourth moments. */
export type HeteroMethod = 'none' | 'rows' | 'moments';

/**
 * Below this ratio RSS / RSS(fixed effects only), the moment contraction would lose more than about
 * 4 of 16 digits to cancellation, so the row pass is used.
 */
export const MOMENT_MIN_RSS_SHARE = 1e-4;

/** Rows per block of the fourth-moment kernel (its pair products, [p(p+1)/2 x b], stay in cache). */
const MOMENT_BLOCK_ROWS = 64;

/** Beyond this many columns the moments' index ([p^4] i32) grows past ~20 MB: the row pass is used. */
const MOMENT_MAX_COLUMNS = 48;

/** Number of sorted 4-tuples of p columns, C(p + 3, 4). */
function tupleCount(p: number): number {
  return (p * (p + 1) * (p + 2) * (p + 3)) / 24;
}

/**
 * Cheaper way to the heteroskedastic meats of models with `sizes` regressors each, on p columns: a pass over
 * the rows per model costs about k(k+3)/2 per row, the moments C(p + 3, 4) per row once.
 * @example
 * heteroMethod(12, Array(1024).fill(6)); // 'moments'
 */
export function heteroMethod(p: number, sizes: readonly number[]): HeteroMethod {
  if (sizes.length === 0) return 'none';
  if (p > MOMENT_MAX_COLUMNS) return 'rows';
  const rows = sizes.reduce((a, k) => a + (k * (k + 3)) / 2, 0);
  return tupleCount(p) + (p * (p + 1)) / 2 < rows ? 'moments' : 'rows';
}

/** One specification's least-squares fit; matrices [k x k] row-major over the kept columns. */
export interface SubsetFit {
  /** Positions, in the specification's column list, of the columns kept (formula order). */
  readonly kept: readonly number[];
  readonly beta: Float64Array; // [k]
  readonly bread: Float64Array; // (X'X)^-1, [k x k]
  readonly rss: number;
}

/** How the scores of one clustering are formed. */
interface ClusterSource {
  readonly G: number;
  readonly ids: Buffer<Int32Array>; // [n] in the projection's row order
  readonly blocks: Buffer<Float64Array> | null; // [G x s x s], or null: a pass over the rows
}

/**
 * The factor R of a group's projected union and the buffers its specifications are solved in. Allocates
 * everything up front (views stay valid); call `release()` when the group is done.
 * @example
 * const solver = new GroupSolver(projection, [], 'none', DEFAULTS.collinTol);
 * try { const fit = solver.solve([0, 2]); } finally { solver.release(); }
 */
export class GroupSolver {
  readonly p: number;
  /** Squared norm of the projected outcome: the residual sum of squares of the fixed effects alone. */
  readonly rssFeOnly: number;
  private readonly n: number;
  private readonly s: number;
  private readonly ycol: number;
  private readonly norms: Float64Array;
  private readonly collinTol: number;
  private readonly arena: Arena;
  private readonly Z: Buffer<Float64Array>;
  private readonly R: Float64Array;
  private readonly A: Buffer<Float64Array>;
  private readonly refNorms: Buffer<Float64Array>;
  private readonly perm: Buffer<Int32Array>;
  private readonly cols: Buffer<Int32Array>;
  private readonly beta: Buffer<Float64Array>;
  private readonly bread: Buffer<Float64Array>;
  private readonly invWork: Buffer<Float64Array>;
  private readonly meat: Buffer<Float64Array>;
  private readonly e: Buffer<Float64Array> | null;
  private readonly scores: Buffer<Float64Array> | null;
  private readonly clusters: readonly ClusterSource[];
  /** Fourth moments ([C(p+3,4)]) and the position of (a, b, c, d) in them ([p^4]), or null. */
  private readonly moments: Float64Array | null = null;
  private readonly momentIndex: Int32Array | null = null;
  /** Rank and RSS of the last solve, and whether its residuals are in `e`. */
  private rank = 0;
  private rss = 0;
  private residualsReady = false;

  /**
   * @param projection the group's projected union; its last column is the outcome
   * @param clusterings clusterings some variance of the group needs, codes in sample order
   * @param hetero how heteroskedastic meats will be asked for (see heteroMethod)
   */
  constructor(projection: Projection, clusterings: readonly Clustering[], hetero: HeteroMethod, collinTol: number) {
    const { n, p } = projection;
    const s = p % 2 === 0 ? p : p + 1;
    this.n = n;
    this.p = p;
    this.s = s;
    this.ycol = p - 1;
    this.norms = projection.norms;
    this.collinTol = collinTol;
    const useBlocks = clusterings.map((c) => c.G * s * s * 8 <= GRID_DEFAULTS.gramBlockBytes && c.G * (s + 1) <= 2 * n);
    const rowPass = hetero !== 'none' || useBlocks.some((b) => !b);
    const maxG = clusterings.reduce((a, c) => Math.max(a, c.G), 0);
    const blockBytes = clusterings.reduce((a, c, j) => a + (useBlocks[j] ? c.G * s * s * 8 : 0), 0);
    Arena.assertFits(n * s * 8 + blockBytes + n * 4 * clusterings.length + (rowPass ? n * 8 : 0) + maxG * s * 8,
      Math.max(n * s * 8, blockBytes), `a grid group with n = ${n} observations and ${p} columns`);

    const arena = new Arena();
    this.arena = arena;
    try {
      const c = arena.core;
      this.Z = arena.f64(n * s);
      const R = arena.f64(s * s);
      const qrWork = arena.f64((s + DEFAULTS.qrBlockRows + 1) * s);
      this.A = arena.f64(s * s);
      this.refNorms = arena.f64(s);
      this.perm = arena.i32(s);
      this.cols = arena.i32(s);
      this.beta = arena.f64(s);
      this.bread = arena.f64(s * s);
      this.invWork = arena.f64(s * s);
      this.meat = arena.f64(s * s);
      this.e = rowPass ? arena.f64(n) : null;
      this.scores = clusterings.length ? arena.f64(maxG * s) : null;
      this.clusters = clusterings.map((cl, j) => ({
        G: cl.G, ids: arena.i32(n), blocks: useBlocks[j] ? arena.f64(cl.G * s * s) : null,
      }));

      const z = this.Z.view();
      const src = projection.Z;
      if (s === p) z.set(src);
      else for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) z[i * s + j] = src[i * p + j];
      c.tsqr(this.Z.data, n, s, R.data, qrWork.data, DEFAULTS.qrBlockRows);
      this.R = R.view().slice();
      let ss = 0;
      for (let i = 0; i < s; i++) ss += this.R[i * s + this.ycol] ** 2;
      this.rssFeOnly = ss;

      // A projection keeps the sample's row order, so cluster codes apply as they are.
      clusterings.forEach((cl, j) => {
        const { ids, blocks, G } = this.clusters[j];
        copyElements(ids.view(), 0, cl.codes);
        if (blocks) c.clusterGram(this.Z.data, n, s, ids.data, G, blocks.data);
      });
      if (hetero === 'moments') [this.moments, this.momentIndex] = this.fourthMoments();
    } catch (err) {
      arena.release();
      throw err;
    }
  }

  /** The moments of Z's columns (a scratch arena of their own) and the index of every (a, b, c, d). */
  private fourthMoments(): [Float64Array, Int32Array] {
    const { p, n, s } = this;
    const T = tupleCount(p);
    const P = (p * (p + 1)) / 2;
    const pair = new Int32Array(p * p);
    for (let a = 0, u = 0; a < p; a++) for (let b = a; b < p; b++) pair[a * p + b] = u++;
    const index = new Int32Array(p ** 4);
    const scratch = new Arena();
    try {
      const tuples = scratch.i32(2 * T);
      const work = scratch.f64(P * MOMENT_BLOCK_ROWS);
      const out = scratch.f64(T);
      const tv = tuples.view();
      let t = 0;
      for (let a = 0; a < p; a++) for (let b = a; b < p; b++) for (let c = b; c < p; c++) for (let d = c; d < p; d++) {
        tv[2 * t] = pair[a * p + b];
        tv[2 * t + 1] = pair[c * p + d];
        index[((a * p + b) * p + c) * p + d] = t++;
      }
      // Every other ordering points at its sorted tuple.
      const q = [0, 0, 0, 0];
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) for (let c = 0; c < p; c++) for (let d = 0; d < p; d++) {
        q[0] = a; q[1] = b; q[2] = c; q[3] = d;
        q.sort((x, y) => x - y);
        index[((a * p + b) * p + c) * p + d] = index[((q[0] * p + q[1]) * p + q[2]) * p + q[3]];
      }
      scratch.core.fourthMoments(this.Z.data, n, s, p, tuples.data, T, work.data, MOMENT_BLOCK_ROWS, out.data);
      return [out.view().slice(), index];
    } finally {
      scratch.release();
    }
  }

  /**
   * Least squares of the outcome on the union columns `columns` (indices < p - 1, formula order). Returns
   * null when every column is collinear. The meat methods below refer to the last solve.
   */
  solve(columns: readonly number[]): SubsetFit | null {
    const c = this.arena.core;
    const { s, p, ycol } = this;
    const k = columns.length;
    const lda = k + 1;
    const A = this.A.view();
    const R = this.R;
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < k; j++) A[i * lda + j] = R[i * s + columns[j]];
      A[i * lda + k] = R[i * s + ycol];
    }
    const ref = this.refNorms.view();
    for (let j = 0; j < k; j++) ref[j] = this.norms[columns[j]];
    const rank = c.qrPivot(this.A.data, p, lda, lda, k, this.refNorms.data, this.collinTol, this.perm.data);
    this.rank = rank;
    this.rss = NaN;
    this.residualsReady = false;
    if (rank === 0) return null;
    const kept = Array.from(this.perm.view().subarray(0, rank));
    const beta = this.beta.view();
    for (let i = 0; i < rank; i++) beta[i] = A[i * lda + k];
    let rss = 0;
    for (let i = rank; i < p; i++) rss += A[i * lda + k] ** 2;
    this.rss = rss;
    c.backSolve(this.A.data, rank, lda, this.beta.data);
    c.inverseGram(this.A.data, rank, lda, this.bread.data, this.invWork.data);
    const cols = this.cols.view();
    kept.forEach((pos, j) => { cols[j] = columns[pos]; });
    return { kept, beta: beta.slice(0, rank), bread: this.bread.view().slice(0, rank * rank), rss };
  }

  private residuals(): void {
    if (this.residualsReady || !this.e) return;
    this.arena.core.residuals(this.Z.data, this.n, this.s, this.cols.data, this.rank, this.beta.data, this.ycol, this.e.data);
    this.residualsReady = true;
  }

  /** sum_i e_i^2 x_i x_i' of the last solve ([k x k]). */
  heteroMeat(): Float64Array {
    if (!this.e) throw new Error('hdfe: the grid group was set up without a heteroskedastic variance');
    if (this.moments && this.rss >= MOMENT_MIN_RSS_SHARE * this.rssFeOnly) return this.contractMoments();
    this.residuals();
    this.arena.core.heteroMeat(this.Z.data, this.n, this.s, this.cols.data, this.rank, this.e.data, this.meat.data);
    return this.meat.view().slice(0, this.rank * this.rank);
  }

  /** sum_cd w_c w_d M[a, b, c, d] over the last solve's columns and y, w = (-beta, 1). */
  private contractMoments(): Float64Array {
    const M = this.moments as Float64Array;
    const index = this.momentIndex as Int32Array;
    const { p, rank: k } = this;
    const cols = this.cols.view();
    const beta = this.beta.view();
    const all = Int32Array.from({ length: k + 1 }, (_, j) => (j < k ? cols[j] : this.ycol));
    const w = Float64Array.from({ length: k + 1 }, (_, j) => (j < k ? -beta[j] : 1));
    const meat = new Float64Array(k * k);
    for (let a = 0; a < k; a++) for (let b = a; b < k; b++) {
      const ab = (all[a] * p + all[b]) * p;
      let sum = 0;
      for (let c = 0; c <= k; c++) {
        const abc = (ab + all[c]) * p;
        let inner = 0;
        for (let d = 0; d <= k; d++) inner += w[d] * M[index[abc + all[d]]];
        sum += w[c] * inner;
      }
      meat[a * k + b] = sum;
      meat[b * k + a] = sum;
    }
    return meat;
  }

  /** sum_g s_g s_g' of the last solve for clustering j (the constructor's order), s_g = X_g'e_g ([k x k]). */
  clusterMeat(j: number): Float64Array {
    const c = this.arena.core;
    const { G, ids, blocks } = this.clusters[j];
    const S = this.scores as Buffer<Float64Array>;
    if (blocks) {
      c.gramScores(blocks.data, G, this.s, this.cols.data, this.rank, this.ycol, this.beta.data, S.data);
    } else {
      this.residuals();
      c.clusterScores(this.Z.data, this.n, this.s, this.cols.data, this.rank, (this.e as Buffer<Float64Array>).data, ids.data, G, S.data);
    }
    c.crossprod(S.data, G, this.rank, this.meat.data);
    return this.meat.view().slice(0, this.rank * this.rank);
  }

  release(): void {
    this.arena.release();
  }
}

