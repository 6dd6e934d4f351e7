/**
 * Separation in a Poisson model beyond the all-zero fixed-effect levels: the ReLU test of Correia, Guimaraes
 * and Zylkin (2021, "Verifying the existence of maximum likelihood estimates for generalized linear models",
 * section 4.2; ppmlhdfe's `separation(relu)`).
 *
 * Observation i is separated when some z = X g + (fixed effects) has z_i > 0, z = 0 wherever y > 0 and
 * z >= 0 wherever y = 0: the likelihood then rises without bound along z, and i's fitted mean goes to zero.
 * The test regresses u (1 where y = 0, 0 where y > 0) on the regressors and fixed effects by least squares
 * with the equality z = 0 on the y > 0 rows imposed by weighting (weight M = eps^-1/2 there, 1 elsewhere; Van
 * Loan 1985), then replaces u by max(fitted, 0) on the y = 0 rows (the rectifier) and repeats. When no fitted
 * value is negative, the fitted values are a certificate z and the rows where it is positive are separated.
 *
 * ppmlhdfe also stops early when no residual on the y = 0 rows is negative; with the weight M the residuals
 * carry noise of order 1/M, and that rule then calls rows separated that are not (a zero residual within
 * noise of a row with fitted value 1), so it is left out: the iterations run until no fitted value is negative.
 *
 * Each weighted regression runs on the estimation chain (fitDesign: the WebAssembly demeaning with weights,
 * then the QR solve), so fixed effects are absorbed exactly as in the fit itself.
 */
import { ConvergenceError } from '../errors.js';
import type { Design } from './design.js';
import { fitDesign } from './fit.js';

/** Settings of the ReLU test (ppmlhdfe's defaults where it has them). */
export interface ReluSettings {
  /** Fitted values within [-tol/10, tol] of zero count as zero [1e-5]. */
  readonly tol: number;
  /** Least-squares iterations before giving up [1000]. */
  readonly maxIter: number;
  readonly demeanTol: number;
  readonly demeanMaxIter: number;
  readonly collinTol: number;
}

/** What the test found. */
export interface ReluResult {
  /** [n] 1 for a separated observation. */
  readonly separated: Uint8Array;
  readonly count: number;
  /** Weighted least-squares iterations run. */
  readonly iterations: number;
}

/** The weight that imposes z = 0 on the rows with y > 0: eps^(-1/2), Van Loan's rule as ppmlhdfe takes it. */
const CONSTRAINT_WEIGHT = Math.ceil(Number.EPSILON ** -0.5);

/**
 * Run the ReLU test on a design (its outcome non-negative). Rows with y > 0 are never separated.
 * @example
 * const { separated, count } = reluSeparation(design, { tol: 1e-5, maxIter: 1000, demeanTol: 1e-12, demeanMaxIter: 1e5, collinTol: 1e-10 });
 */
export function reluSeparation(design: Design, settings: ReluSettings): ReluResult {
  const { n, y } = design;
  const separated = new Uint8Array(n);
  const boundary: number[] = [];
  for (let i = 0; i < n; i++) if (y[i] === 0) boundary.push(i);
  if (boundary.length === 0) return { separated, count: 0, iterations: 0 };
  const w = new Float64Array(n);
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) { w[i] = y[i] === 0 ? 1 : CONSTRAINT_WEIGHT; u[i] = y[i] === 0 ? 1 : 0; }
  const fitSettings = {
    demeanTol: settings.demeanTol, demeanMaxIter: settings.demeanMaxIter, collinTol: settings.collinTol, hetero: false, clusters: false,
  };
  const tol = settings.tol;
  for (let iter = 1; iter <= settings.maxIter; iter++) {
    // The working outcome replaces y; `full: null` makes the fit read the sample columns as they are.
    const work: Design = { ...design, y: u, depvar: '\u0000relu', weights: w, full: null, clusterings: [] };
    const resid = fitDesign(work, fitSettings).residuals;
    const fitted = new Float64Array(n);
    let anyNegative = false;
    for (const i of boundary) {
      let z = u[i] - resid[i];
      // Within tolerance of zero is zero; stricter below zero, so that no row is called separated falsely.
      if (z >= -0.1 * tol && z <= tol) z = 0;
      fitted[i] = z;
      if (z < 0) anyNegative = true;
    }
    if (!anyNegative) return mark(separated, boundary, fitted, iter);
    for (const i of boundary) u[i] = Math.max(fitted[i], 0);
  }
  throw new ConvergenceError(`the ReLU separation test did not settle in ${settings.maxIter} iterations; ` +
    "fit with separation: ['fe'] (hdfe fit --separation fe) to skip it, at the risk of an estimate that diverges if a regressor separates");
}

function mark(separated: Uint8Array, boundary: readonly number[], fitted: Float64Array, iterations: number): ReluResult {
  let count = 0;
  for (const i of boundary) if (fitted[i] > 0) { separated[i] = 1; count++; }
  return { separated, count, iterations };
}
