/**
 * Newey-West (panel) and Driscoll-Kraay variances against R fixest 0.12.2 on plm's EmplUK (an unbalanced panel:
 * 140 firms, 1976-1984), with and without firm + year fixed effects, at the default lag and at a given one
 * (tests/golden/fixest/vcov_empluk_*_nw_dk.json, made by tests/golden/fixest/scripts/vcov.R).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { feols, type FeolsOptions } from '../../src/index.js';
import { DataError, OptionError } from '../../src/errors.js';
import { expectAllClose, readCsv } from '../helpers.js';

/** Against R references (DESIGN.md, house style 7). */
const RTOL_R = 1e-8;
const ATOL_R = 1e-10;

const data = readCsv(new URL('../golden/data/empluk.csv', import.meta.url).pathname);
const panel = { id: 'firm', time: 'year' };
const variants: Record<string, FeolsOptions> = {
  NW_default: { vcov: 'NW', panel }, NW_lag2: { vcov: 'NW', panel, lag: 2 },
  DK_default: { vcov: 'DK', panel }, DK_lag3: { vcov: 'driscoll_kraay' as never, panel, lag: 3 },
};

for (const file of ['vcov_empluk_twfe_nw_dk.json', 'vcov_empluk_nofe_nw_dk.json']) {
  const ref = JSON.parse(readFileSync(new URL(`../golden/fixest/${file}`, import.meta.url), 'utf8'));
  const formula = ref.model.fixed_effects.length ? `${ref.model.formula.split('|')[0].trim()} | ${ref.model.fixed_effects.join(' + ')}` : ref.model.formula;
  describe(`${file}: ${formula}`, () => {
    for (const [label, options] of Object.entries(variants)) {
      it(label, () => {
        const block = ref.fixest.se_variants[label];
        const fit = feols(data, formula, { ...options, singletons: 'keep' });
        expect(fit.coefficients.map((c) => c.term)).toEqual(block.coef_names);
        expectAllClose(fit.coefficients.map((c) => c.estimate), block.estimate, 'estimate', RTOL_R, ATOL_R);
        expectAllClose(fit.vcov.matrix.flat(), block.vcov.flat(), 'vcov', RTOL_R, ATOL_R);
        expectAllClose(fit.coefficients.map((c) => c.stdError), block.se, 'se', RTOL_R, ATOL_R);
        expectAllClose(fit.coefficients.map((c) => c.pValue), block.p, 'p', RTOL_R, ATOL_R);
        expect(fit.vcov.k).toBe(block.dof_K);
        expect(fit.vcov.dfT).toBe(block.df_t);
        expect(`(L=${fit.vcov.lag})`).toBe(/\(L=\d+\)/.exec(block.vcov_type)?.[0]);
      });
    }
  });
}

describe('NW and DK: what they need', () => {
  it('a panel, a valid lag, one row per (unit, time) for NW', () => {
    expect(() => feols(data, 'emp ~ wage', { vcov: 'DK' })).toThrow(OptionError);
    expect(() => feols(data, 'emp ~ wage', { vcov: 'DK' })).toThrow(/needs the panel's unit and time/);
    expect(() => feols(data, 'emp ~ wage', { vcov: 'NW', panel, lag: -1 })).toThrow(/lag must be a non-negative integer/);
    // A duplicated (unit, time) pair is refused when the panel is indexed, before either variance.
    const doubled = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, [...v, v[0]]]));
    expect(() => feols(doubled, 'emp ~ wage', { vcov: 'NW', panel })).toThrow(DataError);
    expect(() => feols(doubled, 'emp ~ wage', { vcov: 'DK', panel })).toThrow(/duplicate pair/);
  });
});
