// What a journal prints: R² (R$^2$ in LaTeX), math for powers of ten in LaTeX, the mean year 2014.5.
import { describe, expect, it } from 'vitest';
import { regressionTable, render } from '../../src/report/index.js';
import { formatNumber } from '../../src/report/format.js';
import type { ModelLike } from '../../src/report/model.js';

const MODEL: ModelLike = {
  depvar: 'SL', nobs: 360, r2: 0.25, adjR2: 0.24, withinR2: null, adjWithinR2: null,
  vcov: { type: 'cluster', clusters: { province: 30 } }, fixef: {},
  coefficients: [
    { term: 'Vag', estimate: 0.1763, stdError: 0.0221, statistic: 7.98, pValue: 1e-10, confLow: 0.13, confHigh: 0.22 },
    { term: 'GDP', estimate: -2.8e-6, stdError: 9.4e-7, statistic: -2.98, pValue: 0.003, confLow: -4.6e-6, confHigh: -1e-6 },
  ],
} as unknown as ModelLike;

describe('journal conventions', () => {
  it('R² in text and HTML, R$^2$ in LaTeX; never R2', () => {
    const t = regressionTable([MODEL]);
    expect(render(t, 'text')).toMatch(/Adj\. R²/);
    expect(render(t, 'html')).toMatch(/Adj\. R²/);
    const tex = render(t, 'latex');
    expect(tex).toMatch(/Adj\. R\$\^2\$/);
    for (const f of ['text', 'md', 'latex', 'html', 'csv'] as const) expect(render(t, f)).not.toMatch(/\bR2\b/);
  });

  it('LaTeX writes powers of ten as math when e-notation is asked for', () => {
    const tex = render(regressionTable([MODEL], { autoScale: false }), 'latex');
    expect(tex).toContain('$-$2.8$\\times10^{-6}$$^{***}$');
    expect(tex).not.toMatch(/\de-0/);
  });

  it('one format per row: GDP is rescaled (x1e6) rather than printed as -2.8e-06 beside 0.1763', () => {
    const text = render(regressionTable([MODEL]), 'text');
    expect(text).toMatch(/GDP \(x1e6\)\s+-2\.8000\*\*\*/);
    expect(text).not.toMatch(/e-0\d/);
  });

  it('the mean year of 2009..2020 prints as 2014.5', () => {
    expect(formatNumber(2014.5, { format: 'significant', significant: 4 })).toBe('2014.5');
  });
});
