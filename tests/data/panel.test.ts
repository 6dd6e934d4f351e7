/**
 * Panel operators on an unbalanced panel (interior gaps, late entry, early exit, missing values, string ids,
 * shuffled rows) against R: every l(), f(), d() value matched by (id, year - k) in R, and regressions fitted
 * with lm on those matched columns (tests/golden/panel/make_panel_fixtures.R). Also centring invariances,
 * i() factor names, and the errors a panel must raise.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as aq from 'arquero';
import { feols, parseFormula, DataError, FormulaError, type FeolsOptions, type FeolsResult } from '../../src/index.js';
import { buildPanel, timeOperator } from '../../src/data/panel.js';
import { buildDesign } from '../../src/data/sample.js';
import { columnSource, numericColumn } from '../../src/data/columns.js';
import { resolveOptions } from '../../src/estimate/options.js';
import type { LagOp } from '../../src/formula/ast.js';
import { expectClose, readCsv } from '../helpers.js';

/** Against R references (DESIGN.md, house style 7). */
const RTOL_R = 1e-8;
const ATOL_R = 1e-10;
/** Centring changes the parametrisation only: the interaction, its SE and R2 agree to this (relative). */
const RTOL_INVARIANT = 1e-10;
/** Two routes to the same least-squares solution (dummies vs absorbed FE): relative. */
const RTOL_SAME_FIT = 1e-10;
/** A centred column sums to zero on the sample, up to rounding of its n terms (relative to sum |v|). */
const RTOL_ZERO_MEAN = 1e-13;
/** Operator values are copies or one subtraction of the same doubles on both sides: bit-identical. */
const OPERATOR_ATOL = 0;

const dir = fileURLToPath(new URL('../golden/panel/', import.meta.url));
const csvPath = `${dir}panel.csv`;
const expected = JSON.parse(readFileSync(`${dir}panel_expected.json`, 'utf8')) as Fixture;
const data = readCsv(csvPath);
const panel = { id: 'id', time: 'year' };

interface Expected {
  nobs: number;
  dropped: { na: number; singletons: number };
  fixef: Record<string, number> | null;
  coef_names: string[];
  estimate: number[];
  std_error: number[];
  statistic: number[];
  p_value: number[];
  conf_low: number[];
  conf_high: number[];
  vcov: number[][];
  k: number;
  df_t: number;
  rss: number;
  r2: number;
  adj_r2: number;
  within_r2: number | null;
  means?: Record<string, number>;
}
interface Case {
  name: string;
  formula: string;
  options: { panel: { id: string; time: string }; vcov: 'iid' | 'hetero' | 'cluster'; cluster: string[] | null };
  expected: Expected;
}
interface Fixture {
  n: number;
  /** Per row: id, year, x, y, z and each operator column (e.g. l_x_1), null for NA; `columns` names them. */
  operators: { columns: Record<string, string>; id: string[]; year: number[]; [column: string]: unknown };
  cases: Case[];
}

const cases = new Map(expected.cases.map((c) => [c.name, c]));
function caseNamed(name: string): Case {
  const c = cases.get(name);
  if (!c) throw new Error(`fixture case ${name} is missing; rerun make_panel_fixtures.R`);
  return c;
}

function optionsOf(c: Case): FeolsOptions {
  return { panel: c.options.panel, vcov: c.options.vcov, ...(c.options.cluster ? { cluster: c.options.cluster } : {}) };
}

function coef(fit: FeolsResult, term: string) {
  const c = fit.coefficients.find((x) => x.term === term);
  if (!c) throw new Error(`no coefficient ${term} in ${fit.coefficients.map((x) => x.term).join(', ')}`);
  return c;
}

/** R's row for each data row, matched by (id, year), not by position. */
const key = (id: unknown, year: unknown) => `${String(id)}\u0000${Number(year)}`;
const rRow = new Map(expected.operators.id.map((id, j) => [key(id, expected.operators.year[j]), j]));
const rowOf = Array.from({ length: data.id.length }, (_, i) => {
  const j = rRow.get(key(data.id[i], data.year[i]));
  if (j === undefined) throw new Error(`row ${i + 1} (${data.id[i]}, ${data.year[i]}) is not in the fixture`);
  return j;
});

