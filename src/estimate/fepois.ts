/**
 * `fepois`: Poisson pseudo-maximum likelihood with absorbed fixed effects (fixest's `fepois`, Stata's
 * ppmlhdfe). Orchestrates only: validate, build the sample, drop all-zero fixed-effect levels, run the IRLS
 * solver (solvers/poisson.ts), derive the variance with fixest's GLM rules and the fit statistics.
 */
import { attachModel, type Link, type ModelState } from './model-state.js';
import { columnSource, numericColumn, type ColumnSource, type DataInput } from '../data/columns.js';
import { buildDesign } from '../data/sample.js';
import { dropZeroOutcomeLevels, restrictDesign } from '../data/separation.js';
import { GLM_DEFAULTS } from '../defaults.js';
import { ConvergenceError, DataError, OptionError } from '../errors.js';
import type { ParsedFormula } from '../formula/ast.js';
import { parseFormula } from '../formula/parse.js';
import { coefficientTable } from './coefficients.js';
import { logGamma } from './inference.js';
import type { Design } from './design.js';
import type { RawFit } from './fit.js';
import { resolveOptions, type FeolsOptions, type ResolvedOptions } from './options.js';
import { reluSeparation } from './relu-separation.js';
import type { Coefficient, VcovInfo } from './result.js';
import { fitPoisson, type PoissonFit } from './solvers/poisson.js';
import { computeVcov } from './vcov/registry.js';

/**
 * Separation rules run before the fit (Correia, Guimaraes and Zylkin 2021): 'fe' drops the rows of
 * fixed-effect levels whose outcome is all zero (fixest's `fixef.rm = "perfect"`), 'relu' runs the ReLU test
 * for separation by the regressors and fixed effects together (ppmlhdfe's `separation(relu)`).
 */
export type SeparationRule = 'fe' | 'relu';
const SEPARATION_RULES: readonly SeparationRule[] = ['fe', 'relu'];

/** Options of `fepois`: those of `feols` (vcov iid, hetero or cluster) plus the offset and the IRLS settings. */
export interface FepoisOptions extends FeolsOptions {
  /** A column added to the linear predictor with coefficient one (already on the log scale, e.g. log exposure). */
  offset?: string;
  /** IRLS tolerance on the relative deviance change [GLM_DEFAULTS.tol]. */
  glmTol?: number;
  /** IRLS iterations cap [GLM_DEFAULTS.maxIter]. */
  glmMaxIter?: number;
  /** Separation rules to run, in this order [GLM_DEFAULTS.separation]; [] runs none. */
  separation?: readonly SeparationRule[];
}

/**
 * What `fepois` returns (frozen). Statistics are z with normal p-values (`vcov.dfT` is Infinity).
 *
 * @example
 * const fit = fepois(rows, 'trips ~ quality + income', { vcov: 'hetero' });
 * fit.coefficients[1].pValue; fit.deviance; fit.pseudoR2; fit.iterations;
 */
