/**
 * p-values and critical values from @stdlib's distribution functions: Student t (incomplete-beta based,
 * accurate far into the tails, where R's pt agrees to the last digits), F and chi-square upper tails from the
 * regularized incomplete beta and gamma functions.
 *
 * The packages are about 400 CommonJS files (0.1-0.15 s to load one by one), so the build bundles them into one
 * file (build/distributions.cjs, a few ms to load), which Node requires on first use, synchronously: a command
 * that reports no p-value never pays for it (src/platform/node/index.ts). A page bundles them.
 */
import { platform } from '../platform/platform.js';

/** The platform's distribution functions (Node: the bundle, required on first use; a page: bundled in). */
function distributions() {
  return platform().distributions();
}

/** Two-sided p-value of t with df degrees of freedom: 2 P(T <= -|t|). */
export function twoSidedP(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  return 2 * distributions().tCdf(-Math.abs(t), df);
}

/** The t quantile for a two-sided interval of the given level. */
export function criticalT(level: number, df: number): number {
  return distributions().tQuantile(1 - (1 - level) / 2, df);
}

/** P(F > f) for F(df1, df2): the regularized incomplete beta I_{df2 / (df2 + df1 f)}(df2 / 2, df1 / 2). */
export function fUpperTail(f: number, df1: number, df2: number): number {
  if (Number.isNaN(f)) return NaN;
  if (f <= 0) return 1;
  return distributions().betainc(df2 / (df2 + df1 * f), df2 / 2, df1 / 2);
}

/** P(X > x) for chi-square with df degrees of freedom: the upper regularized incomplete gamma Q(df / 2, x / 2). */
export function chiSquareUpperTail(x: number, df: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  return distributions().gammainc(x / 2, df / 2, true, true);
}

/** Two-sided normal p-value 2 P(Z <= -|z|), as the chi-square(1) upper tail of z^2 (accurate far into the tail). */
export function twoSidedNormalP(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return chiSquareUpperTail(z * z, 1);
}

/** log Gamma(x) for x > 0 (the Poisson log-likelihood's log y!). */
export function logGamma(x: number): number {
  return distributions().gammaln(x);
}
