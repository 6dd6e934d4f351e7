import { describe, expect, it } from 'vitest';
import { DataError, OptionError } from '../../src/errors.js';
import { plainText, regressionTable, selectTerms, vcovText, type ModelLike, type Row, type Table } from '../../src/report/index.js';
import { BASELINE, LAG_TWOWAY, MODELS, YEAR_FE, coef } from './fixtures.js';

/** Body rows as arrays of displayed text, for compact assertions. */
const texts = (rows: readonly Row[]): string[][] => rows.map((r) => r.cells.map(plainText));
const panel = (t: Table, kind: string): readonly Row[] => t.panels.find((p) => p.kind === kind)?.rows ?? [];
const labelsOf = (t: Table): string[] => panel(t, 'coefficients').filter((r) => r.role === 'estimate').map((r) => r.cells[0].text);

describe('layout', () => {
  it('one column per model, numbered; titles and dependent variable in the header', () => {
    const t = regressionTable(MODELS, { titles: ['A', 'B', 'C'], labels: { SL: 'Resilience' } });
    expect(t.columns).toEqual(['left', 'center', 'center', 'center']);
    expect(texts(t.header)).toEqual([
      ['', '(1)', '(2)', '(3)'],
      ['', 'A', 'B', 'C'],
      ['Dependent var.', 'Resilience', 'Resilience', 'Resilience'],
    ]);
    expect(regressionTable([BASELINE], { depvar: false }).header.map((r) => r.role)).toEqual(['numbers']);
  });

  it('estimate with stars, SE in parentheses below; a term absent from a model is blank', () => {
    const t = regressionTable([BASELINE, YEAR_FE]);
    expect(texts(panel(t, 'coefficients')).slice(0, 6)).toEqual([
      ['(Intercept)', '0.2204***', ''],
      ['', '(0.0071)', ''],
      ['Vag', '0.1763***', '0.0957***'],
      ['', '(0.0221)', '(0.0309)'],
      ['GDP (x1e6)', '', '3.1000***'],
      ['', '', '(0.6400)'],
    ]);
  });

  it("below: 't', 'ci' and 'none'", () => {
    const rows = (below: 'se' | 't' | 'ci' | 'none') =>
      texts(panel(regressionTable([BASELINE], { below, keep: ['Vag'] }), 'coefficients'));
    expect(rows('t')).toEqual([['Vag', '0.1763***'], ['', '(7.9774)']]);
    expect(rows('ci')).toEqual([['Vag', '0.1763***'], ['', '[0.1328, 0.2198]']]);
    expect(rows('none')).toEqual([['Vag', '0.1763***']]);
    expect(regressionTable([BASELINE], { below: 't' }).notes[0].text).toBe('t statistics in parentheses.');
    expect(() => regressionTable([BASELINE], { below: 'sd' as never })).toThrow(/below: expected one of 'se', 't', 'ci', 'none'; got 'sd'/);
  });

  it('a fixed-effect row for every FE in any model, labelled', () => {
    const t = regressionTable(MODELS, { labels: { province: 'Province FE' } });
    expect(texts(panel(t, 'fixef'))).toEqual([
      ['year FE', 'No', 'Yes', 'Yes'],
      ['Province FE', 'No', 'No', 'Yes'],
    ]);
    expect(regressionTable([BASELINE]).panels.map((p) => p.kind)).toEqual(['coefficients', 'stats']);
  });

  it('statistics rows chosen by name, vcov described in words, missing within R2 marked', () => {
    const hetero: ModelLike = { ...YEAR_FE, nobs: 12345, vcov: { type: 'hetero', clusters: null } };
    const twoway: ModelLike = { ...LAG_TWOWAY, vcov: { type: 'cluster', clusters: { province: 30, year: 11 } } };
    const t = regressionTable([BASELINE, hetero, twoway], { stats: ['nobs', 'withinR2', 'adjWithinR2', 'vcov'] });
    expect(texts(panel(t, 'stats'))).toEqual([
      ['N', '360', '12,345', '330'],
      ['Within R\u00b2', '\u2014', '0.3391', '0.1532'],
      ['Adj. within R\u00b2', '\u2014', '0.3295', '0.1301'],
      ['Std. errors', 'iid', 'Heteroskedastic', 'Clustered by province and year'],
    ]);
    const blank = regressionTable([BASELINE], { stats: ['withinR2'], missing: '', statLabels: { withinR2: 'R2 (within)' } });
    expect(texts(panel(blank, 'stats'))).toEqual([['R2 (within)', '']]);
    expect(texts(panel(regressionTable([BASELINE]), 'stats')).map((r) => r[0])).toEqual(['N', 'R\u00b2', 'Adj. R\u00b2']);
    expect(() => regressionTable([BASELINE], { stats: ['aic' as never] })).toThrow(/stats\[0\]: expected one of 'nobs', 'r2'/);
  });

  it('vcovText', () => {
    expect(vcovText({ type: 'iid', clusters: null })).toBe('iid');
    expect(vcovText({ type: 'hetero', clusters: null })).toBe('Heteroskedastic');
    expect(vcovText({ type: 'cluster', clusters: { province: 30 } })).toBe('Clustered by province');
    expect(vcovText({ type: 'cluster', clusters: null })).toBe('Clustered');
  });

  it('extra rows sit between fixed effects and statistics', () => {
    const t = regressionTable([BASELINE, YEAR_FE], { extraRows: [{ label: 'Clusters', values: [null, 30] }, { label: 'Share', values: [0.5, 'x'] }] });
    expect(t.panels.map((p) => p.kind)).toEqual(['coefficients', 'fixef', 'extra', 'stats']);
    expect(texts(panel(t, 'extra'))).toEqual([
      ['Clusters', '\u2014', '30'],
      ['Share', '0.5000', 'x'],
    ]);
    expect(() => regressionTable([BASELINE, YEAR_FE], { extraRows: [{ label: 'X', values: ['a'] }] })).toThrow(
      /extraRows\[0\].values: expected 2 values \(one per model\); got 1/,
    );
  });

  it('user notes follow the automatic ones', () => {
    const t = regressionTable([BASELINE], { notes: ['Source: provincial yearbooks.'] });
    expect(t.notes.map((n) => n.text)).toEqual(['Standard errors in parentheses.', '* p<0.1, ** p<0.05, *** p<0.01', 'Source: provincial yearbooks.']);
  });
});