export interface FepoisResult {
  readonly family: 'poisson';
  readonly formula: string;
  readonly depvar: string;
  readonly coefficients: readonly Coefficient[];
  readonly vcov: VcovInfo;
  readonly nobs: number;
  /**
   * Rows dropped: missing values, singletons, rows of fixed-effect levels whose outcome is all zero, rows
   * the ReLU test found separated, and rows whose transformed values are not finite.
   */
  readonly dropped: { readonly na: number; readonly singletons: number; readonly fixefAllZero: number; readonly separated: number; readonly nonFinite?: number };
  readonly fixef: Readonly<Record<string, number>>;
  readonly collinear: readonly string[];
  /** 2 sum w [y log(y / mu) - (y - mu)]. */
  readonly deviance: number;
  /** sum w [y log(mu) - mu - log(y!)]. */
  readonly loglik: number;
  /** fixest's null log-likelihood (intercept only, without the offset; log(y!) unweighted). */
  readonly llNull: number;
  /** 1 - loglik / llNull (fixest's `pr2`). */
  readonly pseudoR2: number;
  /** Parameters: kept slopes plus fixed-effect levels, less one per extra fixed effect (fixest's `nparams`). */
  readonly nparams: number;
  /** Squared correlation of the outcome and the fitted means (fixest's `sq.cor`). */
  readonly sqCor: number;
  /** -2 loglik + nparams log(nobs) (fixest's `bic`). */
  readonly bic: number;
  /** Residual degrees of freedom nobs - nparams: the F denominator of fixest's wald(). */
  readonly dfResid: number;
  /** Not defined for a Poisson model; present (null) so tables of least-squares and Poisson fits line up. */
  readonly r2: null;
  readonly adjR2: null;
  readonly withinR2: null;
  readonly adjWithinR2: null;
  /** IRLS iterations. */
  readonly iterations: number;
  readonly converged: boolean;
  /** Demeaning sweeps over all iterations. */
  readonly demeanSweeps: number;
  /** Weighted least-squares iterations of the ReLU separation test (0 when it did not run). */
  readonly reluIterations: number;
  /** What the fit should be read with (e.g. a separation test that did not settle); printed as warnings. */
  readonly warnings: readonly string[];
  readonly offset: string | null;
  readonly weights: string | null;
  /** Fitted means mu and the linear predictor (offset included), one per observation used. */
  readonly fitted: Float64Array;
  readonly linearPredictor: Float64Array;
  readonly rows: Int32Array;
}

/**
 * Poisson regression of `formula` on `data` (fixest's `fepois`).
 *
 * @param formula `y ~ x1 + x2 | fe1 + fe2`; y must be non-negative (need not be an integer)
 * @example
 * const fit = fepois(rows, 'Euros ~ log(dist_km) | Origin + Destination + Product', { cluster: 'Origin' });
 * fit.coefficients[0].estimate; fit.dropped.fixefAllZero;
 */
export function fepois(data: DataInput, formula: string | ParsedFormula, options: FepoisOptions = {}): FepoisResult {
  const { offset, glmTol, glmMaxIter, separation, ...rest } = options;
  const resolved = resolveOptions(rest);
  checkGlmVcov(resolved.vcov);
  const tol = glmTol ?? GLM_DEFAULTS.tol;
  const maxIter = glmMaxIter ?? GLM_DEFAULTS.maxIter;
  if (!(tol > 0)) throw new OptionError(`glmTol must be a positive number; got ${JSON.stringify(glmTol)}`);
  if (!(Number.isInteger(maxIter) && maxIter > 0)) throw new OptionError(`glmMaxIter must be a positive integer; got ${JSON.stringify(glmMaxIter)}`);
  const rules = checkSeparation(separation ?? GLM_DEFAULTS.separation);
  const parsed = typeof formula === 'string' ? parseFormula(formula) : formula;
  if (parsed.multiple) throw new OptionError(`'${parsed.text}' holds several models (${parsed.multiple.op}); fepois estimates one model at a time (fepoisMultiple estimates them all)`);
  const source = columnSource(data);
  const full = buildDesign(source, parsed, resolved);
  const y0 = full.y;
  for (let i = 0; i < full.n; i++) {
    if (y0[i] < 0) {
      throw new DataError(`a Poisson outcome must be non-negative, but ${full.depvar} is ${y0[i]} in data row ${full.rows[i] + 1}; ` +
        'model a signed outcome with feols');
    }
  }
  const { design, fixefAllZero, separated, reluIterations, warnings = [] } = separate(full, rules, resolved);
  let off: Float64Array | null = null;
  if (offset) {
    const col = numericColumn(source, offset, 'the offset');
    off = Float64Array.from(design.rows, (r) => col[r]);
    const bad = off.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new DataError(`the offset '${offset}' is ${off[bad]} in data row ${design.rows[bad] + 1}; give a finite offset in every row used`);
  }
  const fit = fitPoisson(design, off,
    { tol, maxIter, demeanTol: resolved.demeanTol, demeanMaxIter: resolved.demeanMaxIter, collinTol: resolved.collinTol },
    { demeanTol: resolved.demeanTol, demeanMaxIter: resolved.demeanMaxIter, collinTol: resolved.collinTol,
      hetero: resolved.vcov === 'hetero', clusters: resolved.vcov === 'cluster', keepScores: true });
  const basis: PoissonBasis = { design, fit, raw: fit.raw, options: resolved, source, offset: off, offsetName: offset ?? null,
    formula: parsed.text, dropped: { ...design.dropped, fixefAllZero, separated }, reluIterations, warnings };
  return summarizePoisson(basis);
}

