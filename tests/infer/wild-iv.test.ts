/**
 * The wild restricted efficient bootstrap (WRE) of an IV coefficient.
 *  - Against R (tests/golden/wre/make_wre.R): every Rademacher sign vector of G = 10 clusters, the sample
 *    rebuilt with the fixed effects as dummies and 2SLS refitted by matrix algebra on each; kappa from fixest.
 *    Deterministic, so the estimate, SE, t, every sorted t* and the four p-values match at 1e-8.
 *  - Against an in-repo brute force that builds each draw's y*, x* and refits feols's IV on it, draw by draw
 *    with Webb weights (FE across the clusters, so the fixed-effect correction is exercised).
 *  - The interval by test inversion brackets the points where p crosses 1 - level.
 */
import { describe, expect, it } from 'vitest';
import { feols, wildBootstrap } from '../../src/index.js';
import { variates } from '../../src/infer/rng.js';
import { expectAllClose, readCsv } from '../helpers.js';

/** Against R references. */
const RTOL = 1e-8;
const ATOL = 1e-10;

const data = readCsv(new URL('../golden/wre/wre.csv', import.meta.url).pathname);
const golden_data = data;
const golden = (await import('../golden/wre/wre.json', { with: { type: 'json' } })).default as {
  cases: {
    name: string; formula: string; null: number; type: 'restricted' | 'unrestricted'; weights: string | null; estimate: number; std_error_fixest: number; statistic: number;
    p_symmetric: number; p_equal_tailed: number; p_lower: number; p_upper: number; reps: number; tstar_sorted: number[];
  }[];
};

const pTypes = [['symmetric', 'p_symmetric'], ['equal-tailed', 'p_equal_tailed'], ['lower', 'p_lower'], ['upper', 'p_upper']] as const;

describe('WRE against the R brute force over all 2^G sign vectors', () => {
  for (const c of golden.cases) {
    it(c.name, () => {
      const opts = { param: 'fit_x', cluster: 'cl', reps: 1024, null: c.null, type: c.type, confInt: false, ...(c.weights ? { obsWeights: c.weights } : {}) };
      const r = wildBootstrap(data, c.formula, { ...opts, keepDraws: true });
      expect(r.enumerated).toBe(true);
      expect(r.reps).toBe(c.reps);
      expect(r.method).toBe('wre');
      expectAllClose([r.estimate, r.stdError, r.statistic], [c.estimate, c.std_error_fixest, c.statistic], 'estimate, se, t', RTOL, ATOL);
      const sorted = Array.from(r.draws as Float64Array).sort((a, b) => a - b);
      expectAllClose(sorted, c.tstar_sorted, 't*', RTOL, ATOL);
      for (const [pType, key] of pTypes) {
        const p = pType === 'symmetric' ? r.pValue : wildBootstrap(data, c.formula, { ...opts, pType }).pValue;
        expect(p, pType).toBeCloseTo(c[key], 12);
      }
      // The estimate and SE are feols's with the same clustered variance.
      const fit = feols(data, c.formula, { cluster: 'cl', ...(c.weights ? { weights: c.weights } : {}) });
      const co = fit.coefficients.find((x) => x.term === 'fit_x')!;
      expectAllClose([r.estimate, r.stdError], [co.estimate, co.stdError], 'feols', 1e-10, 1e-12);
    });
  }
});

function demeanBy(v: number[], f: number[]): Float64Array {
  const sum = new Map<number, number>(), count = new Map<number, number>();
  f.forEach((g, i) => { sum.set(g, (sum.get(g) ?? 0) + v[i]); count.set(g, (count.get(g) ?? 0) + 1); });
  return Float64Array.from(v, (x, i) => x - (sum.get(f[i]) as number) / (count.get(f[i]) as number));
}

