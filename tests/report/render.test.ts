import { describe, expect, it } from 'vitest';
import { OptionError } from '../../src/errors.js';
import {
  OUTPUT_FORMATS,
  assertTable,
  cell,
  csvField,
  escapeHtml,
  escapeLatex,
  escapeMarkdown,
  regressionTable,
  render,
  renderCsv,
  renderHtml,
  renderJson,
  renderLatex,
  renderMarkdown,
  renderText,
  validateFormat,
  type ModelLike,
  type Table,
} from '../../src/report/index.js';
import { parseCsv } from './csv-parse.js';
import { BASELINE, YEAR_FE, coef } from './fixtures.js';

/** A model whose names carry every character some output format treats as syntax. */
const NASTY: ModelLike = {
  ...BASELINE,
  depvar: 'y_1 "export", 100%',
  coefficients: [coef('x_1 & <b>#2</b> $^~\\{}|*', -0.25, 0.1, 0.02)],
};

describe('render dispatcher', () => {
  it('each format gives the same text as its renderer', () => {
    const t = regressionTable([BASELINE, YEAR_FE]);
    expect(render(t, 'text')).toBe(renderText(t));
    expect(render(t, 'md')).toBe(renderMarkdown(t));
    expect(render(t, 'latex', { label: 'tab:x' })).toBe(renderLatex(t, { label: 'tab:x' }));
    expect(render(t, 'html')).toBe(renderHtml(t));
    expect(render(t, 'csv')).toBe(renderCsv(t));
    expect(render(t, 'json')).toBe(renderJson(t));
  });

  it('an unknown format is rejected with the list of allowed ones', () => {
    expect(OUTPUT_FORMATS).toEqual(['text', 'md', 'latex', 'html', 'csv', 'json']);
    expect(() => validateFormat('pdf')).toThrow(OptionError);
    expect(() => render(regressionTable([BASELINE]), 'pdf' as never)).toThrow(
      "format: expected one of 'text', 'md', 'latex', 'html', 'csv', 'json'; got 'pdf'. Pass one of the listed values.",
    );
  });

  it('a hand-edited table with a missing cell is rejected before rendering', () => {
    const t = regressionTable([BASELINE]);
    const broken: Table = { ...t, panels: [{ kind: 'stats', rows: [{ role: 'stat', cells: [cell('N', 'left', 'label')] }] }] };
    expect(() => assertTable(broken)).toThrow(/expected every row to have 2 cells/);
    for (const f of OUTPUT_FORMATS) expect(() => render(broken, f)).toThrow(OptionError);
  });
});

