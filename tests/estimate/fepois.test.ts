/**
 * fepois against R fixest 0.12.2's fepois (tests/golden/fixest/poisson_*.json, made by
 * tests/golden/fixest/scripts/poisson.R; fixest ran with glm.tol 1e-12): the gravity model with three fixed
 * effects, with weights, an offset, fixed-effect levels whose outcome is all zero, and no fixed effect.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DataError, ConvergenceError, OptionError } from '../../src/errors.js';
import { fepois, fepoisToJson, type FepoisOptions } from '../../src/estimate/fepois.js';
import { expectAllClose, readCsv } from '../helpers.js';

/** Poisson against R (the tolerance for IRLS fits): 1e-6 relative. */
const RTOL_R = 1e-6;
const ATOL_R = 1e-10;

interface Case { file: string; data: string; formula: string; options: FepoisOptions; cluster: string }
const cases: Case[] = [
  { file: 'poisson_trade_3fe', data: 'trade', formula: 'Euros ~ log(dist_km) | Origin + Destination + Product', options: {}, cluster: 'Origin' },
  { file: 'poisson_trade_weights', data: 'trade', formula: 'Euros ~ log(dist_km) | Origin + Destination + Product', options: { weights: 'wt' }, cluster: 'Origin' },
  { file: 'poisson_ships_offset', data: 'ships', formula: 'incidents ~ op75 | type + construction', options: { offset: 'log_service' }, cluster: 'type' },
  { file: 'poisson_creditcard_zerofe', data: 'creditcard', formula: 'reports ~ age + income + owner | active + dependents', options: {}, cluster: 'active' },
  { file: 'poisson_recreation_nofe', data: 'recreation', formula: 'trips ~ quality + ski + income + userfee + costC + costS + costH', options: {}, cluster: 'income' },
];

const tables = new Map<string, ReturnType<typeof readCsv>>();
function table(name: string) {
  if (!tables.has(name)) tables.set(name, readCsv(new URL(`../golden/data/${name}.csv`, import.meta.url).pathname));
  return tables.get(name) as ReturnType<typeof readCsv>;
}

for (const c of cases) {
  const ref = JSON.parse(readFileSync(new URL(`../golden/fixest/${c.file}.json`, import.meta.url), 'utf8')).fixest;
  describe(`${c.file}: ${c.formula}`, () => {
    const variants: Record<string, FepoisOptions> = { iid: { vcov: 'iid' }, hetero: { vcov: 'hetero' }, [`cluster_${c.cluster}`]: { cluster: c.cluster } };
    for (const [label, vc] of Object.entries(variants)) {
      it(label, () => {
        const block = ref.se_variants[label];
        const fit = fepois(table(c.data), c.formula, { ...c.options, ...vc, singletons: 'keep' });
        expect(fit.nobs).toBe(ref.nobs);
        expect(fit.dropped.fixefAllZero).toBe(ref.obs_removed_fixef_all_zero);
        expect(fit.coefficients.map((x) => x.term)).toEqual(block.coef_names);
        expectAllClose(fit.coefficients.map((x) => x.estimate), block.estimate, 'estimate', RTOL_R, ATOL_R);
        expectAllClose(fit.vcov.matrix.flat(), block.vcov.flat(), 'vcov', RTOL_R, ATOL_R);
        expectAllClose(fit.coefficients.map((x) => x.stdError), block.se, 'se', RTOL_R, ATOL_R);
        expectAllClose(fit.coefficients.map((x) => x.statistic), block.z, 'z', RTOL_R, ATOL_R);
        expectAllClose(fit.coefficients.map((x) => x.pValue), block.p, 'p', RTOL_R, ATOL_R);
        expect(fit.vcov.k).toBe(block.dof_K);
        expectAllClose([fit.deviance, fit.loglik, fit.llNull, fit.pseudoR2], [ref.deviance, ref.loglik, ref.ll_null, ref.pseudo_r2], 'fit statistics', RTOL_R, ATOL_R);
        expect(fit.converged).toBe(true);
        const json = fepoisToJson(fit);
        expect(json.family).toBe('poisson');
        expect(json.dropped).toEqual({ na: 0, singletons: 0, fixef_all_zero: ref.obs_removed_fixef_all_zero, separated: 0, non_finite: 0 });
        expect(json.iterations).toBe(fit.iterations);
      });
    }
  });
}

describe('fepois: bad input', () => {
  const rows = { y: [0, 1, 2, 3, 0, 5], x: [1, 2, 3, 4, 5, 7], g: [1, 1, 2, 2, 3, 3] };
  it('refuses a negative outcome, naming the row', () => {
    expect(() => fepois({ ...rows, y: [0, 1, -2, 3, 0, 5] }, 'y ~ x')).toThrow(/non-negative.*-2 in data row 3/);
    expect(() => fepois({ ...rows, y: [0, 1, -2, 3, 0, 5] }, 'y ~ x')).toThrow(DataError);
  });
  it('drops and counts the rows of all-zero levels', () => {
    const fit = fepois({ y: [0, 0, 1, 3, 2, 5, 4, 1], x: [1, 2, 3, 4, 5, 7, 1, 3], g: [1, 1, 2, 2, 3, 3, 4, 4] }, 'y ~ x | g', { singletons: 'keep' });
    expect(fit.dropped.fixefAllZero).toBe(2);
    expect(fit.nobs).toBe(6);
  });
  it('refuses an outcome that is zero in every level', () => {
    expect(() => fepois({ y: [0, 0, 0, 0, 1, 0], x: [1, 2, 3, 4, 5, 7], g: [1, 1, 2, 2, 3, 3] }, 'y ~ x | g')).toThrow(/./);
    expect(() => fepois({ ...rows, y: [0, 0, 0, 0, 0, 0] }, 'y ~ x | g')).toThrow(/constant|zero/);
  });
  it('reports non-convergence of IRLS as an error, not a number', () => {
    // x > 3 predicts y = 0 perfectly (separation): the likelihood has no maximum.
    const sep = { y: [1, 2, 3, 0, 0, 0, 1, 2], x: [1, 2, 3, 4, 5, 6, 1, 2] };
    expect(() => fepois(sep, 'y ~ I(x > 3)'.replace('I(x > 3)', 'x'), { glmMaxIter: 3 })).toThrow(ConvergenceError);
  });
  it('takes only the GLM variances', () => {
    expect(() => fepois(rows, 'y ~ x', { vcov: 'HC2' })).toThrow(OptionError);
  });
});