/**
 * The rows the separation rules drop: all-zero fixed-effect levels (alternating with singletons), then the
 * ReLU test, then the all-zero and singleton rules once more on what is left.
 */
function separate(full: Design, rules: readonly SeparationRule[], o: ResolvedOptions):
  { design: Design; fixefAllZero: number; separated: number; reluIterations: number; warnings?: readonly string[] } {
  const dropSingletons = o.singletons === 'drop';
  let design = full;
  let fixefAllZero = 0;
  if (rules.includes('fe')) ({ design, fixefAllZero } = dropZeroOutcomeLevels(full, dropSingletons));
  if (!rules.includes('relu')) return { design, fixefAllZero, separated: 0, reluIterations: 0 };
  let relu: ReturnType<typeof reluSeparation>;
  try {
    relu = reluSeparation(design, {
      tol: GLM_DEFAULTS.reluTol, maxIter: GLM_DEFAULTS.reluMaxIter, demeanTol: Math.min(o.demeanTol, 1e-12),
      demeanMaxIter: Math.max(o.demeanMaxIter, 100000), collinTol: o.collinTol,
    });
  } catch (err) {
    // The test's weighted fits (weights of 2^26 beside 1) can be too ill-conditioned to settle. A model fixest
    // fits must not be refused for that: the fit goes on with the fixed-effect rule alone, and says so.
    if (!(err instanceof ConvergenceError)) throw err;
    const warning = `the ReLU separation test did not settle (${err.message.replace(/;.*$/, '')}), so no row was dropped by it; ` +
      'if an estimate runs off with a huge standard error, a regressor may separate the outcome';
    return { design, fixefAllZero, separated: 0, reluIterations: 0, warnings: [warning] };
  }
  const reluIterations = relu.iterations;
  if (relu.count === 0) return { design, fixefAllZero, separated: 0, reluIterations };
  const keep = relu.separated.map((s) => 1 - s);
  const kept = relu.count === design.n ? null : restrictDesign(design, keep, design.dropped);
  if (!kept) throw new DataError(`no observation left: every row of ${full.depvar} is separated; a Poisson model needs positive outcomes`);
  if (!rules.includes('fe')) return { design: kept, fixefAllZero, separated: relu.count, reluIterations };
  const again = dropZeroOutcomeLevels(kept, dropSingletons);
  return { design: again.design, fixefAllZero: fixefAllZero + again.fixefAllZero, separated: relu.count, reluIterations };
}

function checkSeparation(rules: unknown): readonly SeparationRule[] {
  if (!Array.isArray(rules) || rules.some((r) => !(SEPARATION_RULES as readonly unknown[]).includes(r))) {
    throw new OptionError(`separation takes a list of rules among ${SEPARATION_RULES.map((r) => `'${r}'`).join(', ')} (e.g. ['fe', 'relu'], or [] for none); got ${JSON.stringify(rules)}`);
  }
  return rules as SeparationRule[];
}

/** fixest's GLM variances: iid, hetero and cluster (one- or multiway). */
export function checkGlmVcov(type: string): void {
  if (!['iid', 'hetero', 'cluster'].includes(type)) {
    throw new OptionError(`a Poisson model takes vcov 'iid', 'hetero' or 'cluster' (fixest's GLM rules); got '${type}'`);
  }
}

