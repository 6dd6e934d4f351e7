/**
 * `feols`: least squares with any number of absorbed fixed effects and fixest-exact inference.
 * Orchestrates only: validate, build the sample, fit on the WebAssembly core, derive the variance and
 * summary statistics.
 */
import { columnSource, type ColumnSource, type DataInput } from '../data/columns.js';
import { attachBasis } from './basis.js';
import { buildDesign } from '../data/sample.js';
import { OptionError } from '../errors.js';
import { parseFormula } from '../formula/parse.js';
import type { ParsedFormula } from '../formula/ast.js';
import type { Design } from './design.js';
import { fitDesign, type RawFit } from './fit.js';
import { criticalT, twoSidedP } from './inference.js';
import { resolveOptions, type FeolsOptions, type ResolvedOptions } from './options.js';
import type { Coefficient, FeolsResult } from './result.js';
import { fixefParams } from './ssc.js';
import { computeVcov, meatsFor } from './vcov/registry.js';
import { clusterOnUnit } from './vcov/conventions.js';
import { attachModel, IDENTITY_LINK, type ModelState } from './model-state.js';

/**
 * Estimate `formula` on `data`.
 *
 * @param data an Arquero table, an array of row objects, or an object of columns
 * @param formula `y ~ x1 + x2 + x1:x2 + log(x) + I(x^2) | fe1 + fe2 + fe1^fe2`
 * @example
 * const fit = feols(rows, 'inv ~ value + capital | firm + year', { cluster: 'firm' });
 * fit.coefficients[0]; // { term: 'value', estimate: 0.1177, stdError: 0.0108, ... }
 */
export function feols(data: DataInput, formula: string | ParsedFormula, options: FeolsOptions = {}): FeolsResult {
  const resolved = resolveOptions(options);
  const parsed = typeof formula === 'string' ? parseFormula(formula) : formula;
  if (parsed.multiple) {
    throw new OptionError(`'${parsed.text}' holds several models (${parsed.multiple.op}); use feolsMultiple() to estimate them all`);
  }
  const unit = clusterOnUnit(resolved, parsed.fixedEffects.map((fe) => fe.name));
  const source = columnSource(data);
  const design = buildDesign(source, parsed, unit);
  return estimateDesign(design, parsed.text, unit, source);
}

/** Fit a design already built (the multiple-estimation path shares designs). */
export function estimateDesign(design: Design, text: string, options: ResolvedOptions, source: ColumnSource | null = null): FeolsResult {
  const fit = fitDesign(design, {
    demeanTol: options.demeanTol, demeanMaxIter: options.demeanMaxIter, collinTol: options.collinTol,
    ...meatsFor(options), keepScores: options.keepScores,
  });
  return summarize(design, fit, text, options, source);
}

/** Total sum of squares about the weighted mean (centred) or about zero (a model without intercept or FE). */
export function totalSumOfSquares(design: Design, centred: boolean): number {
  // Through the sample's rows when it drops some, so y is never copied for this.
  const y = design.full ? design.full.y : design.y;
  const rows = design.full ? design.rows : null;
  const w = design.weights;
  const n = design.n;
  let sw = 0, swy = 0;
  for (let i = 0; i < n; i++) { const wi = w ? w[i] : 1; sw += wi; swy += wi * y[rows ? rows[i] : i]; }
  const mean = centred ? swy / sw : 0;
  let tss = 0;
  for (let i = 0; i < n; i++) { const d = y[rows ? rows[i] : i] - mean; tss += (w ? w[i] : 1) * d * d; }
  return tss;
}

/** Coefficient table, variance, R2s and counts from a design and its fit: the frozen `FeolsResult`. */
export function summarize(design: Design, fit: RawFit, text: string, options: ResolvedOptions, source: ColumnSource | null = null): FeolsResult {
  const vcov = computeVcov(design, fit, options.vcov, options.ssc);
  const k = fit.kept.length;
  const n = design.n;
  const pFe = fixefParams(design, options.ssc.fixefExact);
  const Kfull = k + pFe;
  const crit = criticalT(options.level, vcov.dfT);
  const coefficients: Coefficient[] = fit.kept.map((col, j) => {
    const estimate = fit.beta[j];
    const stdError = Math.sqrt(vcov.matrix[j * k + j]);
    const statistic = estimate / stdError;
    return Object.freeze({
      term: design.names[col], estimate, stdError, statistic,
      pValue: twoSidedP(statistic, vcov.dfT),
      confLow: estimate - crit * stdError, confHigh: estimate + crit * stdError,
    });
  });
  const hasFe = design.fixedEffects.length > 0 || (design.slopes?.length ?? 0) > 0;
  // Without an intercept or fixed effects, R^2 is uncentred, as in R's summary.lm.
  const tss = totalSumOfSquares(design, design.intercept || hasFe);
  const r2 = 1 - fit.rss / tss;
  const adjR2 = 1 - (fit.rss / tss) * (n - 1) / (n - Kfull);
  const withinR2 = hasFe ? 1 - fit.rss / fit.rssFeOnly : null;
  const adjWithinR2 = hasFe ? 1 - (fit.rss / fit.rssFeOnly) * (n - pFe) / (n - pFe - k) : null;
  const matrix = Array.from({ length: k }, (_, i) => Array.from(vcov.matrix.subarray(i * k, (i + 1) * k)));
  const result = {
    formula: text,
    depvar: design.depvar,
    coefficients: Object.freeze(coefficients),
    vcov: Object.freeze({ type: vcov.type, matrix, k: vcov.k, dfT: vcov.dfT, clusters: vcov.clusters, ssc: options.ssc, convention: options.convention, eigenFixed: vcov.eigenFixed, lag: vcov.lag }),
    nobs: n,
    dropped: design.dropped,
    fixef: Object.fromEntries(design.fixedEffects.map((f) => [f.name, f.levels])),
    varyingSlopes: Object.fromEntries((design.slopes ?? []).map((f) => [f.name, f.levels])),
    collinear: fit.collinear.map((c) => design.names[c]),
    rss: fit.rss,
    tss,
    r2, adjR2, withinR2, adjWithinR2,
    dfResid: n - Kfull,
    sigma: Math.sqrt(fit.rss / (n - Kfull)),
    convergence: { iterations: fit.iterations, converged: fit.converged },
    weights: options.weights,
    residuals: fit.residuals,
    rows: design.rows,
  };
  attachBasis(result, { design, fit, options, source });
  return Object.freeze(attachModel(result, leastSquaresState(design, fit)));
}

/** Least squares' state for fixef() and predict(): identity link, fitted = y - e, FE part = y - X b - e. */
function leastSquaresState(design: Design, fit: RawFit): ModelState {
  const linearPredictor = () => {
    const y = design.y;
    return y.map((v, i) => v - fit.residuals[i]);
  };
  return {
    design, beta: fit.beta, kept: fit.kept, link: IDENTITY_LINK, linearPredictor,
    fixedPart: () => {
      const out = linearPredictor();
      fit.kept.forEach((col, j) => { const x = design.X[col]; const b = fit.beta[j]; for (let i = 0; i < out.length; i++) out[i] -= b * x[i]; });
      return out;
    },
  };
}
