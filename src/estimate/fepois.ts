/**
 * `fepois`: Poisson pseudo-maximum likelihood with absorbed fixed effects (fixest's `fepois`, Stata's
 * ppmlhdfe). Orchestrates only: validate, build the sample, drop all-zero fixed-effect levels, run the IRLS
 * solver (solvers/poisson.ts), derive the variance with fixest's GLM rules and the fit statistics.
 */
import { attachModel, type Link, type ModelState } from './model-state.js';
import { columnSource, numericColumn, type DataInput } from '../data/columns.js';
import { buildDesign } from '../data/sample.js';
import { dropZeroOutcomeLevels } from '../data/separation.js';
import { GLM_DEFAULTS } from '../defaults.js';
import { DataError, OptionError } from '../errors.js';
import type { ParsedFormula } from '../formula/ast.js';
import { parseFormula } from '../formula/parse.js';
import { coefficientTable } from './coefficients.js';
import { logGamma } from './inference.js';
import { resolveOptions, type FeolsOptions } from './options.js';
import type { Coefficient, VcovInfo } from './result.js';
import { fitPoisson } from './solvers/poisson.js';
import { computeVcov } from './vcov/registry.js';

/** Options of `fepois`: those of `feols` (vcov iid, hetero or cluster) plus the offset and the IRLS settings. */
export interface FepoisOptions extends FeolsOptions {
  /** A column added to the linear predictor with coefficient one (already on the log scale, e.g. log exposure). */
  offset?: string;
  /** IRLS tolerance on the relative deviance change [GLM_DEFAULTS.tol]. */
  glmTol?: number;
  /** IRLS iterations cap [GLM_DEFAULTS.maxIter]. */
  glmMaxIter?: number;
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
  /** Rows dropped: missing values, singletons, and rows of fixed-effect levels whose outcome is all zero. */
  readonly dropped: { readonly na: number; readonly singletons: number; readonly fixefAllZero: number };
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
  /** IRLS iterations. */
  readonly iterations: number;
  readonly converged: boolean;
  /** Demeaning sweeps over all iterations. */
  readonly demeanSweeps: number;
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
  const { offset, glmTol, glmMaxIter, ...rest } = options;
  const resolved = resolveOptions(rest);
  if (!['iid', 'hetero', 'cluster'].includes(resolved.vcov)) {
    throw new OptionError(`fepois takes vcov 'iid', 'hetero' or 'cluster' (fixest's GLM rules); got '${resolved.vcov}'`);
  }
  const tol = glmTol ?? GLM_DEFAULTS.tol;
  const maxIter = glmMaxIter ?? GLM_DEFAULTS.maxIter;
  if (!(tol > 0)) throw new OptionError(`glmTol must be a positive number; got ${JSON.stringify(glmTol)}`);
  if (!(Number.isInteger(maxIter) && maxIter > 0)) throw new OptionError(`glmMaxIter must be a positive integer; got ${JSON.stringify(glmMaxIter)}`);
  const parsed = typeof formula === 'string' ? parseFormula(formula) : formula;
  if (parsed.multiple) throw new OptionError(`'${parsed.text}' holds several models (${parsed.multiple.op}); fepois estimates one model at a time`);
  const source = columnSource(data);
  const full = buildDesign(source, parsed, resolved);
  const y0 = full.y;
  for (let i = 0; i < full.n; i++) {
    if (y0[i] < 0) {
      throw new DataError(`a Poisson outcome must be non-negative, but ${full.depvar} is ${y0[i]} in data row ${full.rows[i] + 1}; ` +
        'model a signed outcome with feols');
    }
  }
  const { design, fixefAllZero } = dropZeroOutcomeLevels(full, resolved.singletons === 'drop');
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
      hetero: resolved.vcov === 'hetero', clusters: resolved.vcov === 'cluster' });
  const { raw } = fit;
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
  const logFactorial = logFactorials();
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    const lg = logFactorial(y[i]);
    loglik += wi * (y[i] * Math.log(fit.mu[i]) - fit.mu[i] - lg);
    S += wi * y[i];
    Wsum += wi;
    lgammaSum += lg;
  }
  // fixest's null model: S log(S / W) - S - sum log(y!), the log(y!) sum unweighted (its quirk, kept).
  const llNull = S * Math.log(S / Wsum) - S - lgammaSum;
  const matrix = Array.from({ length: k }, (_, i) => Array.from(vcov.matrix.subarray(i * k, (i + 1) * k)));
  // fixef(), fitted() and predict() (src/estimate/predict.ts): the log link, and eta - offset - X b as the
  // fixed effects' part of the linear predictor. New data carry no offset, so predict refuses a fit with one.
  const state: ModelState = {
    design, beta: raw.beta, kept: raw.kept, link: LOG_LINK, offset: Boolean(offset),
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
  return Object.freeze(attachModel({
    family: 'poisson' as const,
    formula: parsed.text,
    depvar: design.depvar,
    coefficients: Object.freeze(coefficients),
    vcov: Object.freeze({ type: vcov.type, matrix, k: vcov.k, dfT: Infinity, clusters: vcov.clusters, ssc: resolved.ssc, convention: resolved.convention, eigenFixed: vcov.eigenFixed, lag: vcov.lag }),
    nobs: n,
    dropped: { ...design.dropped, fixefAllZero },
    fixef: Object.fromEntries(design.fixedEffects.map((f) => [f.name, f.levels])),
    collinear: raw.collinear.map((c) => design.names[c]),
    deviance: fit.deviance,
    loglik, llNull, pseudoR2: 1 - loglik / llNull,
    iterations: fit.iterations, converged: true, demeanSweeps: fit.sweeps,
    offset: offset ?? null,
    weights: resolved.weights,
    fitted: fit.mu, linearPredictor: fit.eta, rows: design.rows,
  }, state));
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
    dropped: { na: r.dropped.na, singletons: r.dropped.singletons, fixef_all_zero: r.dropped.fixefAllZero },
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
    iterations: r.iterations,
    convergence: { iterations: r.iterations, converged: r.converged, demean_sweeps: r.demeanSweeps },
    offset: r.offset,
    weights: r.weights,
  };
}