/** R's value of `column` (e.g. 'l_x_1') for data row i; NaN for R's NA. */
function rValue(column: string, i: number): number {
  const v = (expected.operators[column] as (number | null)[])[rowOf[i]];
  return v === null ? NaN : v;
}

const OPERATORS: { column: string; op: LagOp; variable: string; k: number }[] = [
  { column: 'l_x_1', op: 'l', variable: 'x', k: 1 },
  { column: 'l_x_2', op: 'l', variable: 'x', k: 2 },
  { column: 'f_x_1', op: 'f', variable: 'x', k: 1 },
  { column: 'd_x_1', op: 'd', variable: 'x', k: 1 },
  { column: 'l_y_1', op: 'l', variable: 'y', k: 1 },
  { column: 'f_y_1', op: 'f', variable: 'y', k: 1 },
  { column: 'd_y_1', op: 'd', variable: 'y', k: 1 },
  { column: 'd_z_1', op: 'd', variable: 'z', k: 1 },
];

function expectSameOperator(actual: number, r: number, what: string): void {
  if (Number.isNaN(r)) expect(actual, `${what}: R has NA`).toBeNaN();
  else {
    expect(actual, `${what}: R has ${r}`).not.toBeNaN();
    expect(Math.abs(actual - r), `${what}: got ${actual}, R ${r}`).toBeLessThanOrEqual(OPERATOR_ATOL);
  }
}

describe('the fixture panel', () => {
  it('is unbalanced with gaps, late entry, early exit, missing values and shuffled rows', () => {
    expect(data.id.length).toBe(expected.n);
    const years = new Map<string, number[]>();
    data.id.forEach((id, i) => years.set(String(id), [...(years.get(String(id)) ?? []), Number(data.year[i])]));
    const spans = [...years.values()].map((ys) => [Math.min(...ys), Math.max(...ys), ys.length] as const);
    expect(spans.some(([lo, hi, n]) => hi - lo + 1 > n), 'interior gap').toBe(true);
    expect(spans.some(([lo]) => lo > 2001), 'late entry').toBe(true);
    expect(spans.some(([, hi]) => hi < 2012), 'early exit').toBe(true);
    expect(data.x.some((v) => Number.isNaN(v as number)), 'missing x').toBe(true);
    const sorted = data.id.every((id, i) => i === 0 || key(data.id[i - 1], data.year[i - 1]) <= key(id, data.year[i]));
    expect(sorted, 'rows are not in (id, year) order').toBe(false);
  });
});

