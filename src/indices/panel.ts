/**
 * Shared boundary checks for the index builders: column lengths, the (id, time) key of every row, and the
 * value checks whose messages name the first offending row by its id and time, so a user can find it in
 * their own data rather than by a row number that depends on how the data were sorted.
 */
import { DataError, OptionError } from '../errors.js';

/**
 * Unit identifiers, one per row: province names, codes, any string or number.
 *
 * @example
 * ```ts
 * const id: IdColumn = ['Beijing', 'Beijing', 'Tianjin'];
 * ```
 */
export type IdColumn = ArrayLike<string | number>;

/**
 * A numeric column, one value per row: a plain array or any typed array.
 *
 * @example
 * ```ts
 * const time: NumericColumn = new Int32Array([2009, 2010, 2009]);
 * ```
 */
export type NumericColumn = ArrayLike<number>;

/**
 * The rows of a panel indexed by unit and period: `rowOf(id, time)` finds a row in O(1), `rowsByTime`
 * lists the rows present at each time in input order, `times` lists the distinct times ascending.
 *
 * @example
 * ```ts
 * const p = indexPanel('exportResilience', ['A', 'A'], [2009, 2010]);
 * p.rowOf('A', 2010); // 1
 * ```
 */
export interface PanelIndex {
  readonly n: number;
  readonly times: readonly number[];
  readonly rowsByTime: ReadonlyMap<number, readonly number[]>;
  rowOf(id: string | number, time: number): number | undefined;
}

/**
 * How a row's id is quoted in messages: strings in single quotes, numbers bare.
 *
 * @example
 * ```ts
 * showId('Beijing'); // "'Beijing'"
 * showId(3); // '3'
 * ```
 */
export function showId(id: string | number): string {
  return typeof id === 'string' ? `'${id}'` : String(id);
}

/**
 * The way every message points at a row: by position and by its (id, time).
 *
 * @example
 * ```ts
 * showRow(['Beijing'], [2010], 0); // "row 0 (id 'Beijing', time 2010)"
 * ```
 */
export function showRow(id: IdColumn, time: NumericColumn, row: number): string {
  return `row ${row} (id ${showId(id[row])}, time ${time[row]})`;
}

/**
 * Checks that every named column has the length of `id`.
 *
 * @example
 * ```ts
 * checkLengths('locationQuotient', { id: ['A'], time: [1], output: [2], size: [3] }); // passes
 * ```
 */
export function checkLengths(fn: string, columns: { id: IdColumn } & Record<string, ArrayLike<unknown>>): void {
  const n = columns.id.length;
  for (const [name, col] of Object.entries(columns)) {
    if (col == null || typeof col.length !== 'number') {
      throw new DataError(`${fn}: expected column '${name}' to be an array or typed array, got ${String(col)}; pass one value per row`);
    }
    if (col.length !== n) {
      throw new DataError(
        `${fn}: expected every column to have ${n} rows (the length of 'id'), but '${name}' has ${col.length}; ` +
          `pass columns aligned row by row`,
      );
    }
  }
}

/**
 * Indexes rows by (id, time) after checking that times are finite numbers, ids are strings or finite numbers,
 * and no (id, time) pair occurs twice (a duplicate would make lags and per-time sums ambiguous).
 *
 * @example
 * ```ts
 * const p = indexPanel('locationQuotient', ['A', 'B', 'A'], [1, 1, 2]);
 * p.rowsByTime.get(1); // [0, 1]
 * ```
 */
export function indexPanel(fn: string, id: IdColumn, time: NumericColumn): PanelIndex {
  const n = id.length;
  const byId = new Map<string | number, Map<number, number>>();
  const rowsByTime = new Map<number, number[]>();
  for (let row = 0; row < n; row++) {
    const u = id[row];
    const t = time[row];
    if (typeof u !== 'string' && !(typeof u === 'number' && Number.isFinite(u))) {
      throw new DataError(`${fn}: expected each id to be a string or a finite number, got ${String(u)} in row ${row}; drop or recode that row`);
    }
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      throw new DataError(`${fn}: expected each time to be a finite number, got ${String(t)} in row ${row} (id ${showId(u)}); drop or recode that row`);
    }
    let times = byId.get(u);
    if (times === undefined) {
      times = new Map();
      byId.set(u, times);
    }
    const first = times.get(t);
    if (first !== undefined) {
      throw new DataError(
        `${fn}: expected one row per (id, time), but id ${showId(u)} at time ${t} appears in rows ${first} and ${row}; ` +
          `aggregate or drop the duplicates first`,
      );
    }
    times.set(t, row);
    let rows = rowsByTime.get(t);
    if (rows === undefined) {
      rows = [];
      rowsByTime.set(t, rows);
    }
    rows.push(row);
  }
  const times = [...rowsByTime.keys()].sort((a, b) => a - b);
  return {
    n,
    times,
    rowsByTime,
    rowOf: (u, t) => byId.get(u)?.get(t),
  };
}

/**
 * What a value check demands: `'positive'` (> 0, finite) or `'non-negative'` (>= 0, finite).
 *
 * @example
 * ```ts
 * const rule: ValueRule = 'positive';
 * ```
 */
export type ValueRule = 'positive' | 'non-negative';

/**
 * Throws a `DataError` naming the first row whose value breaks `rule`, with the reason the builder needs it.
 *
 * @example
 * ```ts
 * requireValues('exportResilience', 'exports', [1, 2], ['A', 'A'], [1, 2], 'positive', 'its log is taken');
 * ```
 */
export function requireValues(
  fn: string,
  name: string,
  values: NumericColumn,
  id: IdColumn,
  time: NumericColumn,
  rule: ValueRule,
  why: string,
): void {
  for (let row = 0; row < values.length; row++) {
    const v = values[row];
    const ok = typeof v === 'number' && Number.isFinite(v) && (rule === 'positive' ? v > 0 : v >= 0);
    if (!ok) {
      const expected = rule === 'positive' ? 'finite and > 0' : 'finite and >= 0';
      throw new DataError(
        `${fn}: expected '${name}' to be ${expected} because ${why}, got ${String(v)} in ${showRow(id, time, row)}; ` +
          `drop or correct that row before calling`,
      );
    }
  }
}

/**
 * The one validator for string-literal options: returns `value` if it is allowed, else throws an
 * `OptionError` listing what is.
 *
 * @example
 * ```ts
 * oneOf('potentialIndex', 'normalize', 'max', ['none', 'max', 'sum'] as const); // 'max'
 * ```
 */
export function oneOf<T extends string>(fn: string, option: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new OptionError(
    `${fn}: expected ${option} to be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}; pick one of those`,
  );
}