/** What a Poisson result keeps to form another variance without refitting (revcov). */
export interface PoissonBasis {
  /** The estimation sample's design (prior weights, if any). */
  readonly design: Design;
  readonly fit: PoissonFit;
  /** The last weighted least-squares step, with its scores; its meats are those of `options`. */
  readonly raw: RawFit;
  readonly options: ResolvedOptions;
  readonly source: ColumnSource | null;
  readonly offset: Float64Array | null;
  readonly offsetName: string | null;
  readonly formula: string;
  readonly dropped: FepoisResult['dropped'];
  readonly reluIterations: number;
  readonly warnings: readonly string[];
}

const POISSON_BASIS = Symbol('hdfe.poissonBasis');

/** The basis a Poisson result keeps, or null for any other object. */
export function poissonBasisOf(result: object): PoissonBasis | null {
  return (result as { [POISSON_BASIS]?: PoissonBasis })[POISSON_BASIS] ?? null;
}

/** The frozen result of a converged fit under the basis's variance options (fepois, and revcov). */
export function summarizePoisson(basis: PoissonBasis): FepoisResult {
  const { design, fit, raw, options: resolved, offset: off } = basis;
  const n = design.n;
  // A Poisson's dispersion is one: the iid variance is the inverse information, (X~' W X~)^-1, times fixest's
  // (n - 1) / (n - K). The shared variance takes RSS / (n - 1) as the scale, hence rss = n - 1.
  const vcov = computeVcov(design, resolved.vcov === 'iid' ? { ...raw, rss: n - 1 } : raw, resolved.vcov, resolved.ssc);
  const k = raw.kept.length;
  const terms = raw.kept.map((j) => design.names[j]);
  const coefficients = coefficientTable(terms, raw.beta, vcov.matrix, Infinity, resolved.level);

  const y = design.y;
  const w = design.weights;
  let loglik = 0, S = 0, Wsum = 0, lgammaSum = 0;
  let sy = 0, sm = 0, syy = 0, smm = 0, sym = 0;
  const logFactorial = logFactorials();
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    const lg = logFactorial(y[i]);
    const mu = fit.mu[i];
    loglik += wi * (y[i] * Math.log(mu) - mu - lg);
    S += wi * y[i];
    Wsum += wi;
    lgammaSum += lg;
    sy += y[i]; sm += mu; syy += y[i] * y[i]; smm += mu * mu; sym += y[i] * mu;
  }
  // fixest's null model: S log(S / W) - S - sum log(y!), the log(y!) sum unweighted (its quirk, kept).
  const llNull = S * Math.log(S / Wsum) - S - lgammaSum;
  // fixest's sq.cor: cor(y, fitted)^2, unweighted.
  const cov = sym - sy * sm / n;
  const sqCor = cov * cov / ((syy - sy * sy / n) * (smm - sm * sm / n));
  const J = design.fixedEffects.length;
  const nparams = k + design.fixedEffects.reduce((a, f) => a + f.levels, 0) - Math.max(J - 1, 0);
  const matrix = Array.from({ length: k }, (_, i) => Array.from(vcov.matrix.subarray(i * k, (i + 1) * k)));
  // fixef(), fitted() and predict() (src/estimate/predict.ts): the log link, and eta - offset - X b as the
  // fixed effects' part of the linear predictor. New data carry no offset, so predict refuses a fit with one.
  const state: ModelState = {
    design, beta: raw.beta, kept: raw.kept, link: LOG_LINK, offset: Boolean(off),
    linearPredictor: () => fit.eta,
    fixedPart: () => {
      const part = Float64Array.from(fit.eta);
      if (off) for (let i = 0; i < n; i++) part[i] -= off[i];
      raw.kept.forEach((col, j) => {
        const x = design.X[col];
        for (let i = 0; i < n; i++) part[i] -= raw.beta[j] * x[i];
      });
      return part;
    },
  };
  const result = attachModel({
    family: 'poisson' as const,
    formula: basis.formula,
    depvar: design.depvar,
    coefficients: Object.freeze(coefficients),
    vcov: Object.freeze({ type: vcov.type, matrix, k: vcov.k, dfT: Infinity, clusters: vcov.clusters, ssc: resolved.ssc, convention: resolved.convention, eigenFixed: vcov.eigenFixed, lag: vcov.lag }),
    nobs: n,
    dropped: basis.dropped,
    fixef: Object.fromEntries(design.fixedEffects.map((f) => [f.name, f.levels])),
    collinear: raw.collinear.map((c) => design.names[c]),
    deviance: fit.deviance,
    loglik, llNull, pseudoR2: 1 - loglik / llNull,
    nparams, sqCor, bic: -2 * loglik + nparams * Math.log(n), dfResid: n - nparams,
    r2: null, adjR2: null, withinR2: null, adjWithinR2: null,
    iterations: fit.iterations, converged: true, demeanSweeps: fit.sweeps, reluIterations: basis.reluIterations,
    warnings: Object.freeze([...basis.warnings]),
    offset: basis.offsetName,
    weights: resolved.weights,
    fitted: fit.mu, linearPredictor: fit.eta, rows: design.rows,
  }, state);
  Object.defineProperty(result, POISSON_BASIS, { value: basis, enumerable: false });
  return Object.freeze(result);
}

