/**
 * The specification-curve summary (Simonsohn, Simmons and Nelson 2020): how the main estimate is spread over
 * the specifications, and how many are positive and significant.
 */
import type { GridRow } from './rows.js';

export interface CurveSummary {
  /** Specifications in the grid. */
  readonly specs: number;
  /** Specifications with an estimate (the rest: main regressor collinear, or no variance). */
  readonly estimated: number;
  readonly median: number;
  /** Shares among the estimated specifications. */
  readonly sharePositive: number;
  /** p < alpha. */
  readonly shareSignificant: number;
  /** Significant and positive, significant and negative. */
  readonly shareSignificantPositive: number;
  readonly shareSignificantNegative: number;
  readonly min: number;
  readonly max: number;
  readonly alpha: number;
}

/** Median of sorted values (mean of the two middle ones for an even count); NaN when empty. */
function medianOfSorted(v: Float64Array): number {
  const n = v.length;
  if (n === 0) return NaN;
  return n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/**
 * Summarise the main estimates of the rows.
 * @example
 * curveSummary(result.rows, 0.05); // { specs: 96, estimated: 96, median: 0.09, sharePositive: 1, shareSignificant: 0.8, ... }
 */
export function curveSummary(rows: readonly GridRow[], alpha: number): CurveSummary {
  const ok = rows.filter((r) => Number.isFinite(r.estimate));
  const estimates = Float64Array.from(ok, (r) => r.estimate).sort();
  const share = (pred: (r: GridRow) => boolean) => (ok.length ? ok.filter(pred).length / ok.length : NaN);
  const significant = (r: GridRow) => r.pValue < alpha;
  return Object.freeze({
    specs: rows.length,
    estimated: ok.length,
    median: medianOfSorted(estimates),
    sharePositive: share((r) => r.estimate > 0),
    shareSignificant: share(significant),
    shareSignificantPositive: share((r) => significant(r) && r.estimate > 0),
    shareSignificantNegative: share((r) => significant(r) && r.estimate < 0),
    min: ok.length ? estimates[0] : NaN,
    max: ok.length ? estimates[estimates.length - 1] : NaN,
    alpha,
  });
}
