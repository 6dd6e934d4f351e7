/**
 * Groups fanned out over the pool: the same rows, bit for bit, for any number of workers; progress; cancel.
 * Workers run the compiled dist/ (npm test builds first).
 */
import { afterAll, describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { specificationGrid, type GridDefinition, type GridResult } from '../../src/grid/index.js';
import { AbortError, closePool } from '../../src/parallel/index.js';
import { readCsv } from '../helpers.js';

afterAll(closePool);

const root = fileURLToPath(new URL('../../', import.meta.url));
const produc = readCsv(join(root, 'tests/golden/data/produc.csv'));
const grid: GridDefinition = {
  depvar: 'log(gsp)', main: ['log(pcap)', 'l(log(pcap),1)'], controls: ['log(pc)', 'unemp', 'log(emp)'],
  fixedEffects: [['state'], ['state', 'year']], samples: ['full', { dropPeriod: 'year' }],
  vcov: [{ type: 'hetero' }, { type: 'cluster', cluster: ['state'] }], panel: { id: 'state', time: 'year' },
};

function numbers(r: GridResult): Buffer {
  const fields = ['estimate', 'stdError', 'statistic', 'pValue', 'confLow', 'confHigh', 'nobs', 'r2', 'adjR2', 'withinR2', 'dfT'] as const;
  return Buffer.from(Float64Array.from(r.rows.flatMap((row) => fields.map((f) => row[f]))).buffer);
}

describe('specificationGrid on the pool', () => {
  it('gives bit-identical rows for 1 and 2 workers', async () => {
    const one = await specificationGrid(produc, grid, { workers: 1 });
    const seen: number[] = [];
    const two = await specificationGrid(produc, grid, { workers: 2, onProgress: (done, total) => { seen.push(done); expect(total).toBe(one.rows.length); } });
    expect(one.groups).toBe(2 * 18 * 2);
    expect(numbers(two).equals(numbers(one))).toBe(true);
    expect(two.rows.map((r) => `${r.id} ${r.main} ${r.controls} ${r.fe} ${r.sample} ${r.vcov}`))
      .toEqual(one.rows.map((r) => `${r.id} ${r.main} ${r.controls} ${r.fe} ${r.sample} ${r.vcov}`));
    expect(seen.at(-1)).toBe(one.rows.length);
    expect(seen.every((v, i) => i === 0 || v > seen[i - 1])).toBe(true);
  });

  it('stops with AbortError when cancelled, in this thread or on the pool', async () => {
    for (const workers of [1, 2]) {
      const controller = new AbortController();
      const run = specificationGrid(produc, grid, { workers, signal: controller.signal, onProgress: () => controller.abort('test') });
      await expect(run).rejects.toThrow(AbortError);
    }
  });
});
