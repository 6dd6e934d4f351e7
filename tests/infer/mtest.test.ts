/**
 * mtest on the pool (bit-identical for 1, 2 and 8 workers and any chunking), the shared draws (every
 * hypothesis sees the same cluster weights), wildrwolf's (count + 1) / (B + 1) convention, and bad input.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { closePool, pAdjust, wildBootstrap } from '../../src/index.js';
import { EstimationError, FormulaError, OptionError } from '../../src/errors.js';
import { expandOutcomes } from '../../src/formula/outcomes.js';
import { mtest } from '../../src/infer/mtest.js';
import { stepDown } from '../../src/infer/stepdown.js';
import { clusteredPanel } from './data.js';

afterAll(async () => { await closePool(); });

const data = clusteredPanel(41, 14); // 2^14 > reps: random draws
const formula = 'y + x2 ~ x1 + csw(firm, year)';
const options = { terms: ['x1', 'firm'], cluster: 'cl', reps: 999, seed: 20240611, weights: 'webb' as const, keepDraws: true };

describe('mtest on the worker pool', () => {
  let serial: Awaited<ReturnType<typeof mtest>>;

  it('expands outcomes and sw/csw into models, and tests each term where it is', async () => {
    serial = await mtest(data, formula, { ...options, workers: 1 });
    expect(serial.enumerated).toBe(false);
    expect(serial.reps).toBe(999);
    expect(serial.hypotheses.map((h) => `${h.model}:${h.depvar}:${h.term}`)).toEqual([
      '0:y:x1', '0:y:firm', '1:y:x1', '1:y:firm', '2:x2:x1', '2:x2:firm', '3:x2:x1', '3:x2:firm',
    ]);
  });

  for (const [workers, chunkSize] of [[1, 100], [2, 37], [8, 10], [8, undefined]] as const) {
    it(`${workers} worker(s), chunks of ${chunkSize ?? 'default'}: bit-identical draws and p-values`, async () => {
      const pooled = await mtest(data, formula, { ...options, workers, chunkSize });
      expect(Array.from(pooled.draws as Float64Array)).toEqual(Array.from(serial.draws as Float64Array));
      expect(pooled.hypotheses).toEqual(serial.hypotheses);
    }, 120_000);
  }

  it('each hypothesis sees the draws of its own single wild bootstrap (same weights, same seed)', () => {
    const H = serial.hypotheses.length;
    serial.hypotheses.forEach((h, i) => {
      const fe = h.formula.includes('year') ? ' + year' : '';
      const single = wildBootstrap(data, `${h.depvar} ~ x1 + firm${fe}`, {
        param: h.term, cluster: 'cl', reps: 999, seed: options.seed, weights: 'webb', confInt: false, keepDraws: true,
      });
      const column = Float64Array.from({ length: 999 }, (_, b) => (serial.draws as Float64Array)[b * H + i]);
      expect(Array.from(column)).toEqual(Array.from(single.draws as Float64Array));
      expect(h.pValue).toBe(single.pValue);
    });
  });

  it('Holm and Bonferroni are p.adjust of the bootstrap p-values', () => {
    const p = serial.hypotheses.map((h) => h.pValue);
    expect(serial.hypotheses.map((h) => h.pHolm)).toEqual(pAdjust(p, 'holm'));
    expect(serial.hypotheses.map((h) => h.pBonferroni)).toEqual(pAdjust(p, 'bonferroni'));
  });

  it("plusOne gives wildrwolf's (count + 1) / (B + 1)", async () => {
    const r = await mtest(data, formula, { ...options, plusOne: true, workers: 1 });
    const adj = stepDown(serial.hypotheses.map((h) => h.statistic), serial.draws as Float64Array, true);
    expect(r.hypotheses.map((h) => h.pRomanoWolf)).toEqual(Array.from(adj.romanoWolf));
    r.hypotheses.forEach((h, i) => expect(h.pValue).toBeCloseTo((serial.hypotheses[i].pValue * 999 + 1) / 1000, 12));
  });
});

describe('stepDown on hand-made draws', () => {
  it('Romano-Wolf: max over the hypotheses left at each step, then running maxima', () => {
    // B = 4 draws x H = 2: |t| = (3, 1).
    const tStar = Float64Array.of(0.5, 2, 3.5, 0.2, -1, -0.5, 0.1, 1.5);
    const r = stepDown([3, -1], tStar);
    expect(Array.from(r.pValue)).toEqual([1 / 4, 2 / 4]);
    // Step 1 (h = 0): max(|t*_0|, |t*_1|) = 2, 3.5, 1, 1.5 >= 3 -> 1/4. Step 2 (h = 1): |t*_1| >= 1 -> 2/4.
    expect(Array.from(r.romanoWolf)).toEqual([1 / 4, 2 / 4]);
  });
});

describe('mtest: bad input, one clear error', () => {
  it('an unknown term names the models\' coefficients', async () => {
    await expect(mtest(data, 'y ~ x1 + x2', { terms: ['x3'], cluster: 'cl' })).rejects.toThrow(OptionError);
    await expect(mtest(data, 'y ~ x1 + x2', { terms: ['x3'], cluster: 'cl' })).rejects.toThrow(/'x3' is not a coefficient of any model; the models have '\(Intercept\)', 'x1', 'x2'/);
  });
  it('too few random draws', async () => {
    await expect(mtest(data, 'y ~ x1 + x2', { terms: ['x1'], cluster: 'cl', reps: 50 })).rejects.toThrow(/reps must be at least 99/);
  });
  it('no terms, a term twice, no cluster, a collinear term', async () => {
    await expect(mtest(data, 'y ~ x1', { terms: [], cluster: 'cl' })).rejects.toThrow(/terms must list the coefficients/);
    await expect(mtest(data, 'y ~ x1', { terms: ['x1', 'x1'], cluster: 'cl' })).rejects.toThrow(/lists 'x1' twice/);
    await expect(mtest(data, 'y ~ x1', { terms: ['x1'] } as never)).rejects.toThrow(/cluster must name one column/);
    const dup = { ...data, x3: data.x1.map((v) => 2 * v) };
    await expect(mtest(dup, 'y ~ x1 + x3', { terms: ['x3'], cluster: 'cl' })).rejects.toThrow(EstimationError);
  });
  it('outcome lists', () => {
    expect(expandOutcomes('y1 + log(y2) ~ x | firm')).toEqual(['y1 ~ x | firm', 'log(y2) ~ x | firm']);
    expect(expandOutcomes('c(y1, y2) ~ x')).toEqual(['y1 ~ x', 'y2 ~ x']);
    expect(expandOutcomes('log(y) ~ x')).toEqual(['log(y) ~ x']);
    expect(() => expandOutcomes('y1 + ~ x')).toThrow(FormulaError);
  });
});
