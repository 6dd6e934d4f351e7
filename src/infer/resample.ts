/**
 * Pairs and cluster (block) bootstraps with re-estimation: each draw resamples observations (pairs) or whole
 * clusters (Cameron, Gelbach and Miller 2008, "pairs cluster bootstrap") with replacement and refits the
 * model. Reported per coefficient: the bootstrap standard error, the percentile interval and the normal
 * interval estimate -+ z se_boot.
 *
 * Determinism: draw b (0-based) takes stream b + 1 of the counter-based generator (rng.ts); its j-th
 * resampled unit is min(floor(u_j count), count - 1), u_j the uniform of index j. So `resampleDraws` over any
 * split of [0, reps) gives the same numbers.
 *
 * The resampled sample keeps the design's fixed effects (levels re-coded densely); levels that occur once in
 * a resample are kept, as they only absorb their own row and leave the slopes unchanged. Duplicated
 * clusters share their fixed-effect levels, which gives the same slopes as separate levels for FEs nested in
 * the clusters.
 */
import { columnSource, type DataInput } from '../data/columns.js';
import { buildDesign } from '../data/sample.js';
import { ConvergenceError, EstimationError, OptionError } from '../errors.js';
import type { Design, FixedEffectCodes } from '../estimate/design.js';
import { fitDesign, inTrueUnits, type FitSettings } from '../estimate/fit.js';
import type { ParsedFormula } from '../formula/ast.js';
import { parseFormula } from '../formula/parse.js';
import { ivDesign } from '../estimate/feiv.js';
import type { ResolvedOptions } from '../estimate/options.js';
import { fitIv, type IvLayout } from '../estimate/solvers/iv.js';
import { INFER_DEFAULTS } from './defaults.js';
import { normalQuantile } from './normal.js';
import { checkLevel, checkReps, regressionOptions, type RegressionOptions } from './options.js';
import { quantile } from './pvalue.js';
import { checkSeed, variates } from './rng.js';

export type ResampleScheme = 'pairs' | 'cluster';

export interface ResampleOptions extends RegressionOptions {
  reps?: number;
  seed?: number;
  level?: number;
  /** Return every draw's coefficients in `draws` ([reps x k] row-major, NaN where a draw failed). */
  keepDraws?: boolean;
}

export interface ClusterResampleOptions extends ResampleOptions {
  /** The resampling unit (and the cluster variable of the design). */
  cluster: string;
}

export interface ResampledCoefficient {
  readonly term: string;
  readonly estimate: number;
  /** Standard deviation of the draws (divisor: valid draws - 1). */
  readonly stdError: number;
  /** Percentile interval: R's type-7 quantiles (1 - level)/2 and (1 + level)/2 of the draws. */
  readonly percentileLow: number;
  readonly percentileHigh: number;
  /** estimate -+ z_{(1 + level)/2} stdError. */
  readonly normalLow: number;
  readonly normalHigh: number;
}

export interface ResampleResult {
  readonly scheme: ResampleScheme;
  readonly coefficients: readonly ResampledCoefficient[];
  readonly reps: number;
  /** Draws where the refit failed or dropped a coefficient as collinear (left out of that term's numbers). */
  readonly failed: number;
  readonly level: number;
  readonly seed: number;
  readonly draws?: Float64Array;
}

/** What a chunk of draws needs; plain data, so it can be sent to a worker. */
export interface ResamplePrepared {
  readonly design: Design;
  readonly scheme: ResampleScheme;
  /** Rows of unit u are members[start[u] .. start[u + 1]). */
  readonly start: Int32Array;
  readonly members: Int32Array;
  /** Design columns of the reported coefficients (those the full-sample fit kept). */
  readonly columns: readonly number[];
  readonly settings: FitSettings;
  readonly seed: number;
  readonly reps: number;
  /** An IV model: the roles of the design's columns and the options its 2SLS refit takes; null for OLS. */
  readonly iv?: { readonly layout: IvLayout; readonly options: ResolvedOptions } | null;
}

/** Refit one (resampled) design: least squares, or 2SLS for an IV model (coefficients of its second stage). */
function refit(p: ResamplePrepared, design: Design): { kept: readonly number[]; beta: Float64Array } {
  return p.iv ? fitIv(design, p.iv.layout, p.iv.options).fit : inTrueUnits(fitDesign(design, p.settings));
}

/** The rows of a resample, in draw order of the units. */
function resampledRows(p: ResamplePrepared, b: number): Int32Array {
  const count = p.start.length - 1;
  const u = variates(p.seed, b + 1, 0, count, 'uniform');
  let total = 0;
  const picks = new Int32Array(count);
  for (let j = 0; j < count; j++) {
    picks[j] = Math.min(Math.floor(u[j] * count), count - 1);
    total += p.start[picks[j] + 1] - p.start[picks[j]];
  }
  const rows = new Int32Array(total);
  let at = 0;
  for (const unit of picks) for (let q = p.start[unit]; q < p.start[unit + 1]; q++) rows[at++] = p.members[q];
  return rows;
}