describe('time operators against R (matched by id and year - k)', () => {
  const source = columnSource(data);
  const p = buildPanel(source, 'id', 'year');

  for (const { column, op, variable, k } of OPERATORS) {
    const name = expected.operators.columns[column];

    it(`${name} directly through buildPanel and timeOperator`, () => {
      const values = timeOperator(p, op, numericColumn(source, variable), k);
      let nonMissing = 0;
      for (let i = 0; i < values.length; i++) {
        expectSameOperator(values[i], rValue(column, i), `${name} at (${data.id[i]}, ${data.year[i]})`);
        if (!Number.isNaN(values[i])) nonMissing++;
      }
      // Guard against a vacuous pass: the panel must leave both values and gaps.
      expect(nonMissing).toBeGreaterThan(40);
      expect(nonMissing).toBeLessThan(values.length);
    });

    it(`${name} through the estimation sample (buildDesign and feols)`, () => {
      // As the outcome, the operator alone decides the sample: kept rows are exactly R's non-NA rows.
      const formula = `${name} ~ 1`;
      const design = buildDesign(source, parseFormula(formula), resolveOptions({ panel }));
      const rows = Array.from(design.rows);
      const rNonMissing = rowOf.map((_, i) => i).filter((i) => !Number.isNaN(rValue(column, i)));
      expect(rows).toEqual(rNonMissing);
      expect(design.dropped.na).toBe(data.id.length - rNonMissing.length);
      for (let j = 0; j < rows.length; j++) expectSameOperator(design.y[j], rValue(column, rows[j]), `${name} row ${rows[j] + 1}`);

      // feols on y ~ 1: the mean, and every value back as fitted + residual.
      const fit = feols(data, formula, { panel });
      expect(Array.from(fit.rows)).toEqual(rNonMissing);
      const mean = rNonMissing.reduce((a, i) => a + rValue(column, i), 0) / rNonMissing.length;
      expectClose(fit.coefficients[0].estimate, mean, `mean of ${name}`, RTOL_R, ATOL_R);
      fit.rows.forEach((i, j) => expectClose(fit.coefficients[0].estimate + fit.residuals[j], rValue(column, i), `${name} row ${i + 1}`, RTOL_R, ATOL_R));
    });
  }

  it('as a regressor, the design column equals R on the sample rows', () => {
    const design = buildDesign(source, parseFormula('y ~ l(x,1:2) + f(x,1) + d(x,1) + l(y,1)'), resolveOptions({ panel }));
    const columns = ['l_x_1', 'l_x_2', 'f_x_1', 'd_x_1', 'l_y_1'];
    expect(design.names).toEqual(['(Intercept)', ...columns.map((c) => expected.operators.columns[c])]);
    columns.forEach((column, c) => {
      design.rows.forEach((i, j) => expectSameOperator(design.X[c + 1][j], rValue(column, i), `${column} row ${i + 1}`));
    });
  });

  it('gives the same values whatever the data shape: rows, columns, Arquero table', () => {
    const rows = data.id.map((_, i) => Object.fromEntries(Object.keys(data).map((k) => [k, data[k][i]])));
    const table = aq.table(data);
    for (const shape of [rows, table]) {
      const s = columnSource(shape);
      const values = timeOperator(buildPanel(s, 'id', 'year'), 'l', numericColumn(s, 'x'), 2);
      values.forEach((v, i) => expectSameOperator(v, rValue('l_x_2', i), `l(x,2) row ${i + 1}`));
    }
  });

  it('does not depend on how units are coded: integer ids give the same lags as string ids', () => {
    const codes = new Map([...new Set(data.id.map(String))].map((id, c) => [id, 100 + 7 * c]));
    const numeric = { ...data, id: data.id.map((id) => codes.get(String(id)) as number) };
    const s = columnSource(numeric);
    const values = timeOperator(buildPanel(s, 'id', 'year'), 'l', numericColumn(s, 'x'), 1);
    values.forEach((v, i) => expectSameOperator(v, rValue('l_x_1', i), `l(x,1) row ${i + 1}`));
  });

  it('handles time origins at zero and below (no reliance on calendar years)', () => {
    // Unit a: t = -2, -1, 1 (gap at 0); unit b: t = 0, 1, 2.
    const s = columnSource({ id: ['a', 'b', 'a', 'b', 'a', 'b'], t: [-2, 0, -1, 1, 1, 2], x: [10, 20, 11, 21, 13, 22] });
    const p0 = buildPanel(s, 'id', 't');
    const x = numericColumn(s, 'x');
    expect(Array.from(timeOperator(p0, 'l', x, 1))).toEqual([NaN, NaN, 10, 20, NaN, 21]);
    expect(Array.from(timeOperator(p0, 'f', x, 2))).toEqual([NaN, 22, 13, NaN, NaN, NaN]);
    expect(Array.from(timeOperator(p0, 'd', x, -1))).toEqual([-1, -1, NaN, -1, NaN, NaN]);
  });
});

