/**
 * Export resilience (Martin 2012, "Regional economic resilience, hysteresis and recessionary shocks",
 * J. Econ. Geogr. 12(1); used for exports by Faggian et al. 2018 and Holl 2018): a region's k-period log
 * export growth minus the nation's over the same periods.
 */
import { DataError, OptionError } from '../errors.js';
import { INDEX_DEFAULTS } from './defaults.js';
import { checkLengths, indexPanel, requireValues, showRow, type IdColumn, type NumericColumn } from './panel.js';

const FN = 'exportResilience';

/**
 * Inputs of {@link exportResilience}: one row per unit-period, in any order.
 *
 * @example
 * ```ts
 * const opts: ExportResilienceOptions = { id: ['A', 'A'], time: [2009, 2010], exports: [10, 12] };
 * ```
 */
export interface ExportResilienceOptions {
  /** Unit of each row (province). */
  id: IdColumn;
  /** Period of each row; the lag of (i, t) is the row (i, t - k), so times are usually integer years. */
  time: NumericColumn;
  /** Exports E_it; must be finite and > 0 (logged). */
  exports: NumericColumn;
  /**
   * National exports E_t: a per-row column (constant within each time), a map time -> value covering every
   * time in the data, or absent to use the sum of `exports` over the units present at each time.
   */
  national?: NumericColumn | ReadonlyMap<number, number>;
  /** Growth horizon k in periods, a positive integer; default {@link INDEX_DEFAULTS}.lag = 1. */
  k?: number;
}

/**
 * Export resilience `SL_it = (ln E_it - ln E_i,t-k) - (ln E_t - ln E_t-k)`, aligned with the input rows.
 *
 * The lag is the row with the same id at time `t - k`; when that row is absent (the first k periods of a
 * unit, a gap in its series, a late entrant's first periods) the value is NaN. It is never taken from "the
 * previous available row", which would mix growth over different horizons.
 *
 * Without `national`, E_t is the sum of E_it over the units present at t. In an unbalanced panel that sum
 * jumps when a unit enters or leaves, so the national growth term then reflects entry and exit as well as
 * growth; pass the official national series (as a column or a map) to avoid this.
 *
 * Throws `DataError` for unequal column lengths, duplicate (id, time) pairs, exports or national values that
 * are not finite and > 0 (naming the first offending row's id and time), a per-row national column that
 * varies within a time (beyond a relative 1e-12), or a national map missing a time of the data; throws
 * `OptionError` for k that is not a positive integer.
 *
 * @example
 * ```ts
 * const sl = exportResilience({
 *   id: ['A', 'A', 'B', 'B'],
 *   time: [2009, 2010, 2009, 2010],
 *   exports: [100, 120, 50, 55],
 *   national: new Map([[2009, 1000], [2010, 1100]]),
 * });
 * // sl[1] = ln(120/100) - ln(1100/1000) ≈ 0.0870; sl[0] and sl[2] are NaN (no 2008 rows)
 * ```
 */
export function exportResilience(options: ExportResilienceOptions): Float64Array {
  const { id, time, exports, national } = options;
  const k = options.k ?? INDEX_DEFAULTS.lag;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
    throw new OptionError(`${FN}: expected k to be a positive integer number of periods, got ${String(k)}; use e.g. k: 1`);
  }
  const nationalIsColumn = national !== undefined && !(national instanceof Map);
  checkLengths(FN, nationalIsColumn ? { id, time, exports, national: national as NumericColumn } : { id, time, exports });
  const panel = indexPanel(FN, id, time);
  requireValues(FN, 'exports', exports, id, time, 'positive', 'its log is taken');

  const lnNational = nationalLogs(id, time, exports, national, panel.rowsByTime);
  const sl = new Float64Array(panel.n).fill(NaN);
  for (let row = 0; row < panel.n; row++) {
    const t = time[row];
    const lag = panel.rowOf(id[row], t - k);
    if (lag === undefined) continue;
    const own = Math.log(exports[row]) - Math.log(exports[lag]);
    sl[row] = own - (lnNational.get(t)! - lnNational.get(t - k)!);
  }
  return sl;
}

/** ln E_t for every time present in the data, from whichever form `national` took. */
function nationalLogs(
  id: IdColumn,
  time: NumericColumn,
  exports: NumericColumn,
  national: ExportResilienceOptions['national'],
  rowsByTime: ReadonlyMap<number, readonly number[]>,
): Map<number, number> {
  const ln = new Map<number, number>();
  if (national === undefined) {
    for (const [t, rows] of rowsByTime) {
      let sum = 0;
      for (const row of rows) sum += exports[row];
      ln.set(t, Math.log(sum));
    }
    return ln;
  }
  if (national instanceof Map) {
    for (const t of rowsByTime.keys()) {
      const v = national.get(t);
      if (v === undefined) {
        throw new DataError(
          `${FN}: expected the national map to hold every time in the data, but time ${t} is missing; ` +
            `add E_t for ${t} or drop the rows at that time`,
        );
      }
      if (!Number.isFinite(v) || v <= 0) {
        throw new DataError(`${FN}: expected national exports to be finite and > 0 because their log is taken, got ${v} at time ${t}; correct the map`);
      }
      ln.set(t, Math.log(v));
    }
    return ln;
  }
  const column = national as NumericColumn;
  requireValues(FN, 'national', column, id, time, 'positive', 'its log is taken');
  const rtol = INDEX_DEFAULTS.nationalConstantRtol;
  for (const [t, rows] of rowsByTime) {
    const first = rows[0];
    const v0 = column[first];
    for (const row of rows) {
      const v = column[row];
      if (Math.abs(v - v0) > rtol * Math.max(Math.abs(v), Math.abs(v0))) {
        throw new DataError(
          `${FN}: expected the national column to be constant within each time, but at time ${t} ` +
            `${showRow(id, time, first)} has ${v0} and ${showRow(id, time, row)} has ${v}; ` +
            `join one national value per time, or pass a Map time -> value`,
        );
      }
    }
    ln.set(t, Math.log(v0));
  }
  return ln;
}
