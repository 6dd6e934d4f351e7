/**
 * `feols`: least squares with any number of absorbed fixed effects and fixest-exact inference.
 * Orchestrates only: validate, build the sample, fit on the WebAssembly core, derive the variance and
 * summary statistics.
 */
import { columnSource, type ColumnSource, type DataInput } from '../data/columns.js';
import { attachBasis } from './basis.js';
import { buildDesign } from '../data/sample.js';
import { EstimationError, OptionError } from '../errors.js';
import { parseFormula } from '../formula/parse.js';
import type { ParsedFormula } from '../formula/ast.js';
import type { Design } from './design.js';
import { fitDesign, inTrueUnits, type RawFit } from './fit.js';
import { criticalT, twoSidedP } from './inference.js';
import { resolveOptions, type FeolsOptions, type ResolvedOptions } from './options.js';
import type { Coefficient, FeolsResult } from './result.js';
import { fixefParams } from './ssc.js';
import { computeVcov, meatsFor } from './vcov/registry.js';
import { clusterOnUnit } from './vcov/conventions.js';
import { estimateIv } from './feiv.js';
import { ldexp } from './scale.js';
import { attachModel, IDENTITY_LINK, type ModelState } from './model-state.js';

/**
 * Estimate `formula` on `data`.
 *
 * @param data an Arquero table, an array of row objects, or an object of columns
 * @param formula `y ~ x1 + x2 + x1:x2 + log(x) + I(x^2) | fe1 + fe2 + fe1^fe2`, or with instruments
 *   `y ~ exog | fe1 + fe2 | endo1 + endo2 ~ inst1 + inst2` (2SLS; `fit_<endo>` coefficients, `iv` in the result)
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
  if (parsed.iv) return estimateIv(source, parsed, unit);
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
export function totalSumOfSquares(design: Design, centred: boolean, yExponent = 0): number {
  // Through the sample's rows when it drops some, so y is never copied for this.
  const y = design.full ? design.full.y : design.y;
  const rows = design.full ? design.rows : null;
  const w = design.weights;
  const n = design.n;
  // y times 2^yExponent (src/estimate/scale.ts): an outcome of extreme magnitude is summed on its scaled form.
  const f = yExponent === 0 ? 1 : 2 ** Math.trunc(yExponent / 2);
  const g = yExponent === 0 ? 1 : 2 ** (yExponent - Math.trunc(yExponent / 2));
  const yAt = (i: number) => y[rows ? rows[i] : i] * f * g;
  let sw = 0, swy = 0;
  for (let i = 0; i < n; i++) { const wi = w ? w[i] : 1; sw += wi; swy += wi * yAt(i); }
  const mean = centred ? swy / sw : 0;
  let tss = 0;
  for (let i = 0; i < n; i++) { const d = yAt(i) - mean; tss += (w ? w[i] : 1) * d * d; }
  return tss;
}

/** R's summary.lm rule: residual variance below 1e-30 of the fitted values' mean square is a perfect fit. */
const PERFECT_FIT = 1e-30;
/** An outcome whose (demeaned) sum of squares is below this share of its raw one is constant. */
const CONSTANT_OUTCOME = 1e-26;

/**
 * Refuse an outcome with nothing to explain (constant, or constant within the fixed effects: every
 * statistic would be 0/0) and say where the fit is essentially perfect (the SEs are rounding noise, t runs to
 * 1e14, and stars would call it a finding). Sums are on the scaled outcome (src/estimate/scale.ts).
 */
function degenerateFit(design: Design, fit: RawFit, tssScaled: number, yExp: number, dfResid: number): string[] {
  const raw = totalSumOfSquares(design, false, yExp);
  const hasFe = design.fixedEffects.length > 0;
  const constant = hasFe ? fit.rssFeOnly <= CONSTANT_OUTCOME * raw : (design.intercept && tssScaled <= CONSTANT_OUTCOME * raw) || raw === 0;
  if (constant) {
    const within = hasFe ? ` within the fixed effects (${design.fixedEffects.map((f) => f.name).join(', ')})` : '';
    throw new EstimationError(`the outcome '${design.depvar}' is constant${within} on the estimation sample (${design.n} observations), so there is nothing to explain; choose another outcome${hasFe ? ' or fewer fixed effects' : ''}`);
  }
  const resvar = fit.rss / Math.max(dfResid, 1);
  if (resvar <= PERFECT_FIT * (raw / design.n)) {
    return [`essentially perfect fit: the residual variance is ${(resvar / Math.max(raw / design.n, Number.MIN_VALUE)).toExponential(1)} of the outcome's mean square, so standard errors, t and p are rounding noise and unreliable`];
  }
  return [];
}

/** Residuals below this share of the outcome's raw sum of squares are zero up to rounding. */
const ZERO_RESIDUALS = 1e-20;

/**
 * Refuse a saturated fit: with as many parameters as observations every residual is zero, whatever variance
 * is asked for (a clustered K that leaves nested fixed effects out would still give SEs of rounding noise;
 * fixest gives NaN there). The residuals decide, as the count of fixed-effect parameters overstates their
 * rank when fixed effects are nested in one another.
 */
export function saturated(n: number, k: number, pFe: number, rss: number, rawSs: number): void {
  if (n - k - pFe > 0 || rss > ZERO_RESIDUALS * rawSs) return;
  throw new EstimationError(`no residual degrees of freedom: n = ${n} observations for ${k + pFe} parameters (${k} coefficients and ${pFe} fixed-effect parameters), so every observation is fitted exactly; use fewer regressors or fixed effects, or more data`);
}