function gather(col: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = col[rows[i]];
  return out;
}

function gatherRows(dataRows: Int32Array, rows: Int32Array): Int32Array {
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = dataRows[rows[i]];
  return out;
}

function recode(fe: FixedEffectCodes, rows: Int32Array): FixedEffectCodes {
  const map = new Int32Array(fe.levels).fill(-1);
  const codes = new Int32Array(rows.length);
  let levels = 0;
  for (let i = 0; i < rows.length; i++) {
    const old = fe.codes[rows[i]];
    if (map[old] < 0) map[old] = levels++;
    codes[i] = map[old];
  }
  return { name: fe.name, codes, levels };
}

function resampledDesign(d: Design, rows: Int32Array): Design {
  return {
    ...d,
    n: rows.length,
    y: gather(d.y, rows),
    X: d.X.map((x) => gather(x, rows)),
    fixedEffects: d.fixedEffects.map((fe) => recode(fe, rows)),
    // A slope's codes are recoded on their own: the kernel then treats fe and fe[[x]] as two blocks, which
    // projects on the same span.
    slopes: (d.slopes ?? []).map((sl) => ({ ...sl, ...recode(sl, rows), values: gather(sl.values, rows) })),
    weights: d.weights ? gather(d.weights, rows) : null,
    clusterings: [],
    clusterVars: [],
    rows: gatherRows(d.rows, rows),
  };
}

/**
 * Fill `out` ([(b1 - b0) x k] row-major, k = prepared.columns.length) with the coefficients refitted on
 * draws b0..b1-1; NaN where a refit fails or drops the coefficient.
 *
 * @example
 * const out = new Float64Array(100 * prepared.columns.length);
 * resampleDraws(prepared, 0, 100, out);
 */
export function resampleDraws(prepared: ResamplePrepared, b0: number, b1: number, out: Float64Array): void {
  const k = prepared.columns.length;
  out.fill(NaN, 0, (b1 - b0) * k);
  for (let b = b0; b < b1; b++) {
    let fit;
    try {
      fit = refit(prepared, resampledDesign(prepared.design, resampledRows(prepared, b)));
    } catch (err) {
      if (err instanceof EstimationError || err instanceof ConvergenceError) continue;
      throw err;
    }
    prepared.columns.forEach((col, j) => {
      const at = fit.kept.indexOf(col);
      if (at >= 0) out[(b - b0) * k + j] = fit.beta[at];
    });
  }
}

function units(design: Design, scheme: ResampleScheme): { start: Int32Array; members: Int32Array } {
  const n = design.n;
  if (scheme === 'pairs') return { start: Int32Array.from({ length: n + 1 }, (_, i) => i), members: Int32Array.from({ length: n }, (_, i) => i) };
  const { codes, G } = design.clusterings[0];
  const start = new Int32Array(G + 1);
  for (let i = 0; i < n; i++) start[codes[i] + 1]++;
  for (let g = 0; g < G; g++) start[g + 1] += start[g];
  const fill = start.slice(0, G);
  const members = new Int32Array(n);
  for (let i = 0; i < n; i++) members[fill[codes[i]]++] = i;
  return { start, members };
}

function summarizeDraws(
  draws: Float64Array, reps: number, estimate: number, j: number, k: number, level: number, term: string,
): ResampledCoefficient {
  const v: number[] = [];
  for (let b = 0; b < reps; b++) { const x = draws[b * k + j]; if (x === x) v.push(x); }
  const mean = v.reduce((a, x) => a + x, 0) / v.length;
  const stdError = v.length > 1 ? Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / (v.length - 1)) : NaN;
  const z = normalQuantile((1 + level) / 2);
  return Object.freeze({
    term, estimate, stdError,
    percentileLow: quantile(v, (1 - level) / 2), percentileHigh: quantile(v, (1 + level) / 2),
    normalLow: estimate - z * stdError, normalHigh: estimate + z * stdError,
  });
}

/** A resampling bootstrap before its draws: the full-sample fit and what every draw needs. */
export interface ResampleSetup {
  readonly prepared: ResamplePrepared;
  readonly estimates: Float64Array;
  readonly names: readonly string[];
  readonly level: number;
  readonly keepDraws: boolean;
}