describe('csv', () => {
  it.each([
    ['plain', 'plain'],
    ['0.1763***', '0.1763***'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    ['', ''],
  ])('csvField(%j) = %j', (s, out) => {
    expect(csvField(s)).toBe(out);
  });

  it('round-trips through an RFC 4180 reader: estimate and SE in separate records, CRLF endings', () => {
    const t = regressionTable([NASTY], { below: 'ci', titles: ['a, "b"'] });
    const csv = renderCsv(t);
    expect(csv.endsWith('\r\n')).toBe(true);
    const records = parseCsv(csv);
    expect(records[1]).toEqual(['', 'a, "b"']);
    expect(records[2]).toEqual(['Dependent var.', 'y_1 "export", 100%']);
    expect(records[3]).toEqual(['x_1 & <b>#2</b> $^~\\{}|*', '-0.2500**']);
    expect(records[4]).toEqual(['', `[${(-0.25 - 1.9667 * 0.1).toFixed(4)}, ${(-0.25 + 1.9667 * 0.1).toFixed(4)}]`]);
    expect(parseCsv(renderCsv(t, { notes: false })).length).toBe(records.length - t.notes.length);
  });
});

describe('markdown', () => {
  it('escapes stars, pipes, underscores and the rest, so nothing becomes emphasis or a new cell', () => {
    expect(escapeMarkdown('0.1763***')).toBe('0.1763\\*\\*\\*');
    expect(escapeMarkdown('a|b_c`d<e>~$\\')).toBe('a\\|b\\_c\\`d\\<e\\>\\~\\$\\\\');
  });

  it('every line has the same number of unescaped pipes; one delimiter row', () => {
    const md = renderMarkdown(regressionTable([NASTY, YEAR_FE]));
    const tableLines = md.split('\n').filter((l) => l.startsWith('|'));
    const pipes = (l: string) => l.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length - 1;
    for (const l of tableLines) expect(pipes(l)).toBe(4);
    expect(tableLines[1]).toMatch(/^\|:-+\|:-+:\|:-+:\|$/);
    expect(md).not.toMatch(/[^\\]\*\*\*/);
  });
});

describe('latex', () => {
  it('escapes every special character of text mode', () => {
    expect(escapeLatex('_ % & # $ ^ ~ \\ { } < >')).toBe(
      '\\_ \\% \\& \\# \\$ \\textasciicircum{} \\textasciitilde{} \\textbackslash{} \\{ \\} \\textless{} \\textgreater{}',
    );
  });

  it('stars as superscripts, a number`s minus in math, labels escaped', () => {
    const tex = renderLatex(regressionTable([NASTY]));
    expect(tex).toContain('$-$0.2500$^{**}$');
    expect(tex).toContain('x\\_1 \\& \\textless{}b\\textgreater{}\\#2\\textless{}/b\\textgreater{} \\$\\textasciicircum{}\\textasciitilde{}\\textbackslash{}\\{\\}|*');
    expect(tex).toContain('y\\_1 "export", 100\\%');
    expect(tex).not.toContain('\\begin{table}');
    expect(tex).toContain('\\begin{tabular}{lc}');
  });

  it('the float wrapper carries caption and label; bad keys are rejected', () => {
    const tex = renderLatex(regressionTable([BASELINE], { caption: 'Base_line 5%' }), { label: 'tab:base_1', placement: 'tb' });
    expect(tex).toMatch(/\\begin\{table\}\[tb\]\n\\centering\n\\caption\{Base\\_line 5\\%\}\n\\label\{tab:base_1\}\n\\begin\{tabular\}/);
    expect(tex.trimEnd().endsWith('\\end{tabular}\n\\end{table}')).toBe(true);
    expect(renderLatex(regressionTable([BASELINE], { caption: 'c' }), { float: false })).not.toContain('\\caption');
    expect(() => renderLatex(regressionTable([BASELINE]), { label: 'tab 1' })).toThrow(/label: expected a LaTeX label key/);
    expect(() => renderLatex(regressionTable([BASELINE]), { placement: 'x' })).toThrow(/placement/);
  });

  it('custom non-asterisk stars are escaped text superscripts', () => {
    const tex = renderLatex(regressionTable([BASELINE], { stars: { '#': 0.1 }, keep: ['Vag'] }));
    expect(tex).toContain('0.1763\\textsuperscript{\\#}');
  });
});

describe('html', () => {
  it('escapes text and keeps structure', () => {
    expect(escapeHtml(`a&b<c>"d"'e`)).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&#39;e');
    const html = renderHtml(regressionTable([NASTY]), { className: 'x"y', caption: '<Table>' });
    expect(html).toContain('<table class="x&quot;y">');
    expect(html).toContain('<caption>&lt;Table&gt;</caption>');
    expect(html).toContain('x_1 &amp; &lt;b&gt;#2&lt;/b&gt;');
    expect(html).toContain('-0.2500<sup>**</sup>');
    expect(html).not.toContain('<b>');
    expect(html.match(/<tbody/g)?.length).toBe(2);
    expect(html).toMatch(/<thead>[\s\S]*<\/thead>\n<tbody class="coefficients">[\s\S]*<tfoot>[\s\S]*<\/tfoot>\n<\/table>\n$/);
  });
});

describe('json', () => {
  it('is the table model plus raw numbers; NaN becomes null', () => {
    const withNaN: ModelLike = { ...BASELINE, coefficients: [{ ...coef('Vag', 0.1763, 0.0221, 2e-14), pValue: NaN }] };
    const t = regressionTable([withNaN]);
    const back = JSON.parse(renderJson(t));
    expect(back.header).toEqual(t.header);
    expect(back.panels).toEqual(t.panels);
    expect(back.data.models[0].coefficients.Vag.estimate).toBe(0.1763);
    expect(back.data.models[0].coefficients.Vag.pValue).toBeNull();
    expect(renderJson(t, { indent: 0 }).trimEnd()).not.toContain('\n');
  });
});

describe('text', () => {
  it('rules span the table; gap is configurable; missing cells stay blank', () => {
    const out = renderText(regressionTable([BASELINE, YEAR_FE]), { gap: 4 });
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^=+$/);
    const width = lines[0].length;
    for (const l of lines.slice(0, lines.lastIndexOf(lines[0]))) expect(l.length).toBeLessThanOrEqual(width);
    expect(lines.find((l) => l.startsWith('GDP'))).toMatch(/^GDP \(x1e6\)\s+3\.1000\*\*\*$/);
  });
});