describe('keep / drop / order / labels', () => {
  it('the paper`s GDP coefficient is shown, not 0.0000: rescaled into the row\'s one format, with a note', () => {
    const t = regressionTable([YEAR_FE]);
    const gdp = panel(t, 'coefficients').find((r) => r.term === 'GDP')!;
    expect(plainText(gdp.cells[0])).toBe('GDP (x1e6)');
    expect(plainText(gdp.cells[1])).toBe('3.1000***');
    expect(t.notes.map((n) => n.text)).toContain('(xk): estimate and standard error multiplied by k, i.e. the effect of a k-unit change.');
    // Without rescaling (autoScale: false) the value switches to e-notation rather than print 0.0000.
    const raw = panel(regressionTable([YEAR_FE], { autoScale: false }), 'coefficients').find((r) => r.term === 'GDP')!;
    expect(plainText(raw.cells[1])).toBe('3.1e-06***');
    // A factor given in scale wins over the automatic one.
    const given = panel(regressionTable([YEAR_FE], { scale: { GDP: 1e4 } }), 'coefficients').find((r) => r.term === 'GDP')!;
    expect(plainText(given.cells[0])).toBe('GDP (x1e4)');
  });

  it('keep by exact name and by RegExp (a /g pattern gives the same answer on every term)', () => {
    expect(labelsOf(regressionTable(MODELS, { keep: ['Vag', 'TAX'] }))).toEqual(['Vag', 'TAX']);
    expect(labelsOf(regressionTable(MODELS, { keep: [/Vag/g] }))).toEqual(['Vag', 'l(Vag,1)']);
    expect(labelsOf(regressionTable(MODELS, { keep: [] }))).toEqual([]);
  });

  it('drop, then order (first matching pattern wins, the rest keep their order)', () => {
    const t = regressionTable(MODELS, { drop: ['(Intercept)', /^(CPI|FDI)$/], order: [/Vag/, 'R&D'], autoScale: false });
    expect(labelsOf(t)).toEqual(['Vag', 'l(Vag,1)', 'R&D', 'GDP', 'TAX']);
    expect(selectTerms(['a', 'b', 'c', 'd'], { order: ['d', /[bc]/] })).toEqual(['d', 'b', 'c', 'a']);
  });

  it('a name that matches no term is an error naming the available terms; a RegExp may match nothing', () => {
    expect(() => regressionTable([BASELINE], { keep: ['vag'] })).toThrow(OptionError);
    expect(() => regressionTable([BASELINE], { drop: ['vag'] })).toThrow(/drop: expected a term of the models \('\(Intercept\)', 'Vag'\); got 'vag'/);
    expect(labelsOf(regressionTable([BASELINE], { drop: [/^zzz/] }))).toEqual(['(Intercept)', 'Vag']);
    expect(() => regressionTable([BASELINE], { keep: [42 as never] })).toThrow(/strings\) or RegExps/);
  });

  it('labels rename terms, fixed effects and the dependent variable', () => {
    const t = regressionTable(MODELS, { labels: { 'l(Vag,1)': 'L.Vag', year: 'Year FE', '(Intercept)': '_cons' } });
    expect(labelsOf(t)).toContain('L.Vag');
    expect(labelsOf(t)).toContain('_cons');
    expect(panel(t, 'fixef')[0].cells[0].text).toBe('Year FE');
  });
});

