// One small case per class of failure the random-model comparison found (tests/golden/battery/), each checked
// against fixest's rule or an algebraic identity, so a regression shows here by name.
import { describe, expect, it } from 'vitest';
import { feols } from '../../src/estimate/feols.js';
import { fepois, fepoisToJson } from '../../src/estimate/fepois.js';
import { HdfeError } from '../../src/errors.js';
import { parseFormula } from '../../src/formula/parse.js';
import { expectAllClose } from '../helpers.js';

const n = 48;
const data: Record<string, (number | string | null)[]> = { g: [], f: [], h: [], x: [], z: [], y: [], cnt: [], cl: [], price: [], pos: [] };
for (let i = 0; i < n; i++) {
  const x = Math.sin(i * 1.3), z = Math.cos(i * 0.7) + 0.2 * (i % 5);
  data.g.push(`g${i % 4}`);
  data.f.push((i % 3) - 1);
  data.h.push(['lo', 'hi'][Math.floor(i / 3) % 2]);
  data.x.push(x);
  data.z.push(z);
  data.y.push(1 + 0.5 * x - 0.2 * z + 0.3 * (i % 4) + Math.cos(i * 2.9));
  data.cnt.push(Math.round(Math.exp(0.3 + 0.4 * x + 0.1 * (i % 4)) + (i % 3)));
  data.cl.push(i % 6);
  data.price.push(1.25 + i * 0.5);
  data.pos.push(i % 7 === 0 ? 0 : 1 + (i % 5));
}
const names = (formula: string, d = data) => feols(d, formula, { singletons: 'keep' }).coefficients.map((c) => c.term);

describe('classes of failure found by the random-model comparison', () => {
  it('i(f1, i.f2) without references leaves out the first observed pair, as fixest does', () => {
    // fixest 0.12.2 on these data: the pair (-1, hi) is the reference; (1, lo) is collinear with g.
    const fit = feols(data, 'y ~ x + i(f, i.h) | g', { singletons: 'keep' });
    expect(fit.coefficients.map((c) => c.term)).toEqual(['x', 'f::-1:h::lo', 'f::0:h::hi', 'f::0:h::lo', 'f::1:h::hi']);
    expect(fit.collinear).toEqual(['f::1:h::lo']);
  });

  it('an i() level absent from the estimation sample is left out silently, not called collinear', () => {
    const d = { ...data, y: data.y.map((v, i) => (data.f[i] === -1 ? null : v)) };
    const fit = feols(d, 'y ~ x + i(f, ref = 0) | g', { singletons: 'keep' });
    expect(fit.coefficients.map((c) => c.term)).toEqual(['x', 'f::1']);
    expect(fit.collinear).toEqual([]);
  });

  it('i(f) without an intercept or fixed effects keeps every level', () => {
    expect(names('y ~ i(f) - 1')).toEqual(['f::-1', 'f::0', 'f::1']);
    expect(names('y ~ x + i(f)')).toEqual(['(Intercept)', 'x', 'f::0', 'f::1']);
  });

  it("terms come in R's order: interactions after main effects", () => {
    expect(parseFormula('y ~ x:z + x + log(z)').terms.map((t) => t.name)).toEqual(['x', 'log(z)', 'x:z']);
    expect(names('y ~ x:z + x | g')).toEqual(['x', 'x:z']);
  });

  it("R^2 without an intercept is fixest's: 1 - RSS / (TSS about the mean x (n - 1) / n)", () => {
    const fit = feols(data, 'y ~ x + z - 1');
    const y = data.y as number[];
    const mean = y.reduce((a, b) => a + b, 0) / n;
    const tss = y.reduce((a, v) => a + (v - mean) ** 2, 0);
    expectAllClose([fit.r2], [1 - fit.rss / (tss * (n - 1) / n)], 'r2', 1e-12);
  });

  it('a saturated fit is refused, also when a clustered K would leave nested fixed effects out', () => {
    const d = { y: [1, 2.5, 2, 4.2, 3.1, 5], x: [0.3, 1.1, 0.2, 0.9, 1.7, 0.4], a: [1, 1, 2, 2, 3, 3], b: [1, 2, 3, 4, 5, 5] };
    expect(() => feols(d, 'y ~ x | a + b', { cluster: 'a', singletons: 'keep' })).toThrow(/no residual degrees of freedom/);
  });

  it('a cluster variable with fractional values is refused', () => {
    expect(() => feols(data, 'y ~ x', { cluster: 'price' })).toThrow(/fractional values/);
    expect(feols(data, 'y ~ x', { cluster: 'cl' }).vcov.clusters).toEqual({ cl: 6 });
  });

  it('IV with a singular first-stage variance (fewer clusters than instruments) warns instead of crashing', () => {
    const d = { ...data, two: data.cl.map((c) => Number(c) % 2), e: data.z.map((z, i) => Number(z) + 0.5 * Number(data.x[i]) + Math.sin(i)) };
    const fit = feols(d, 'y ~ x | e ~ z + pos + price', { cluster: 'two' });
    expect(Number.isNaN(fit.iv?.diagnostics.firstStage[0].wald.stat)).toBe(true);
    expect(fit.warnings.some((w) => /ivwald/.test(w))).toBe(true);
    expect(Number.isFinite(fit.coefficients.find((c) => c.term === 'fit_e')?.stdError)).toBe(true);
  });

  it('fepois with varying slopes g[z] equals fepois with g and i(g, z) as regressors', () => {
    const slopes = fepois(data, 'cnt ~ x | g[z]', { glmTol: 1e-13 });
    const dummies = fepois(data, 'cnt ~ x + i(g, z) | g', { glmTol: 1e-13 });
    expectAllClose([slopes.coefficients[0].estimate], [dummies.coefficients[0].estimate], 'estimate', 1e-8);
    expect(slopes.nobs).toBe(dummies.nobs);
  });

  it('fepois --json counts non-finite transforms in dropped.non_finite', () => {
    const fit = fepois(data, 'cnt ~ log(pos) + x | g');
    expect(fepoisToJson(fit).dropped).toMatchObject({ non_finite: 7 });
    expect(fit.nobs).toBe(n - 7);
  });

  it('errors are HdfeErrors (one line, exit code 2 in the CLI)', () => {
    try { feols(data, 'y ~ x', { cluster: 'price' }); } catch (e) { expect(e).toBeInstanceOf(HdfeError); }
  });
});
