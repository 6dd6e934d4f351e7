/**
 * Student t p-values and confidence intervals, from @stdlib's t distribution (incomplete-beta based, accurate
 * far into the tails, where R's pt agrees to the last digits).
 *
 * The two packages are about 400 CommonJS files (0.15-0.25 s to load), so they are required on first use,
 * synchronously, and a command that reports no p-value never pays for them.
 */
import { createRequire } from 'node:module';
import type tCdfFn from '@stdlib/stats-base-dists-t-cdf';
import type tQuantileFn from '@stdlib/stats-base-dists-t-quantile';

const require = createRequire(import.meta.url);
let tCdf: typeof tCdfFn | null = null;
let tQuantile: typeof tQuantileFn | null = null;

/** Two-sided p-value of t with df degrees of freedom: 2 P(T <= -|t|). */
export function twoSidedP(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  tCdf ??= require('@stdlib/stats-base-dists-t-cdf') as typeof tCdfFn;
  return 2 * tCdf(-Math.abs(t), df);
}

/** The t quantile for a two-sided interval of the given level. */
export function criticalT(level: number, df: number): number {
  tQuantile ??= require('@stdlib/stats-base-dists-t-quantile') as typeof tQuantileFn;
  return tQuantile(1 - (1 - level) / 2, df);
}
