/** A grid's files written into a folder (Node), atomically: the set appears whole or not at all. */
import { join } from 'node:path';
import { ensureDir, writeFilesAtomic } from '../platform/node/output.js';
import { gridFiles, type GridFileOptions } from './files.js';
import type { GridResult } from './run.js';

/**
 * Write the files into `dir` (created if needed); returns their paths.
 * @example
 * await writeGridFiles(result, 'output', { prefix: 'spec_' }); // ['output/spec_rows.csv', 'output/spec_rows.json', 'output/spec_curve.svg']
 */
export async function writeGridFiles(result: GridResult, dir: string, options: GridFileOptions = {}): Promise<string[]> {
  ensureDir(dir);
  const files = (await gridFiles(result, options)).map(([name, text]) => [join(dir, name), text] as const);
  await writeFilesAtomic(files);
  return files.map(([path]) => path);
}
