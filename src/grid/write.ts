/** A grid's files written into a folder (Node). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gridFiles, type GridFileOptions } from './files.js';
import type { GridResult } from './run.js';

/**
 * Write the files into `dir` (created if needed); returns their paths.
 * @example
 * await writeGridFiles(result, 'output', { prefix: 'spec_' }); // ['output/spec_rows.csv', 'output/spec_rows.json', 'output/spec_curve.svg']
 */
export async function writeGridFiles(result: GridResult, dir: string, options: GridFileOptions = {}): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files = await gridFiles(result, options);
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  return files.map(([name]) => join(dir, name));
}
