/**
 * Joint inference over a specification curve (Simonsohn, Simmons and Nelson 2020, "Specification curve
 * analysis", Nature Human Behaviour 4, sec. "Inference"): is the curve as a whole more than the null of no
 * effect in every specification would give? Two summaries of the curve are compared with their
 * distribution when the null holds in every specification at once:
 *   - the number (share) of specifications significant at alpha in the dominant direction (the sign of
 *     the observed median estimate), and
 *   - the median estimate.
 * The paper draws that distribution by imposing the null in each specification (y - b_s x) and
 * resampling; here the bootstrap of the whole grid under H0 is the wild cluster bootstrap with the null
 * beta_main = 0 imposed in each specification (WCR) and the same cluster weights in every specification
 * in a draw, so the draws keep how the specifications move together. Per draw and specification this
 * costs O(G k) (prepare.ts): beta*_s = n0 (equation (2), the estimate under the null) and t*_s from the
 * five moments.
 *
 * Specifications: every (fixed-effect set, sample, main variant, control subset) of the grid once, on the
 * grid's group samples, with the CR1 variance clustered by `cluster` and t on G - 1 degrees of freedom
 * (the grid's `cluster` variance when the grid has it; the joint test does not use the grid's other
 * variance choices). p-values: the share of draws whose summary is at least the observed one in the
 * dominant direction.
 */
import type { Backend } from '../parallel/runner.js';
import { assertColumn, columnSource, type ColumnSource, type DataInput } from '../data/columns.js';
import { EstimationError, HdfeError, OptionError } from '../errors.js';
import type { Design } from '../estimate/design.js';
import { fitDesign, project, type Projection, type RawFit } from '../estimate/fit.js';
import { criticalT } from '../estimate/inference.js';
import { oneOf } from '../estimate/options.js';
import { commonClusters, onCommonClusters } from '../infer/common-clusters.js';
import { INFER_DEFAULTS } from '../infer/defaults.js';
import { identityMoments, MOMENTS, tFromMoments, wildMomentsShared } from '../infer/draws.js';
import { checkReps, type WildWeights } from '../infer/options.js';
import { prepareWild, type WildPrepared } from '../infer/prepare.js';
import { checkSeed, VARIATE_CODE } from '../infer/rng.js';
import { registerTask } from '../parallel/registry.js';
import { shareF64 } from '../parallel/shared.js';
import { runSweep } from '../parallel/sweep.js';
import { GRID_DEFAULTS } from './defaults.js';
import { buildGroupDesign } from './group.js';
import { groupChoices, planGrid, type GridEstimationOptions, type GridPlan } from './plan.js';
import { feLabel, type GridDefinition } from './spec.js';

export const JOINT_TASK = 'grid.joint';
export const JOINT_MODULE = 'grid/joint.js';
/** Numbers per draw: significant and positive, significant and negative, median estimate. */
const JOINT_WIDTH = 3;

export interface JointTestOptions {
  /** The wild bootstrap's one cluster variable (and the CR1 variance of every specification). */
  cluster: string;
  /** Draws [INFER_DEFAULTS.reps]; with Rademacher weights and 2^G <= reps every sign vector is enumerated. */
  reps?: number;
  seed?: number;
  weights?: WildWeights;
  /** Significance level of a specification [GRID_DEFAULTS.alpha]. */
  alpha?: number;
  workers?: number;
  chunkSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Run the draws as BullMQ jobs on this Redis server instead of the local pool (the same numbers). */
  backend?: Backend;
}

/** The joint test of a curve (frozen). */
export interface CurveJointTest {
  readonly cluster: string;
  readonly clusters: number;
  readonly reps: number;
  readonly enumerated: boolean;
  readonly seed: number;
  readonly weights: WildWeights;
  readonly alpha: number;
  /** Specifications tested (those whose main regressor has an estimate). */
  readonly specs: number;
  /** Grid row id (vcov choice 1) of each tested specification. */
  readonly rowIds: readonly number[];
  readonly estimates: Float64Array;
  readonly statistics: Float64Array;
  /** +1 or -1: the sign of the observed median estimate (the dominant direction). */
  readonly direction: 1 | -1;
  readonly median: number;
  /** Specifications significant in the dominant direction, and their share. */
  readonly significant: number;
  readonly shareSignificant: number;
  /** Under the null: the median over draws of the curve's median, and the mean share significant. */
  readonly nullMedian: number;
  readonly nullShareSignificant: number;
  /** Share of draws with a median at least as far in the dominant direction as the observed one. */
  readonly pMedian: number;
  /** Share of draws with at least as many specifications significant in the dominant direction. */
  readonly pShareSignificant: number;
}

interface JointContext {
  readonly specs: readonly WildPrepared[];
  readonly critical: Float64Array; // [specs]
}

