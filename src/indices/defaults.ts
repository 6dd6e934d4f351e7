/**
 * Defaults and tolerances of the index builders, in one place so the TSDoc and the README quote the same
 * numbers. (When `src/defaults.ts` exists these belong there; they are kept apart until then.)
 *
 * @example
 * ```ts
 * import { INDEX_DEFAULTS } from './defaults.js';
 * INDEX_DEFAULTS.lag; // 1
 * ```
 */
export const INDEX_DEFAULTS = Object.freeze({
  /** `exportResilience` lag k: one-period growth, as in Martin (2012) on yearly data. */
  lag: 1,
  /** `potentialIndex` internal distance d_ii: half the distance to the nearest other unit. */
  internalDistance: Object.freeze({ kind: 'fraction-of-nearest', fraction: 0.5 } as const),
  /** `potentialIndex` scaling across units at each time. */
  normalize: 'none' as const,
  /**
   * A per-row national series must be constant within each time up to this relative difference; the first
   * row of each time supplies the value used.
   */
  nationalConstantRtol: 1e-12,
  /** A distance matrix is symmetric when |d_ij - d_ji| <= rtol * max(|d_ij|, |d_ji|). */
  symmetryRtol: 1e-9,
});
