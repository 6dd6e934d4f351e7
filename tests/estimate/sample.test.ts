/** Sample rules: missing values and singletons are dropped and counted; collinear terms are reported. */
import { describe, it, expect } from 'vitest';
import { feols, DataError, EstimationError, FormulaError, OptionError, ConvergenceError } from '../../src/index.js';
import { rng } from '../reference/rng.js';

const r = rng(99);
const n = 120;
const base = {
  y: Array.from({ length: n }, () => r.normal()),
  x: Array.from({ length: n }, () => r.normal()),
  z: Array.from({ length: n }, () => r.normal()),
  g: Array.from({ length: n }, (_, i) => `g${i % 10}`),
  h: Array.from({ length: n }, (_, i) => i % 7),
};

describe('sample', () => {
  it('counts rows with missing values in any used column', () => {
    const y = [...base.y];
    y[3] = NaN;
    const x = [...base.x] as (number | null)[];
    x[10] = null;
    x[3] = null; // same row twice counts once
    const fit = feols({ ...base, y, x }, 'y ~ x | g');
    expect(fit.dropped.na).toBe(2);
    expect(fit.nobs).toBe(n - 2);
  });

  it('drops singletons iteratively and counts them', () => {
    // Level 'solo' occurs once; dropping it leaves 'pair2' with one row in h, which goes next round.
    const rows = [
      ...Array.from({ length: n }, (_, i) => ({ y: base.y[i], x: base.x[i], g: base.g[i], h: base.h[i] })),
      { y: 1, x: 2, g: 'solo', h: 100 },
      { y: 1, x: 3, g: 'g1', h: 100 },
    ];
    const fit = feols(rows, 'y ~ x | g + h');
    expect(fit.dropped.singletons).toBe(2);
    expect(fit.nobs).toBe(n);
    const kept = feols(rows, 'y ~ x | g + h', { singletons: 'keep' });
    expect(kept.dropped.singletons).toBe(0);
    expect(kept.nobs).toBe(n + 2);
  });

  it('reports a duplicated regressor as collinear and drops the later one', () => {
    const fit = feols({ ...base, x2: base.x.map((v) => 2 * v) }, 'y ~ x + z + x2 | g');
    expect(fit.collinear).toEqual(['x2']);
    expect(fit.coefficients.map((c) => c.term)).toEqual(['x', 'z']);
  });

  it('reports a regressor collinear with the fixed effects', () => {
    const gnum = base.g.map((s) => Number(s.slice(1)));
    const fit = feols({ ...base, gnum }, 'y ~ x + gnum | g');
    expect(fit.collinear).toEqual(['gnum']);
  });
});

describe('bad input gets a clear error, never a number', () => {
  it('unknown column, with a suggestion', () => {
    expect(() => feols(base, 'y ~ X | g')).toThrow(DataError);
    expect(() => feols(base, 'y ~ X | g')).toThrow(/unknown column 'X'.*did you mean 'x'/);
  });
  it('non-numeric regressor', () => {
    expect(() => feols(base, 'y ~ g')).toThrow(/column 'g' .* not numeric: row 1 holds "g0"/);
  });
  it('all regressors collinear', () => {
    const gnum = base.g.map((s) => Number(s.slice(1)));
    expect(() => feols({ ...base, gnum }, 'y ~ gnum | g')).toThrow(EstimationError);
  });
  it('constant outcome', () => {
    expect(() => feols({ ...base, y: base.y.map(() => 3) }, 'y ~ x')).toThrow(/outcome y is constant/);
  });
  it('empty sample after drops', () => {
    expect(() => feols({ ...base, y: base.y.map(() => NaN) }, 'y ~ x')).toThrow(/no observation left/);
  });
  it('too few clusters', () => {
    expect(() => feols({ ...base, c: base.y.map(() => 1) }, 'y ~ x', { cluster: 'c' })).toThrow(/at least 2 clusters/);
  });
  it('malformed formula points at the position', () => {
    expect(() => feols(base, 'y ~ x + | g')).toThrow(FormulaError);
  });
  it('unknown option values list what is allowed', () => {
    expect(() => feols(base, 'y ~ x', { vcov: 'robust' as never })).toThrow(/vcov must be one of 'iid', 'hetero', 'HC2', 'HC3', 'NW', 'DK', 'conley', 'cluster', 'CR3'/);
    expect(() => feols(base, 'y ~ x', { ssc: { kFixef: 'some' as never } })).toThrow(OptionError);
  });
  it('lags without a panel', () => {
    expect(() => feols(base, 'y ~ l(x, 1)')).toThrow(/panel/);
  });
  it('non-convergence is an error, not a number', () => {
    expect(() => feols(base, 'y ~ x | g + h', { demeanMaxIter: 1, demeanTol: 1e-15 })).toThrow(ConvergenceError);
  });
});
