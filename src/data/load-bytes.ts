/**
 * Reading a table from bytes already in memory (a browser File, a fetched URL, a file Node read whole): CSV
 * and TSV through the WebAssembly reader, Arrow IPC and Parquet through their readers, JSON (rows or
 * columns). Numbers are Float64Array with NaN for missing (empty, NA, ., NaN, null); text is a FactorColumn.
 * Missing counts are kept per column. No platform code: src/data/load.ts (Node) and the browser build both
 * end here.
 */
import { DataError } from '../errors.js';
import { oneOf } from '../estimate/options.js';
import { isMissing } from './columns.js';
import { factorize } from './factor.js';
import { factorColumn } from './factor-column.js';
import { readDelimited, type DelimitedOptions } from './readers/csv.js';
import { bytesSource } from './readers/source.js';
import type { LoadedColumn, LoadedData } from './readers/types.js';

/** File formats `loadData` reads. */
export type DataFormat = 'csv' | 'tsv' | 'json' | 'arrow' | 'parquet';
export const FORMATS = ['csv', 'tsv', 'json', 'arrow', 'parquet'] as const;

/** Options of `loadData`: the columns to read with their roles, and for delimited text the block size and progress. */
export type LoadOptions = Omit<DelimitedOptions, 'delimiter'>;

/**
 * The format of a file from `format`, else from its name's extension (CSV when there is none).
 * @example
 * formatOf('panel.parquet'); // 'parquet'
 */
export function formatOf(path: string, format?: string): DataFormat {
  if (format) return oneOf('format', format, FORMATS);
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  if (ext === 'arrow' || ext === 'feather' || ext === 'ipc') return 'arrow';
  if (ext === 'parquet' || ext === 'pq') return 'parquet';
  if (ext === 'json') return 'json';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  return 'csv';
}

/**
 * Read a table from bytes in memory; `name` gives the format by its extension (unless `format` is given) and
 * names the data in messages.
 * @example
 * const d = await loadBytes(new Uint8Array(await file.arrayBuffer()), file.name, undefined, { select: { y: 'number', firm: 'factor' } });
 */
export async function loadBytes(bytes: Uint8Array, name: string, format?: string, options: LoadOptions = {}): Promise<LoadedData> {
  const fmt = formatOf(name, format);
  const where = name === '-' ? 'standard input' : `'${name}'`;
  if (fmt === 'csv' || fmt === 'tsv') return readDelimited(bytesSource(bytes, where), { ...options, delimiter: fmt === 'tsv' ? '\t' : ',' });
  return loadWhole(bytes, where, fmt, options);
}

/** JSON, Arrow or Parquet from the whole file's bytes. */
export async function loadWhole(bytes: Uint8Array, where: string, fmt: Exclude<DataFormat, 'csv' | 'tsv'>, options: LoadOptions): Promise<LoadedData> {
  // The columnar readers (and their libraries) load only when such a file comes.
  if (fmt === 'arrow') return (await import('./readers/arrow.js')).readArrow(bytes, where, options);
  if (fmt === 'parquet') return (await import('./readers/parquet.js')).readParquet(bytes, where, options);
  let parsed: unknown;
  try {
    parsed = JSON.parse(decode(bytes));
  } catch (err) {
    throw new DataError(`cannot parse ${where} as JSON: ${(err as Error).message}; pass --format if the extension misleads`);
  }
  return typedColumns(jsonColumns(parsed, where), options);
}

/** UTF-8 text without a byte-order mark: spreadsheet programs write one, and JSON.parse would choke on it. */
function decode(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * JSON rows (an array of objects; a key missing from a row is a missing value, and every key of every row
 * is a column) or columns (an object of equal-length arrays), as named columns.
 */
function jsonColumns(parsed: unknown, where: string): Record<string, unknown[]> {
  if (Array.isArray(parsed)) {
    const names: string[] = [];
    const seen = new Set<string>();
    parsed.forEach((row, i) => {
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        throw new DataError(`${where}: JSON rows must be objects ({"column": value, ...}); row ${i + 1} is ${JSON.stringify(row)}`);
      }
      for (const key of Object.keys(row)) if (!seen.has(key)) { seen.add(key); names.push(key); }
    });
    return Object.fromEntries(names.map((name) => [name, parsed.map((row) => (row as Record<string, unknown>)[name] ?? null)]));
  }
  if (typeof parsed === 'object' && parsed !== null) {
    const cols = parsed as Record<string, unknown>;
    const names = Object.keys(cols);
    for (const name of names) {
      if (!Array.isArray(cols[name])) {
        throw new DataError(`${where}: JSON columns must be arrays; '${name}' is ${JSON.stringify(cols[name])}; write {"${name}": [...], ...} or an array of row objects`);
      }
      const n = (cols[names[0]] as unknown[]).length;
      if ((cols[name] as unknown[]).length !== n) {
        throw new DataError(`${where}: JSON columns must have equal lengths: '${names[0]}' has ${n} values but '${name}' has ${(cols[name] as unknown[]).length}`);
      }
    }
    return cols as Record<string, unknown[]>;
  }
  throw new DataError(`${where}: JSON data must be an array of row objects or an object of columns; got ${JSON.stringify(parsed)?.slice(0, 40)}`);
}

/** Numbers where every present value is a number (or numeric text), text as a factor; missing counted. */
function typedColumns(raw: Record<string, unknown[]>, options: LoadOptions): LoadedData {
  const names = options.select ? Object.keys(options.select) : Object.keys(raw);
  const n = names.length ? (raw[names[0]]?.length ?? 0) : 0;
  const columns: Record<string, LoadedColumn> = {};
  const missing: Record<string, number> = {};
  for (const name of names) {
    const values = raw[name];
    if (!values) throw new DataError(`unknown column '${name}' (selected); the data has: ${Object.keys(raw).slice(0, 20).join(', ')}`);
    let miss = 0;
    let numeric = true;
    const nums = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (isMissing(v)) { miss++; nums[i] = NaN; continue; }
      const x = typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : typeof v === 'string' ? Number(v.trim()) : NaN;
      if (Number.isNaN(x)) numeric = false;
      nums[i] = x;
    }
    missing[name] = miss;
    if (numeric && options.select?.[name] !== 'factor') columns[name] = nums;
    else {
      const f = factorize(values.map((v) => (isMissing(v) ? null : typeof v === 'string' ? v : JSON.stringify(v))));
      columns[name] = factorColumn(f.codes, f.labels);
    }
  }
  return { columns, n, missing };
}
