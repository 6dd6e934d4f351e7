/**
 * permutationTest: bit-identical across worker counts and chunk sizes, exact enumeration against an
 * independent brute force over all permutations (re-estimated with feols), p-value definitions, undefined
 * draws, cancellation and input errors. Pooled runs use the compiled dist/ (npm test builds first).
 */
import { afterAll, describe, it, expect } from 'vitest';
import { DataError, OptionError, feols } from '../../src/index.js';
import { permutationPValues, permutationTest, PERM_TIE_RTOL } from '../../src/infer/permute.js';
import { AbortError } from '../../src/parallel/errors.js';
import { closePool } from '../../src/parallel/pool.js';
import { readCsv } from '../helpers.js';
import { rng } from '../reference/rng.js';

afterAll(closePool);

const grunfeld = readCsv(new URL('../golden/fixest/grunfeld.csv', import.meta.url).pathname);

/** Every permutation of 0..n-1 (Heap's algorithm), independent of the code under test. */
function allPermutations(n: number): number[][] {
  const out: number[][] = [];
  const a = Array.from({ length: n }, (_, i) => i);
  const c = new Array(n).fill(0);
  out.push([...a]);
  let i = 0;
  while (i < n) {
    if (c[i] < i) {
      const j = i % 2 === 0 ? 0 : c[i];
      [a[j], a[i]] = [a[i], a[j]];
      out.push([...a]);
      c[i]++;
      i = 0;
    } else { c[i] = 0; i++; }
  }
  return out;
}

/** The t (or coefficient) of `term` from feols, NaN when it is dropped. */
function feolsStat(data: Record<string, unknown[]>, formula: string, term: string, stat: 'coef' | 't', opts = {}): number {
  try {
    const c = feols(data, formula, opts).coefficients.find((x) => x.term === term);
    return c ? (stat === 't' ? c.statistic : c.estimate) : NaN;
  } catch { return NaN; }
}

function bruteP(T: number, stats: number[]): number {
  const ok = stats.filter((s) => !Number.isNaN(s));
  return ok.filter((s) => Math.abs(s) >= Math.abs(T) * (1 - PERM_TIE_RTOL)).length / ok.length;
}

const sorted = (a: ArrayLike<number>) => Array.from(a).sort((x, y) => x - y);

describe('permutationTest: determinism', () => {
  it('gives bit-identical draws for 1 and 2 workers and any chunk size', async () => {
    const base = { param: 'value', permute: 'value', reps: 96, seed: 2024 };
    const formula = 'inv ~ value + capital | firm + year';
    const ref = await permutationTest(grunfeld, formula, { ...base, workers: 1 });
    expect(ref.enumerated).toBe(false);
    expect(ref.reps).toBe(96);
    for (const [workers, chunkSize] of [[2, 1], [2, 7], [2, 96], [1, 5]]) {
      const r = await permutationTest(grunfeld, formula, { ...base, workers, chunkSize });
      expect(Buffer.from(r.draws.buffer).equals(Buffer.from(ref.draws.buffer)), `workers ${workers}, chunk ${chunkSize}`).toBe(true);
      expect(r.statistic).toBe(ref.statistic);
      expect(r.pValue).toBe(ref.pValue);
    }
    const other = await permutationTest(grunfeld, formula, { ...base, seed: 2025, workers: 2 });
    expect(other.draws).not.toEqual(ref.draws);
  });

  it('reproduces the feols t statistic as the observed statistic', async () => {
    const r = await permutationTest(grunfeld, 'inv ~ value + capital | firm', { param: 'capital', permute: 'capital', reps: 5, workers: 1, cluster: 'firm' });
    const fit = feols(grunfeld, 'inv ~ value + capital | firm', { cluster: 'firm' });
    expect(r.statistic).toBe(fit.coefficients[1].statistic);
    const coef = await permutationTest(grunfeld, 'inv ~ value + capital | firm', { param: 'capital', permute: 'capital', reps: 5, workers: 1, stat: 'coef' });
    expect(coef.statistic).toBe(fit.coefficients[1].estimate);
  });
});

