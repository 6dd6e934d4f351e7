/**
 * Romano-Wolf and Westfall-Young p-values of `mtest` against brute force: with Rademacher weights and
 * 2^G <= reps every sign vector over the clusters of all the models is enumerated; here each draw's y* is
 * built explicitly for every hypothesis (its own restricted or unrestricted fit), every model is refitted by
 * feols, and the step-down adjustments are computed by the plain loops of the papers (no sorting tricks, no
 * shared code with src/infer/stepdown.ts). Two outcomes, one of which lacks a whole cluster, so the shared
 * weights must follow the cluster labels across samples.
 */
import { describe, it, expect } from 'vitest';
import { feols, pAdjust, wildBootstrap, type FeolsOptions } from '../../src/index.js';
import { mtest } from '../../src/infer/mtest.js';
import { expectClose } from '../helpers.js';
import { rng } from '../reference/rng.js';
import { clusteredPanel } from './data.js';

/** Identities of the same fit computed two ways (fast algebra vs refits). */
const RTOL_T = 1e-10;
const ATOL_T = 1e-10;
const TIE_RTOL = 1e-12;
const DEMEAN_TOL = 1e-14;

type Columns = Record<string, Float64Array>;

function formula(y: string, x: string[], fe: string[]): string {
  return `${y} ~ ${x.join(' + ')}${fe.length ? ' | ' + fe.join(' + ') : ''}`;
}

function subset(data: Columns, keep: (i: number) => boolean): Columns {
  const rows = Array.from(data.y, (_, i) => i).filter(keep);
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Float64Array.from(rows, (i) => v[i])]));
}

/** t and all 2^G t* of H0: param = 0 by refits; cluster label c takes sign bit labels.indexOf(c) of b. */
function bruteHypothesis(data: Columns, y: string, x: string[], fe: string[], param: string, type: 'restricted' | 'unrestricted',
  labels: number[]): { t: number; tStar: Float64Array } {
  const d = subset(data, (i) => !Number.isNaN(data[y][i]));
  const opts: FeolsOptions = { cluster: 'cl', demeanTol: DEMEAN_TOL };
  const full = feols(d, formula(y, x, fe), opts);
  const coef = full.coefficients.find((c) => c.term === param);
  if (!coef) throw new Error(`no ${param}`);
  const resid = type === 'restricted'
    ? feols(d, formula(y, x.filter((v) => v !== param), fe), opts).residuals
    : full.residuals;
  const fitted = d[y].map((v, i) => v - resid[i]);
  const bit = Array.from(d.cl, (c) => labels.indexOf(c));
  const B = 2 ** labels.length;
  const tStar = new Float64Array(B);
  const center = type === 'restricted' ? 0 : coef.estimate;
  for (let b = 0; b < B; b++) {
    const ystar = fitted.map((f, i) => f + (1 - 2 * ((b >> bit[i]) & 1)) * resid[i]);
    const c = feols({ ...d, ystar__: ystar }, formula('ystar__', x, fe), opts).coefficients.find((cc) => cc.term === param);
    tStar[b] = ((c as { estimate: number }).estimate - center) / (c as { stdError: number }).stdError;
  }
  return { t: coef.estimate / coef.stdError, tStar };
}

/** The papers' loops on a [B][H] matrix: unadjusted, Romano-Wolf, Westfall-Young step-down and single-step minP. */
function adjustRef(t: number[], tStar: number[][]): { p: number[]; rw: number[]; wy: number[]; wy1: number[] } {
  const H = t.length, B = tStar.length;
  const atLeast = (x: number, ref: number) => Math.abs(x) >= Math.abs(ref) - TIE_RTOL * Math.abs(ref);
  const p = t.map((th, h) => tStar.filter((row) => atLeast(row[h], th)).length / B);
  // Romano-Wolf: |t| descending; max over the hypotheses not yet rejected.
  const byT = t.map((_, h) => h).sort((a, b) => Math.abs(t[b]) - Math.abs(t[a]) || a - b);
  const rw = new Array<number>(H);
  let run = 0;
  byT.forEach((h, s) => {
    const rest = byT.slice(s);
    const c = tStar.filter((row) => Math.max(...rest.map((l) => Math.abs(row[l]))) >= Math.abs(t[h]) - TIE_RTOL * Math.abs(t[h])).length;
    run = Math.max(run, c / B);
    rw[h] = run;
  });
  // Westfall-Young minP: each draw's marginal p-value within its own hypothesis's draws.
  const pStar = tStar.map((row) => row.map((x, h) => tStar.filter((r2) => Math.abs(r2[h]) >= Math.abs(x) - TIE_RTOL * Math.abs(x)).length / B));
  const byP = t.map((_, h) => h).sort((a, b) => p[a] - p[b] || a - b);
  const wy = new Array<number>(H);
  run = 0;
  byP.forEach((h, s) => {
    const rest = byP.slice(s);
    const c = pStar.filter((row) => Math.min(...rest.map((l) => row[l])) <= p[h]).length;
    run = Math.max(run, c / B);
    wy[h] = run;
  });
  const wy1 = t.map((_, h) => pStar.filter((row) => Math.min(...row) <= p[h]).length / B);
  return { p, rw, wy, wy1 };
}