describe('regressions with panel operators against R (lm on matched lags, fixest conventions)', () => {
  for (const c of expected.cases) {
    it(`${c.name}: ${c.formula} (${c.options.vcov}${c.options.cluster ? ` by ${c.options.cluster.join('+')}` : ''})`, () => {
      const fit = feols(data, c.formula, optionsOf(c));
      const e = c.expected;
      expect(fit.coefficients.map((x) => x.term)).toEqual(e.coef_names);
      expect(fit.nobs).toBe(e.nobs);
      expect(fit.dropped).toEqual({ nonFinite: 0, ...e.dropped });
      expect(fit.collinear).toEqual([]);
      if (e.fixef) expect(fit.fixef).toEqual(e.fixef);
      expect(fit.vcov.k).toBe(e.k);
      expect(fit.vcov.dfT).toBe(e.df_t);
      fit.coefficients.forEach((x, j) => {
        expectClose(x.estimate, e.estimate[j], `${x.term} estimate`, RTOL_R, ATOL_R);
        expectClose(x.stdError, e.std_error[j], `${x.term} se`, RTOL_R, ATOL_R);
        expectClose(x.statistic, e.statistic[j], `${x.term} t`, RTOL_R, ATOL_R);
        expectClose(x.pValue, e.p_value[j], `${x.term} p`, RTOL_R, ATOL_R);
        expectClose(x.confLow, e.conf_low[j], `${x.term} conf low`, RTOL_R, ATOL_R);
        expectClose(x.confHigh, e.conf_high[j], `${x.term} conf high`, RTOL_R, ATOL_R);
        e.vcov[j].forEach((v, l) => expectClose(fit.vcov.matrix[j][l], v, `vcov[${j}][${l}]`, RTOL_R, ATOL_R));
      });
      expectClose(fit.rss, e.rss, 'rss', RTOL_R, ATOL_R);
      expectClose(fit.r2, e.r2, 'r2', RTOL_R, ATOL_R);
      expectClose(fit.adjR2, e.adj_r2, 'adj r2', RTOL_R, ATOL_R);
      if (e.within_r2 === null) expect(fit.withinR2).toBeNull();
      else expectClose(fit.withinR2 as number, e.within_r2, 'within r2', RTOL_R, ATOL_R);
    });
  }

  it('the panel makes lags drop rows and singletons appear (so the cases above test the sample rules)', () => {
    expect(caseNamed('lags12_twfe_iid').expected.dropped.na).toBeGreaterThan(caseNamed('lag_year_iid').expected.dropped.na);
    expect(caseNamed('moderation_lag_centred').expected.dropped.singletons).toBeGreaterThan(0);
    expect(caseNamed('lead_outcome_iid').expected.dropped.singletons).toBeGreaterThan(0);
  });
});

describe('lags on the outcome and l(x, 1:2)', () => {
  it('an operator on the left-hand side names the dependent variable and uses its own sample', () => {
    const fit = feols(data, 'f(y,1) ~ x + z | id', { panel });
    expect(fit.depvar).toBe('f(y,1)');
    expect(fit.nobs).toBe(caseNamed('lead_outcome_iid').expected.nobs);
    expect(feols(data, 'd(y,1) ~ d(x,1)', { panel }).depvar).toBe('d(y,1)');
  });

  it('the lagged outcome as a regressor is y at t-1 of the same unit', () => {
    const fit = feols(data, 'y ~ l(y,1) + x | year', { panel, cluster: 'id' });
    expect(fit.coefficients.map((c) => c.term)).toEqual(['l(y,1)', 'x']);
    // Every sample row has an observed y one year earlier in the same unit.
    for (const i of fit.rows) expect(rValue('l_y_1', i)).not.toBeNaN();
  });

  it('l(x, 1:2) expands to l(x,1) + l(x,2), the same fit as writing both', () => {
    const a = feols(data, 'y ~ l(x,1:2) + z | id + year', { panel });
    const b = feols(data, 'y ~ l(x,1) + l(x,2) + z | id + year', { panel });
    expect(a.coefficients.map((c) => c.term)).toEqual(['l(x,1)', 'l(x,2)', 'z']);
    expect(a.coefficients.map((c) => c.estimate)).toEqual(b.coefficients.map((c) => c.estimate));
    expect(a.coefficients.map((c) => c.stdError)).toEqual(b.coefficients.map((c) => c.stdError));
  });

  it('l(x, -1) is f(x, 1)', () => {
    const a = feols(data, 'y ~ l(x,-1) | year', { panel });
    const b = feols(data, 'y ~ f(x,1) | year', { panel });
    expect(a.coefficients.map((c) => c.term)).toEqual(['f(x,1)']);
    expect(a.coefficients[0].estimate).toBe(b.coefficients[0].estimate);
  });
});

