/**
 * LaTeX booktabs table (\toprule, \midrule, \bottomrule; needs \usepackage{booktabs}). Text is escaped
 * for text mode; stars become superscripts ($^{***}$); a leading minus of a number is typeset as a
 * math minus ($-$), since a text-mode hyphen is visibly shorter than the minus in printed tables.
 */
import { OptionError } from '../../errors.js';
import { assertTable, type Align, type Cell, type Note, type Table } from '../table.js';
import { show } from '../validate.js';

/**
 * @example
 * ```ts
 * renderLatex(table, { float: true, label: 'tab:baseline', placement: 'tbp' });
 * ```
 */
export interface LatexOptions {
  /** Wrap the tabular in \begin{table}...\end{table}; default true when a caption or label is given. */
  readonly float?: boolean;
  /** Float placement; default 'htbp'. */
  readonly placement?: string;
  /** Caption; default the table's caption. Only shown inside the float. */
  readonly caption?: string;
  /** \label key, e.g. 'tab:baseline'; only inside the float. */
  readonly label?: string;
}

const LATEX_SPECIAL: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  _: '\\_',
  '%': '\\%',
  '&': '\\&',
  '#': '\\#',
  $: '\\$',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
  // In the default OT1 font encoding '<' and '>' print as inverted punctuation.
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '\u2014': '\\textemdash{}',
  '\u00b2': '$^2$',
};

/**
 * Escape a string for LaTeX text mode.
 *
 * @example
 * ```ts
 * escapeLatex('R&D_share 5% #1 $x^2~'); // 'R\\&D\\_share 5\\% \\#1 \\$x\\textasciicircum{}2\\textasciitilde{}'
 * ```
 */
export function escapeLatex(s: string): string {
  return s.replace(/[\\{}_%&#$^~<>\u2014\u00b2]/g, (ch) => LATEX_SPECIAL[ch]).replace(/\r?\n/g, ' ');
}

const NUMERIC = new Set(['estimate', 'se', 'tstat', 'ci', 'number']);
const COLSPEC: Readonly<Record<Align, string>> = { left: 'l', center: 'c', right: 'r' };

function superscript(stars: string): string {
  return /^\*+$/.test(stars) ? `$^{${stars}}$` : `\\textsuperscript{${escapeLatex(stars)}}`;
}

function cellTex(c: Cell): string {
  let text = escapeLatex(c.text);
  if (NUMERIC.has(c.role)) {
    // 2.8e-06 as math, 2.8\times10^{-6}, and the minus sign as math too.
    text = text.replace(/(\d(?:\.\d+)?)e([+-]?)(\d+)/g, (_, mant: string, sign: string, exp: string) => `${mant}$\\times10^{${sign === '-' ? '-' : ''}${Number(exp)}}$`);
    text = text.replace(/(^|[\s([])-(?=[\d.I])/g, '$1$-$');
  }
  return c.stars ? text + superscript(c.stars) : text;
}

function noteTex(note: Note): string {
  if (!note.stars) return escapeLatex(note.text);
  return note.stars.map((e) => `${superscript(e.symbol)} $p<${e.p}$`).join(', ');
}

/**
 * Render a table as a booktabs `tabular` (optionally inside a `table` float with caption and label).
 *
 * @example
 * ```ts
 * renderLatex(regressionTable([m1, m2]), { caption: 'Baseline', label: 'tab:baseline' });
 * // \begin{table}[htbp]
 * // \centering
 * // \caption{Baseline}
 * // ...
 * ```
 */
export function renderLatex(table: Table, options: LatexOptions = {}): string {
  assertTable(table);
  const caption = options.caption ?? table.caption ?? undefined;
  const float = options.float ?? (caption !== undefined || options.label !== undefined);
  if (options.label !== undefined && !/^[^\\{}%#$&~^\s]+$/.test(options.label)) {
    throw new OptionError(
      `label: expected a LaTeX label key such as 'tab:baseline' (no spaces, braces, backslashes, % # $ & ~ ^); ` +
        `got ${show(options.label)}. Use letters, digits and ':-_.'.`,
    );
  }
  const placement = options.placement ?? 'htbp';
  if (!/^[htbpH!]+$/.test(placement)) {
    throw new OptionError(
      `placement: expected letters from 'htbpH!' such as 'htbp'; got ${show(placement)}. Fix the specifier.`,
    );
  }
  const n = table.columns.length;
  const row = (cells: readonly Cell[]): string => cells.map(cellTex).join(' & ') + ' \\\\';
  const out: string[] = ['% requires \\usepackage{booktabs}'];
  if (float) {
    out.push(`\\begin{table}[${placement}]`, '\\centering');
    if (caption !== undefined) out.push(`\\caption{${escapeLatex(caption)}}`);
    if (options.label !== undefined) out.push(`\\label{${options.label}}`);
  }
  out.push(`\\begin{tabular}{${table.columns.map((a) => COLSPEC[a]).join('')}}`, '\\toprule');
  for (const r of table.header) out.push(row(r.cells));
  for (const p of table.panels) {
    if (p.rows.length === 0) continue;
    out.push('\\midrule');
    for (const r of p.rows) out.push(row(r.cells));
  }
  out.push('\\bottomrule');
  for (const note of table.notes) out.push(`\\multicolumn{${n}}{l}{\\footnotesize ${noteTex(note)}} \\\\`);
  out.push('\\end{tabular}');
  if (float) out.push('\\end{table}');
  return out.join('\n') + '\n';
}
