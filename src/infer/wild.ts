/**
 * `wildBootstrap`: the wild cluster bootstrap test of H0: beta_param = null, one-way clustered, with any
 * number of absorbed fixed effects (Roodman, MacKinnon, Nielsen and Webb 2019). Orchestrates only: validate,
 * build the sample, fit once, precompute per cluster (prepare.ts), draw (draws.ts), p-value and interval
 * (pvalue.ts).
 */
import { columnSource, type DataInput } from '../data/columns.js';
import { buildDesign } from '../data/sample.js';
import { EstimationError, OptionError } from '../errors.js';
import type { Design } from '../estimate/design.js';
import { fitDesign, project, type Projection, type RawFit } from '../estimate/fit.js';
import type { ParsedFormula } from '../formula/ast.js';
import { parseFormula } from '../formula/parse.js';
import { identityMoments, MOMENTS, tFromMoments, wildMoments } from './draws.js';
import { resolveWild, type PType, type ResolvedWild, type WildOptions, type WildType, type WildWeights } from './options.js';
import { prepareWild, type WildPrepared } from './prepare.js';
import { bootstrapPValue, invertPValue, pValueFromMoments, quantile } from './pvalue.js';
import { VARIATE_CODE } from './rng.js';
import { wildBootstrapIv } from './wild-iv.js';

/** The result of `wildBootstrap` (frozen). */
export interface WildResult {
  readonly term: string;
  /** The tested value r of H0: beta = r. */
  readonly null: number;
  readonly estimate: number;
  /** CR1 standard error, as feols reports it with the same options. */
  readonly stdError: number;
  /** (estimate - null) / stdError: feols's t when null = 0. */
  readonly statistic: number;
  readonly pValue: number;
  /** Draws used (2^G when enumerated). */
  readonly reps: number;
  readonly enumerated: boolean;
  readonly clusters: number;
  /** Interval by test inversion at `level` (NaN when not computed, +-Infinity when unbounded). */
  readonly confLow: number;
  readonly confHigh: number;
  readonly level: number;
  readonly weights: WildWeights;
  readonly type: WildType;
  readonly pType: PType;
  readonly seed: number;
  /** t* of every draw at the null, when `keepDraws` was set. */
  readonly draws?: Float64Array;
  /** 'wre' for an IV model: the wild restricted efficient bootstrap (Davidson and MacKinnon 2010). */
  readonly method?: 'wre';
}

/** The fit of the design on its sample, with the projected columns the bootstrap reuses. */
export interface SampleFit {
  readonly design: Design;
  readonly projection: Projection;
  readonly fit: RawFit;
}

/**
 * Fit as feols does, keeping the projection. Projecting [X y] in one call demeans exactly the columns feols
 * demeans, so beta and the bread are bit-identical to feols's.
 */
export function fitSample(design: Design, demean: { demeanTol: number; demeanMaxIter: number }, collinTol: number): SampleFit {
  const projection = project(design, [...design.X, design.y], [...design.names, design.depvar], demean);
  const fit = fitDesign(design, { ...demean, collinTol, hetero: false, clusters: false }, projection);
  return { design, projection, fit };
}

/** Position of `param` among the kept coefficients; throws for unknown and collinear terms. */
export function coefficientIndex(design: Design, fit: RawFit, param: string): number {
  const col = design.names.indexOf(param);
  if (col < 0) {
    throw new OptionError(`param '${param}' is not a coefficient of the model; its coefficients are ${design.names.map((s) => `'${s}'`).join(', ')}`);
  }
  const j = fit.kept.indexOf(col);
  if (j < 0) {
    throw new EstimationError(`param '${param}' was dropped as collinear (with other regressors or the fixed effects), ` +
      'so it cannot be tested; remove the collinear terms or test another coefficient');
  }
  return j;
}

/** Prepared draws of a resolved test on data. */
export function prepareTest(data: DataInput, formula: string | ParsedFormula, o: ResolvedWild): { prepared: WildPrepared; design: Design } {
  const parsed = typeof formula === 'string' ? parseFormula(formula) : formula;
  if (parsed.multiple) throw new OptionError(`'${parsed.text}' holds several models (${parsed.multiple.op}); bootstrap one model at a time`);
  const design = buildDesign(columnSource(data), parsed, o.fit);
  const G = design.clusterings[0].G;
  if (G < 2) {
    throw new EstimationError(`the wild cluster bootstrap needs at least 2 clusters, but '${o.cluster}' has ${G} ` +
      'on the estimation sample; cluster by a variable with more levels');
  }
  const demean = { demeanTol: o.fit.demeanTol, demeanMaxIter: o.fit.demeanMaxIter };
  const { projection, fit } = fitSample(design, demean, o.fit.collinTol);
  const j = coefficientIndex(design, fit, o.param);
  const core = prepareWild({ design, projection, fit, j, null: o.null, restricted: o.type === 'restricted', ssc: o.fit.ssc, demean });
  // boottest's rule: enumerate every Rademacher sign vector when there are no more of them than draws.
  const enumerated = o.weights === 'rademacher' && G <= 30 && 2 ** G <= o.reps;
  const prepared: WildPrepared = Object.freeze({
    ...core, kind: VARIATE_CODE[o.weights], seed: o.seed, reps: enumerated ? 2 ** G : o.reps, enumerated,
  });
  return { prepared, design };
}