/** Refit feols's IV on every draw's sample: y* = y + (x* - x) r + u~ (v - 1), x* = x + v~ (v - 1). */
function bruteForce(formula: string, exog: string, fe: string, inst: string[], r: number, weights: Float64Array[], data = golden_data): number[] {
  const n = (data.y as number[]).length;
  const y = data.y as number[], x = data.x as number[], cl = data.cl as number[];
  const yr = y.map((yi, i) => yi - r * x[i]);
  // Without exogenous regressors (exog '1', one FE) u~ is y - x r demeaned by the FE.
  const ut = exog === '1' ? demeanBy(yr, data[fe] as number[]) : feols({ ...data, yr }, `yr ~ ${exog} | ${fe}`, { singletons: 'keep' }).residuals;
  const rf = feols({ ...data, ut: Array.from(ut) }, `x ~ ${[...inst, exog, 'ut'].join(' + ')} | ${fe}`, { singletons: 'keep' });
  const d = rf.coefficients.find((co) => co.term === 'ut')!.estimate;
  const vt = rf.residuals.map((e, i) => e + d * ut[i]);
  const levels = [...new Set(cl)];
  return weights.map((v) => {
    const vi = cl.map((g) => v[levels.indexOf(g)]);
    const xs = Array.from({ length: n }, (_, i) => x[i] + vt[i] * (vi[i] - 1));
    const ys = Array.from({ length: n }, (_, i) => y[i] + (xs[i] - x[i]) * r + ut[i] * (vi[i] - 1));
    const fit = feols({ ...data, y: ys, x: xs }, formula, { cluster: 'cl', singletons: 'keep' });
    const co = fit.coefficients.find((c) => c.term === 'fit_x')!;
    return (co.estimate - r) / co.stdError;
  });
}

describe('WRE against refitting feols on every draw', () => {
  it('Webb weights, year FE across the clusters: t* draw by draw', () => {
    const formula = 'y ~ w1 | year | x ~ z1 + z2';
    const reps = 40, seed = 5, r = 0.25;
    const res = wildBootstrap(data, formula, { param: 'fit_x', cluster: 'cl', reps, seed, null: r, weights: 'webb', keepDraws: true, confInt: false });
    expect(res.enumerated).toBe(false);
    const w = Array.from({ length: reps }, (_, b) => variates(seed, b + 1, 0, 10, 'webb'));
    expectAllClose(Array.from(res.draws as Float64Array), bruteForce(formula, 'w1', 'year', ['z1', 'z2'], r, w), 't*', 1e-9, 1e-11);
  });
  it('Mammen weights, firm FE nested in the clusters', () => {
    const formula = 'y ~ w1 | firm | x ~ z1';
    const reps = 30, seed = 8, r = 0;
    const res = wildBootstrap(data, formula, { param: 'x', cluster: 'cl', reps, seed, null: r, weights: 'mammen', keepDraws: true, confInt: false });
    const w = Array.from({ length: reps }, (_, b) => variates(seed, b + 1, 0, 10, 'mammen'));
    expectAllClose(Array.from(res.draws as Float64Array), bruteForce(formula, 'w1', 'firm', ['z1'], r, w), 't*', 1e-9, 1e-11);
  });
});

describe('WRE without exogenous regressors', () => {
  it('y ~ 1 | year | x ~ z1 (no W at all): t* draw by draw against refitting feols', () => {
    const formula = 'y ~ 1 | year | x ~ z1';
    const reps = 15, seed = 2, r = 0.3;
    const res = wildBootstrap(data, formula, { param: 'fit_x', cluster: 'cl', reps, seed, null: r, weights: 'normal', keepDraws: true, confInt: false });
    const w = Array.from({ length: reps }, (_, b) => variates(seed, b + 1, 0, 10, 'normal'));
    expectAllClose(Array.from(res.draws as Float64Array), bruteForce(formula, '1', 'year', ['z1'], r, w), 't*', 1e-8, 1e-10);
  });
});

