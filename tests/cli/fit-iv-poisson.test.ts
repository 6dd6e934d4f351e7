/**
 * `hdfe fit` with an IV formula and with --family poisson: the JSON keys and numbers against fixest 0.12.2, the
 * printed diagnostics, and one-line errors with exit code 2.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runFit } from '../../src/cli/fit.js';
import { expectAllClose, expectClose } from '../helpers.js';

/** Against R references: OLS/IV 1e-8; Poisson (IRLS) 1e-6. */
const RTOL_R = 1e-8;
const RTOL_POISSON = 1e-6;
const ATOL_R = 1e-10;

const root = fileURLToPath(new URL('../../', import.meta.url));
const data = (name: string) => `${root}tests/golden/data/${name}.csv`;
const ref = (name: string) => JSON.parse(readFileSync(`${root}tests/golden/fixest/${name}.json`, 'utf8')).fixest;

describe('hdfe fit: IV', () => {
  const formula = 'log(packs) ~ log(rincome) | log(rprice) ~ tdiff + rtax';
  it('--json has the iv block with the issue\'s keys and fixest\'s numbers', async () => {
    const j = JSON.parse(await runFit([data('cigarettes'), formula, '--vcov', 'hetero', '--json']));
    const block = ref('iv_cigarettes_nofe').se_variants.hetero;
    expect(j.coefficients.map((c: { term: string }) => c.term)).toEqual(block.coef_names);
    expectAllClose(j.coefficients.map((c: { std_error: number }) => c.std_error), block.se, 'se', RTOL_R, ATOL_R);
    const fs = j.iv.first_stage[0];
    expect(fs.endog).toBe('log(rprice)');
    expectAllClose([fs.f_stat, fs.p_value, fs.wald_stat, fs.wald_p_value], [block.iv_diagnostics.ivf[0].stat, block.iv_diagnostics.ivf[0].p,
      block.iv_diagnostics.ivwald[0].stat, block.iv_diagnostics.ivwald[0].p], 'first stage', RTOL_R, ATOL_R);
    expect([fs.df1, fs.df2]).toEqual([2, 92]);
    expect(fs.coefficients.map((c: { term: string }) => c.term)).toEqual(block.first_stage[0].coef_names);
    expect(Object.keys(fs.coefficients[0])).toEqual(Object.keys(j.coefficients[0]));
    expect(Object.keys(j.iv.wu_hausman)).toEqual(['stat', 'p_value', 'df1', 'df2']);
    expect(Object.keys(j.iv.sargan)).toEqual(['stat', 'p_value', 'df']);
    expectClose(j.iv.sargan.stat, block.iv_diagnostics.sargan.stat, 'sargan', RTOL_R, ATOL_R);
    expectClose(j.iv.cragg_donald, block.iv_diagnostics.cd, 'cd', RTOL_R, ATOL_R);
    expectClose(j.iv.kleibergen_paap, block.iv_diagnostics.kpr.stat, 'kpr', RTOL_R, ATOL_R);
  });
  it('prints the diagnostics like fixest', async () => {
    const out = await runFit([data('cigarettes'), formula]);
    expect(out).toMatch(/^TSLS estimation, Dep. Var.: log\(packs\), Endo.: log\(rprice\), Instr.: tdiff, rtax/);
    expect(out).toMatch(/F-test \(1st stage\), log\(rprice\): stat = 150\.6/);
    expect(out).toMatch(/Wu-Hausman: stat = 1\.99/);
    expect(out).toMatch(/Sargan: stat = 0\.0180/);
  });
});

describe('hdfe fit --family poisson', () => {
  it('--json adds family, deviance, loglik, pseudo_r2, iterations and dropped.fixef_all_zero', async () => {
    const j = JSON.parse(await runFit([data('creditcard'), 'reports ~ age + income + owner | active + dependents', '--family', 'poisson',
      '--singletons', 'keep', '--cluster', 'active', '--json']));
    const r = ref('poisson_creditcard_zerofe');
    expect(j.family).toBe('poisson');
    expect(j.dropped).toEqual({ na: 0, singletons: 0, fixef_all_zero: 224, separated: 0, non_finite: 0 });
    expectAllClose([j.deviance, j.loglik, j.pseudo_r2], [r.deviance, r.loglik, r.pseudo_r2], 'fit statistics', RTOL_POISSON, ATOL_R);
    expect(j.iterations).toBeGreaterThan(2);
    expectAllClose(j.coefficients.map((c: { std_error: number }) => c.std_error), r.se_variants.cluster_active.se, 'se', RTOL_POISSON, ATOL_R);
    expect(j.vcov.df_t).toBeNull();
  });
  it('--offset enters the linear predictor', async () => {
    const j = JSON.parse(await runFit([data('ships'), 'incidents ~ op75 | type + construction', '--family', 'poisson', '--offset', 'log_service', '--json', '--singletons', 'keep']));
    expectClose(j.coefficients[0].estimate, ref('poisson_ships_offset').se_variants.iid.estimate[0], 'op75', RTOL_POISSON, ATOL_R);
    expect(j.offset).toBe('log_service');
  });
  it('bad input: one line on stderr and exit code 2', () => {
    const cli = `${root}dist/src/cli/main.js`;
    const run = (args: string[]) => spawnSync(process.execPath, [cli, 'fit', ...args], { encoding: 'utf8' });
    const neg = run([data('cigarettes'), 'I(rtax - 40) ~ tdiff', '--family', 'poisson']);
    expect(neg.status).toBe(2);
    expect(neg.stderr.trim().split('\n')).toHaveLength(1);
    expect(neg.stderr).toMatch(/non-negative/);
    const under = run([data('cigarettes'), 'log(packs) ~ 1 | log(rprice) + rtax ~ tdiff']);
    expect(under.status).toBe(2);
    expect(under.stderr).toMatch(/under-identified/);
    const family = run([data('cigarettes'), 'packs ~ tdiff', '--family', 'binomial']);
    expect(family.status).toBe(2);
  }, 60_000);
});
