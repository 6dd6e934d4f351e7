/**
 * JSON: the table model itself (header, panels, notes, exactly what the other renderers read) plus
 * `data`, the raw unrounded numbers behind it (per model and term: estimate, SE, statistic, p, CI).
 * JSON has no NaN or Infinity; such numbers come out as null.
 */
import { assertTable, type Table } from '../table.js';

/**
 * @example
 * ```ts
 * renderJson(table, { indent: 0 }); // one line
 * ```
 */
export interface JsonOptions {
  /** Spaces of indentation; default 2; 0 for a single line. */
  readonly indent?: number;
}

/**
 * Render a table as JSON text; `JSON.parse` of the result is a {@link Table} with nulls for NaN.
 *
 * @example
 * ```ts
 * const back = JSON.parse(renderJson(regressionTable([m1])));
 * back.data.models[0].coefficients.Vag.estimate; // 0.1763 (unrounded)
 * ```
 */
export function renderJson(table: Table, options: JsonOptions = {}): string {
  assertTable(table);
  const indent = Math.max(0, Math.floor(options.indent ?? 2));
  return JSON.stringify(table, null, indent === 0 ? undefined : indent) + '\n';
}