describe('WRE with two fixed effects, one nested and one across the clusters', () => {
  it('Webb weights: t* draw by draw against refitting feols', () => {
    const formula = 'y ~ w1 | firm + year | x ~ z1 + z2';
    const reps = 25, seed = 3, r = 0.1;
    const res = wildBootstrap(data, formula, { param: 'fit_x', cluster: 'cl', reps, seed, null: r, weights: 'webb', keepDraws: true, confInt: false });
    const w = Array.from({ length: reps }, (_, b) => variates(seed, b + 1, 0, 10, 'webb'));
    expectAllClose(Array.from(res.draws as Float64Array), bruteForce(formula, 'w1', 'firm + year', ['z1', 'z2'], r, w), 't*', 1e-8, 1e-10);
  });
});

describe('WRE with a fixed effect of many levels shared by the clusters (the dense correction)', () => {
  it('Webb weights: t* draw by draw against refitting feols', () => {
    // 37 levels, each in every cluster: the correction's rank exceeds what the low-rank form saves.
    const grp = (data.y as number[]).map((_, i) => (i * 7) % 37);
    const d = { ...data, grp };
    const formula = 'y ~ w1 | grp | x ~ z1 + z2';
    const reps = 20, seed = 12, r = 0.2;
    const res = wildBootstrap(d, formula, { param: 'fit_x', cluster: 'cl', reps, seed, null: r, weights: 'webb', keepDraws: true, confInt: false });
    const w = Array.from({ length: reps }, (_, b) => variates(seed, b + 1, 0, 10, 'webb'));
    expectAllClose(Array.from(res.draws as Float64Array), bruteForce(formula, 'w1', 'grp', ['z1', 'z2'], r, w, d), 't*', 1e-8, 1e-10);
  });
});

describe('WUE interval', () => {
  it('the draws do not depend on r: the interval is where p(r) crosses 1 - level', () => {
    const formula = 'y ~ w1 | year | x ~ z1 + z2';
    const opts = { param: 'fit_x', cluster: 'cl', reps: 1024, type: 'unrestricted' as const };
    const r = wildBootstrap(data, formula, opts);
    const p = (at: number) => wildBootstrap(data, formula, { ...opts, null: at, confInt: false }).pValue;
    const eps = 1e-4 * r.stdError;
    expect(p(r.confLow + eps)).toBeGreaterThanOrEqual(0.05);
    expect(p(r.confLow - eps)).toBeLessThan(0.05);
    expect(p(r.confHigh + eps)).toBeLessThan(0.05);
  });
});

describe('WRE interval by test inversion', () => {
  it('the endpoints are where p(r) crosses 1 - level', () => {
    const formula = 'y ~ w1 | year | x ~ z1 + z2';
    const opts = { param: 'fit_x', cluster: 'cl', reps: 1024, level: 0.9 };
    const r = wildBootstrap(data, formula, opts);
    expect(r.confLow).toBeLessThan(r.estimate);
    expect(r.confHigh).toBeGreaterThan(r.estimate);
    const p = (at: number) => wildBootstrap(data, formula, { ...opts, null: at, confInt: false }).pValue;
    const eps = 1e-4 * r.stdError;
    expect(p(r.confLow + eps)).toBeGreaterThanOrEqual(0.1);
    expect(p(r.confLow - eps)).toBeLessThan(0.1);
    expect(p(r.confHigh - eps)).toBeGreaterThanOrEqual(0.1);
    expect(p(r.confHigh + eps)).toBeLessThan(0.1);
  });
});

describe('WRE bad input', () => {
  it('refuses what it does not cover, in one line', () => {
    const base = { cluster: 'cl', reps: 99 };
    expect(() => wildBootstrap(data, 'y ~ w1 | x ~ z1', { ...base, param: 'w1' })).toThrow(/tests the endogenous regressor's coefficient, 'fit_x'/);
    expect(() => wildBootstrap(data, 'y ~ 1 | x + w1 ~ z1 + z2', { ...base, param: 'fit_x' })).toThrow(/one endogenous regressor/);
    expect(() => wildBootstrap(data, 'y ~ w1 | x ~ z1', { ...base, param: 'fit_x', type: 'wue' as never })).toThrow(/type must be one of/);
  });
});
