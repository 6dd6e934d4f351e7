/**
 * Aligned monospace text for terminals and logs. Numbers in a centred (model) column are aligned on
 * their decimal point, stars attached, so an estimate and the standard error under it line up digit
 * for digit (' 0.1763***' over '(0.0221)', '-1.9413***' over '(0.2866)') however wide the column's
 * words are (e.g. 'Clustered (province)'); the aligned block is then centred in the column. Integers
 * (N), words and missing markers are centred on their own, so a large N does not push every number
 * to the right. Left- and right-aligned columns (descriptive tables) are simply padded.
 */
import { assertTable, displayWidth, padText, type Cell, type Row, type Table } from '../table.js';

/**
 * @example
 * ```ts
 * renderText(table, { gap: 3 });
 * ```
 */
export interface TextOptions {
  /** Spaces between columns; default 2. */
  readonly gap?: number;
}

const NUMERIC = new Set(['estimate', 'se', 'tstat', 'ci', 'number']);

/** The cell split at its decimal point, or null when it is not aligned on one. */
function decimalParts(c: Cell): { left: string; right: string } | null {
  const dot = c.text.indexOf('.');
  if (!NUMERIC.has(c.role) || c.align !== 'center' || dot === -1) return null;
  return { left: c.text.slice(0, dot), right: c.text.slice(dot) + (c.stars ?? '') };
}

interface ColumnLayout {
  /** Widest part before the decimal point, and from it on (stars included). */
  readonly left: number;
  readonly right: number;
  readonly width: number;
}

function layout(rows: readonly Row[], j: number): ColumnLayout {
  let left = 0;
  let right = 0;
  let other = 0;
  for (const r of rows) {
    const parts = decimalParts(r.cells[j]);
    if (parts) {
      left = Math.max(left, displayWidth(parts.left));
      right = Math.max(right, displayWidth(parts.right));
    } else {
      other = Math.max(other, displayWidth(r.cells[j].text + (r.cells[j].stars ?? '')));
    }
  }
  return { left, right, width: Math.max(left + right, other) };
}

function cellText(c: Cell, col: ColumnLayout): string {
  const parts = decimalParts(c);
  if (!parts) return padText(c.text + (c.stars ?? ''), col.width, c.align);
  const block = col.left + col.right;
  const offset = Math.floor((col.width - block) / 2);
  return padText(' '.repeat(offset) + padText(parts.left, col.left, 'right') + parts.right, col.width, 'left');
}

/**
 * Render a table as aligned plain text with '=' and '-' rules; trailing spaces are trimmed.
 *
 * @example
 * ```ts
 * console.log(renderText(regressionTable([m1, m2])));
 * // ============================
 * //                (1)      (2)
 * // ...
 * ```
 */
export function renderText(table: Table, options: TextOptions = {}): string {
  assertTable(table);
  const gap = ' '.repeat(Math.max(0, Math.floor(options.gap ?? 2)));
  const rows: Row[] = [...table.header, ...table.panels.flatMap((p) => p.rows)];
  const cols = table.columns.map((_, j) => layout(rows, j));
  const width = cols.reduce((s, c) => s + c.width, 0) + gap.length * (cols.length - 1);
  const line = (cells: readonly Cell[]): string => cells.map((c, j) => cellText(c, cols[j])).join(gap).trimEnd();

  const out: string[] = [];
  if (table.caption) out.push(table.caption);
  out.push('='.repeat(width));
  for (const r of table.header) out.push(line(r.cells));
  for (const p of table.panels) {
    if (p.rows.length === 0) continue;
    out.push('-'.repeat(width));
    for (const r of p.rows) out.push(line(r.cells));
  }
  out.push('='.repeat(width));
  for (const note of table.notes) out.push(note.text);
  return out.join('\n') + '\n';
}
