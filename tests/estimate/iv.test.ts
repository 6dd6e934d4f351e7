/**
 * 2SLS against R fixest 0.12.2 (tests/golden/fixest/iv_*.json, made by tests/golden/fixest/scripts/iv.R): one
 * endogenous regressor with a year FE, two endogenous with state + year FEs, and an over-identified model
 * without FE; iid, hetero and clustered variances, the first stages and fitstat's diagnostics.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { feols, resultToJson, type FeolsOptions } from '../../src/index.js';
import { revcov } from '../../src/estimate/revcov.js';
import { EstimationError, FormulaError } from '../../src/errors.js';
import { expectAllClose, expectClose, readCsv } from '../helpers.js';
import { dummies, leastSquares } from '../reference/linalg.js';
import { rng } from '../reference/rng.js';

/** Against R references (DESIGN.md, house style 7). */
const RTOL_R = 1e-8;
const ATOL_R = 1e-10;
/** Algebraic identities. */
const RTOL_ID = 1e-10;

const cases = [
  { file: 'iv_cigarettes_yearfe', data: 'cigarettes', formula: 'log(packs) ~ log(rincome) | year | log(rprice) ~ tdiff' },
  { file: 'iv_produc_twfe', data: 'produc_iv', formula: 'log(gsp) ~ unemp | state + year | log(pc) + log(emp) ~ log(hwy) + log(water) + log(util)' },
  { file: 'iv_cigarettes_nofe', data: 'cigarettes', formula: 'log(packs) ~ log(rincome) | log(rprice) ~ tdiff + rtax' },
];
const variants: Record<string, FeolsOptions> = { iid: { vcov: 'iid' }, hetero: { vcov: 'hetero' }, cluster_state: { cluster: 'state' } };

