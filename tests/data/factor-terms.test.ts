/** i() expansion (src/data/factor-terms.ts) and fe[x] on the data: names, levels kept, and bad input in-process. */
import { describe, it, expect } from 'vitest';
import { columnSource } from '../../src/data/columns.js';
import { expandWithReferences } from '../../src/data/factor-terms.js';
import { feols, fixef, DataError, EstimationError } from '../../src/index.js';
import { parseFormula } from '../../src/formula/parse.js';
import type { FactorTerm } from '../../src/formula/ast.js';

const data = {
  t: [-2, -1, 0, 1, -2, -1, 0, 1, -2, -1, 0, 1],
  g: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'c', 'c', 'c', 'c'],
  d: [1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1],
  x: [0.5, 1.1, 1.4, 0.2, 0.9, 1.0, 1.6, 2.0, 2.4, 0.3, 0.6, 1.2],
  y: [1.2, 2.3, 2.9, 0.4, 1.8, 2.2, 3.1, 3.9, 5.2, 0.9, 1.1, 2.6],
};
const expand = (formula: string) => {
  const term = parseFormula(`y ~ ${formula}`).terms[0] as FactorTerm;
  return expandWithReferences(columnSource(data), term);
};

describe('i() columns', () => {
  it('i(t, d, ref = -1): one column per other level, named t::level:d, values d x 1{t = level}', () => {
    const { columns, refs } = expand('i(t, d, ref = -1)');
    expect(columns.map((c) => c.spec.name)).toEqual(['t::-2:d', 't::0:d', 't::1:d']);
    expect(refs).toEqual(['-1']);
    expect(Array.from(columns[1].values)).toEqual(data.t.map((t, i) => (t === 0 ? data.d[i] : 0)));
  });

  it('i(g, x) keeps every level; i(g) leaves out the first; ref = c(...) leaves out several', () => {
    expect(expand('i(g, x)').columns.map((c) => c.spec.name)).toEqual(['g::a:x', 'g::b:x', 'g::c:x']);
    expect(expand('i(g)')).toMatchObject({ refs: ['a'] });
    expect(expand('i(t, ref = c(-2, 1))').columns.map((c) => c.spec.name)).toEqual(['t::-1', 't::0']);
  });

  it('i(t, i.g, ref2 = "b"): observed pairs, the second factor\'s reference left out', () => {
    expect(expand('i(t, i.g, ref = 0, ref2 = "b")').columns.map((c) => c.spec.name)).toEqual([
      't::-2:g::a', 't::-2:g::c', 't::-1:g::a', 't::-1:g::c', 't::1:g::a', 't::1:g::c']);
  });

  it('refuses an unknown reference, a fractional factor and text to interact', () => {
    expect(() => expand('i(t, ref = 5)')).toThrow(/reference level '5' is not a level of 't'; its levels are -2, -1, 0, 1/);
    expect(() => expand('i(t, i.g, ref2 = "z")')).toThrow(/reference level 'z' is not a level of 'g'/);
    expect(() => expand('i(x)')).toThrow(DataError);
    expect(() => expand('i(x)')).toThrow(/'x' is numeric with fractional values such as 0.5/);
    expect(() => expand('i(t, g)')).toThrow(/column 'g' is used as the variable interacted in i\(t,g\) but is not numeric/);
  });
});

describe('fe[x] on the data', () => {
  it('a non-numeric slope variable: one clear error naming it', () => {
    expect(() => feols(data, 'y ~ x | t[g]')).toThrow(/column 'g' is used as the varying slope in t\[g\] but is not numeric/);
  });

  it('HC2/HC3 and CR3 refuse varying slopes with a clear line', () => {
    expect(() => feols(data, 'y ~ x | g[t]', { vcov: 'HC2', singletons: 'keep' })).toThrow(EstimationError);
    expect(() => feols(data, 'y ~ x | g[t]', { vcov: 'HC2', singletons: 'keep' })).toThrow(/HC2\/HC3 with varying slopes \(g\[\[t\]\]\)/);
  });

  it('fixef() of one fe[x] is exact: intercept + slope per level reproduce the fitted part', () => {
    const fit = feols(data, 'y ~ x | g[t]', { singletons: 'keep' });
    const fe = fixef(fit);
    expect(Object.keys(fe)).toEqual(['g', 'g[[t]]']);
    const b = fit.coefficients[0].estimate;
    data.y.forEach((y, i) => {
      const own = b * data.x[i] + fe.g[data.g[i]] + fe['g[[t]]'][data.g[i]] * data.t[i];
      expect(Math.abs(own + fit.residuals[i] - y)).toBeLessThan(1e-12);
    });
  });
});