describe('scale', () => {
  const scaled = (below: 'se' | 't' | 'ci') => regressionTable([YEAR_FE], { scale: { GDP: 1e4 }, keep: ['GDP'], below });

  it('multiplies estimate, SE and CI, marks the label, keeps t and stars', () => {
    expect(texts(panel(scaled('se'), 'coefficients'))).toEqual([['GDP (x1e4)', '0.0310***'], ['', '(0.0064)']]);
    const ci = YEAR_FE.coefficients.find((c) => c.term === 'GDP')!;
    expect(texts(panel(scaled('ci'), 'coefficients'))[1][1]).toBe(
      `[${(ci.confLow * 1e4).toFixed(4)}, ${(ci.confHigh * 1e4).toFixed(4)}]`,
    );
    expect(texts(panel(scaled('t'), 'coefficients'))[1][1]).toBe('(4.8438)');
  });

  it('explains the mark in a note and keeps the raw numbers unscaled', () => {
    const t = scaled('se');
    expect(t.notes.map((n) => n.text)).toContain('(xk): estimate and standard error multiplied by k, i.e. the effect of a k-unit change.');
    expect(t.data.kind === 'regression' && t.data.scale).toEqual({ GDP: 1e4 });
    expect(t.data.kind === 'regression' && t.data.models[0].coefficients.GDP.estimate).toBe(3.1e-6);
  });

  it('a factor of 1, or for an absent term, changes nothing; a non-positive factor is an error', () => {
    expect(regressionTable([BASELINE], { scale: { Vag: 1, GDP: 10 } }).notes).toHaveLength(2);
    expect(() => regressionTable([BASELINE], { scale: { Vag: -10 } })).toThrow(/scale\['Vag'\]: expected a finite positive factor/);
    expect(() => regressionTable([BASELINE], { scale: { Vag: 0 } })).toThrow(OptionError);
  });
});

describe('input validation', () => {
  it('models must be a non-empty array of ModelLike', () => {
    expect(() => regressionTable([])).toThrow(/models: expected a non-empty array/);
    expect(() => regressionTable([{ depvar: 'SL' } as never])).toThrow(DataError);
  });

  it('duplicate terms in a model are rejected', () => {
    const dup: ModelLike = { ...BASELINE, coefficients: [coef('Vag', 1, 1, 0.5), coef('Vag', 2, 1, 0.5)] };
    expect(() => regressionTable([dup])).toThrow(/got 'Vag' twice/);
  });

  it('titles must match the number of models', () => {
    expect(() => regressionTable([BASELINE], { titles: ['a', 'b'] })).toThrow(/titles: expected 1 titles/);
  });

  it('the raw data holds the displayed terms per model, unrounded', () => {
    const t = regressionTable([BASELINE, YEAR_FE], { drop: ['(Intercept)'] });
    if (t.data.kind !== 'regression') throw new Error('expected regression data');
    expect(Object.keys(t.data.models[0].coefficients)).toEqual(['Vag']);
    expect(t.data.models[1].coefficients.TAX).toEqual({
      estimate: -1.9413,
      stdError: 0.2866,
      statistic: -1.9413 / 0.2866,
      pValue: 5.2e-11,
      confLow: YEAR_FE.coefficients[2].confLow,
      confHigh: YEAR_FE.coefficients[2].confHigh,
    });
  });
});
