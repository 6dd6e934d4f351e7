/**
 * Multiple-testing adjustments of a set of p-values (several coefficients, outcomes or specifications), as R's
 * stats::p.adjust computes them: Bonferroni and Holm (family-wise error), Hochberg (family-wise, under
 * independence or positive dependence), Benjamini-Hochberg and Benjamini-Yekutieli (false discovery rate).
 * Missing p-values (NaN) stay missing and do not count in the number of tests.
 */
import { oneOf } from '../estimate/options.js';

/** The adjustments `pAdjust` offers (R's names). */
export type PAdjustMethod = 'bonferroni' | 'holm' | 'hochberg' | 'BH' | 'BY';
const METHODS = ['bonferroni', 'holm', 'hochberg', 'BH', 'BY'] as const;

/** Indices of p sorted by value, ascending or descending; ties keep their order (R's order() is stable). */
function order(p: readonly number[], idx: readonly number[], descending: boolean): number[] {
  return [...idx].sort((a, b) => (descending ? p[b] - p[a] : p[a] - p[b]) || a - b);
}

/**
 * Adjusted p-values in the order given.
 * @example
 * pAdjust([0.01, 0.04, 0.03], 'holm'); // [0.03, 0.06, 0.06]
 */
export function pAdjust(pValues: readonly number[], method: PAdjustMethod = 'holm'): number[] {
  const m = oneOf('method', method, METHODS);
  const out = pValues.map(() => NaN);
  const present = pValues.map((_, i) => i).filter((i) => !Number.isNaN(pValues[i]));
  const n = present.length;
  if (n === 0) return out;
  const p = pValues;
  if (m === 'bonferroni') {
    for (const i of present) out[i] = Math.min(1, n * p[i]);
    return out;
  }
  if (m === 'holm') {
    // Step down: the j-th smallest is multiplied by n - j + 1, then running maxima keep the order.
    let running = 0;
    order(p, present, false).forEach((i, j) => { running = Math.max(running, (n - j) * p[i]); out[i] = Math.min(1, running); });
    return out;
  }
  // Step up from the largest: running minima of the scaled values.
  const q = m === 'BY' ? present.reduce((s, _, j) => s + 1 / (j + 1), 0) : 1;
  let running = Infinity;
  order(p, present, true).forEach((i, j) => {
    const rank = n - j; // rank of p[i] from the smallest, 1-based
    const scaled = m === 'hochberg' ? (n + 1 - rank) * p[i] : (q * n / rank) * p[i];
    running = Math.min(running, scaled);
    out[i] = Math.min(1, running);
  });
  return out;
}
