/**
 * Every renderer on one fixed three-model table (shaped like the paper's Tables 2-3) and one
 * descriptive table (Table 1), compared byte for byte with files in golden/. To regenerate after an
 * intended change: `UPDATE_GOLDEN=1 npx vitest run tests/report/golden.test.ts`, then read the diff.
 * Structural checks below re-verify properties a reader checked by eye (balanced LaTeX braces,
 * well-formed HTML, digits aligned in text), so a regenerated golden cannot quietly go wrong.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  OUTPUT_FORMATS,
  describeColumns,
  descriptiveTable,
  regressionTable,
  render,
  type OutputFormat,
  type Table,
} from '../../src/report/index.js';
import { parseCsv } from './csv-parse.js';
import { COLUMNS, MODELS } from './fixtures.js';

const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url));
const EXTENSION: Record<OutputFormat, string> = { text: 'txt', md: 'md', latex: 'tex', html: 'html', csv: 'csv', json: 'json' };

const REGRESSION = regressionTable(MODELS, {
  titles: ['Baseline', 'Year FE', 'Lag, two-way FE'],
  labels: { '(Intercept)': '_cons', 'l(Vag,1)': 'L.Vag', year: 'Year FE', province: 'Province FE' },
  order: ['Vag', 'l(Vag,1)', 'GDP', 'TAX', 'CPI', 'FDI', 'R&D'],
  stats: ['nobs', 'r2', 'adjR2', 'withinR2', 'vcov'],
  extraRows: [{ label: 'Controls', values: ['No', 'Yes', 'Yes'] }],
  notes: ['Sample: 30 provinces, 2009-2020; 100% balanced (L.Vag drops 2009).'],
  caption: 'Virtual agglomeration and export resilience',
});

const DESCRIPTIVE = descriptiveTable(describeColumns(COLUMNS, { median: true }), {
  labels: { 'R&D': 'R&D (% of GDP)' },
  caption: 'Descriptive statistics',
  notes: ['One R&D value is missing.'],
});

const CASES: [string, Table][] = [
  ['regression', REGRESSION],
  ['descriptive', DESCRIPTIVE],
];

describe.each(CASES)('golden %s table', (name, table) => {
  it.each(OUTPUT_FORMATS.map((f) => [f]))('%s matches its golden file', (format) => {
    const file = `${GOLDEN_DIR}${name}.${EXTENSION[format]}`;
    const out = render(table, format);
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, out);
    expect(out).toBe(readFileSync(file, 'utf8'));
  });
});

describe('structure of the rendered goldens', () => {
  it('GDP 3.1e-6 is never printed as 0.0000 (rescaled: GDP (x1e6) 3.1000)', () => {
    for (const f of OUTPUT_FORMATS.filter((f) => f !== 'json')) {
      const out = render(REGRESSION, f);
      expect(out).toContain('3.1000');
      expect(out).toContain('x1e6');
      expect(out).not.toMatch(/(^|[^\d])-?0\.0000(?!\d)/m);
    }
  });

  it('text: estimate and SE line up on the decimal point; every line fits between the rules', () => {
    const lines = render(REGRESSION, 'text').split('\n');
    const rule = lines.find((l) => /^=+$/.test(l))!;
    for (const l of lines.slice(1, lines.lastIndexOf(rule))) expect(l.length).toBeLessThanOrEqual(rule.length);
    const gdp = lines.findIndex((l) => l.startsWith('GDP'));
    const dots = (l: string): number[] => [...l.matchAll(/\./g)].map((m) => m.index!);
    expect(dots(lines[gdp + 1])).toEqual(dots(lines[gdp]));
    const tax = lines.findIndex((l) => l.startsWith('TAX'));
    expect(dots(lines[tax + 1])).toEqual(dots(lines[tax]));
  });

  it.each(CASES)('latex (%s): braces balance, specials escaped, every row has one cell per column', (_, table) => {
    const tex = render(table, 'latex');
    const unescaped = tex.replace(/^%.*$/gm, '').replace(/\\[{}_%&#$]/g, '');
    let depth = 0;
    for (const ch of unescaped) {
      depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
    // Outside math, no bare special character survives ('&' is the column separator, so not checked).
    expect(unescaped.replace(/\$[^$]*\$/g, '')).not.toMatch(/[_%#^~]/);
    expect(tex).toMatch(/\\toprule[\s\S]*\\midrule[\s\S]*\\bottomrule/);
    const body = tex.slice(tex.indexOf('\\toprule'), tex.indexOf('\\bottomrule'));
    for (const row of body.split('\n').filter((l) => l.endsWith('\\\\'))) {
      expect(row.replace(/\\&/g, '').split('&').length).toBe(table.columns.length);
    }
  });

  it.each(CASES)('html (%s) is well formed: every tag closes in order', (_, table) => {
    const html = render(table, 'html');
    const stack: string[] = [];
    for (const m of html.matchAll(/<(\/?)([a-z]+)[^>]*>/g)) {
      if (m[1] === '') stack.push(m[2]);
      else expect(stack.pop()).toBe(m[2]);
    }
    expect(stack).toEqual([]);
    expect(html).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
  });

  it.each(CASES)('csv (%s): every record has one field per column', (_, table) => {
    const records = parseCsv(render(table, 'csv'));
    expect(records.length).toBe(table.header.length + table.panels.reduce((s, p) => s + p.rows.length, 0) + table.notes.length);
    for (const r of records) expect(r.length).toBe(table.columns.length);
  });
});