/** The percentile-t interval from the draws at the null: where the inversion starts (exact for WCU). */
export function percentileT(tStar: Float64Array, estimate: number, se: number, level: number, pType: PType): [number, number] {
  const alpha = 1 - level;
  if (pType === 'symmetric') {
    const c = quantile(tStar, level, true);
    return [estimate - c * se, estimate + c * se];
  }
  const lo = pType === 'equal-tailed' ? alpha / 2 : alpha;
  return [estimate - quantile(tStar, 1 - lo) * se, estimate - quantile(tStar, lo) * se];
}

/**
 * Wild cluster bootstrap test of H0: beta[param] = null, and the confidence interval that inverts it.
 *
 * @param data an Arquero table, an array of row objects, or an object of columns
 * @param formula as for feols: `y ~ x1 + x2 | fe1 + fe2`; an IV formula `y ~ w | fe | x ~ z` gets the wild
 *   restricted efficient bootstrap (WRE) of `param = 'fit_x'` (wild-iv.ts)
 * @param options `param` and `cluster` are required; the rest default to INFER_DEFAULTS (9999 draws,
 *   Rademacher weights, null imposed, symmetric p-value, seed 1); feols's options apply to the fit
 *   (observation weights as `obsWeights`).
 * @example
 * const r = wildBootstrap(rows, 'y ~ x + z | firm', { param: 'x', cluster: 'state', reps: 9999, seed: 42 });
 * r.pValue;                  // share of draws with |t*| >= |t|
 * [r.confLow, r.confHigh];   // 95% interval by test inversion
 */
export function wildBootstrap(data: DataInput, formula: string | ParsedFormula, options: WildOptions): WildResult {
  const o = resolveWild(options);
  const parsed = typeof formula === 'string' ? parseFormula(formula) : formula;
  if (parsed.iv) return wildBootstrapIv(data, parsed, o);
  const { prepared, design } = prepareTest(data, parsed, o);
  const moments = new Float64Array(prepared.reps * MOMENTS);
  wildMoments(prepared, 0, prepared.reps, moments);
  return finishWild(o, prepared, design, moments);
}

/**
 * p-value and inverted interval from the draws' moments (however they were computed: in one call, or in
 * chunks on the worker pool; the moments of draw b depend only on (seed, b)).
 */
export function finishWild(o: ResolvedWild, prepared: WildPrepared, design: Design, moments: Float64Array): WildResult {
  const { reps, kappa, estimate, stdError } = prepared;
  const r0 = prepared.null;
  const tStar = new Float64Array(reps);
  for (let b = 0; b < reps; b++) tStar[b] = tFromMoments(moments, b, 0, kappa);

  // WCR: t(r) is the identity draw's t*, the original sample's t computed like every draw (so it ties with
  // the identity draw of an enumeration exactly). WCU: the draws do not depend on r.
  const id = prepared.restricted ? identityMoments(prepared) : null;
  const tAt = (r: number) => (id ? tFromMoments(id, 0, r - r0, kappa) : (estimate - r) / stdError);
  const pAt = (r: number) => (r === r0 || !prepared.restricted
    ? bootstrapPValue(tStar, tAt(r), o.pType)
    : pValueFromMoments(moments, reps, kappa, r - r0, tAt(r), o.pType));
  const [confLow, confHigh] = o.confInt
    ? invertPValue(pAt, estimate, stdError, o.level, o.pType, percentileT(tStar, estimate, stdError, o.level, o.pType))
    : [NaN, NaN];
  return Object.freeze({
    term: o.param, null: r0, estimate, stdError, statistic: tAt(r0), pValue: pAt(r0),
    reps, enumerated: prepared.enumerated, clusters: design.clusterings[0].G,
    confLow, confHigh, level: o.level,
    weights: o.weights, type: o.type, pType: o.pType, seed: o.seed,
    ...(o.keepDraws ? { draws: tStar } : {}),
  });
}
