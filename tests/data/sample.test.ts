/**
 * Sample rules of src/data/sample.ts that the panel layer depends on: centring inside a lag, and infinite
 * values dropped like missing ones.
 */
import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { feols } from '../../src/index.js';
import { resultToJson } from '../../src/estimate/result.js';
import { factorColumn } from '../../src/data/factor-column.js';
import { expectClose, readCsv } from '../helpers.js';

/** Two routes to the same least-squares solution: relative. */
const RTOL_SAME_FIT = 1e-10;

const data = readCsv(fileURLToPath(new URL('../golden/panel/panel.csv', import.meta.url)));
const panel = { id: 'id', time: 'year' };

describe('centring inside a lag', () => {
  // Inside a lag, center()'s argument x_t can be missing on a kept row (the row needs x_{t-1} only: here
  // BE 2007 after BE's x is missing in 2006, and NL 2003); the mean is over the rows where it is observed.
  // Whatever the mean, it is a constant shift absorbed by the year effects, so the slope is l(x,1)'s.
  it('y ~ l(center(x),1) | year has the slope of y ~ l(x,1) | year', () => {
    const centred = feols(data, 'y ~ l(center(x),1) | year', { panel });
    const raw = feols(data, 'y ~ l(x,1) | year', { panel });
    expect(centred.nobs).toBe(raw.nobs);
    expectClose(centred.coefficients[0].estimate, raw.coefficients[0].estimate, 'slope', RTOL_SAME_FIT, 0);
    expectClose(centred.coefficients[0].stdError, raw.coefficients[0].stdError, 'se', RTOL_SAME_FIT, 0);
  });

  it('center(l(x,1)) works: the lag is observed on every kept row', () => {
    const centred = feols(data, 'y ~ center(l(x,1)) | year', { panel });
    const raw = feols(data, 'y ~ l(x,1) | year', { panel });
    expectClose(centred.coefficients[0].estimate, raw.coefficients[0].estimate, 'slope', RTOL_SAME_FIT, 0);
  });
});

describe('infinite values', () => {
  // Fixed data (no random draws): y and x on 10 rows; row 6 gets an infinite value.
  const y = [1.2, 2.9, 3.1, 4.8, 5.2, 6.9, 7.1, 8.4, 9.6, 10.1];
  const x = [0.5, 1.4, 1.6, 2.1, 2.7, 3.3, 3.4, 4.2, 4.4, 5.3];
  const without = (v: number[]) => v.filter((_, i) => i !== 5);
  const reference = feols({ y: without(y), x: without(x) }, 'y ~ x');

  it('inside an expression, Infinity drops the row, counted as non-finite apart from missing values (fixest: infinite values)', () => {
    const xi = x.map((v, i) => (i === 5 ? Infinity : v));
    const fit = feols({ y, x: xi }, 'y ~ I(x)');
    expect(fit.dropped).toEqual({ na: 0, singletons: 0, nonFinite: 1 });
    expectClose(fit.coefficients[1].estimate, reference.coefficients[1].estimate, 'slope', RTOL_SAME_FIT, 0);
  });

  // A column used as stored (no copy) does not pass through the evaluator, which maps +-Infinity to NaN; the
  // sample's missing check must treat non-finite values as missing itself (JS arrays, Arrow files and CSV
  // fields "Infinity" can all hold them).
  it('a plain regressor holding Infinity drops the row too', () => {
    const xi = x.map((v, i) => (i === 5 ? Infinity : v));
    const fit = feols({ y, x: xi }, 'y ~ x');
    expect(fit.dropped).toEqual({ na: 0, singletons: 0, nonFinite: 1 });
    expectClose(fit.coefficients[1].estimate, reference.coefficients[1].estimate, 'slope', RTOL_SAME_FIT, 0);
  });

  it('an outcome holding -Infinity drops the row too', () => {
    const yi = y.map((v, i) => (i === 5 ? -Infinity : v));
    const fit = feols({ y: yi, x }, 'y ~ x');
    expect(fit.dropped).toEqual({ na: 0, singletons: 0, nonFinite: 1 });
    expectClose(fit.coefficients[1].estimate, reference.coefficients[1].estimate, 'slope', RTOL_SAME_FIT, 0);
  });
});

describe('non-finite transforms are counted apart from missing values', () => {
  const y = [1.2, 2.9, 3.1, 4.8, 5.2, 6.9, 7.1, 8.4, 9.6, 10.1, 11.3, 12.2];
  const x = [0.5, 1.4, 1.6, 2.1, 0, 3.3, -3.4, 4.2, 4.4, NaN, 5.1, 5.3];
  it('log of zero and of a negative value: dropped.nonFinite, not dropped.na', () => {
    const fit = feols({ y, x }, 'y ~ log(x)');
    expect(fit.dropped).toEqual({ na: 1, singletons: 0, nonFinite: 2 });
    expect(fit.nobs).toBe(9);
    expect(resultToJson(fit).dropped).toEqual({ na: 1, singletons: 0, non_finite: 2 });
  });
  it('sqrt of a negative value and 1/0', () => {
    expect(feols({ y, x }, 'y ~ sqrt(x)').dropped).toEqual({ na: 1, singletons: 0, nonFinite: 1 });
    expect(feols({ y, x }, 'y ~ I(1/x)').dropped).toEqual({ na: 1, singletons: 0, nonFinite: 1 });
  });
  it('a row with a missing value counts as missing even where its transform is not finite', () => {
    const z = x.map((_, i) => (i === 4 ? NaN : i));
    expect(feols({ y, x, z }, 'y ~ log(x) + z').dropped).toEqual({ na: 2, singletons: 0, nonFinite: 1 });
  });
  it('a lag that does not exist is a missing value, not a non-finite one', () => {
    const id = y.map((_, i) => (i < 6 ? 1 : 2));
    const t = y.map((_, i) => i % 6);
    const xs = x.map((v) => (Number.isNaN(v) ? 1 : Math.abs(v) + 1));
    const fit = feols({ y, x: xs, id, t }, 'y ~ l(x, 1)', { panel: { id: 'id', time: 't' } });
    expect(fit.dropped).toEqual({ na: 2, singletons: 0, nonFinite: 0 });
  });
});

describe('factor columns where numbers are expected', () => {
  it('levels that are all numbers convert; the first text level is an error naming its row', () => {
    const y = [1.2, 2.3, 2.9, 4.1, 5.2, 5.8];
    const numeric = feols({ y, x: factorColumn(Int32Array.of(0, 1, 2, 0, 1, 3), ['1.5', '2', ' 3 ', '4e0']) }, 'y ~ x');
    const plain = feols({ y, x: [1.5, 2, 3, 1.5, 2, 4] }, 'y ~ x');
    expect(numeric.coefficients[1].estimate).toBe(plain.coefficients[1].estimate);
    const text = factorColumn(Int32Array.of(0, 1, -1, 2, 0, 1), ['1', '2', 'n/a']);
    expect(() => feols({ y, x: text }, 'y ~ x')).toThrow(/column 'x' .*not numeric: row 4 holds "n\/a"/);
  });
});