/**
 * log(y!) = logGamma(y + 1), remembered for small whole y: counts repeat, and a logGamma per row was the
 * log-likelihood's whole cost. The remembered values are the same doubles.
 */
function logFactorials(): (y: number) => number {
  const table = new Float64Array(4096).fill(NaN);
  return (y) => {
    if (!(Number.isInteger(y) && y < table.length)) return logGamma(y + 1);
    const v = table[y];
    return v === v ? v : (table[y] = logGamma(y + 1));
  };
}

/** Poisson's log link: mu = exp(eta). */
const LOG_LINK: Link = Object.freeze({ name: 'log', inverse: Math.exp });

/** The CLI's `--json` shape of a Poisson fit: feols's keys plus family, deviance, loglik, pseudo_r2, iterations. */
export function fepoisToJson(r: FepoisResult): Record<string, unknown> {
  return {
    formula: r.formula,
    family: r.family,
    depvar: r.depvar,
    nobs: r.nobs,
    dropped: {
      na: r.dropped.na, singletons: r.dropped.singletons, fixef_all_zero: r.dropped.fixefAllZero, separated: r.dropped.separated,
      non_finite: r.dropped.nonFinite ?? 0,
    },
    fixef: r.fixef,
    collinear: r.collinear,
    coefficients: r.coefficients.map((c) => ({
      term: c.term, estimate: c.estimate, std_error: c.stdError, statistic: c.statistic, p_value: c.pValue,
      conf_low: c.confLow, conf_high: c.confHigh,
    })),
    vcov: {
      type: r.vcov.type, clusters: r.vcov.clusters, k: r.vcov.k, df_t: null, distribution: 'normal', matrix: r.vcov.matrix,
      ssc: { k_adj: r.vcov.ssc.kAdj, k_fixef: r.vcov.ssc.kFixef, g_adj: r.vcov.ssc.gAdj, g_df: r.vcov.ssc.gDf, t_df: r.vcov.ssc.tDf },
      eigen_fixed: r.vcov.eigenFixed,
    },
    deviance: r.deviance, loglik: r.loglik, ll_null: r.llNull, pseudo_r2: r.pseudoR2,
    nparams: r.nparams, sq_cor: r.sqCor, bic: r.bic,
    iterations: r.iterations,
    warnings: r.warnings,
    convergence: { iterations: r.iterations, converged: r.converged, demean_sweeps: r.demeanSweeps, relu_iterations: r.reluIterations },
    offset: r.offset,
    weights: r.weights,
  };
}
