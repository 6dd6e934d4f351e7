/** A grid's result as files: rows.csv, rows.json (with the grid and its summary) and curve.svg (written by write.ts in Node). */
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
 * The files' names and texts: rows.csv, rows.json and (unless `figure: false`) curve.svg, with the prefix.
 * @example
 * const files = await gridFiles(result, { prefix: 'spec_' }); // [['spec_rows.csv', '...'], ['spec_rows.json', '...'], ['spec_curve.svg', '<svg ...']]
 */
export async function gridFiles(result: GridResult, options: GridFileOptions = {}): Promise<[string, string][]> {
  const prefix = options.prefix ?? '';
  const files: [string, string][] = [
    [`${prefix}rows.csv`, rowsToCsv(result.rows)],
    [`${prefix}rows.json`, JSON.stringify(gridToJson(result), null, 2) + '\n'],
  ];
  if (options.figure ?? true) files.push([`${prefix}curve.svg`, await specificationCurveSvg(result, options.figureOptions)]);
  return files;
}