/** A standard error below this share of its estimate is rounding noise. */
const NOISE_SE = 1e-10;

/**
 * Coefficients whose variance is zero up to rounding (say, a coefficient identified within one cell of a
 * two-way clustering): t runs to 1e15 and p to 0, which would read as a finding; say so.
 */
function noiseSe(coefficients: readonly Coefficient[]): string[] {
  const noisy = coefficients.filter((c) => c.stdError <= NOISE_SE * Math.abs(c.estimate));
  if (!noisy.length) return [];
  return [`the standard error of ${noisy.map((c) => c.term).join(', ')} is zero up to rounding (${noisy[0].stdError.toExponential(1)}), `
    + 'so its t and p are rounding noise and unreliable; its variance has no support in the data (check the clusters or the model)'];
}

/** Coefficient table, variance, R2s and counts from a design and its fit: the frozen `FeolsResult`. */
export function summarize(design: Design, fit: RawFit, text: string, options: ResolvedOptions, source: ColumnSource | null = null): FeolsResult {
  const k = fit.kept.length;
  const n = design.n;
  const pFe = fixefParams(design, options.ssc.fixefExact);
  const Kfull = k + pFe;
  saturated(n, k, pFe, fit.rss, totalSumOfSquares(design, false, fit.scale ? fit.scale.y : 0));
  const vcov = computeVcov(design, fit, options.vcov, options.ssc);
  const crit = criticalT(options.level, vcov.dfT);
  // A fit on scaled columns (src/estimate/scale.ts): coefficient j and its standard error are the scaled
  // ones times 2^r[j], taken from the scaled variance so that a variance beyond the double range still gives
  // the right standard error.
  const sc = fit.scale;
  const r = fit.kept.map((col) => (sc ? sc.x[col] - sc.y : 0));
  const yExp = sc ? sc.y : 0;
  const coefficients: Coefficient[] = fit.kept.map((col, j) => {
    const estimate = ldexp(fit.beta[j], r[j]);
    const stdError = ldexp(Math.sqrt(vcov.matrix[j * k + j]), r[j]);
    const statistic = estimate / stdError;
    return Object.freeze({
      term: design.names[col], estimate, stdError, statistic,
      pValue: twoSidedP(statistic, vcov.dfT),
      confLow: estimate - crit * stdError, confHigh: estimate + crit * stdError,
    });
  });
  const hasFe = design.fixedEffects.length > 0 || (design.slopes?.length ?? 0) > 0;
  // R^2 about the mean also without an intercept or fixed effects, as fixest's r2 (R's summary.lm would take
  // it about zero): there fixest divides by the centred sum of squares times (n - 1) / n, so R^2 can be negative.
  const tssScaled = totalSumOfSquares(design, true, yExp);
  const perfect = degenerateFit(design, fit, tssScaled, yExp, n - Kfull);
  const warnings = perfect.length ? perfect : noiseSe(coefficients);
  const tssR2 = design.intercept || hasFe ? tssScaled : tssScaled * (n - 1) / n;
  const r2 = 1 - fit.rss / tssR2;
  const adjR2 = 1 - (fit.rss / tssR2) * (n - 1) / (n - Kfull);
  const tss = ldexp(tssScaled, -2 * yExp);
  const rss = ldexp(fit.rss, -2 * yExp);
  const withinR2 = hasFe ? 1 - fit.rss / fit.rssFeOnly : null;
  const adjWithinR2 = hasFe ? 1 - (fit.rss / fit.rssFeOnly) * (n - pFe) / (n - pFe - k) : null;
  const matrix = Array.from({ length: k }, (_, i) => Array.from(vcov.matrix.subarray(i * k, (i + 1) * k), (v, j) => ldexp(v, r[i] + r[j])));
  const result = {
    formula: text,
    depvar: design.depvar,
    coefficients: Object.freeze(coefficients),
    vcov: Object.freeze({ type: vcov.type, matrix, k: vcov.k, dfT: vcov.dfT, clusters: vcov.clusters, ssc: options.ssc, convention: options.convention, eigenFixed: vcov.eigenFixed, lag: vcov.lag }),
    nobs: n,
    dropped: Object.freeze({ na: design.dropped.na, singletons: design.dropped.singletons, nonFinite: design.dropped.nonFinite ?? 0 }),
    fixef: Object.fromEntries(design.fixedEffects.map((f) => [f.name, f.levels])),
    varyingSlopes: Object.fromEntries((design.slopes ?? []).map((f) => [f.name, f.levels])),
    collinear: fit.collinear.map((c) => design.names[c]),
    rss,
    tss,
    r2, adjR2, withinR2, adjWithinR2,
    dfResid: n - Kfull,
    sigma: ldexp(Math.sqrt(fit.rss / (n - Kfull)), -yExp),
    convergence: { iterations: fit.iterations, converged: fit.converged },
    weights: options.weights,
    residuals: fit.residuals,
    rows: design.rows,
    warnings: Object.freeze(warnings),
  };
  // Variances formed again later (revcov), fixef() and predict() work on the original scale.
  const trueFit = inTrueUnits(fit);
  attachBasis(result, { design, fit: trueFit, options, source });
  return Object.freeze(attachModel(result, leastSquaresState(design, trueFit)));
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
