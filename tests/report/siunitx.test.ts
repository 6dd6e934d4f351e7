// LaTeX with siunitx S columns: structure a LaTeX run would accept (balanced braces, one S column per
// number column sized from the data, every cell that is not one number braced as text, stars after the
// number through \sym{}), the numbers themselves unchanged, and, where pdflatex with siunitx is installed,
// an actual compile.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { descriptiveTable, regressionTable, render, renderLatex, type ModelLike } from '../../src/report/index.js';
import { BASELINE, YEAR_FE, coef } from './fixtures.js';

/** Braces balance (ignoring escaped ones) and never close more than they opened. */
function balanced(tex: string): boolean {
  let depth = 0;
  for (const m of tex.replace(/\\[{}]/g, '').matchAll(/[{}]/g)) {
    depth += m[0] === '{' ? 1 : -1;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/** The cells of the tabular's body rows (between \toprule and \bottomrule). */
function bodyCells(tex: string): string[][] {
  const body = tex.slice(tex.indexOf('\\toprule'), tex.indexOf('\\bottomrule'));
  return body.split('\n').filter((l) => l.endsWith('\\\\')).map((l) => l.slice(0, -2).split(' & ').map((c) => c.trim()));
}

/** A cell siunitx reads as one number: optional {(}, the number, optional {)}, optional \sym{...}. */
const S_NUMBER = /^(?:\{\(\})?-?\d+(?:\.\d+)?(?:e-?\d+)?(?:\{\)\})?(?:\\sym\{\*+\})?$/;

const SMALL: ModelLike = { ...BASELINE, coefficients: [...BASELINE.coefficients, coef('tiny', -2.8e-6, 9.4e-7, 0.003)] };

describe('--siunitx LaTeX', () => {
  const models = [BASELINE, YEAR_FE, SMALL];

  it('is structurally sound: balanced braces, an S column per model, numbers bare, text braced, stars in \\sym{}', () => {
    const tex = renderLatex(regressionTable(models), { siunitx: true });
    expect(balanced(tex), tex).toBe(true);
    expect(tex).toMatch(/^% requires \\usepackage\{booktabs\} and \\usepackage\{siunitx\}$/m);
    expect(tex).toContain('\\providecommand{\\sym}[1]{\\ensuremath{^{#1}}}');
    const spec = /\\begin\{tabular\}\{(.*)\}\n/.exec(tex)?.[1] ?? '';
    expect(spec.startsWith('l')).toBe(true);
    expect(spec.match(/S\[table-format=-?\d+\.\d+(?:e-?\d+)?,/g)).toHaveLength(models.length);
    let numbers = 0, starred = 0;
    for (const row of bodyCells(tex)) {
      for (const c of row.slice(1)) {
        if (c === '') continue;
        if (S_NUMBER.test(c)) { numbers++; if (c.includes('\\sym{')) starred++; continue; }
        // Anything else is text for siunitx: one braced group.
        expect(c, `cell ${c}`).toMatch(/^\{.*\}$/);
        expect(balanced(c.slice(1, -1)), c).toBe(true);
      }
    }
    expect(numbers).toBeGreaterThan(10);
    expect(starred).toBeGreaterThan(0);
    // No math minus or $^{***}$ inside a number: siunitx typesets the sign, \sym the stars.
    expect(tex).not.toMatch(/\d\$\^\{\*/);
    expect(tex).not.toMatch(/\$-\$\d/);
  });

  it('keeps the same numbers as the plain LaTeX, in the same places', () => {
    const table = regressionTable(models);
    const plain = bodyCells(renderLatex(table));
    const si = bodyCells(renderLatex(table, { siunitx: true }));
    expect(si.length).toBe(plain.length);
    const digits = (s: string) => s.replace(/\\sym\{[^}]*\}|\$\^\{[^}]*\}\$|\\times10\^\{(-?\d+)\}/g, 'e$1').replace(/[^\d.e-]/g, '');
    si.forEach((row, i) => row.slice(1).forEach((c, j) => expect(digits(c), `row ${i} col ${j + 1}`).toBe(digits(plain[i][j + 1]))));
  });

  it('sizes each column from its numbers (integer and decimal digits, sign) and reserves the stars\' space', () => {
    const tex = renderLatex(regressionTable([BASELINE], { digits: 3 }), { siunitx: true });
    const format = /table-format=(-?)(\d+)\.(\d+)/.exec(tex);
    expect(format?.[3]).toBe('3');
    expect(tex).toMatch(/table-space-text-post=\{\\sym\{\*\*\*\}\}/);
    expect(tex).toMatch(/table-space-text-pre=\{\(\}/);
  });

  it('descriptive tables too: every numeric column is an S column', () => {
    const stats = [{ variable: 'year', n: 360, missing: 0, mean: 2014.5, sd: 3.457, min: 2009, max: 2020 }, { variable: 'SL', n: 360, missing: 0, mean: 0.2258, sd: 0.1376, min: -0.1076, max: 0.7059 }];
    const t = descriptiveTable(stats);
    const tex = renderLatex(t, { siunitx: true });
    expect(balanced(tex)).toBe(true);
    expect(tex.match(/S\[table-format=/g)?.length).toBe(t.columns.filter((a) => a !== 'left').length);
    expect(tex).toMatch(/ & 2014\.5 & /);
  });

  it('is off by default: render(table, "latex") is unchanged', () => {
    const t = regressionTable(models);
    expect(render(t, 'latex')).toBe(renderLatex(t));
    expect(render(t, 'latex')).not.toContain('table-format');
  });

  const pdflatex = spawnSync('kpsewhich', ['siunitx.sty'], { encoding: 'utf8' }).stdout?.trim();
  it.skipIf(!pdflatex)('compiles with pdflatex and siunitx (where installed)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hdfe-siunitx-'));
    writeFileSync(join(dir, 't.tex'), renderLatex(regressionTable(models, { caption: 'Baseline' }), { siunitx: true, label: 'tab:b' }));
    writeFileSync(join(dir, 'doc.tex'), '\\documentclass{article}\n\\usepackage{booktabs}\n\\usepackage{siunitx}\n\\begin{document}\n\\input{t.tex}\n\\end{document}\n');
    const run = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'doc.tex'], { cwd: dir, encoding: 'utf8' });
    expect(run.status, run.stdout.split('\n').filter((l) => l.startsWith('!')).join('\n')).toBe(0);
  }, 120_000);
});
