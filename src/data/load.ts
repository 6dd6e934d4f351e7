/**
 * Reading a data file into typed columns (Node): CSV and TSV from the file in blocks through the WebAssembly
 * reader (on every core for a large file), the other formats from the whole file's bytes (load-bytes.ts).
 */
import { readFileBytes } from '../platform/node/files.js';
import { formatOf, loadWhole, type LoadOptions } from './load-bytes.js';
import { readDelimitedFile } from './readers/csv-parallel.js';
import type { LoadedData } from './readers/types.js';

export type { LoadedData, LoadedColumn, ColumnRole, ReadOptions } from './readers/types.js';
export { loadBytes, formatOf, type DataFormat, type LoadOptions } from './load-bytes.js';

/**
 * Read a table from a path or '-' (stdin). The format follows the extension unless given.
 * @example
 * const d = await loadData('panel.csv', undefined, { select: { y: 'number', x: 'number', firm: 'factor' } });
 */
export async function loadData(path: string, format?: string, options: LoadOptions = {}): Promise<LoadedData> {
  const fmt = formatOf(path, format);
  if (fmt === 'csv' || fmt === 'tsv') return readDelimitedFile(path, { ...options, delimiter: fmt === 'tsv' ? '\t' : ',' });
  const where = path === '-' ? 'standard input' : `'${path}'`;
  return loadWhole(readFileBytes(path, fmt), where, fmt, options);
}