/** Validate, build the design and fit the full sample: everything but the draws. */
export function prepareResample(
  data: DataInput, formula: string | ParsedFormula, options: ResampleOptions, scheme: ResampleScheme, cluster: string | null,
): ResampleSetup {
  const weights = (options as Record<string, unknown>).weights;
  if (weights !== undefined) {
    throw new OptionError(`observation weights are passed to the bootstraps as obsWeights; got weights: ${JSON.stringify(weights)}`);
  }
  const reps = checkReps(options.reps ?? INFER_DEFAULTS.resampleReps);
  const seed = checkSeed(options.seed ?? INFER_DEFAULTS.seed);
  const level = checkLevel(options.level ?? INFER_DEFAULTS.level);
  const fitOptions = regressionOptions(options, cluster ? [cluster] : []);
  const parsed = typeof formula === 'string' ? parseFormula(formula) : formula;
  if (parsed.multiple) throw new OptionError(`'${parsed.text}' holds several models (${parsed.multiple.op}); bootstrap one model at a time`);
  // An IV model resamples the rows of its one design (every column) and refits both stages on each draw.
  const ivModel = parsed.iv ? ivDesign(columnSource(data), parsed, { ...fitOptions, vcov: 'iid', cluster: fitOptions.cluster }) : null;
  const design = ivModel ? ivModel.design : buildDesign(columnSource(data), parsed, fitOptions);
  if (cluster && design.clusterings[0].G < 2) {
    throw new EstimationError(`the cluster bootstrap needs at least 2 clusters, but '${cluster}' has ` +
      `${design.clusterings[0].G} on the estimation sample; cluster by a variable with more levels`);
  }
  const settings: FitSettings = {
    demeanTol: fitOptions.demeanTol, demeanMaxIter: fitOptions.demeanMaxIter, collinTol: fitOptions.collinTol, hetero: false, clusters: false,
  };
  const iv = ivModel ? { layout: ivModel.layout, options: { ...fitOptions, vcov: 'iid' as const, cluster: [] } } : null;
  const ivFull = iv ? fitIv(design, iv.layout, iv.options) : null;
  const full = ivFull ? ivFull.fit : inTrueUnits(fitDesign(design, settings));
  const names = ivFull ? ivFull.design.names : design.names;
  const prepared: ResamplePrepared = Object.freeze({ design, scheme, ...units(design, scheme), columns: full.kept, settings, seed, reps, iv });
  return {
    prepared, estimates: Float64Array.from(full.beta), names: full.kept.map((col) => names[col]),
    level, keepDraws: options.keepDraws ?? false,
  };
}

/** The result from the draws ([reps x k] row-major, as `resampleDraws` fills them). */
export function finishResample(setup: ResampleSetup, draws: Float64Array): ResampleResult {
  const { prepared: { scheme, reps, seed }, estimates, names, level } = setup;
  const k = names.length;
  let failed = 0;
  for (let b = 0; b < reps; b++) {
    for (let j = 0; j < k; j++) if (draws[b * k + j] !== draws[b * k + j]) { failed++; break; }
  }
  const coefficients = names.map((term, j) => summarizeDraws(draws, reps, estimates[j], j, k, level, term));
  return Object.freeze({
    scheme, coefficients: Object.freeze(coefficients), reps, failed, level, seed,
    ...(setup.keepDraws ? { draws } : {}),
  });
}

function resample(
  data: DataInput, formula: string | ParsedFormula, options: ResampleOptions, scheme: ResampleScheme, cluster: string | null,
): ResampleResult {
  const setup = prepareResample(data, formula, options, scheme, cluster);
  const draws = new Float64Array(setup.prepared.reps * setup.names.length);
  resampleDraws(setup.prepared, 0, setup.prepared.reps, draws);
  return finishResample(setup, draws);
}

/**
 * Pairs bootstrap: resample observations with replacement and refit.
 *
 * @example
 * const r = pairsBootstrap(rows, 'y ~ x | firm', { reps: 999, seed: 1 });
 * r.coefficients[0]; // { term: 'x', estimate, stdError, percentileLow, percentileHigh, normalLow, normalHigh }
 */
export function pairsBootstrap(data: DataInput, formula: string | ParsedFormula, options: ResampleOptions = {}): ResampleResult {
  return resample(data, formula, options, 'pairs', null);
}

/**
 * Cluster (block) bootstrap: resample whole clusters with replacement and refit.
 *
 * @example
 * const r = clusterBootstrap(rows, 'y ~ x | firm', { cluster: 'state', reps: 999, seed: 1 });
 * [r.coefficients[0].percentileLow, r.coefficients[0].percentileHigh];
 */
export function clusterBootstrap(data: DataInput, formula: string | ParsedFormula, options: ClusterResampleOptions): ResampleResult {
  if (typeof options?.cluster !== 'string') {
    throw new OptionError(`the cluster bootstrap needs the resampling unit: cluster must name one column; got ${JSON.stringify(options?.cluster)}`);
  }
  return resample(data, formula, options, 'cluster', options.cluster);
}
