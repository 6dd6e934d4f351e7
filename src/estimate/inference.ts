/**
 * Student t p-values and confidence intervals, from @stdlib's t distribution (incomplete-beta based, accurate
 * far into the tails, where R's pt agrees to the last digits).
 */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** Two-sided p-value of t with df degrees of freedom: 2 P(T <= -|t|). */
export function twoSidedP(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  return 2 * tCdf(-Math.abs(t), df);
}

/** The t quantile for a two-sided interval of the given level. */
export function criticalT(level: number, df: number): number {
  return tQuantile(1 - (1 - level) / 2, df);
}
