/** A grid's result as files: rows.csv, rows.json (with the grid and its summary) and curve.svg. */
import { ensureDir, writeFilesAtomic } from '../platform/files.js';
import { join } from 'node:path';
import { specificationCurveSvg, type CurveFigureOptions } from './figure.js';
import { rowsToCsv, rowToJson } from './rows.js';
import type { GridResult } from './run.js';

export interface GridFileOptions {
  /** Prefix of the file names ('' gives rows.csv; 'curve_' gives curve_rows.csv) ['']. */
  prefix?: string;
  /** Draw curve.svg [true]. */
  figure?: boolean;
  figureOptions?: CurveFigureOptions;
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * The JSON document: the grid as run, its summary, and one object per specification.
 * @example
 * JSON.stringify(gridToJson(result)); // '{"grid":{...},"samples":["full"],"groups":6,"level":0.95,"summary":{...},"rows":[...]}'
 */
export function gridToJson(result: GridResult): Record<string, unknown> {
  const s = result.summary;
  return {
    grid: result.grid,
    samples: result.samples.map((x) => x.label),
    groups: result.groups,
    level: result.level,
    summary: {
      specs: s.specs, estimated: s.estimated, median: finite(s.median), share_positive: finite(s.sharePositive),
      share_significant: finite(s.shareSignificant), share_significant_positive: finite(s.shareSignificantPositive),
      share_significant_negative: finite(s.shareSignificantNegative), min: finite(s.min), max: finite(s.max), alpha: s.alpha,
    },
    rows: result.rows.map(rowToJson),
  };
}

/**
 * Write the files into `dir` (created if needed); returns their paths.
 * @example
 * await writeGridFiles(result, 'output', { prefix: 'spec_' }); // ['output/spec_rows.csv', 'output/spec_rows.json', 'output/spec_curve.svg']
 */
export async function writeGridFiles(result: GridResult, dir: string, options: GridFileOptions = {}): Promise<string[]> {
  const prefix = options.prefix ?? '';
  ensureDir(dir);
  const files: [string, string][] = [
    [join(dir, `${prefix}rows.csv`), rowsToCsv(result.rows)],
    [join(dir, `${prefix}rows.json`), JSON.stringify(gridToJson(result), null, 2) + '\n'],
  ];
  if (options.figure ?? true) files.push([join(dir, `${prefix}curve.svg`), await specificationCurveSvg(result, options.figureOptions)]);
  writeFilesAtomic(files);
  return files.map(([path]) => path);
}
