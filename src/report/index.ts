/**
 * Reporting: estimated models and descriptive statistics -> one neutral table model -> text,
 * Markdown, LaTeX, HTML, CSV or JSON.
 *
 * @example
 * ```ts
 * import { regressionTable, render } from './report/index.js';
 * console.log(render(regressionTable([m1, m2], { labels: { year: 'Year FE' } }), 'text'));
 * ```
 */
export type { CoefficientRow, ModelLike, VcovType } from './model.js';
export type {
  Align,
  Cell,
  CellRole,
  DescriptiveData,
  Note,
  Panel,
  PanelKind,
  RegressionData,
  Row,
  RowRole,
  Table,
} from './table.js';
export { assertTable, cell, displayWidth, plainText } from './table.js';
export { DESCRIPTIVE_DEFAULTS, REGRESSION_DEFAULTS } from './defaults.js';
export { FORMAT_MODES, formatFactor, formatInteger, formatNumber, numberFormat } from './format.js';
export type { FormatMode, NumberFormat } from './format.js';
export { starLegend, starNote, starsFor } from './stars.js';
export type { StarLegendEntry, StarThresholds } from './stars.js';
export { checkScale, selectTerms } from './terms.js';
export type { TermPattern, TermSelection } from './terms.js';
export { BELOW_KINDS, STAT_NAMES, regressionTable, vcovText } from './regression.js';
export type { Below, ExtraRow, RegressionTableOptions, StatName } from './regression.js';
export { DESCRIBE_STATS, describeColumns, descriptiveTable, quantile } from './describe.js';
export type { ColumnStats, DescribeOptions, DescribeStat, DescriptiveTableOptions } from './describe.js';
export { OUTPUT_FORMATS, render, validateFormat } from './render.js';
export type { OutputFormat, RenderOptionsMap } from './render.js';
export { renderText } from './render/text.js';
export type { TextOptions } from './render/text.js';
export { escapeMarkdown, renderMarkdown } from './render/markdown.js';
export { escapeLatex, renderLatex } from './render/latex.js';
export type { LatexOptions } from './render/latex.js';
export { escapeHtml, renderHtml } from './render/html.js';
export type { HtmlOptions } from './render/html.js';
export { csvField, renderCsv } from './render/csv.js';
export type { CsvOptions } from './render/csv.js';
export { renderJson } from './render/json.js';
export type { JsonOptions } from './render/json.js';
