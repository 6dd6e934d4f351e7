/**
 * The neutral table model every renderer reads. A builder ({@link regressionTable},
 * {@link descriptiveTable}) decides *what* is shown and formats every number once; a renderer only
 * decides *how* (rules, escaping, alignment). Cells keep stars apart from the number so that each
 * output can typeset them its own way (superscript in LaTeX and HTML, escaped in Markdown).
 */
import { OptionError } from '../errors.js';
import type { StarLegendEntry } from './stars.js';
import type { CoefficientRow, ModelLike } from './model.js';
import type { ColumnStats } from './describe.js';

/**
 * Horizontal alignment of a cell or column.
 *
 * @example
 * ```ts
 * const a: Align = 'center';
 * ```
 */
export type Align = 'left' | 'center' | 'right';

/**
 * What a cell holds, so renderers can treat numbers differently from words (e.g. LaTeX typesets a
 * leading minus of a number as a math minus).
 *
 * @example
 * ```ts
 * const role: CellRole = 'estimate';
 * ```
 */
export type CellRole = 'label' | 'header' | 'estimate' | 'se' | 'tstat' | 'ci' | 'number' | 'text' | 'empty';

/**
 * One cell: display text (already formatted), alignment, optional stars kept apart from the number.
 *
 * @example
 * ```ts
 * const c: Cell = { text: '0.1763', align: 'center', role: 'estimate', stars: '***' };
 * ```
 */
export interface Cell {
  readonly text: string;
  readonly align: Align;
  readonly role: CellRole;
  /** Significance symbol, e.g. '***'; absent or '' when none. */
  readonly stars?: string;
}

/**
 * What a row is, for renderers and for readers of the JSON output.
 *
 * @example
 * ```ts
 * table.panels[0].rows.filter((r) => r.role === 'estimate').map((r) => r.term);
 * ```
 */
export type RowRole =
  | 'numbers' // (1) (2) ...
  | 'titles'
  | 'depvar'
  | 'columns' // column headings of a descriptive table
  | 'estimate'
  | 'below' // SE, t or CI under an estimate
  | 'fixef'
  | 'extra'
  | 'stat'
  | 'variable';

/**
 * One row; `cells[0]` is the label column. `term` names the coefficient on estimate/below rows.
 *
 * @example
 * ```ts
 * const r: Row = { role: 'stat', cells: [cell('N', 'left', 'label'), cell('360', 'center', 'number')] };
 * ```
 */
export interface Row {
  readonly role: RowRole;
  readonly cells: readonly Cell[];
  readonly term?: string;
}

/**
 * Groups of body rows; renderers separate panels with a rule.
 *
 * @example
 * ```ts
 * table.panels.find((p) => p.kind === 'stats');
 * ```
 */
export type PanelKind = 'coefficients' | 'fixef' | 'extra' | 'stats' | 'variables';

/**
 * A group of body rows.
 *
 * @example
 * ```ts
 * const p: Panel = { kind: 'stats', rows: [] };
 * ```
 */
export interface Panel {
  readonly kind: PanelKind;
  readonly rows: readonly Row[];
}

/**
 * A line under the table. The star legend carries its entries so LaTeX can typeset the symbols.
 *
 * @example
 * ```ts
 * const n: Note = { text: 'Standard errors in parentheses.' };
 * ```
 */
export interface Note {
  readonly text: string;
  readonly stars?: readonly StarLegendEntry[];
}

/**
 * The raw numbers behind a regression table, unscaled and unrounded (NaN becomes null in JSON).
 *
 * @example
 * ```ts
 * table.data.kind === 'regression' && table.data.models[0].coefficients['Vag'].estimate;
 * ```
 */
export interface RegressionData {
  readonly kind: 'regression';
  /** Display factor per rescaled term; the numbers in `models` are *not* multiplied by it. */
  readonly scale: Readonly<Record<string, number>>;
  readonly models: readonly (Omit<ModelLike, 'coefficients'> & {
    readonly column: string;
    readonly title: string | null;
    /** The displayed terms of this model, in display order. */
    readonly coefficients: Readonly<Record<string, Omit<CoefficientRow, 'term'>>>;
  })[];
}

/**
 * The raw numbers behind a descriptive table: one entry per variable.
 *
 * @example
 * ```ts
 * table.data.kind === 'descriptive' && table.data.variables[0].mean;
 * ```
 */
export interface DescriptiveData {
  readonly kind: 'descriptive';
  readonly variables: readonly ColumnStats[];
}

/**
 * A complete table: header rows, body panels, notes, and the raw numbers for JSON. Every row has
 * exactly `columns.length` cells; `columns` gives each column's alignment (LaTeX column spec,
 * Markdown delimiter row).
 *
 * @example
 * ```ts
 * const t: Table = regressionTable([m1, m2]);
 * t.columns;            // ['left', 'center', 'center']
 * t.panels[0].kind;     // 'coefficients'
 * ```
 */
export interface Table {
  readonly kind: 'regression' | 'descriptive';
  readonly caption: string | null;
  readonly columns: readonly Align[];
  readonly header: readonly Row[];
  readonly panels: readonly Panel[];
  readonly notes: readonly Note[];
  readonly data: RegressionData | DescriptiveData;
}

/**
 * Make a cell.
 *
 * @example
 * ```ts
 * cell('0.1763', 'center', 'estimate', '***');
 * ```
 */
export function cell(text: string, align: Align, role: CellRole, stars?: string): Cell {
  return stars ? { text, align, role, stars } : { text, align, role };
}

/**
 * A cell's text with its stars, as plain text shows it.
 *
 * @example
 * ```ts
 * plainText(cell('0.1763', 'center', 'estimate', '***')); // '0.1763***'
 * ```
 */
export function plainText(c: Cell): string {
  return c.text + (c.stars ?? '');
}

/**
 * Check that a table (possibly built or edited by hand) is rectangular before rendering it.
 *
 * @example
 * ```ts
 * assertTable(regressionTable([m1])); // passes silently
 * ```
 */
export function assertTable(table: Table): void {
  const n = table.columns.length;
  const rows = [...table.header, ...table.panels.flatMap((p) => p.rows)];
  rows.forEach((row, i) => {
    if (row.cells.length !== n) {
      throw new OptionError(
        `table: expected every row to have ${n} cells (one per column); row ${i + 1} (${row.role}) has ` +
          `${row.cells.length}. Build tables with regressionTable/descriptiveTable or keep rows rectangular.`,
      );
    }
  });
}

/**
 * Display width of a string in a monospace terminal: code points, so '\u2014' counts as one.
 *
 * @example
 * ```ts
 * displayWidth('\u2014'); // 1
 * ```
 */
export function displayWidth(s: string): number {
  return [...s].length;
}

/**
 * Pad a string with spaces to `width` display columns, placing it left, right or in the centre (an odd
 * leftover space goes to the right).
 *
 * @example
 * ```ts
 * padText('360', 7, 'center'); // '  360  '
 * padText('360', 5, 'right');  // '  360'
 * ```
 */
export function padText(s: string, width: number, align: Align): string {
  const room = Math.max(0, width - displayWidth(s));
  if (align === 'left') return s + ' '.repeat(room);
  if (align === 'right') return ' '.repeat(room) + s;
  const left = Math.floor(room / 2);
  return ' '.repeat(left) + s + ' '.repeat(room - left);
}
