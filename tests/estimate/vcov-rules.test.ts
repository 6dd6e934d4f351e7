/**
 * fixest 0.12.2's rules around the variance (tests/golden/fixest/vcov_rules.json, made by
 * tests/golden/fixest/scripts/rules.R): K's nesting rule by name, the repair of a two-way clustered matrix with a
 * negative variance (eigenvalues floored at 1e-10), and ssc(fixef.force_exact = TRUE) on a disconnected panel.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { feols, type FeolsOptions } from '../../src/index.js';
import { expectAllClose, readCsv } from '../helpers.js';

const RTOL = 1e-8;
const ATOL = 1e-10;
const ref = JSON.parse(readFileSync(new URL('../golden/fixest/vcov_rules.json', import.meta.url), 'utf8'));
const golden = (file: string) => readCsv(new URL(`../golden/fixest/${file}`, import.meta.url).pathname);

interface Block { coef_names: string[]; se: number[]; p: number[]; vcov: number[][]; dof_K: number; df_t: number }

function check(data: Record<string, unknown>, formula: string, options: FeolsOptions, block: Block): void {
  const fit = feols(data as never, formula, { singletons: 'keep', ...options });
  expect(fit.coefficients).toHaveLength(block.coef_names.length);
  expect(fit.vcov.k).toBe(block.dof_K);
  expect(fit.vcov.dfT).toBe(block.df_t);
  expectAllClose(fit.coefficients.map((c) => c.stdError), block.se, 'se', RTOL, ATOL);
  expectAllClose(fit.coefficients.map((c) => c.pValue), block.p, 'p', RTOL, ATOL);
  expectAllClose(fit.vcov.matrix.flat(), block.vcov.flat(), 'vcov', RTOL, ATOL);
}

describe("fixest's variance rules", () => {
  const produc = readCsv(new URL('../golden/data/produc.csv', import.meta.url).pathname);
  const formula = 'log(gsp) ~ log(pcap) + log(emp) + unemp';

  it('a cluster variable that is a fixed effect: the other fixed effects are not tested for nesting', () => {
    // Were state tested, it would be found nested in region and leave K.
    expect(ref.nesting_by_name.cluster.dof_K).toBe(3 + 48 + 9 - 1 - (9 - 1));
    check(produc, `${formula} | state + region`, { cluster: 'region' }, ref.nesting_by_name.cluster);
  });

  it('a cluster variable that is not a fixed effect: nesting is tested on the data', () => {
    check(produc, `${formula} | state + year`, { cluster: 'region' }, ref.nesting_tested.cluster);
  });

  it('a two-way clustered matrix with a negative variance is rebuilt with eigenvalues floored at 1e-10', () => {
    const fit = feols(golden('twoway_negative.csv'), 'y ~ x1 + x2', { cluster: ['g1', 'g2'] });
    expect(fit.vcov.eigenFixed).toBe(true);
    check(golden('twoway_negative.csv'), 'y ~ x1 + x2', { cluster: ['g1', 'g2'] }, ref.twoway_negative.cluster);
  });

  it('fixefExact counts one redundant level per connected component (3 here)', () => {
    const data = golden('disconnected.csv');
    check(data, 'y ~ x1 + x2 | id + t', { ssc: { fixefExact: true } }, ref.force_exact.iid);
    check(data, 'y ~ x1 + x2 | id + t', { vcov: 'hetero', ssc: { fixefExact: true } }, ref.force_exact.hetero);
    check(data, 'y ~ x1 + x2 | id + t', {}, ref.force_exact.iid_default);
  });
});
