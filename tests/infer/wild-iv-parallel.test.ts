/** The WRE's draws on the sweep runner: bit-identical to one thread for 1, 2 and 8 workers and any chunking. */
import { afterAll, describe, expect, it } from 'vitest';
import { closePool, wildBootstrap, wildBootstrapParallel } from '../../src/index.js';
import { readCsv } from '../helpers.js';

const data = readCsv(new URL('../golden/wre/wre.csv', import.meta.url).pathname);
const formula = 'y ~ w1 | year | x ~ z1 + z2';
const options = { param: 'fit_x', cluster: 'cl', reps: 3000, seed: 17, null: 0.2, weights: 'webb' as const };

afterAll(async () => { await closePool(); });

describe('wildBootstrapParallel on an IV model (WRE)', () => {
  const serial = wildBootstrap(data, formula, { ...options, keepDraws: true });

  for (const [workers, chunkSize] of [[1, 1000], [2, 333], [8, 101], [8, undefined]] as const) {
    it(`${workers} worker(s), chunks of ${chunkSize ?? 'default'}: bit-identical draws, p-value and interval`, async () => {
      const pooled = await wildBootstrapParallel(data, formula, { ...options, keepDraws: true, workers, chunkSize });
      expect(pooled.method).toBe('wre');
      expect(Array.from(pooled.draws as Float64Array)).toEqual(Array.from(serial.draws as Float64Array));
      expect(pooled.pValue).toBe(serial.pValue);
      expect([pooled.confLow, pooled.confHigh]).toEqual([serial.confLow, serial.confHigh]);
    }, 60_000);
  }

  it('the same seed, another seed: different draws (the seed reaches the workers)', async () => {
    const other = await wildBootstrapParallel(data, formula, { ...options, seed: 18, keepDraws: true, workers: 2, chunkSize: 500 });
    expect(Array.from(other.draws as Float64Array)).not.toEqual(Array.from(serial.draws as Float64Array));
  }, 60_000);
});