for (const c of cases) {
  const ref = JSON.parse(readFileSync(new URL(`../golden/fixest/${c.file}.json`, import.meta.url), 'utf8')).fixest;
  const data = readCsv(new URL(`../golden/data/${c.data}.csv`, import.meta.url).pathname);
  describe(`${c.file}: ${c.formula}`, () => {
    for (const [label, options] of Object.entries(variants)) {
      it(label, () => {
        const block = ref.se_variants[label];
        const fit = feols(data, c.formula, { ...options, singletons: 'keep' });
        expect(fit.nobs).toBe(ref.nobs);
        expect(fit.coefficients.map((x) => x.term)).toEqual(block.coef_names);
        expectAllClose(fit.coefficients.map((x) => x.estimate), block.estimate, 'estimate', RTOL_R, ATOL_R);
        expectAllClose(fit.vcov.matrix.flat(), block.vcov.flat(), 'vcov', RTOL_R, ATOL_R);
        expectAllClose(fit.coefficients.map((x) => x.stdError), block.se, 'se', RTOL_R, ATOL_R);
        expectAllClose(fit.coefficients.map((x) => x.pValue), block.p, 'p', RTOL_R, ATOL_R);
        expect(fit.vcov.k).toBe(block.dof_K);
        expect(fit.vcov.dfT).toBe(block.df_t);
        expectAllClose([fit.rss, fit.r2, fit.adjR2, fit.sigma], [ref.ssr, ref.r2, ref.adj_r2, ref.sigma], 'fit statistics', RTOL_R, ATOL_R);
        if (ref.within_r2 !== null) expectAllClose([fit.withinR2 as number, fit.adjWithinR2 as number], [ref.within_r2, ref.adj_within_r2], 'within r2', RTOL_R, ATOL_R);
        const iv = fit.iv;
        if (!iv) throw new Error('no iv block');
        // First stages, with the model's variance.
        block.first_stage.forEach((fsRef: { endog: string; coef_names: string[]; estimate: number[]; se: number[]; p: number[]; df_t: number; dof_K: number }, j: number) => {
          const fs = iv.firstStages[j];
          expect(fs.endog).toBe(fsRef.endog);
          expect(fs.coefficients.map((x) => x.term)).toEqual(fsRef.coef_names);
          expectAllClose(fs.coefficients.map((x) => x.estimate), fsRef.estimate, `first stage ${j} estimate`, RTOL_R, ATOL_R);
          expectAllClose(fs.coefficients.map((x) => x.stdError), fsRef.se, `first stage ${j} se`, RTOL_R, ATOL_R);
          expectAllClose(fs.coefficients.map((x) => x.pValue), fsRef.p, `first stage ${j} p`, RTOL_R, ATOL_R);
          expect(fs.k).toBe(fsRef.dof_K);
          expect(fs.dfT).toBe(fsRef.df_t);
        });
        const d = block.iv_diagnostics;
        const diag = iv.diagnostics;
        d.ivf.forEach((r: { stat: number; p: number; df1: number; df2: number }, j: number) => {
          expectAllClose([diag.firstStage[j].f.stat, diag.firstStage[j].f.pValue], [r.stat, r.p], `ivf ${j}`, RTOL_R, ATOL_R);
          expect([diag.firstStage[j].f.df1, diag.firstStage[j].f.df2]).toEqual([r.df1, r.df2]);
        });
        d.ivwald.forEach((r: { stat: number; p: number; df1: number; df2: number }, j: number) => {
          expectAllClose([diag.firstStage[j].wald.stat, diag.firstStage[j].wald.pValue], [r.stat, r.p], `ivwald ${j}`, RTOL_R, ATOL_R);
          expect([diag.firstStage[j].wald.df1, diag.firstStage[j].wald.df2]).toEqual([r.df1, r.df2]);
        });
        expectAllClose([diag.wuHausman.stat, diag.wuHausman.pValue], [d.wh.stat, d.wh.p], 'wh', RTOL_R, ATOL_R);
        expect([diag.wuHausman.df1, diag.wuHausman.df2]).toEqual([d.wh.df1, d.wh.df2]);
        if (d.sargan) {
          expectAllClose([diag.sargan?.stat as number, diag.sargan?.pValue as number], [d.sargan.stat, d.sargan.p], 'sargan', RTOL_R, ATOL_R);
          expect(diag.sargan?.df1).toBe(d.sargan.df);
        } else expect(diag.sargan).toBeNull();
        expectClose(diag.craggDonald, d.cd, 'cd', RTOL_R, ATOL_R);
        // fixest's kpr is the textbook statistic under hetero (its iid value uses a Cholesky factor in place of
        // the covariance, and it fails with two endogenous regressors or a cluster): compare there.
        if (label === 'hetero' && d.kpr.available !== false) {
          expectAllClose([diag.kleibergenPaap?.stat as number, diag.kleibergenPaap?.pValue as number], [d.kpr.stat, d.kpr.p], 'kpr', RTOL_R, ATOL_R);
          expect(diag.kleibergenPaap?.df1).toBe(d.kpr.df);
        }
        // With one endogenous regressor, the rk statistic over L is the first-stage Wald F under any variance.
        if (iv.endogenous.length === 1) expectClose(diag.kleibergenPaap?.stat as number, diag.firstStage[0].wald.stat, 'kpr = ivwald', RTOL_ID, 0);
        // Under iid the rk statistic is Cragg and Donald's (Kleibergen and Paap 2006, section 3): (n - K_1) c^2 / (1 - c^2).
        if (label === 'iid') {
          const n = fit.nobs, p = iv.endogenous.length, L = iv.instruments.length;
          const c2ratio = diag.craggDonald * L / (n - p - L - 1);
          expectClose((diag.kleibergenPaap?.stat as number) * L, (n - iv.firstStages[0].k) * c2ratio, 'kpr iid = Cragg-Donald', RTOL_ID, 0);
        }
        const json = resultToJson(fit) as { iv: Record<string, unknown> & { first_stage: Record<string, unknown>[] } };
        expect(Object.keys(json.iv.first_stage[0])).toEqual(expect.arrayContaining(['endog', 'f_stat', 'p_value', 'df1', 'df2', 'wald_stat', 'wald_p_value', 'coefficients']));
        expect(Object.keys(json.iv)).toEqual(expect.arrayContaining(['first_stage', 'wu_hausman', 'sargan', 'cragg_donald', 'kleibergen_paap']));
      });
    }
  });
}

