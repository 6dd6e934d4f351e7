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
  /**
   * Decimal-aligned number columns: siunitx `S` columns sized from the data (table-format), stars set
   * after the number by `\sym{}` (defined in the output if absent) so they take no part in the alignment,
   * and every cell that is not one number (headings, 'Yes', intervals) braced as text; parentheses stay
   * next to their number. Needs \usepackage{siunitx}, version 3 (TeX Live 2021 on). Default false.
   */
  readonly siunitx?: boolean;
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

/** A number siunitx parses: optional minus, digits, optional decimals, optional exponent. */
const SI_NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?)(\d+))?$/;

/** The number inside a cell ('0.1763', '(0.0412)' with its parentheses apart), or null for text. */
function siNumber(c: Cell): { open: string; num: RegExpExecArray; close: string } | null {
  if (!NUMERIC.has(c.role)) return null;
  const paren = /^\((.*)\)$/.exec(c.text.trim());
  const num = SI_NUMBER.exec(paren ? paren[1] : c.text.trim());
  return num ? { open: paren ? '(' : '', num, close: paren ? ')' : '' } : null;
}

function siCellTex(c: Cell): string {
  const n = siNumber(c);
  if (!n) return c.text === '' ? '' : `{${cellTex(c)}}`;
  const [, sign, int, dec, expSign, exp] = n.num;
  const value = `${sign}${int}${dec !== undefined ? `.${dec}` : ''}${exp !== undefined ? `e${expSign === '-' ? '-' : ''}${Number(exp)}` : ''}`;
  return `${n.open ? '{(}' : ''}${value}${n.close ? '{)}' : ''}${c.stars ? `\\sym{${c.stars}}` : ''}`;
}

/** table-format of an S column: the widest integer and decimal parts, a sign if any is negative, the exponent. */
function siFormat(cells: readonly Cell[]): string {
  let int = 1, dec = 0, neg = false, exp = 0, expNeg = false;
  for (const c of cells) {
    const n = siNumber(c);
    if (!n) continue;
    const [, sign, i, d, es, e] = n.num;
    int = Math.max(int, i.length);
    dec = Math.max(dec, d?.length ?? 0);
    neg ||= sign === '-';
    if (e !== undefined) { exp = Math.max(exp, String(Number(e)).length); expNeg ||= es === '-'; }
  }
  return `${neg ? '-' : ''}${int}.${dec}${exp ? `e${expNeg ? '-' : ''}${exp}` : ''}`;
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
  const si = options.siunitx === true;
  const sColumn = (j: number) => si && table.columns[j] !== 'left';
  const row = (cells: readonly Cell[]): string => cells.map((c, j) => (sColumn(j) ? siCellTex(c) : cellTex(c))).join(' & ') + ' \\\\';
  const out: string[] = [si ? '% requires \\usepackage{booktabs} and \\usepackage{siunitx}' : '% requires \\usepackage{booktabs}'];
  if (float) {
    out.push(`\\begin{table}[${placement}]`, '\\centering');
    if (caption !== undefined) out.push(`\\caption{${escapeLatex(caption)}}`);
    if (options.label !== undefined) out.push(`\\label{${options.label}}`);
  }
  const body = table.panels.flatMap((p) => p.rows);
  const starred = body.flatMap((r) => r.cells.filter((c) => c.stars && siNumber(c)).map((c) => c.stars as string));
  const stars = starred.reduce((a, b) => (b.length > a.length ? b : a), '');
  const parens = body.some((r) => r.cells.some((c) => siNumber(c)?.open));
  // Left-aligned columns are labels; every other column holds numbers and is aligned on the decimal point.
  const spec = table.columns.map((a, j) => (sColumn(j)
    ? `S[table-format=${siFormat(body.map((r) => r.cells[j]))},table-align-text-before=false,table-align-text-after=false` +
      `${parens ? ',table-space-text-pre={(}' : ''}` +
      `${stars ? `,table-space-text-post={\\sym{${stars}}}` : parens ? ',table-space-text-post={)}' : ''}]`
    : COLSPEC[a]));
  if (si && stars) out.push('\\providecommand{\\sym}[1]{\\ensuremath{^{#1}}}');
  out.push(`\\begin{tabular}{${spec.join('')}}`, '\\toprule');
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
