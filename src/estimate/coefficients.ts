/**
 * The coefficient table from estimates and their variance: standard errors, statistics, two-sided p-values
 * and intervals, on a t distribution (least squares, dfT finite) or the normal (maximum likelihood: fixest
 * reports z statistics and normal p-values for GLMs, written here as dfT = Infinity).
 */
import { normalQuantile } from '../infer/normal.js';
import { criticalT, twoSidedNormalP, twoSidedP } from './inference.js';
import type { Coefficient } from './result.js';

/**
 * One row per term; V is [k x k] row-major in the terms' order.
 * @example
 * coefficientTable(['x'], [0.5], Float64Array.of(0.01), Infinity, 0.95)[0].pValue; // 2 P(Z > 5)
 */
export function coefficientTable(terms: readonly string[], beta: ArrayLike<number>, V: ArrayLike<number>,
  dfT: number, level: number): Coefficient[] {
  const k = terms.length;
  const normal = dfT === Infinity;
  const crit = normal ? normalQuantile(1 - (1 - level) / 2) : criticalT(level, dfT);
  return terms.map((term, j) => {
    const estimate = beta[j];
    const stdError = Math.sqrt(V[j * k + j]);
    const statistic = estimate / stdError;
    return Object.freeze({
      term, estimate, stdError, statistic,
      pValue: normal ? twoSidedNormalP(statistic) : twoSidedP(statistic, dfT),
      confLow: estimate - crit * stdError, confHigh: estimate + crit * stdError,
    });
  });
}
