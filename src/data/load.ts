/**
 * Reading data files with Arquero's loaders: CSV, TSV, JSON (rows or columns) and Arrow IPC, from a path or
 * standard input ('-'). Columns whose non-missing values are all numbers become Float64Array with NaN for
 * missing (empty, NA, ., NaN, null); the others stay text, missing as null. Missing counts are kept per column.
 */
import * as aq from 'arquero';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { DataError } from '../errors.js';
import { isMissing } from './columns.js';
import { oneOf } from '../estimate/options.js';

/** File formats `loadData` reads. */
export type DataFormat = 'csv' | 'tsv' | 'json' | 'arrow';
const FORMATS = ['csv', 'tsv', 'json', 'arrow'] as const;

/** Loaded data: named columns plus what was found missing in each. */
export interface LoadedData {
  readonly columns: Readonly<Record<string, Float64Array | (string | null)[]>>;
  readonly n: number;
  readonly missing: Readonly<Record<string, number>>;
}

function formatOf(path: string, format?: string): DataFormat {
  if (format) return oneOf('format', format, FORMATS);
  const ext = extname(path).toLowerCase().replace('.', '');
  if (ext === 'arrow' || ext === 'feather' || ext === 'ipc') return 'arrow';
  if (ext === 'json') return 'json';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  return 'csv';
}

/** Read a table from a path or '-' (stdin). The format follows the extension unless given. */
export function loadData(path: string, format?: string): LoadedData {
  const fmt = formatOf(path, format);
  const where = path === '-' ? 'standard input' : `'${path}'`;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path === '-' ? 0 : path);
  } catch (err) {
    throw new DataError(`cannot read data from ${where}: ${(err as Error).message}`);
  }
  let table: ReturnType<typeof aq.fromCSV>;
  try {
    if (fmt === 'arrow') table = aq.fromArrow(new Uint8Array(bytes));
    else if (fmt === 'json') table = aq.table(jsonColumns(JSON.parse(decode(bytes)), where));
    else table = aq.fromCSV(skipBlankLines(decode(bytes)), { delimiter: fmt === 'tsv' ? '\t' : ',', autoType: false });
  } catch (err) {
    if (err instanceof DataError) throw err;
    throw new DataError(`cannot parse ${where} as ${fmt.toUpperCase()}: ${(err as Error).message}; pass --format if the extension misleads`);
  }
  return normalize(table);
}

/** UTF-8 text without a byte-order mark: spreadsheet programs write one, and it would otherwise become part of
 * the first column's name (or break JSON.parse). */
function decode(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Remove blank lines outside quoted fields, as R's read.csv does (blank.lines.skip = TRUE): a file ending in
 * an empty line, or with blank lines between records, must not gain rows of missing values.
 */
export function skipBlankLines(text: string): string {
  // Most files have no blank line (the final newline ends the last record and makes none): no copy.
  if (!/(^|\n)[ \r]*\n/.test(text) && !/(^|\n)[ \r]+$/.test(text)) return text;
  const kept: string[] = [];
  let inQuote = false;
  let start = 0;
  let removed = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    if (c === 34) inQuote = !inQuote; // '"'; an escaped "" toggles twice
    else if (c === 10 && !inQuote) {
      const line = text.slice(start, i);
      if (i === text.length && line === '') break;
      if (/^[ \r]*$/.test(line)) removed = true;
      else kept.push(line);
      start = i + 1;
    }
  }
  return removed ? kept.map((line) => line + '\n').join('') : text;
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

/** Numbers where a column is numeric, text elsewhere; count missing values. */
export function normalize(table: { columnNames(): string[]; numRows(): number; array(name: string): ArrayLike<unknown> }): LoadedData {
  const n = table.numRows();
  const columns: Record<string, Float64Array | (string | null)[]> = {};
  const missing: Record<string, number> = {};
  for (const name of table.columnNames()) {
    const raw = table.array(name);
    let miss = 0;
    let numeric = true;
    const nums = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = raw[i];
      if (isMissing(v)) { miss++; nums[i] = NaN; continue; }
      const x = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? Number(v) : Number(String(v).trim());
      if (Number.isNaN(x) || (typeof v === 'string' && v.trim() === '')) { numeric = false; }
      nums[i] = x;
    }
    missing[name] = miss;
    columns[name] = numeric ? nums : Array.from({ length: n }, (_, i) => (isMissing(raw[i]) ? null : String(raw[i])));
  }
  return { columns, n, missing };
}
