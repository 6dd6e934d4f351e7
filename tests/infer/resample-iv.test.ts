/**
 * Pairs and cluster bootstraps of an IV model refit both stages on every draw: the estimate is the 2SLS one,
 * the draws centre on it (not on least squares, which ignores the instrument), the first draws do not depend
 * on the number of draws, and the bootstrap standard errors are of the size of the robust ones (a loose,
 * stochastic check).
 */
import { describe, expect, it } from 'vitest';
import { clusterBootstrap, feols, pairsBootstrap, wildBootstrap } from '../../src/index.js';
import { expectAllClose, readCsv } from '../helpers.js';

/** Stochastic comparisons: the bootstrap SE against the analytic robust SE. */
const RTOL_BOOT = 0.35;

const data = readCsv(new URL('../golden/data/cigarettes.csv', import.meta.url).pathname);
const formula = 'log(packs) ~ log(rincome) | year | log(rprice) ~ tdiff';

describe('resampling an IV model', () => {
  it('pairs: the 2SLS estimate, and draws that are 2SLS refits', () => {
    const ols = feols(data, 'log(packs) ~ log(rprice) + log(rincome) | year', { singletons: 'keep' }).coefficients[0].estimate;
    const r = pairsBootstrap(data, formula, { reps: 199, seed: 7, keepDraws: true });
    const fit = feols(data, formula, { vcov: 'hetero', singletons: 'keep' });
    expect(r.coefficients.map((c) => c.term)).toEqual(['fit_log(rprice)', 'log(rincome)']);
    expectAllClose(r.coefficients.map((c) => c.estimate), fit.coefficients.map((c) => c.estimate), 'estimate', 1e-12, 0);
    expect(r.failed).toBe(0);
    r.coefficients.forEach((c, j) => expect(Math.abs(c.stdError / fit.coefficients[j].stdError - 1)).toBeLessThan(RTOL_BOOT));
    const d = r.draws as Float64Array;
    let mean = 0;
    for (let b = 0; b < 199; b++) mean += d[b * 2] / 199;
    expect(Math.abs(mean - fit.coefficients[0].estimate)).toBeLessThan(Math.abs(mean - ols) / 3);
    const again = pairsBootstrap(data, formula, { reps: 1, seed: 7, keepDraws: true });
    expect(Array.from(again.draws as Float64Array)).toEqual(Array.from((r.draws as Float64Array).subarray(0, 2)));
  });
  it('cluster: whole states resampled, the 2SLS estimate', () => {
    const r = clusterBootstrap(data, formula, { cluster: 'state', reps: 199, seed: 3 });
    const fit = feols(data, formula, { cluster: 'state', singletons: 'keep' });
    expectAllClose(r.coefficients.map((c) => c.estimate), fit.coefficients.map((c) => c.estimate), 'estimate', 1e-12, 0);
    r.coefficients.forEach((c, j) => expect(Math.abs(c.stdError / fit.coefficients[j].stdError - 1)).toBeLessThan(RTOL_BOOT));
  });
  it('the wild bootstrap of an IV model (WRE) tests the endogenous coefficient only, never the exogenous part alone', () => {
    expect(() => wildBootstrap(data, formula, { param: 'log(rincome)', cluster: 'state', reps: 99 })).toThrow(/endogenous regressor's coefficient/);
  });
});
