/**
 * Student t p-values and confidence intervals, from @stdlib's t distribution (incomplete-beta based, accurate
 * far into the tails, where R's pt agrees to the last digits).
 *
 * The two packages are about 400 CommonJS files (0.1-0.15 s to load one by one), so the build bundles them into
 * one file (build/t-dist.cjs, a few ms to load), which is required on first use, synchronously: a command that
 * reports no p-value never pays for it. Without the bundle (sources run before a build) the packages load as
 * they are.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type tCdfFn from '@stdlib/stats-base-dists-t-cdf';
import type tQuantileFn from '@stdlib/stats-base-dists-t-quantile';
import { packageRoot } from '../package-root.js';

interface TDist { cdf: typeof tCdfFn; quantile: typeof tQuantileFn }

const require = createRequire(import.meta.url);
let dist: TDist | null = null;

function tDist(): TDist {
  if (dist) return dist;
  const bundle = join(packageRoot(), 'build', 't-dist.cjs');
  dist = existsSync(bundle) ? (require(bundle) as TDist)
    : { cdf: require('@stdlib/stats-base-dists-t-cdf') as typeof tCdfFn, quantile: require('@stdlib/stats-base-dists-t-quantile') as typeof tQuantileFn };
  return dist;
}

/** Two-sided p-value of t with df degrees of freedom: 2 P(T <= -|t|). */
export function twoSidedP(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  return 2 * tDist().cdf(-Math.abs(t), df);
}

/** The t quantile for a two-sided interval of the given level. */
export function criticalT(level: number, df: number): number {
  return tDist().quantile(1 - (1 - level) / 2, df);
}