describe('permutationTest: enumeration against brute force', () => {
  const r = rng(7);
  it('6 rows: all 720 permutations', async () => {
    const data = { y: Array.from({ length: 6 }, () => r.normal()), x: [0.3, 1.2, 2.0, 2.9, 4.4, 5.1], z: [1, 0, 1, 1, 0, 0] };
    const formula = 'y ~ x + z';
    const res = await permutationTest(data, formula, { param: 'x', permute: 'x', reps: 1000, workers: 2 });
    expect(res.enumerated).toBe(true);
    expect(res.reps).toBe(720);
    const T = feolsStat(data, formula, 'x', 't');
    const brute = allPermutations(6).map((p) => feolsStat({ ...data, x: p.map((i) => data.x[i]) }, formula, 'x', 't'));
    expect(res.statistic).toBe(T);
    const a = sorted(res.draws), b = sorted(brute);
    for (let i = 0; i < 720; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(b[i])));
    expect(res.pValue).toBe(bruteP(T, brute));
    expect(res.pValue).toBeGreaterThanOrEqual(1 / 720); // the identity counts
  });

  it('5 units with by (ties: 10 distinct assignments of 120 orders), clustered t', async () => {
    const unit = Array.from({ length: 15 }, (_, i) => Math.floor(i / 3));
    const unitTreat = [0, 1, 0, 1, 1];
    const data = {
      unit, treat: unit.map((u) => unitTreat[u]), x: Array.from({ length: 15 }, () => r.normal()),
      y: unit.map((u) => unitTreat[u] * 0.8 + r.normal()),
    };
    const formula = 'y ~ treat + x';
    const opts = { cluster: 'unit' };
    const res = await permutationTest(data, formula, { param: 'treat', permute: 'treat', by: 'unit', reps: 50, workers: 2, ...opts });
    expect(res.enumerated).toBe(true);
    expect(res.reps).toBe(10);
    const brute = allPermutations(5).map((p) => feolsStat({ ...data, treat: unit.map((u) => unitTreat[p[u]]) }, formula, 'treat', 't', opts));
    const T = feolsStat(data, formula, 'treat', 't', opts);
    expect(res.pValue).toBe(bruteP(T, brute));
    // Each distinct assignment appears 2! 3! = 12 times among the 120 orders.
    const distinct = sorted(brute).filter((_, i) => i % 12 === 0);
    const got = sorted(res.draws);
    for (let i = 0; i < 10; i++) expect(Math.abs(got[i] - distinct[i])).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(distinct[i])));
  });

  it('within strata: the product of the strata counts', async () => {
    const s = [0, 0, 0, 0, 1, 1, 1, 1];
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    const data = { s, x, y: x.map((v) => 0.2 * v + r.normal()) };
    const formula = 'y ~ x | s';
    const res = await permutationTest(data, formula, { param: 'x', permute: 'x', strata: 's', reps: 1000, workers: 2, stat: 'coef' });
    expect(res.enumerated).toBe(true);
    expect(res.reps).toBe(576);
    const perms = allPermutations(4);
    const brute: number[] = [];
    for (const p of perms) for (const q of perms) {
      brute.push(feolsStat({ ...data, x: [...p.map((i) => x[i]), ...q.map((i) => x[4 + i])] }, formula, 'x', 'coef'));
    }
    const T = feolsStat(data, formula, 'x', 'coef');
    expect(res.pValue).toBe(bruteP(T, brute));
  });

  it('leaves out draws where the term is collinear, and counts them', async () => {
    const data = { g: [1, 1, 2, 2], x: [1, 0, 1, 0], y: [0.5, -0.2, 1.1, 0.3] };
    const res = await permutationTest(data, 'y ~ x | g', { param: 'x', permute: 'x', reps: 100, workers: 1, stat: 'coef' });
    expect(res.reps).toBe(6); // 4! / (2! 2!)
    // x = (1, 1, 0, 0) and (0, 0, 1, 1) are constant within g: absorbed by the fixed effect.
    expect(res.undefinedDraws).toBe(2);
    expect(Array.from(res.draws).filter(Number.isNaN)).toHaveLength(2);
    expect(res.pValue).toBe(permutationPValues(res.statistic, res.draws).twoSided);
    expect(res.pValue * 4 % 1).toBe(0); // a share of the 4 defined draws
  });
});

