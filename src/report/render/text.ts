/**
 * Aligned monospace text for terminals and logs. Stars hang to the right of a number in a slot of
 * their own, so that an estimate and the standard error under it line up on their digits
 * ('0.1763***' over '(0.0221)') instead of being centred as whole strings.
 */
import { assertTable, displayWidth, type Align, type Cell, type Row, type Table } from '../table.js';

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

function pad(s: string, width: number, align: Align): string {
  const room = Math.max(0, width - displayWidth(s));
  if (align === 'left') return s + ' '.repeat(room);
  if (align === 'right') return ' '.repeat(room) + s;
  const left = Math.floor(room / 2);
  return ' '.repeat(left) + s + ' '.repeat(room - left);
}

/**
 * Render a table as aligned plain text with '=' and '-' rules.
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
  const n = table.columns.length;
  const coreW = Array.from({ length: n }, (_, j) => Math.max(0, ...rows.map((r) => displayWidth(r.cells[j].text))));
  const starW = Array.from({ length: n }, (_, j) => Math.max(0, ...rows.map((r) => displayWidth(r.cells[j].stars ?? ''))));
  const width = coreW.reduce((s, w, j) => s + w + starW[j], 0) + gap.length * (n - 1);

  const line = (cells: readonly Cell[]): string =>
    cells
      .map((c, j) => pad(c.text, coreW[j], c.align) + (c.stars ?? '').padEnd(starW[j]))
      .join(gap)
      .trimEnd();
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