describe('centring on the final estimation sample', () => {
  const pairs = [
    { raw: 'moderation_raw', centred: 'moderation_centred', x: 'x', z: 'z' },
    { raw: 'moderation_lag_raw', centred: 'moderation_lag_centred', x: 'x', z: 'z' },
  ];
  for (const pair of pairs) {
    const rawCase = caseNamed(pair.raw);
    const cenCase = caseNamed(pair.centred);

    it(`${cenCase.formula}: the interaction, its SE and R2 do not change`, () => {
      const raw = feols(data, rawCase.formula, optionsOf(rawCase));
      const cen = feols(data, cenCase.formula, optionsOf(cenCase));
      expect(Array.from(cen.rows)).toEqual(Array.from(raw.rows));
      const bxz = coef(raw, 'x:z');
      const cxz = coef(cen, 'center(x):center(z)');
      expectClose(cxz.estimate, bxz.estimate, 'interaction estimate', RTOL_INVARIANT, 0);
      expectClose(cxz.stdError, bxz.stdError, 'interaction se', RTOL_INVARIANT, 0);
      expectClose(cxz.pValue, bxz.pValue, 'interaction p', RTOL_INVARIANT, 0);
      expectClose(cen.r2, raw.r2, 'r2', RTOL_INVARIANT, 0);
      expectClose(cen.withinR2 as number, raw.withinR2 as number, 'within r2', RTOL_INVARIANT, 0);
      expectClose(cen.rss, raw.rss, 'rss', RTOL_INVARIANT, 0);
    });

    it(`${cenCase.formula}: the main effect of x is b_x + b_xz mean(z) over the final sample`, () => {
      const raw = feols(data, rawCase.formula, optionsOf(rawCase));
      const cen = feols(data, cenCase.formula, optionsOf(cenCase));
      const sampleMean = (v: string) => Array.from(raw.rows).reduce((a, i) => a + (data[v][i] as number), 0) / raw.nobs;
      const meanX = sampleMean(pair.x);
      const meanZ = sampleMean(pair.z);
      // The sample of the fit is R's sample: the means agree with R's, singletons and lag drops included.
      expectClose(meanZ, cenCase.expected.means?.z as number, 'mean z', RTOL_R, ATOL_R);
      expectClose(meanX, cenCase.expected.means?.x as number, 'mean x', RTOL_R, ATOL_R);
      const bx = coef(raw, 'x').estimate, bz = coef(raw, 'z').estimate, bxz = coef(raw, 'x:z').estimate;
      expectClose(coef(cen, 'center(x)').estimate, bx + bxz * meanZ, 'b_x at mean z', RTOL_INVARIANT, 0);
      expectClose(coef(cen, 'center(z)').estimate, bz + bxz * meanX, 'b_z at mean x', RTOL_INVARIANT, 0);
    });
  }

  it('the centred columns have mean zero on the final sample (after lag and singleton drops)', () => {
    const c = caseNamed('moderation_lag_centred');
    const design = buildDesign(columnSource(data), parseFormula(c.formula), resolveOptions(optionsOf(c)));
    expect(design.dropped.singletons).toBeGreaterThan(0);
    for (const name of ['center(x)', 'center(z)']) {
      const col = design.X[design.names.indexOf(name)];
      const sum = col.reduce((a, v) => a + v, 0);
      const scale = col.reduce((a, v) => a + Math.abs(v), 0);
      expect(Math.abs(sum), `${name} sums to ${sum}`).toBeLessThanOrEqual(RTOL_ZERO_MEAN * scale);
    }
    // Centring on all rows with x observed would not: the dropped rows move the mean.
    const xAll = (data.x as number[]).filter((v) => !Number.isNaN(v));
    const meanAll = xAll.reduce((a, v) => a + v, 0) / xAll.length;
    expect(Math.abs(meanAll - (c.expected.means?.x as number))).toBeGreaterThan(1e-3);
  });
});