function twoOutcomes(seed: number, G: number): Columns {
  const data = clusteredPanel(seed, G) as unknown as Columns;
  const r = rng(seed + 1000);
  // A second outcome, missing in every row of cluster 1: its model has G - 1 clusters.
  const y2 = Float64Array.from(data.y, (_, i) => (data.cl[i] === 1 ? NaN : 0.2 * data.x1[i] + 0.5 * data.x2[i] + r.normal()));
  return { ...data, y2 };
}

const cases = [
  { name: 'year FE (not nested), WCR', fe: ['year'], type: 'restricted', G: 6 },
  { name: 'firm FE (nested), WCU', fe: ['firm'], type: 'unrestricted', G: 6 },
  { name: 'no FE, WCR', fe: [], type: 'restricted', G: 7 },
] as const;

describe('mtest = brute-force refits over all 2^G sign vectors, shared across hypotheses', () => {
  cases.forEach((c, idx) => {
    it(c.name, async () => {
      const data = twoOutcomes(300 + idx, c.G);
      const labels = [...new Set(data.cl)];
      const x = ['x1', 'x2'];
      const hyps = [['y', 'x1'], ['y', 'x2'], ['y2', 'x1'], ['y2', 'x2']] as const;
      const brute = hyps.map(([y, term]) => bruteHypothesis(data, y, x, [...c.fe], term, c.type, labels));
      const B = 2 ** labels.length;
      const matrix = Array.from({ length: B }, (_, b) => brute.map((h) => h.tStar[b]));
      const ref = adjustRef(brute.map((h) => h.t), matrix);

      const fast = await mtest(data, `y + y2 ~ x1 + x2${c.fe.length ? ' | ' + c.fe.join(' + ') : ''}`, {
        terms: ['x1', 'x2'], cluster: 'cl', reps: 9999, type: c.type, demeanTol: DEMEAN_TOL, workers: 1, keepDraws: true,
      });
      expect(fast.enumerated).toBe(true);
      expect(fast.reps).toBe(B);
      expect(fast.clusters).toBe(labels.length);
      expect(fast.hypotheses.map((h) => [h.depvar, h.term])).toEqual(hyps.map(([y, t]) => [y, t]));
      expect(fast.hypotheses.map((h) => h.clusters)).toEqual([c.G, c.G, c.G - 1, c.G - 1]);
      // The draws: the same multiset of t* vectors (enumeration order may differ in cluster numbering; WCU's
      // identity draws give t* = 0 up to rounding).
      const key = (v: number[]) => v.map((z) => (Math.abs(z) < 1e-9 ? 0 : z).toFixed(8)).join(',');
      const fastRows = Array.from({ length: B }, (_, b) => Array.from((fast.draws as Float64Array).subarray(b * 4, b * 4 + 4)));
      expect(fastRows.map(key).sort()).toEqual(matrix.map(key).sort());
      fast.hypotheses.forEach((h, i) => {
        expectClose(h.statistic, brute[i].t, `t ${i}`, RTOL_T, ATOL_T);
        expect(h.pValue, `p ${i}`).toBe(ref.p[i]);
        expect(h.pRomanoWolf, `Romano-Wolf ${i}`).toBe(ref.rw[i]);
        expect(h.pWestfallYoung, `Westfall-Young ${i}`).toBe(ref.wy[i]);
        expect(h.pWestfallYoungSingleStep, `Westfall-Young single-step ${i}`).toBe(ref.wy1[i]);
      });
      expect(fast.hypotheses.map((h) => h.pHolm)).toEqual(pAdjust(ref.p, 'holm'));
      expect(fast.hypotheses.map((h) => h.pBonferroni)).toEqual(pAdjust(ref.p, 'bonferroni'));
      // The step-down never adjusts below the unadjusted p-value.
      for (const h of fast.hypotheses) expect(h.pRomanoWolf).toBeGreaterThanOrEqual(h.pValue);
    }, 120_000);
  });

  it('one hypothesis: every adjustment is the single wild bootstrap p-value', async () => {
    const data = clusteredPanel(77, 9);
    const single = wildBootstrap(data, 'y ~ x1 + x2 | year', { param: 'x2', cluster: 'cl', reps: 999, seed: 5, confInt: false });
    const r = await mtest(data, 'y ~ x1 + x2 | year', { terms: ['x2'], cluster: 'cl', reps: 999, seed: 5, workers: 1 });
    const [h] = r.hypotheses;
    expect(r.enumerated).toBe(single.enumerated);
    expect(h.pValue).toBe(single.pValue);
    expect([h.pRomanoWolf, h.pWestfallYoung, h.pWestfallYoungSingleStep, h.pHolm]).toEqual([single.pValue, single.pValue, single.pValue, single.pValue]);
    expect(h.statistic).toBe(single.statistic);
  });
});
