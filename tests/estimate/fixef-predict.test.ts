/**
 * fixef(), fitted() and predict() against R fixest 0.12.2 (tests/golden/fixest/formula_grunfeld_*.json,
 * script scripts/formula.R), and their bad input.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { feols, fixef, fitted, predict, predictDetailed, DataError } from '../../src/index.js';
import { expectAllClose, expectClose, readCsv, RTOL_R } from '../helpers.js';

const dir = new URL('../golden/fixest/', import.meta.url);
const grunfeld = readCsv(new URL('grunfeld.csv', dir).pathname);
const ref = (name: string) => JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8'));
const reversed = Object.fromEntries(Object.entries(grunfeld).map(([k, v]) => [k, [...v].reverse()]));
const first10 = Object.fromEntries(Object.entries(grunfeld).map(([k, v]) => [k, v.slice(0, 10)]));

/** fixest's {levels, values} blocks against ours, level by level. */
function expectFixef(got: ReturnType<typeof fixef>, want: Record<string, { levels: string[]; values: number[] }>, rtol = RTOL_R): void {
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  for (const [fe, block] of Object.entries(want)) {
    expectAllClose(block.levels.map((l) => got[fe][l]), block.values, `fixef ${fe}`, rtol);
  }
}

describe('fixef() as fixest normalises it', () => {
  const r = ref('formula_grunfeld_fixef_predict');
  const fit = feols(grunfeld, 'inv ~ value + capital | firm + year', { singletons: 'keep' });

  it('two FEs: every firm free, the year of the first row (1935) is 0', () => {
    expectFixef(fixef(fit), r.fixef_values);
    expect(fixef(fit).year['1935']).toBe(0);
  });

  it('depends on row order as fixest does: reversed rows make 1954 the reference', () => {
    const back = feols(reversed, 'inv ~ value + capital | firm + year', { singletons: 'keep' });
    expectFixef(fixef(back), r.fixef_values_reversed_rows);
  });

  // fixest's own fixef() of a varying-slope model is iterative and only about 1e-8 accurate (against lm with
  // dummies: 1.2e-8 at worst, scripts/fixef_lm.R), so it is checked at that accuracy; the exact values from lm
  // with dummies (fixef_slopes_lm.json) at the usual tolerance.
  const FIXEST_SLOPES_FIXEF_RTOL = 5e-8;
  const lm = ref('fixef_slopes_lm');

  it('varying slopes firm[capital] + year: lm\'s exact values, fixest\'s normalised ones (first year 0)', () => {
    const s = ref('formula_grunfeld_slopes');
    const f = fixef(feols(grunfeld, 'inv ~ value | firm[capital] + year', { singletons: 'keep' }));
    const { value: _value, ...exact } = lm.slopes;
    expectFixef(f, exact);
    const { doc: _doc, ...normalised } = s.fixef_values_normalised;
    expectFixef(f, normalised, FIXEST_SLOPES_FIXEF_RTOL);
  });

  it('slopes only firm[[capital]] + year: lm\'s exact values, fixest\'s as they are', () => {
    const s = ref('formula_grunfeld_slopes_only');
    const f = fixef(feols(grunfeld, 'inv ~ value | firm[[capital]] + year', { singletons: 'keep' }));
    const { value: _value, ...exact } = lm.slopes_only;
    expectFixef(f, exact);
    expectFixef(f, s.fixef_values, FIXEST_SLOPES_FIXEF_RTOL);
  });

  it('adds up: X b + the fixed effects of each row = the fitted values', () => {
    const fe = fixef(fit);
    const [bv, bc] = fit.coefficients.map((c) => c.estimate);
    const f = fitted(fit);
    for (let i = 0; i < 200; i++) {
      const own = bv * (grunfeld.value[i] as number) + bc * (grunfeld.capital[i] as number)
        + fe.firm[String(grunfeld.firm[i])] + fe.year[String(grunfeld.year[i])];
      expectClose(own, f[i], `row ${i}`, 1e-12, 1e-9);
    }
  });
});

describe('predict() and fitted()', () => {
  const r = ref('formula_grunfeld_fixef_predict');
  const fit = feols(grunfeld, 'inv ~ value + capital | firm + year', { singletons: 'keep' });

  it('fitted values and predict() without new data are fixest\'s predict(m)', () => {
    expectAllClose(fitted(fit).slice(0, 10), r.predict_first10, 'fitted');
    expectAllClose(predict(fit).slice(0, 10), r.predict_first10, 'predict');
  });

  it('predict(fit, newdata) is fixest\'s predict(m, newdata = grunfeld[1:10, ])', () => {
    expectAllClose(predict(fit, first10), r.predict_newdata_first10, 'predict newdata');
  });

  it('new data need no outcome column', () => {
    const { inv: _inv, ...noOutcome } = first10;
    expectAllClose(predict(fit, noOutcome), r.predict_newdata_first10, 'without inv');
  });

  it('with varying slopes and i() terms, new data reproduce the fitted values', () => {
    const s = feols(grunfeld, 'inv ~ value + i(year, capital, ref = 1935) | firm[capital]', { singletons: 'keep' });
    expectAllClose(predict(s, grunfeld), fitted(s), 'slopes + i()', 1e-10, 1e-8);
    // Rows of one year only: the i() columns are still those of the fit.
    const y1950 = Object.fromEntries(Object.entries(grunfeld).map(([k, v]) => [k, v.filter((_, i) => grunfeld.year[i] === 1950)]));
    const rows = Array.from({ length: 200 }, (_, i) => i).filter((i) => grunfeld.year[i] === 1950);
    const f = fitted(s);
    expectAllClose(predict(s, y1950), rows.map((i) => f[i]), 'one year', 1e-10, 1e-8);
  });

  it('an unseen fixed-effect level gives NaN and is counted; a missing value too', () => {
    const data = { ...first10, firm: [...first10.firm.slice(0, 8), 99, 99], value: [NaN, ...first10.value.slice(1)] };
    const p = predictDetailed(fit, data);
    expect(p.unseen).toEqual({ firm: 2 });
    expect(p.missing).toBe(1);
    expect(Number.isNaN(p.values[0])).toBe(true);
    expect(Number.isNaN(p.values[8]) && Number.isNaN(p.values[9])).toBe(true);
    expectAllClose(p.values.slice(1, 8), r.predict_newdata_first10.slice(1, 8), 'the other rows');
  });

  it('new data missing a column the model uses: one clear error naming it', () => {
    const { capital: _capital, ...noCapital } = first10;
    expect(() => predict(fit, noCapital)).toThrow(DataError);
    expect(() => predict(fit, noCapital)).toThrow(/unknown column 'capital' \(needed to predict/);
  });

  it('refuses an unknown type', () => {
    expect(() => predict(fit, first10, { type: 'probability' as never })).toThrow(/predict type must be one of link, response/);
  });
});