describe('IV: bad input', () => {
  const data = readCsv(new URL('../golden/data/cigarettes.csv', import.meta.url).pathname);
  it('refuses an under-identified model', () => {
    expect(() => feols(data, 'log(packs) ~ 1 | log(rprice) + log(rincome) ~ tdiff')).toThrow(FormulaError);
    expect(() => feols(data, 'log(packs) ~ 1 | log(rprice) + log(rincome) ~ tdiff')).toThrow(/under-identified: 2 endogenous.*1 instrument/);
  });
  it('refuses an instrument that is also an exogenous regressor', () => {
    expect(() => feols(data, 'log(packs) ~ tdiff | year | log(rprice) ~ tdiff')).toThrow(/both an exogenous regressor and an instrument/);
  });
  it('refuses an instrument collinear with the fixed effects', () => {
    const rows = { ...data, yr2: (data.year as number[]).map((y) => (y === 1995 ? 3 : 1)) };
    expect(() => feols(rows, 'log(packs) ~ log(rincome) | year | log(rprice) ~ yr2')).toThrow(EstimationError);
    expect(() => feols(rows, 'log(packs) ~ log(rincome) | year | log(rprice) ~ yr2')).toThrow(/instrument 'yr2' is collinear with the exogenous regressors or the fixed effects/);
  });
  it('refuses an instrument collinear with the exogenous regressors', () => {
    const rows = { ...data, z: (data.rincome as number[]).map((v) => 2 * Math.log(v)) };
    expect(() => feols(rows, 'log(packs) ~ log(rincome) | log(rprice) ~ z')).toThrow(/instrument 'z' is collinear/);
  });
});

describe('IV: another variance without a refit', () => {
  it('revcov of a 2SLS fit gives the 2SLS variance of a fit with that variance', () => {
    const data = readCsv(new URL('../golden/data/cigarettes.csv', import.meta.url).pathname);
    const formula = 'log(packs) ~ log(rincome) | year | log(rprice) ~ tdiff';
    const again = revcov(feols(data, formula, { singletons: 'keep' }), { cluster: 'state' });
    const direct = feols(data, formula, { singletons: 'keep', cluster: 'state' });
    expectAllClose(again.vcov.matrix.flat(), direct.vcov.matrix.flat(), 'vcov', RTOL_ID, 0);
  });
});

describe('IV: nearly collinear instruments', () => {
  it('the 2SLS estimate equals two explicit least-squares stages on dummies (QR), whatever the Gram matrix\'s condition', () => {
    // z2 = z1 + 1e-5 noise: the instruments' Gram matrix has a condition number near 1e10, so fitted values
    // formed from it would be off around 1e-6; the first stages' QR keeps them at working precision.
    const r = rng(2024);
    const n = 400, L = 10;
    const fe = Int32Array.from({ length: n }, (_, i) => (i < L ? i : r.int(L)));
    const z1 = Float64Array.from({ length: n }, () => r.normal());
    const z2 = z1.map((v) => v + 1e-5 * r.normal());
    const w = Float64Array.from({ length: n }, () => r.normal());
    const u = Float64Array.from({ length: n }, () => r.normal());
    const x = Float64Array.from({ length: n }, (_, i) => z1[i] + 3e4 * (z2[i] - z1[i]) + 0.3 * w[i] + u[i] + fe[i] / 5);
    const y = Float64Array.from({ length: n }, (_, i) => 1.5 * x[i] - 0.5 * w[i] + fe[i] / 3 + u[i] + r.normal());
    const D = dummies(fe, L, -1);
    const first = leastSquares([z1, z2, w, ...D], x);
    const xhat = x.map((v, i) => v - first.resid[i]);
    const second = leastSquares([xhat, w, ...D], y);
    const fit = feols({ y, x, z1, z2, w, fe }, 'y ~ w | fe | x ~ z1 + z2', { vcov: 'iid' });
    expectAllClose(fit.coefficients.map((c) => c.estimate), [second.beta[0], second.beta[1]], '2SLS', RTOL_R, ATOL_R);
    expectAllClose(fit.iv?.firstStages[0].coefficients.map((c) => c.estimate) ?? [], [first.beta[0], first.beta[1], first.beta[2]], 'first stage', RTOL_R, ATOL_R);
  });
});