describe('p-values', () => {
  const draws = Float64Array.of(-3, -2, -1, 0, 1, 2, 2, 3, NaN, 5);
  it('follow their definitions over the defined draws', () => {
    const p = permutationPValues(2, draws);
    expect(p.defined).toBe(9);
    expect(p.twoSided).toBe(6 / 9); // |d| >= 2: -3, -2, 2, 2, 3, 5
    expect(p.lower).toBe(7 / 9); // d <= 2
    expect(p.upper).toBe(4 / 9); // d >= 2
    expect(p.equalTailed).toBe(8 / 9);
    const neg = permutationPValues(-2.5, draws);
    expect(neg.twoSided).toBe(3 / 9);
    expect(neg.lower).toBe(1 / 9);
    expect(neg.equalTailed).toBe(2 / 9);
    expect(permutationPValues(0.5, Float64Array.of(0, 0.5, 1)).equalTailed).toBe(1); // 2 x 2/3, capped
  });
  it('count near-ties within PERM_TIE_RTOL as extreme', () => {
    const T = 1.2345;
    const below = T * (1 - PERM_TIE_RTOL / 10);
    const clearly = T * (1 - 1e-6);
    expect(permutationPValues(T, Float64Array.of(below, clearly, 0)).twoSided).toBe(1 / 3);
    expect(permutationPValues(T, Float64Array.of(below, clearly, 0)).upper).toBe(1 / 3);
    expect(permutationPValues(-T, Float64Array.of(-below, 0, 0, 0)).lower).toBe(1 / 4);
  });
  it('pType selects which is reported', async () => {
    const data = { y: [1.2, 0.4, 2.2, 1.9, 3.1, 2.5], x: [1, 2, 3, 4, 5, 6] };
    const all = await Promise.all((['two-sided', 'equal-tailed', 'lower', 'upper'] as const).map((pType) =>
      permutationTest(data, 'y ~ x', { param: 'x', permute: 'x', reps: 1000, workers: 1, pType })));
    expect(all.map((r) => r.pValue)).toEqual([all[0].pValues.twoSided, all[0].pValues.equalTailed, all[0].pValues.lower, all[0].pValues.upper]);
    expect(all[3].pValue).toBeLessThan(0.05); // a strong positive slope: few orders do as well
    expect(all[2].pValue).toBeGreaterThan(0.95);
  });
});

describe('permutationTest: progress and cancellation', () => {
  it('reports progress ending at the total', async () => {
    const seen: number[] = [];
    const r = await permutationTest(grunfeld, 'inv ~ value | firm', { param: 'value', permute: 'value', reps: 40, workers: 2, chunkSize: 6, onProgress: (d, t) => { expect(t).toBe(40); seen.push(d); } });
    expect(seen.length).toBe(7);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
    expect(seen.at(-1)).toBe(r.reps);
  });

  for (const workers of [1, 2]) {
    it(`aborts mid-sweep with an AbortError; the pool works afterwards (workers ${workers})`, async () => {
      const controller = new AbortController();
      const run = permutationTest(grunfeld, 'inv ~ value | firm', {
        param: 'value', permute: 'value', reps: 100_000, workers, chunkSize: 4, signal: controller.signal,
        onProgress: (done) => { if (done >= 8) controller.abort(); },
      });
      await expect(run).rejects.toBeInstanceOf(AbortError);
      await expect(run).rejects.toThrow(/permutation test was cancelled/);
      const after = await permutationTest(grunfeld, 'inv ~ value | firm', { param: 'value', permute: 'value', reps: 8, workers });
      expect(after.draws).toHaveLength(8);
    });
  }
});

describe('permutationTest: errors', () => {
  const unit = [1, 1, 2, 2, 3, 3];
  const data = { y: [1, 2, 3, 2, 5, 4], x: [1, 2, 3, 4, 5, 6], unit, d: [0, 0, 1, 1, 0, 1] };
  const base = { param: 'x', permute: 'x', workers: 1 };
  it.each([
    ['unknown permuted column', { permute: 'w' }, DataError, /unknown column 'w' \(the permuted column\)/],
    ['unknown by column', { by: 'firm' }, DataError, /unknown column 'firm'/],
    ['unknown strata column', { strata: 'block' }, DataError, /unknown column 'block'/],
    ['by column varying within a unit', { permute: 'd', param: 'd', by: 'unit' }, DataError, /'d' must be constant within each unit, but unit unit = 3 holds 0 in row 5 and 1 in row 6/],
    ['param not in the model', { param: 'z' }, OptionError, /param 'z' is not a coefficient of 'y ~ x \+ d'; its coefficients are \(Intercept\), x, d/],
    ['permuted column not in the formula', { permute: 'unit' }, OptionError, /not used by/],
    ['reps < 1', { reps: 0 }, OptionError, /reps must be an integer from 1/],
    ['bad stat', { stat: 'z' }, OptionError, /stat must be one of 'coef', 't'/],
    ['bad pType', { pType: 'both' }, OptionError, /pType must be one of/],
    ['bad seed', { seed: -3 }, OptionError, /seed must be an integer/],
    ['bad workers', { workers: 0 }, OptionError, /workers must be a positive integer/],
  ] as const)('%s', async (_label, over, Cls, pattern) => {
    const run = permutationTest(data, 'y ~ x + d', { ...base, ...over } as never);
    await expect(run).rejects.toBeInstanceOf(Cls);
    await expect(run).rejects.toThrow(pattern);
  });
});
