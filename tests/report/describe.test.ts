import { describe, expect, it } from 'vitest';
import { DataError, OptionError } from '../../src/errors.js';
import { describeColumns, descriptiveTable, plainText, quantile, renderText } from '../../src/report/index.js';

/** Against values computed by hand (exact up to floating-point rounding of a few operations). */
const ATOL = 1e-12;
const RTOL = 1e-12;
const close = (a: number, b: number): boolean => Math.abs(a - b) <= ATOL + RTOL * Math.abs(b);

describe('describeColumns', () => {
  // x = 1, 2, 3, 4, 10 (plus one NaN): mean 4; deviations -3 -2 -1 0 6, squares sum to 50,
  // so var = 50 / 4 = 12.5 and sd = sqrt(12.5).
  const [s] = describeColumns({ x: [1, 2, NaN, 3, 4, 10] }, { median: true, quantiles: [0, 0.1, 0.25, 0.9, 1] });

  it('N, missing, mean, sd (n - 1), min, max', () => {
    expect(s.variable).toBe('x');
    expect(s.n).toBe(5);
    expect(s.missing).toBe(1);
    expect(close(s.mean, 4)).toBe(true);
    expect(close(s.sd, Math.sqrt(12.5))).toBe(true);
    expect(s.min).toBe(1);
    expect(s.max).toBe(10);
  });

  it('median and type-7 quantiles: h = (n - 1) p, interpolated (R: quantile(c(1,2,3,4,10), ...))', () => {
    expect(s.median).toBe(3);
    const q = Object.fromEntries(s.quantiles!.map((e) => [e.p, e.value]));
    expect(q[0]).toBe(1);
    expect(close(q[0.1], 1.4)).toBe(true); // h = 0.4: 1 + 0.4 * (2 - 1)
    expect(q[0.25]).toBe(2); // h = 1
    expect(close(q[0.9], 7.6)).toBe(true); // h = 3.6: 4 + 0.6 * (10 - 4)
    expect(q[1]).toBe(10);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([5], 0.3)).toBe(5);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('keeps accuracy when the mean dwarfs the spread (Year 2009-2020, 30 provinces: sd 3.457)', () => {
    const years = Array.from({ length: 360 }, (_, i) => 2009 + (i % 12));
    const [y] = describeColumns({ Year: years });
    expect(close(y.mean, 2014.5)).toBe(true);
    // population variance of 12 equally frequent consecutive years is (12^2 - 1) / 12; times n / (n - 1)
    expect(close(y.sd, Math.sqrt(((144 - 1) / 12) * (360 / 359)))).toBe(true);
    const shifted = describeColumns({ z: years.map((v) => v + 1e9) })[0];
    expect(Math.abs(shifted.sd - y.sd)).toBeLessThan(1e-6);
  });

  it('null and undefined count as missing; typed arrays work; edge sizes give NaN, not errors', () => {
    const [a, b, c, d] = describeColumns({
      a: [1, null, undefined, 3] as unknown as number[],
      b: Float64Array.from([2, 4]),
      c: [NaN, NaN],
      d: [7],
    });
    expect([a.n, a.missing, a.mean]).toEqual([2, 2, 2]);
    expect([b.n, b.mean, b.sd]).toEqual([2, 3, Math.SQRT2]);
    expect(c.n).toBe(0);
    expect(c.missing).toBe(2);
    expect([c.mean, c.sd, c.min, c.max]).toEqual([NaN, NaN, NaN, NaN]);
    expect(d.sd).toBeNaN();
    expect(d.mean).toBe(7);
  });

  it('rejects infinite and non-numeric values, bad probabilities', () => {
    expect(() => describeColumns({ g: [1, Infinity] })).toThrow(DataError);
    expect(() => describeColumns({ g: [1, Infinity] })).toThrow(/column 'g': expected finite numbers .* got Infinity at row 2/);
    expect(() => describeColumns({ g: [1, '2' as unknown as number] })).toThrow(/got '2' at row 2/);
    expect(() => describeColumns({ g: 5 as unknown as number[] })).toThrow(/expected an array of numbers/);
    expect(() => describeColumns({ g: [1] }, { quantiles: [1.5] })).toThrow(OptionError);
  });
});

describe('descriptiveTable', () => {
  const stats = describeColumns({
    SL: [0.0672, 0.226, 0.869],
    GDP: [4287, 12509.3, 47118],
  });

  it("is the paper's Table 1 layout by default: Variable, N, Mean, SD, Min, Max, 4 significant digits", () => {
    const t = descriptiveTable(stats, { labels: { SL: 'Resilience' } });
    expect(t.header[0].cells.map((c) => c.text)).toEqual(['Variable', 'N', 'Mean', 'SD', 'Min', 'Max']);
    expect(t.columns).toEqual(['left', 'right', 'right', 'right', 'right', 'right']);
    const rows = t.panels[0].rows.map((r) => r.cells.map(plainText));
    // SL: mean 1.1622 / 3 = 0.3874; GDP mean 63914.3 / 3 = 21304.77
    expect(rows[0].slice(0, 3)).toEqual(['Resilience', '3', '0.3874']);
    expect(rows[1]).toEqual(['GDP', '3', '21304.8', expect.any(String), '4287', '47118']);
    expect(renderText(t)).toContain('Resilience');
  });

  it('adds Missing when any column has missing values, median and quantiles when computed', () => {
    const s = describeColumns({ a: [1, 2, NaN, 4], b: [1, 2, 3, 4] }, { median: true, quantiles: [0.025, 0.75] });
    const t = descriptiveTable(s);
    expect(t.header[0].cells.map((c) => c.text)).toEqual(['Variable', 'N', 'Missing', 'Mean', 'SD', 'Min', 'Max', 'Median', 'P2.5', 'P75']);
    expect(t.panels[0].rows[0].cells.map((c) => c.text).slice(1, 3)).toEqual(['3', '1']);
  });

  it('explicit statistics choose and order the columns', () => {
    const t = descriptiveTable(stats, { statistics: ['mean', 'n'], format: 'fixed', digits: 2 });
    expect(t.panels[0].rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['SL', '0.39', '3'],
      ['GDP', '21304.77', '3'],
    ]);
    expect(() => descriptiveTable(stats, { statistics: ['mode' as never] })).toThrow(/statistics\[0\]: expected one of 'n', 'missing'/);
    expect(() => descriptiveTable(stats, { statistics: ['median'] })).toThrow(/'median' to be computed for every variable/);
  });

  it('keeps the raw numbers for JSON', () => {
    const t = descriptiveTable(stats);
    expect(t.data.kind === 'descriptive' && t.data.variables[1].max).toBe(47118);
  });
});