function medianOf(v: Float64Array): number {
  const s = v.slice().sort();
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

function runChunk(ctx: JointContext, start: number, end: number): Float64Array {
  const S = ctx.specs.length;
  const n = end - start;
  const est = new Float64Array(n * S);
  const sig = new Float64Array(n * 2);
  const m = new Float64Array(n * S * MOMENTS);
  wildMomentsShared(ctx.specs, start, end, m);
  for (let b = 0; b < n; b++) {
    ctx.specs.forEach((p, s) => {
      const i = b * S + s;
      est[i] = p.null + m[i * MOMENTS]; // beta*_s = r0 + n0 (prepare.ts, equation (2))
      const t = tFromMoments(m, i, 0, p.kappa);
      if (t > ctx.critical[s]) sig[2 * b]++;
      else if (t < -ctx.critical[s]) sig[2 * b + 1]++;
    });
  }
  const out = new Float64Array(n * JOINT_WIDTH);
  for (let b = 0; b < n; b++) {
    out[b * JOINT_WIDTH] = sig[2 * b];
    out[b * JOINT_WIDTH + 1] = sig[2 * b + 1];
    out[b * JOINT_WIDTH + 2] = medianOf(est.subarray(b * S, (b + 1) * S));
  }
  return out;
}

registerTask<JointContext, JointContext>(JOINT_TASK, { run: runChunk });

/** A specification as a design of its own: the group's rows and columns, and the matching projected columns. */
function specDesign(design: Design, projection: Projection, names: readonly string[], columns: readonly Float64Array[],
  idx: readonly number[]): { design: Design; projection: Projection } {
  const sub: Design = { ...design, X: idx.map((j) => columns[j]), names: idx.map((j) => names[j]), full: null };
  const at = [...idx.map((j) => projection.names.indexOf(names[j])), projection.names.indexOf(design.depvar)];
  const p = at.length;
  const Z = new Float64Array(design.n * p);
  for (let i = 0; i < design.n; i++) for (let l = 0; l < p; l++) Z[i * p + l] = projection.Z[i * projection.p + at[l]];
  const norms = Float64Array.from(at, (j) => projection.norms[j]);
  return { design: sub, projection: { n: design.n, names: [...sub.names, design.depvar], p, Z, norms, iterations: projection.iterations } };
}

interface Prepared {
  readonly specs: WildPrepared[];
  readonly critical: Float64Array;
  readonly rowIds: number[];
  readonly G: number;
  readonly reps: number;
  readonly enumerated: boolean;
}

function prepareJoint(source: ColumnSource, plan: GridPlan, o: Required<Pick<JointTestOptions, 'cluster' | 'reps' | 'seed' | 'weights' | 'alpha'>>): Prepared {
  // The joint cluster first: the bootstrap reads clusterings[0].
  const planJ: GridPlan = { ...plan, clusterVars: [o.cluster, ...plan.clusterVars.filter((c) => c !== o.cluster)] };
  const { settings } = plan;
  const demean = { demeanTol: settings.demeanTol, demeanMaxIter: settings.demeanMaxIter };
  const fitSettings = { ...demean, collinTol: settings.collinTol, hetero: false, clusters: false };
  const found: { design: Design; core: Omit<WildPrepared, 'kind' | 'seed' | 'reps' | 'enumerated'>; crit: number; id: number }[] = [];
  const V = plan.grid.vcov.length;
  for (let g = 0; g < plan.groups; g++) {
    const { fe, sample, main } = groupChoices(plan, g);
    let group: ReturnType<typeof buildGroupDesign>;
    try {
      group = buildGroupDesign(source, planJ, fe, sample, main);
    } catch (err) {
      if (err instanceof HdfeError) {
        err.message = `joint test, grid group (fixed effects ${feLabel(plan.grid.fixedEffects[fe])}, sample ${plan.samples[sample].label}, main ${plan.grid.main[main]}): ${err.message}`;
      }
      throw err;
    }
    const { design } = group;
    const G = design.clusterings[0].G;
    if (G < 2) continue;
    const projection = project(design, group.columns, group.names, settings);
    plan.subsets.forEach((subset, c) => {
      const idx = [...new Set([...(group.intercept >= 0 ? [group.intercept] : []), group.main, ...subset.flatMap((i) => group.controls[i])])];
      const spec = specDesign(design, projection, group.names, group.columns, idx);
      let fit: RawFit;
      try {
        fit = fitDesign(spec.design, fitSettings, spec.projection);
      } catch (err) {
        if (err instanceof EstimationError) return; // nothing estimable: no estimate in the grid either
        throw err;
      }
      const j = fit.kept.indexOf(idx.indexOf(group.main));
      if (j < 0) return;
      let core;
      try {
        core = prepareWild({ design: spec.design, projection: spec.projection, fit, j, null: 0, restricted: true, ssc: settings.ssc, demean });
      } catch (err) {
        if (err instanceof EstimationError) return; // no residual degrees of freedom
        throw err;
      }
      found.push({ design: spec.design, core, crit: criticalT(1 - o.alpha, G - 1), id: (g * plan.subsets.length + c) * V + 1 });
    });
  }
  if (found.length === 0) {
    throw new EstimationError(`no specification of the grid has an estimate of the main regressor with ${o.cluster} clusters; the joint test has nothing to test`);
  }
  const { G, maps } = commonClusters(source, o.cluster, found.map((f) => f.design));
  const enumerated = o.weights === 'rademacher' && G <= 30 && 2 ** G <= o.reps;
  const reps = enumerated ? 2 ** G : o.reps;
  const specs = found.map((f, s) => onCommonClusters(Object.freeze({ ...f.core, kind: VARIATE_CODE[o.weights], seed: o.seed, reps, enumerated }), maps[s], G));
  return { specs, critical: Float64Array.from(found, (f) => f.crit), rowIds: found.map((f) => f.id), G, reps, enumerated };
}

/**
 * The joint test of a specification curve: observed median estimate and share of specifications
 * significant in the dominant direction, their distribution when beta_main = 0 in every specification
 * (one wild cluster bootstrap of the whole grid, shared weights), and a p-value for each.
 *
 * @param definition and `estimation` as for `specificationGrid`
 * @example
 * const j = await curveJointTest(rows, { depvar: 'SL', main: ['Vag'], controls: ['GDP', 'TAX'], fixedEffects: [['year']] },
 *   {}, { cluster: 'province', reps: 999, weights: 'webb' });
 * [j.median, j.pMedian, j.shareSignificant, j.pShareSignificant];
 */
export async function curveJointTest(data: DataInput | ColumnSource, definition: GridDefinition, estimation: GridEstimationOptions,
  options: JointTestOptions): Promise<CurveJointTest> {
  if (typeof options !== 'object' || options === null || typeof options.cluster !== 'string' || options.cluster === '') {
    throw new OptionError(`the joint test needs { cluster: 'column' } (the wild bootstrap's clusters); got ${JSON.stringify(options?.cluster)}`);
  }
  const source = 'column' in data && typeof (data as ColumnSource).column === 'function' && 'n' in data
    ? data as ColumnSource : columnSource(data as DataInput);
  assertColumn(source, options.cluster, 'the joint test\'s cluster variable');
  const alpha = options.alpha ?? GRID_DEFAULTS.alpha;
  if (!(typeof alpha === 'number' && alpha > 0 && alpha < 1)) throw new OptionError(`alpha must be a number in (0, 1); got ${JSON.stringify(alpha)}`);
  const o = {
    cluster: options.cluster, alpha,
    reps: checkReps(options.reps ?? INFER_DEFAULTS.reps),
    seed: checkSeed(options.seed ?? INFER_DEFAULTS.seed),
    weights: options.weights === undefined ? INFER_DEFAULTS.weights : oneOf('weights', options.weights, ['rademacher', 'webb', 'mammen', 'normal'] as const),
  };
  const plan = planGrid(source, definition, estimation);
  const prepared = prepareJoint(source, plan, o);
  const { specs, critical, reps } = prepared;
  const context: JointContext = {
    specs: specs.map((p) => ({ ...p, table: shareF64(p.table), Wr: p.Wr ? shareF64(p.Wr) : null, Wl: p.Wl ? shareF64(p.Wl) : null })),
    critical: shareF64(critical),
  };
  const probe = Math.min(reps, 16);
  const t0 = performance.now();
  runChunk(context, 0, probe);
  const msPerDraw = Math.max((performance.now() - t0) / probe, 1e-5);
  const draws = await runSweep({
    kind: JOINT_TASK, module: JOINT_MODULE, context, total: reps, width: JOINT_WIDTH, workers: options.workers,
    chunkSize: options.chunkSize, msPerDraw, signal: options.signal, onProgress: options.onProgress, backend: options.backend,
    label: 'the joint test of the curve',
  });

  // Observed: each specification's estimate and its t computed like the draws (the identity draw).
  const S = specs.length;
  const estimates = Float64Array.from(specs, (p) => p.estimate);
  const statistics = Float64Array.from(specs, (p) => tFromMoments(identityMoments(p), 0, 0, p.kappa));
  const median = medianOf(estimates);
  const direction: 1 | -1 = median < 0 ? -1 : 1;
  let significant = 0;
  for (let s = 0; s < S; s++) if (direction * statistics[s] > critical[s]) significant++;
  const tol = INFER_DEFAULTS.tieRtol * Math.abs(median);
  let atLeastMedian = 0, atLeastSig = 0, sigSum = 0;
  const nullMedians = new Float64Array(reps);
  for (let b = 0; b < reps; b++) {
    const sig = draws[b * JOINT_WIDTH + (direction === 1 ? 0 : 1)];
    const med = draws[b * JOINT_WIDTH + 2];
    nullMedians[b] = med;
    sigSum += sig;
    if (sig >= significant) atLeastSig++;
    if (direction * med >= direction * median - tol) atLeastMedian++;
  }
  return Object.freeze({
    cluster: o.cluster, clusters: prepared.G, reps, enumerated: prepared.enumerated, seed: o.seed, weights: o.weights, alpha,
    specs: S, rowIds: Object.freeze(prepared.rowIds), estimates, statistics, direction, median,
    significant, shareSignificant: significant / S, nullMedian: medianOf(nullMedians), nullShareSignificant: sigSum / (reps * S),
    pMedian: atLeastMedian / reps, pShareSignificant: atLeastSig / reps,
  });
}
