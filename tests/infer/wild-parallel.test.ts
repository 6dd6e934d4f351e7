/** The wild bootstrap on the pool: bit-identical to the serial call for any number of workers and chunking. */
import { describe, it, expect, afterAll } from 'vitest';
import { wildBootstrap, wildBootstrapParallel, closePool } from '../../src/index.js';
import { readCsv } from '../helpers.js';

const produc = readCsv(new URL('../golden/data/produc.csv', import.meta.url).pathname);
const formula = 'log(gsp) ~ log(pcap) + log(pc) + unemp | state + year';
const options = { param: 'log(pcap)', cluster: 'region', reps: 4000, seed: 11, weights: 'webb' as const };

afterAll(async () => { await closePool(); });

describe('wildBootstrapParallel', () => {
  const serial = wildBootstrap(produc, formula, { ...options, keepDraws: true });

  for (const [workers, chunkSize] of [[1, 500], [2, 333], [2, 4000]] as const) {
    it(`${workers} worker(s), chunks of ${chunkSize}: bit-identical draws, p-value and interval`, async () => {
      const pooled = await wildBootstrapParallel(produc, formula, { ...options, keepDraws: true, workers, chunkSize });
      expect(Array.from(pooled.draws as Float64Array)).toEqual(Array.from(serial.draws as Float64Array));
      expect(pooled.pValue).toBe(serial.pValue);
      expect([pooled.confLow, pooled.confHigh]).toEqual([serial.confLow, serial.confHigh]);
    });
  }

  it('reports progress up to the total', async () => {
    const seen: number[] = [];
    await wildBootstrapParallel(produc, formula, { ...options, workers: 2, chunkSize: 1000, onProgress: (done) => seen.push(done) });
    expect(seen[seen.length - 1]).toBe(4000);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});
