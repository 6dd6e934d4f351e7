/**
 * One entry point for every output format, and the one validator that lists them (for the CLI's
 * `--format` and for callers that take the format from a file name or a config).
 */
import { oneOf } from './validate.js';
import type { Table } from './table.js';
import { renderCsv, type CsvOptions } from './render/csv.js';
import { renderHtml, type HtmlOptions } from './render/html.js';
import { renderJson, type JsonOptions } from './render/json.js';
import { renderLatex, type LatexOptions } from './render/latex.js';
import { renderMarkdown } from './render/markdown.js';
import { renderText, type TextOptions } from './render/text.js';

/**
 * Allowed output formats.
 *
 * @example
 * ```ts
 * OUTPUT_FORMATS.map((f) => render(table, f)); // the table in every format
 * ```
 */
export const OUTPUT_FORMATS = ['text', 'md', 'latex', 'html', 'csv', 'json'] as const;
/**
 * An output format name.
 *
 * @example
 * ```ts
 * const format: OutputFormat = 'latex';
 * ```
 */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * The options each renderer takes.
 *
 * @example
 * ```ts
 * const o: RenderOptionsMap['latex'] = { label: 'tab:baseline' };
 * ```
 */
export interface RenderOptionsMap {
  text: TextOptions;
  md: Record<string, never>;
  latex: LatexOptions;
  html: HtmlOptions;
  csv: CsvOptions;
  json: JsonOptions;
}

/**
 * Check a format name from outside the type system (CLI, config) and narrow it.
 *
 * @example
 * ```ts
 * validateFormat('latex'); // 'latex'
 * validateFormat('pdf');   // throws OptionError: format: expected one of 'text', 'md', ...; got 'pdf'. ...
 * ```
 */
export function validateFormat(format: unknown): OutputFormat {
  return oneOf('format', format, OUTPUT_FORMATS);
}

/**
 * Render a table in the named format.
 *
 * @example
 * ```ts
 * const table = regressionTable([m1, m2]);
 * process.stdout.write(render(table, 'md'));
 * writeFileSync('table2.tex', render(table, 'latex', { label: 'tab:baseline' }));
 * ```
 */
export function render<F extends OutputFormat>(table: Table, format: F, options?: RenderOptionsMap[F]): string {
  const f = validateFormat(format);
  const o = (options ?? {}) as RenderOptionsMap[OutputFormat];
  switch (f) {
    case 'text':
      return renderText(table, o as TextOptions);
    case 'md':
      return renderMarkdown(table);
    case 'latex':
      return renderLatex(table, o as LatexOptions);
    case 'html':
      return renderHtml(table, o as HtmlOptions);
    case 'csv':
      return renderCsv(table, o as CsvOptions);
    case 'json':
      return renderJson(table, o as JsonOptions);
  }
}
