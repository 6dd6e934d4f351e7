import { describe, expect, it } from 'vitest';
import { OptionError } from '../../src/errors.js';
import { REGRESSION_DEFAULTS, regressionTable, starLegend, starNote, starsFor } from '../../src/report/index.js';
import { BASELINE, YEAR_FE } from './fixtures.js';

const DEFAULT = starLegend(REGRESSION_DEFAULTS.stars);

describe('starsFor (p strictly below the threshold)', () => {
  it.each([
    [0.5, ''],
    [0.1, ''],
    [0.0999, '*'],
    [0.05, '*'],
    [0.0499, '**'],
    [0.01, '**'],
    [0.0099, '***'],
    [0, '***'],
    [NaN, ''],
  ])('p = %s -> %s', (p, stars) => {
    expect(starsFor(p, DEFAULT)).toBe(stars);
  });

  it('custom symbols, given in any order', () => {
    const legend = starLegend({ '**': 0.01, '\u2020': 0.1, '*': 0.05 });
    expect(legend.map((e) => e.symbol)).toEqual(['\u2020', '*', '**']);
    expect(starsFor(0.07, legend)).toBe('\u2020');
    expect(starsFor(0.03, legend)).toBe('*');
    expect(starsFor(0.001, legend)).toBe('**');
  });

  it('the note explains the thresholds', () => {
    expect(starNote(DEFAULT)).toBe('* p<0.1, ** p<0.05, *** p<0.01');
  });

  it.each([
    [{ '*': 0 }, /in \(0, 1\]/],
    [{ '*': 1.5 }, /in \(0, 1\]/],
    [{ '*': '0.1' }, /in \(0, 1\]/],
    [{ '*': 0.1, '+': 0.1 }, /distinct thresholds/],
    [{ '': 0.1 }, /non-empty symbols/],
  ])('invalid thresholds %o are rejected', (stars, message) => {
    expect(() => starLegend(stars as never)).toThrow(OptionError);
    expect(() => starLegend(stars as never)).toThrow(message);
  });
});

describe('stars in a regression table', () => {
  it('default thresholds mark the estimate cells and add a legend note', () => {
    const t = regressionTable([BASELINE, YEAR_FE]);
    const fdi = t.panels[0].rows.find((r) => r.term === 'FDI' && r.role === 'estimate')!;
    expect(fdi.cells[2].stars ?? '').toBe(''); // p = 0.3297
    const vag = t.panels[0].rows.find((r) => r.term === 'Vag' && r.role === 'estimate')!;
    expect(vag.cells.slice(1).map((c) => c.stars)).toEqual(['***', '***']);
    expect(t.notes.map((n) => n.text)).toContain('* p<0.1, ** p<0.05, *** p<0.01');
  });

  it('stars: false removes stars and the legend', () => {
    const t = regressionTable([BASELINE], { stars: false });
    for (const r of t.panels[0].rows) for (const c of r.cells) expect(c.stars).toBeUndefined();
    expect(t.notes.some((n) => n.stars)).toBe(false);
  });

  it('custom thresholds are used', () => {
    const t = regressionTable([YEAR_FE], { stars: { '+': 0.001 } });
    const vag = t.panels[0].rows.find((r) => r.term === 'Vag')!; // p = 0.0021
    const tax = t.panels[0].rows.find((r) => r.term === 'TAX')!; // p = 5.2e-11
    expect(vag.cells[1].stars).toBeUndefined();
    expect(tax.cells[1].stars).toBe('+');
  });
});
