/**
 * Location quotient (Isard 1960, "Methods of Regional Analysis"): a unit's output intensity relative to the
 * whole panel's at the same time, the common non-spatial measure of agglomeration and the alternative to the
 * distance-decay potential index in the virtual-agglomeration study (the study in data/README.md).
 */
import { checkLengths, indexPanel, requireValues, type IdColumn, type NumericColumn } from './panel.js';

const FN = 'locationQuotient';

/**
 * Inputs of {@link locationQuotient}: one row per unit-period, in any order.
 *
 * @example
 * ```ts
 * const opts: LocationQuotientOptions = { id: ['A', 'B'], time: [1, 1], output: [2, 1], size: [10, 20] };
 * ```
 */
export interface LocationQuotientOptions {
  /** Unit of each row. */
  id: IdColumn;
  /** Period of each row. */
  time: NumericColumn;
  /** Sector output VS_it (e.g. software and information-service revenue); finite and >= 0. */
  output: NumericColumn;
  /** Size measure X_it (e.g. GDP, employment); finite and > 0 (it divides). */
  size: NumericColumn;
}

/**
 * Location quotient `LQ_it = (VS_it / X_it) / (sum_j VS_jt / sum_j X_jt)`, the sums running over the units
 * present at t, aligned with the input rows. 1 means the unit is as specialised as the panel as a whole.
 *
 * NaN where the panel's total output at t is 0 (the reference intensity is 0, so no quotient exists).
 * Because the sums run over the units present at t, entry and exit move every unit's quotient at that time.
 *
 * Throws `DataError` for unequal column lengths, duplicate (id, time) pairs, output that is not finite and
 * >= 0, or size that is not finite and > 0 (naming the first offending row's id and time).
 *
 * @example
 * ```ts
 * const lq = locationQuotient({ id: ['A', 'B'], time: [1, 1], output: [2, 1], size: [10, 20] });
 * // lq[0] = (2/10) / (3/30) = 2, lq[1] = (1/20) / (3/30) = 0.5
 * ```
 */
export function locationQuotient(options: LocationQuotientOptions): Float64Array {
  const { id, time, output, size } = options;
  checkLengths(FN, { id, time, output, size });
  const panel = indexPanel(FN, id, time);
  requireValues(FN, 'output', output, id, time, 'non-negative', 'it is a level of output');
  requireValues(FN, 'size', size, id, time, 'positive', 'output is divided by it');

  const lq = new Float64Array(panel.n);
  for (const rows of panel.rowsByTime.values()) {
    let sumOutput = 0;
    let sumSize = 0;
    for (const row of rows) {
      sumOutput += output[row];
      sumSize += size[row];
    }
    const reference = sumOutput / sumSize;
    for (const row of rows) {
      lq[row] = reference > 0 ? output[row] / size[row] / reference : NaN;
    }
  }
  return lq;
}
