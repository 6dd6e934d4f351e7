/**
 * i() terms, event studies and varying slopes against R fixest 0.12.2 (tests/golden/fixest/formula_*.json,
 * script scripts/formula.R): every estimate, SE, t, p, vcov entry, K, t df and R² at 1e-8 relative.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { feols, type FeolsOptions } from '../../src/index.js';
import { expectAllClose, expectClose, readCsv } from '../helpers.js';

const dir = new URL('../golden/fixest/', import.meta.url);
const csv = (name: string) => readCsv(new URL(name, dir).pathname);
const data: Record<string, ReturnType<typeof readCsv>> = {
  'iris.csv': csv('iris.csv'), 'base_did.csv': csv('base_did.csv'), 'base_stagg.csv': csv('base_stagg.csv'),
  'grunfeld.csv': csv('grunfeld.csv'),
};

const variants: Record<string, FeolsOptions> = {
  iid: { vcov: 'iid' }, hetero: { vcov: 'hetero' }, cluster_id: { cluster: 'id' }, cluster_firm: { cluster: 'firm' },
};

const CASES = [
  'formula_iris_i_slope', 'formula_iris_i_slope_ref', 'formula_iris_i_slope_nofe', 'formula_did_i_period',
  'formula_did_event_study', 'formula_did_i_two_factors', 'formula_stagg_event_study', 'formula_grunfeld_slopes',
  'formula_grunfeld_slopes_only', 'formula_grunfeld_fixef_predict',
];

for (const name of CASES) {
  const ref = JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8'));
  const fx = ref.fixest;
  const formula: string = ref.model.formula;
  describe(`${name}: ${formula}`, () => {
    for (const [label, block] of Object.entries<Record<string, any>>(fx.se_variants)) {
      it(label, () => {
        // fixest's feols keeps singletons.
        const fit = feols(data[ref.data_file], formula, { ...variants[label], singletons: 'keep' });
        expect(fit.coefficients.map((c) => c.term)).toEqual(block.coef_names.map((s: string) => s.replace(/\s/g, '')));
        expectAllClose(fit.coefficients.map((c) => c.estimate), block.estimate, 'estimate');
        expectAllClose(fit.coefficients.map((c) => c.stdError), block.se, 'se');
        expectAllClose(fit.coefficients.map((c) => c.statistic), block.t, 't');
        expectAllClose(fit.coefficients.map((c) => c.pValue), block.p, 'p');
        expectAllClose(fit.vcov.matrix.flat(), block.vcov.flat(), 'vcov');
        expect(fit.vcov.k).toBe(block.dof_K);
        expect(fit.vcov.dfT).toBe(block.df_t);
        expect(fit.nobs).toBe(fx.nobs);
        expect(fit.dfResid).toBe(fx.df_resid);
        expectClose(fit.r2, fx.r2, 'r2');
        expectClose(fit.adjR2, fx.adj_r2, 'adj_r2');
        expectClose(fit.rss, fx.ssr, 'ssr');
        if (fx.within_r2 === null || fx.within_r2 === undefined) expect(fit.withinR2).toBeNull();
        else {
          expectClose(fit.withinR2 as number, fx.within_r2, 'within_r2');
          expectClose(fit.adjWithinR2 as number, fx.adj_within_r2, 'adj_within_r2');
        }
      });
    }
  });
}
