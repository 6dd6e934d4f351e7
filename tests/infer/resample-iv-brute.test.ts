/**
 * Pairs and cluster bootstraps of IV models against a brute force: draw b's resample (stream b + 1 of the
 * generator, unit j = min(floor(u_j count), count - 1), resample.ts) rebuilt as a new data set and fitted by
 * feols's IV from scratch. Every draw's 2SLS coefficients must agree.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closePool, clusterBootstrap, feols, pairsBootstrap } from '../../src/index.js';
import { clusterBootstrapParallel } from '../../src/infer/resample-task.js';
import { variates } from '../../src/infer/rng.js';
import { expectAllClose, readCsv } from '../helpers.js';

/** Same estimator on the same rows, computed along two paths. */
const RTOL = 1e-9;
const ATOL = 1e-11;

const data = readCsv(new URL('../golden/wre/wre.csv', import.meta.url).pathname);
const n = (data.y as number[]).length;

/** The rows of draw b's resample: units drawn with replacement, each unit's rows in data order. */
function resampleRows(units: number[][], seed: number, b: number): number[] {
  const u = variates(seed, b + 1, 0, units.length, 'uniform');
  return Array.from(u, (x) => units[Math.min(Math.floor(x * units.length), units.length - 1)]).flat();
}

function refit(formula: string, rows: number[], terms: string[], cluster?: string): number[] {
  const sub = Object.fromEntries(Object.entries(data).map(([k, col]) => [k, rows.map((i) => col[i])]));
  const fit = feols(sub, formula, { singletons: 'keep', ...(cluster ? { cluster } : {}) });
  return terms.map((t) => fit.coefficients.find((c) => c.term === t)!.estimate);
}

describe('resampling IV models: every draw is the 2SLS fit of its resample', () => {
  for (const formula of ['y ~ w1 | year | x ~ z1 + z2', 'y ~ w1 | x ~ z1', 'y ~ w1 | firm + year | x ~ z1 + z2']) {
    it(`pairs: ${formula}`, () => {
      const reps = 12, seed = 21;
      const r = pairsBootstrap(data, formula, { reps, seed, keepDraws: true, singletons: 'keep' });
      const terms = r.coefficients.map((c) => c.term);
      const units = Array.from({ length: n }, (_, i) => [i]);
      const brute = Array.from({ length: reps }, (_, b) => refit(formula, resampleRows(units, seed, b), terms)).flat();
      expectAllClose(Array.from(r.draws as Float64Array), brute, 'pairs draws', RTOL, ATOL);
    });
    it(`cluster: ${formula}`, () => {
      const reps = 12, seed = 4;
      const r = clusterBootstrap(data, formula, { cluster: 'cl', reps, seed, keepDraws: true, singletons: 'keep' });
      const terms = r.coefficients.map((c) => c.term);
      // Clusters in order of first appearance (cl is 1..10 in data order, so sorted order is the same).
      const cl = data.cl as number[];
      const levels = [...new Set(cl)];
      const units = levels.map((g) => cl.flatMap((c, i) => (c === g ? [i] : [])));
      const brute = Array.from({ length: reps }, (_, b) => refit(formula, resampleRows(units, seed, b), terms, 'cl')).flat();
      expectAllClose(Array.from(r.draws as Float64Array), brute, 'cluster draws', RTOL, ATOL);
    });
  }
});

describe('resampling an IV model on the pool', () => {
  afterAll(async () => { await closePool(); });
  it('cluster bootstrap: bit-identical draws on 1 and 2 workers', async () => {
    const formula = 'y ~ w1 | year | x ~ z1 + z2';
    const opts = { cluster: 'cl', reps: 60, seed: 9, keepDraws: true };
    const serial = clusterBootstrap(data, formula, opts);
    for (const workers of [1, 2]) {
      const pooled = await clusterBootstrapParallel(data, formula, { ...opts, workers, chunkSize: 7 });
      expect(Array.from(pooled.draws as Float64Array)).toEqual(Array.from(serial.draws as Float64Array));
    }
  }, 60_000);
});