describe('i() factor dummies', () => {
  it('i(year) names its dummies year::level and omits the first level', () => {
    const fit = feols(data, 'y ~ x + i(year)');
    const years = Array.from({ length: 11 }, (_, j) => `year::${2002 + j}`);
    expect(fit.coefficients.map((c) => c.term)).toEqual(['(Intercept)', 'x', ...years]);
  });

  it('i(year, ref = 2005) omits 2005 instead', () => {
    const fit = feols(data, 'y ~ x + i(year, ref = 2005)');
    const terms = fit.coefficients.map((c) => c.term);
    expect(terms).toContain('year::2001');
    expect(terms).not.toContain('year::2005');
    expect(terms).toEqual(caseNamed('ifactor_ref_2005').expected.coef_names);
  });

  it('y ~ x + i(year) has the same x coefficient and SE as y ~ x | year', () => {
    const dummies = feols(data, 'y ~ x + i(year)');
    const absorbed = feols(data, 'y ~ x | year');
    expectClose(coef(dummies, 'x').estimate, coef(absorbed, 'x').estimate, 'b_x', RTOL_SAME_FIT, 0);
    expectClose(coef(dummies, 'x').stdError, coef(absorbed, 'x').stdError, 'se_x', RTOL_SAME_FIT, 0);
    expectClose(dummies.rss, absorbed.rss, 'rss', RTOL_SAME_FIT, 0);
    expectClose(dummies.r2, absorbed.r2, 'r2', RTOL_SAME_FIT, 0);
  });

  it('an unknown reference level is an error that lists the levels', () => {
    expect(() => feols(data, 'y ~ x + i(year, ref = 1999)')).toThrow(DataError);
    expect(() => feols(data, 'y ~ x + i(year, ref = 1999)')).toThrow(/'1999' is not a level of 'year'.*2001/);
  });
});

describe('panel errors', () => {
  it('a duplicate (id, time) pair is an error naming both rows and the pair', () => {
    const dup = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, [...v, v[4]]]));
    const n = data.id.length;
    const message = new RegExp(`rows 5 and ${n + 1}.*"${data.id[4]}", ${data.year[4]}`);
    expect(() => feols(dup, 'y ~ l(x,1) | year', { panel })).toThrow(DataError);
    expect(() => feols(dup, 'y ~ l(x,1) | year', { panel })).toThrow(message);
    expect(() => buildPanel(columnSource(dup), 'id', 'year')).toThrow(message);
  });

  it('a duplicate with a missing time is not a pair; a duplicate in another unit is not either', () => {
    const s = columnSource({ id: ['a', 'a', 'b', 'a'], t: [1, NaN, 1, NaN], x: [1, 2, 3, 4] });
    const p = buildPanel(s, 'id', 't');
    expect(Array.from(timeOperator(p, 'l', numericColumn(s, 'x'), 1))).toEqual([NaN, NaN, NaN, NaN]);
  });

  it('lags without a panel are an error that says how to declare one', () => {
    for (const f of ['y ~ l(x,1)', 'd(y,1) ~ x', 'y ~ x + f(z,1) | year']) {
      expect(() => feols(data, f)).toThrow(DataError);
      expect(() => feols(data, f)).toThrow(/panel: \{ id, time \}/);
    }
  });

  it('a non-integer time is an error naming the row and the value', () => {
    const year = [...data.year];
    year[3] = 2003.5;
    expect(() => feols({ ...data, year }, 'y ~ l(x,1)', { panel })).toThrow(DataError);
    expect(() => feols({ ...data, year }, 'y ~ l(x,1)', { panel })).toThrow(/row 4 holds 2003\.5/);
  });

  it('a text time is an error naming the row', () => {
    const year = data.year.map(String);
    year[6] = '2003Q1';
    expect(() => feols({ ...data, year }, 'y ~ l(x,1)', { panel })).toThrow(/panel time variable.*row 7 holds "2003Q1"/);
  });

  it('a non-integer lag order is a formula error', () => {
    expect(() => feols(data, 'y ~ l(x,1.5)', { panel })).toThrow(FormulaError);
  });

  it('an unknown panel column is an error', () => {
    expect(() => feols(data, 'y ~ l(x,1)', { panel: { id: 'id', time: 'yeer' } })).toThrow(/unknown column 'yeer'.*panel time.*did you mean 'year'/);
  });
});
