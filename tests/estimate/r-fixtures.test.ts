/**
 * feols against the R fixtures in tests/golden/fixtures.json (made by tests/golden/make_fixtures.R: lm on
 * explicit dummies, variances by fixest 0.12's conventions, cross-checked with sandwich, estimatr and plm).
 * One parametrized table: every case compares every number at |a - b| <= 1e-10 + 1e-8 |b|.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { feols, type FeolsOptions } from '../../src/index.js';
import { expectAllClose, expectClose, readCsv } from '../helpers.js';

interface Fixture {
  case: string;
  data: string;
  formula: string;
  options: { vcov: 'iid' | 'hetero' | 'cluster'; cluster: string[] | null; weights: string | null; singletons: 'drop' | 'keep';
    ssc: { k_adj: boolean; k_fixef: 'nested' | 'full' | 'none'; g_adj: boolean; g_df: 'min' | 'conventional'; t_df: 'min' | 'conventional' } };
  expected: {
    nobs: number; dropped: { na: number; singletons: number }; fixef: Record<string, number> | null; collinear: string[];
    coef_names: string[]; estimate: number[]; std_error: number[]; statistic: number[]; p_value: number[];
    conf_low: number[]; conf_high: number[]; vcov: number[][]; k: number; df_t: number;
    n_clusters: Record<string, number> | null; rss: number; tss: number; r2: number; adj_r2: number;
    within_r2: number | null; adj_within_r2: number | null; df_resid: number;
  };
}

const golden = new URL('../golden/', import.meta.url);
const fixtures: Fixture[] = JSON.parse(readFileSync(new URL('fixtures.json', golden), 'utf8'));
const datasets = new Map<string, ReturnType<typeof readCsv>>();
function dataset(file: string) {
  if (!datasets.has(file)) datasets.set(file, readCsv(new URL(`data/${file}`, golden).pathname));
  return datasets.get(file) as ReturnType<typeof readCsv>;
}

describe('R fixtures', () => {
  it('cover what the issue asks for', () => {
    const fes = new Set(fixtures.map((f) => (f.formula.split('|')[1] ?? '').split('+').filter((s) => s.trim()).length));
    expect([...fes].sort()).toEqual([0, 1, 2, 3]);
    expect(fixtures.some((f) => f.expected.dropped.na > 0)).toBe(true);
    expect(fixtures.some((f) => f.expected.dropped.singletons > 0)).toBe(true);
    expect(fixtures.some((f) => f.expected.collinear.length > 0)).toBe(true);
    expect(fixtures.some((f) => (f.options.cluster?.length ?? 0) === 2)).toBe(true);
  });

  for (const f of fixtures) {
    it(`${f.case}: ${f.formula}`, () => {
      const o = f.options;
      const options: FeolsOptions = {
        vcov: o.vcov,
        cluster: o.cluster ?? undefined,
        weights: o.weights ?? undefined,
        singletons: o.singletons,
        ssc: { kAdj: o.ssc.k_adj, kFixef: o.ssc.k_fixef, gAdj: o.ssc.g_adj, gDf: o.ssc.g_df, tDf: o.ssc.t_df },
      };
      const fit = feols(dataset(f.data), f.formula, options);
      const e = f.expected;
      expect(fit.nobs).toBe(e.nobs);
      expect(fit.dropped).toEqual({ nonFinite: 0, ...e.dropped });
      expect(fit.fixef).toEqual(e.fixef ?? {});
      expect(fit.collinear).toEqual(e.collinear);
      // The fixtures list coefficients in written order; fixest (R's terms()) puts interactions after the
      // main effects, as hdfe does: compare by name.
      const names = fit.coefficients.map((c) => c.term);
      expect([...names].sort()).toEqual([...e.coef_names].sort());
      const at = names.map((name) => e.coef_names.indexOf(name));
      const ref = (v: number[]) => at.map((i) => v[i]);
      const col = (key: 'estimate' | 'stdError' | 'statistic' | 'pValue' | 'confLow' | 'confHigh') => fit.coefficients.map((c) => c[key]);
      expectAllClose(col('estimate'), ref(e.estimate), 'estimate');
      expectAllClose(col('stdError'), ref(e.std_error), 'std_error');
      expectAllClose(col('statistic'), ref(e.statistic), 'statistic');
      expectAllClose(col('pValue'), ref(e.p_value), 'p_value');
      expectAllClose(col('confLow'), ref(e.conf_low), 'conf_low');
      expectAllClose(col('confHigh'), ref(e.conf_high), 'conf_high');
      expectAllClose(fit.vcov.matrix.flat(), at.flatMap((i) => at.map((j) => e.vcov[i][j])), 'vcov');
      expect(fit.vcov.k).toBe(e.k);
      expect(fit.vcov.dfT).toBe(e.df_t);
      expect(fit.vcov.clusters).toEqual(e.n_clusters);
      expect(fit.dfResid).toBe(e.df_resid);
      expectClose(fit.rss, e.rss, 'rss');
      expectClose(fit.tss, e.tss, 'tss');
      expectClose(fit.r2, e.r2, 'r2');
      expectClose(fit.adjR2, e.adj_r2, 'adj_r2');
      if (e.within_r2 === null) expect(fit.withinR2).toBeNull();
      else {
        expectClose(fit.withinR2 as number, e.within_r2, 'within_r2');
        expectClose(fit.adjWithinR2 as number, e.adj_within_r2 as number, 'adj_within_r2');
      }
    });
  }
});
