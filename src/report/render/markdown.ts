/**
 * GitHub-flavoured Markdown pipe table. GFM has exactly one header row, so the model numbers (or
 * the column headings) form it and any further header rows open the body. Every character Markdown
 * could read as syntax is backslash-escaped: stars would otherwise turn into emphasis, '|' would split
 * the cell, '$' would start math on GitHub, '~' strike-through.
 */
import { assertTable, displayWidth, padText, type Align, type Cell, type Table } from '../table.js';

/**
 * Escape Markdown syntax characters with backslashes (CommonMark allows it for any ASCII punctuation).
 *
 * @example
 * ```ts
 * escapeMarkdown('0.1763***'); // '0.1763\\*\\*\\*'
 * ```
 */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_|<>~$]/g, (ch) => `\\${ch}`).replace(/\r?\n/g, ' ');
}

const DELIMITER: Readonly<Record<Align, (w: number) => string>> = {
  left: (w) => ':' + '-'.repeat(Math.max(w - 1, 2)),
  center: (w) => ':' + '-'.repeat(Math.max(w - 2, 1)) + ':',
  right: (w) => '-'.repeat(Math.max(w - 1, 2)) + ':',
};

/**
 * Render a table as a GitHub pipe table; the caption (if any) comes first and notes follow, one per line.
 *
 * @example
 * ```ts
 * renderMarkdown(regressionTable([m1]));
 * // |  | (1) |
 * // |:---|:---:|
 * // | Vag | 0.1763\*\*\* |
 * ```
 */
export function renderMarkdown(table: Table): string {
  assertTable(table);
  const text = (c: Cell): string => escapeMarkdown(c.text) + escapeMarkdown(c.stars ?? '');
  const rows = [...table.header, ...table.panels.flatMap((p) => p.rows)].map((r) => r.cells.map(text));
  const widths = table.columns.map((_, j) => Math.max(3, ...rows.map((r) => displayWidth(r[j]))));
  // Padding only tidies the source; the delimiter row decides alignment when rendered.
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, j) => padText(c, widths[j], table.columns[j])).join(' | ')} |`;
  const out: string[] = [];
  if (table.caption) out.push(escapeMarkdown(table.caption), '');
  out.push(line(rows[0]));
  out.push(`|${table.columns.map((a, j) => DELIMITER[a](widths[j] + 2)).join('|')}|`);
  for (const r of rows.slice(1)) out.push(line(r));
  if (table.notes.length > 0) {
    out.push('');
    // A trailing backslash is a hard line break (CommonMark), so each note keeps its own line
    // without relying on trailing spaces that editors strip.
    out.push(...table.notes.map((n, i) => escapeMarkdown(n.text) + (i < table.notes.length - 1 ? '\\' : '')));
  }
  return out.join('\n') + '\n';
}
