/**
 * Data in any of the accepted shapes (an Arquero table, an array of row objects, an object of columns)
 * seen through one small interface: named columns of equal length.
 */
import { DataError } from '../errors.js';
import { isFactorColumn, type FactorColumn } from './factor-column.js';

/** A column's values: any array-like of values, or text as a FactorColumn (what the readers produce). */
export type ColumnValues = ArrayLike<unknown> | FactorColumn;

/** Named columns of equal length. Values are whatever the source holds. */
export interface ColumnSource {
  readonly names: readonly string[];
  readonly n: number;
  column(name: string): ColumnValues;
}

/** An Arquero table, structurally: enough to read its columns without importing Arquero here. */
interface ArqueroLike {
  columnNames(): string[];
  numRows(): number;
  array(name: string): ArrayLike<unknown>;
}

/** Data `feols` accepts: an Arquero table, an array of row objects, or an object of columns. */
export type DataInput = ArqueroLike | readonly Record<string, unknown>[] | Readonly<Record<string, ColumnValues>>;

function isArquero(x: unknown): x is ArqueroLike {
  return typeof x === 'object' && x !== null && typeof (x as ArqueroLike).columnNames === 'function' &&
    typeof (x as ArqueroLike).array === 'function';
}

/** Wrap any accepted data shape; throws DataError on ragged or empty input. */
export function columnSource(data: DataInput): ColumnSource {
  if (isArquero(data)) {
    const names = data.columnNames();
    const cache = new Map<string, ArrayLike<unknown>>();
    return {
      names, n: data.numRows(),
      column(name) {
        let col = cache.get(name);
        if (!col) { col = data.array(name); cache.set(name, col); }
        return col;
      },
    };
  }
  if (Array.isArray(data)) {
    const rows = data as readonly Record<string, unknown>[];
    const names: string[] = [];
    const seen = new Set<string>();
    for (const row of rows.slice(0, 1000)) for (const key of Object.keys(row ?? {})) if (!seen.has(key)) { seen.add(key); names.push(key); }
    const cache = new Map<string, unknown[]>();
    return {
      names, n: rows.length,
      column(name) {
        let col = cache.get(name);
        if (!col) { col = rows.map((r) => r?.[name]); cache.set(name, col); }
        return col;
      },
    };
  }
  if (typeof data === 'object' && data !== null) {
    const cols = data as Readonly<Record<string, ColumnValues>>;
    const names = Object.keys(cols);
    if (names.length === 0) throw new DataError('the data has no columns; pass an object of columns, an array of rows or an Arquero table');
    const n = cols[names[0]].length;
    for (const name of names) {
      if (cols[name]?.length !== n) {
        throw new DataError(`columns must have equal lengths: '${names[0]}' has ${n} values but '${name}' has ${cols[name]?.length}`);
      }
    }
    return { names, n, column: (name) => cols[name] };
  }
  throw new DataError(`data must be an Arquero table, an array of row objects or an object of columns; got ${typeof data}`);
}

/** Strings read as missing, as R and Stata write them. */
const MISSING_STRINGS = new Set(['', 'NA', 'NaN', '.', 'null', 'NULL']);

/** True for the representations of a missing value. */
export function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ||
    (typeof v === 'string' && MISSING_STRINGS.has(v.trim()));
}

/**
 * One value per row, whatever the column's form: for the few consumers that compare arbitrary rows' values
 * (permutation units, messages); the hot paths read a FactorColumn's codes instead.
 */
export function rowValues(col: ColumnValues): ArrayLike<unknown> {
  if (!isFactorColumn(col)) return col;
  const out = new Array<string | null>(col.length);
  for (let i = 0; i < col.length; i++) out[i] = col.codes[i] < 0 ? null : col.labels[col.codes[i]];
  return out;
}

/** Levenshtein distance, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** Throw the standard error for a column the formula uses but the data lacks. */
export function assertColumn(source: ColumnSource, name: string, role: string): void {
  if (!source.names.includes(name)) {
    const distance = (c: string) => (c.toLowerCase() === name.toLowerCase() ? 0 : editDistance(c, name));
    const close = source.names.filter((c) => distance(c) <= Math.min(2, name.length - 1)).sort((a, b) => distance(a) - distance(b));
    throw new DataError(
      `unknown column '${name}' (${role}); the data has: ${source.names.slice(0, 20).join(', ')}${source.names.length > 20 ? ', ...' : ''}` +
        (close.length ? `; did you mean '${close[0]}'?` : ''));
  }
}

/**
 * A column as numbers, missing values as NaN. Numeric strings are accepted (CSV readers may leave them);
 * any other string is an error naming the first offending row. Booleans count as 0/1.
 */
export function numericColumn(source: ColumnSource, name: string, role = 'a numeric variable'): Float64Array {
  assertColumn(source, name, role);
  const col = source.column(name);
  if (col instanceof Float64Array) return col;
  if (isFactorColumn(col)) {
    // Text levels that are all numbers (an Arrow dictionary of '1.5', '2') convert, as numeric strings do
    // below; otherwise the first row holding a level that is not a number is the culprit.
    const values = col.labels.map((l) => (isMissing(l) ? NaN : l.trim() === '' ? NaN : Number(l.trim())));
    const out = new Float64Array(col.length);
    for (let i = 0; i < col.length; i++) {
      const c = col.codes[i];
      if (c < 0 || isMissing(col.labels[c])) { out[i] = NaN; continue; }
      if (Number.isNaN(values[c])) {
        throw new DataError(
          `column '${name}' is used as ${role} but is not numeric: row ${i + 1} holds ${JSON.stringify(col.labels[c])}; ` +
            `convert it to numbers, or use it as a factor (i(${name})) or a fixed effect (| ${name})`);
      }
      out[i] = values[c];
    }
    return out;
  }
  const n = source.n;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = col[i];
    if (typeof v === 'number') out[i] = v;
    else if (typeof v === 'boolean') out[i] = v ? 1 : 0;
    else if (typeof v === 'bigint') out[i] = Number(v);
    else if (isMissing(v)) out[i] = NaN;
    else {
      const x = typeof v === 'string' ? Number(v.trim()) : NaN;
      if (Number.isNaN(x)) {
        throw new DataError(
          `column '${name}' is used as ${role} but is not numeric: row ${i + 1} holds ${JSON.stringify(v)}; ` +
            `convert it to numbers, or use it as a factor (i(${name})) or a fixed effect (| ${name})`);
      }
      out[i] = x;
    }
  }
  return out;
}
