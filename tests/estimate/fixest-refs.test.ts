/** feols against R fixest 0.12.2 on Grunfeld (tests/golden/fixest), every variance variant. */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { feols, type FeolsOptions } from '../../src/index.js';
import { expectAllClose, expectClose, readCsv } from '../helpers.js';

const dir = new URL('../golden/fixest/', import.meta.url);
const data = readCsv(new URL('grunfeld.csv', dir).pathname);

const variants: Record<string, FeolsOptions> = {
  iid: { vcov: 'iid' },
  hetero: { vcov: 'hetero' },
  cluster_firm: { cluster: 'firm' },
  twoway_firm_year: { cluster: ['firm', 'year'] },
  twoway_firm_year_conventional: { cluster: ['firm', 'year'], ssc: { gDf: 'conventional' } },
};

for (const file of ['grunfeld_nofe.json', 'grunfeld_firmfe.json', 'grunfeld_twfe.json']) {
  const ref = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
  const fx = ref.fixest;
  const formula = ref.model.fixed_effects.length
    ? `${ref.model.formula.split('|')[0].trim()} | ${ref.model.fixed_effects.join(' + ')}`
    : ref.model.formula;
  describe(`${file}: ${formula}`, () => {
    for (const [label, options] of Object.entries(variants)) {
      const block = fx.se_variants[label];
      it(`${label}`, () => {
        const fit = feols(data, formula, options);
        expect(fit.coefficients.map((c) => c.term)).toEqual(block.coef_names);
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
        expectClose(fit.sigma, fx.sigma, 'sigma');
      });
    }
  });
}
