/**
 * Joint Wald tests against R fixest 0.12.2's wald() on Produc (tests/golden/fixest/wald_produc_*.json, made by
 * tests/golden/fixest/scripts/vcov.R): F, p, df1 and df2 with the iid, hetero and state-clustered variances,
 * with and without fixed effects; the restriction-matrix form and the chi-square form against the identities.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { feols, type FeolsOptions } from '../../src/index.js';
import { wald } from '../../src/estimate/wald.js';
import { OptionError } from '../../src/errors.js';
import { expectClose, readCsv } from '../helpers.js';

/** Against R references (DESIGN.md, house style 7). */
const RTOL_R = 1e-8;
const ATOL_R = 1e-10;
/** Algebraic identities. */
const RTOL_ID = 1e-12;

const dir = new URL('../golden/fixest/', import.meta.url);
const data = readCsv(new URL('../golden/data/produc.csv', import.meta.url).pathname);
const variants: Record<string, FeolsOptions> = { iid: { vcov: 'iid' }, hetero: { vcov: 'hetero' }, cluster_state: { cluster: 'state' } };

for (const file of ['wald_produc_twfe.json', 'wald_produc_nofe.json']) {
  const ref = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
  const formula = ref.model.fixed_effects.length ? `${ref.model.formula.split('|')[0].trim()} | ${ref.model.fixed_effects.join(' + ')}` : ref.model.formula;
  describe(`${file}: ${ref.model.note}`, () => {
    for (const [label, options] of Object.entries(variants)) {
      it(label, () => {
        const expected = ref.wald[label];
        const fit = feols(data, formula, { ...options, singletons: 'keep' });
        expectClose(fit.coefficients[0].estimate, ref.fixest.se_variants[label].estimate[0], 'the model itself');
        const w = wald(fit, expected.terms);
        expect(w.terms).toEqual(expected.terms);
        expectClose(w.stat, expected.stat, 'F', RTOL_R, ATOL_R);
        expectClose(w.pValue, expected.p, 'p', RTOL_R, 0);
        expect(w.df1).toBe(expected.df1);
        expect(w.df2).toBe(expected.df2);
        // The same test by a regular expression, and as R b = 0.
        expectClose(wald(fit, { regex: expected.keep_regex }).stat, w.stat, 'regex', RTOL_ID, 0);
        const names = fit.coefficients.map((c) => c.term);
        const R = expected.terms.map((t: string) => names.map((n) => (n === t ? 1 : 0)));
        expectClose(wald(fit, { R }).stat, w.stat, 'R', RTOL_ID, 0);
        expectClose(w.chi2, w.q * w.stat, 'chi2 = q F', RTOL_ID, 0);
      });
    }
  });
}

describe('wald: one restriction is the squared t, and bad specifications are clear errors', () => {
  const fit = feols(data, 'log(gsp) ~ log(pcap) + log(pc) + unemp | state', { cluster: 'state' });
  it('one coefficient: F = t^2; x1 = x2 as a row of R', () => {
    const t = fit.coefficients[1].statistic;
    expectClose(wald(fit, ['log(pc)']).stat, t * t, 'F = t^2', RTOL_ID, 0);
    const b = fit.coefficients.map((c) => c.estimate);
    const V = fit.vcov.matrix;
    const diff = wald(fit, { R: [[1, -1, 0]] });
    expectClose(diff.stat, (b[0] - b[1]) ** 2 / (V[0][0] + V[1][1] - 2 * V[0][1]), 'x1 = x2', RTOL_ID, 0);
    expect(wald(fit, { R: [[1, 0, 0]], r: [b[0]] }).stat).toBeCloseTo(0, 12);
  });
  it('errors', () => {
    expect(() => wald(fit, ['gdp'])).toThrow(OptionError);
    expect(() => wald(fit, ['gdp'])).toThrow(/'gdp' is not a coefficient.*log\(pcap\)/);
    expect(() => wald(fit, { regex: '^zzz' })).toThrow(/no coefficient matches/);
    expect(() => wald(fit, { R: [[1, 0]] })).toThrow(/one column per coefficient/);
    expect(() => wald(fit, { R: [[1, 0, 0], [2, 0, 0]] })).toThrow(/linearly dependent/);
  });
});
