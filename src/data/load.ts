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
  let bytes: Buffer;
  try {
    bytes = readFileSync(path === '-' ? 0 : path);
  } catch (err) {
    throw new DataError(`cannot read data from ${path === '-' ? 'standard input' : `'${path}'`}: ${(err as Error).message}`);
  }
  let table: ReturnType<typeof aq.fromCSV>;
  try {
    if (fmt === 'arrow') table = aq.fromArrow(new Uint8Array(bytes));
    else if (fmt === 'json') {
      const parsed = JSON.parse(bytes.toString('utf8'));
      table = Array.isArray(parsed) ? aq.from(parsed) : aq.table(parsed);
    } else {
      table = aq.fromCSV(bytes.toString('utf8'), { delimiter: fmt === 'tsv' ? '\t' : ',', autoType: false });
    }
  } catch (err) {
    throw new DataError(`cannot parse ${path === '-' ? 'standard input' : `'${path}'`} as ${fmt.toUpperCase()}: ${(err as Error).message}; pass --format if the extension misleads`);
  }
  return normalize(table);
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
