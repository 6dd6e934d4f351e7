/**
 * A standalone HTML `<table>`: header rows in `<thead>`, one `<tbody>` per panel (so CSS can rule
 * between panels, and the class names say which panel is which), notes in `<tfoot>`. Alignment is
 * inline so the table reads right without a stylesheet; all text is escaped.
 */
import { assertTable, type Cell, type Table } from '../table.js';

/**
 * @example
 * ```ts
 * renderHtml(table, { className: 'regression' });
 * ```
 */
export interface HtmlOptions {
  /** class attribute of `<table>`; default 'hdfe-table'. */
  readonly className?: string;
  /** Caption; default the table's caption. */
  readonly caption?: string;
}

const HTML_ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escape text for HTML element content and double-quoted attribute values.
 *
 * @example
 * ```ts
 * escapeHtml('R&D <b>"x"</b>'); // 'R&amp;D &lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 * ```
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => HTML_ENTITY[ch]);
}

function cellHtml(c: Cell, tag: 'th' | 'td', scope: string): string {
  const stars = c.stars ? `<sup>${escapeHtml(c.stars)}</sup>` : '';
  return `<${tag}${scope} style="text-align:${c.align}">${escapeHtml(c.text)}${stars}</${tag}>`;
}

/**
 * Render a table as one `<table>` element (no `<html>` page around it).
 *
 * @example
 * ```ts
 * renderHtml(regressionTable([m1]));
 * // <table class="hdfe-table">
 * // <thead>
 * // <tr><th style="text-align:left"></th><th scope="col" style="text-align:center">(1)</th></tr>
 * // ...
 * ```
 */
export function renderHtml(table: Table, options: HtmlOptions = {}): string {
  assertTable(table);
  const caption = options.caption ?? table.caption;
  const out: string[] = [`<table class="${escapeHtml(options.className ?? 'hdfe-table')}">`];
  if (caption) out.push(`<caption>${escapeHtml(caption)}</caption>`);
  out.push('<thead>');
  for (const r of table.header) {
    out.push(`<tr>${r.cells.map((c, j) => cellHtml(c, 'th', j === 0 ? '' : ' scope="col"')).join('')}</tr>`);
  }
  out.push('</thead>');
  for (const p of table.panels) {
    if (p.rows.length === 0) continue;
    out.push(`<tbody class="${p.kind}">`);
    for (const r of p.rows) {
      const cells = r.cells.map((c, j) => (j === 0 ? cellHtml(c, 'th', ' scope="row"') : cellHtml(c, 'td', '')));
      out.push(`<tr>${cells.join('')}</tr>`);
    }
    out.push('</tbody>');
  }
  if (table.notes.length > 0) {
    out.push('<tfoot>');
    for (const n of table.notes) {
      out.push(`<tr><td colspan="${table.columns.length}" style="text-align:left">${escapeHtml(n.text)}</td></tr>`);
    }
    out.push('</tfoot>');
  }
  out.push('</table>');
  return out.join('\n') + '\n';
}
