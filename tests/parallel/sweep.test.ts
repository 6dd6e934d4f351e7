/**
 * The pool and sweeps: results in draw order whatever the chunking and worker count, progress, cancellation,
 * errors from workers, shared columns. Workers run the compiled dist/ (npm test builds first).
 */
import { afterAll, describe, it, expect } from 'vitest';
import { DataError, HdfeError } from '../../src/errors.js';
import { AbortError } from '../../src/parallel/errors.js';
import { closePool, poolStarted, poolThreads } from '../../src/parallel/pool.js';
import { decodeColumn, shareColumns, sharedSource } from '../../src/parallel/shared.js';
import { runSweep } from '../../src/parallel/sweep.js';
import { columnSource } from '../../src/data/columns.js';

afterAll(closePool);

const range = (n: number) => Float64Array.from({ length: n }, (_, i) => i);

describe('runSweep', () => {
  it('runs a tiny sweep in this thread when no worker count is asked for and no pool runs', async () => {
    expect(poolStarted()).toBe(false);
    const out = await runSweep({ kind: 'parallel.index', context: null, total: 100, msPerDraw: 0.01 });
    expect(Array.from(out)).toEqual(Array.from(range(100)));
    expect(poolStarted()).toBe(false);
  });

  it('assembles results in draw order for any chunking and worker count', async () => {
    for (const [workers, chunkSize] of [[1, 7], [2, 1], [2, 13], [2, 500], [3, 64]]) {
      const out = await runSweep({ kind: 'parallel.index', context: null, total: 500, workers, chunkSize });
      expect(Buffer.from(out.buffer).equals(Buffer.from(range(500).buffer)), `workers ${workers}, chunk ${chunkSize}`).toBe(true);
    }
    expect(await runSweep({ kind: 'parallel.index', context: null, total: 0, workers: 2 })).toHaveLength(0);
  });

  it('reports progress with increasing counts ending at the total', async () => {
    for (const workers of [1, 2]) {
      const seen: [number, number][] = [];
      await runSweep({
        kind: 'parallel.spin', context: { msPerDraw: 0.05 }, total: 103, workers, chunkSize: 10,
        onProgress: (done, total) => seen.push([done, total]),
      });
      expect(seen.length).toBe(11);
      for (let i = 1; i < seen.length; i++) expect(seen[i][0]).toBeGreaterThan(seen[i - 1][0]);
      expect(seen.at(-1)).toEqual([103, 103]);
      expect(seen.every(([, t]) => t === 103)).toBe(true);
    }
  });

  for (const workers of [1, 2]) {
    it(`cancels mid-sweep with an AbortError, and the pool stays usable (workers ${workers})`, async () => {
      const controller = new AbortController();
      let last = 0;
      const sweep = runSweep({
        kind: 'parallel.spin', context: { msPerDraw: 2 }, total: 10_000, workers, chunkSize: 2, signal: controller.signal,
        onProgress: (done) => { last = done; if (done >= 8) controller.abort(); },
      });
      await expect(sweep).rejects.toBeInstanceOf(AbortError);
      await expect(sweep).rejects.toThrow(/cancelled/);
      await expect(sweep).rejects.toBeInstanceOf(HdfeError);
      expect(last).toBeLessThan(100);
      const after = await runSweep({ kind: 'parallel.index', context: null, total: 50, workers, chunkSize: 5 });
      expect(Array.from(after)).toEqual(Array.from(range(50)));
    });
  }

  it('rejects at once when the signal has already fired', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user pressed ^C'));
    await expect(runSweep({ kind: 'parallel.index', context: null, total: 10, workers: 2, signal: controller.signal }))
      .rejects.toThrow(/cancelled \(user pressed \^C\)/);
  });

  it("fails the sweep with a worker's error message, keeping hdfe error classes", async () => {
    for (const workers of [1, 2]) {
      const plain = runSweep({ kind: 'parallel.fail', context: { at: 37, message: 'boom at draw 37' }, total: 100, workers, chunkSize: 5 });
      await expect(plain).rejects.toThrow(/boom at draw 37/);
      const typed = runSweep({ kind: 'parallel.fail', context: { at: 3, message: 'bad column', errorName: 'DataError' }, total: 10, workers, chunkSize: 2 });
      await expect(typed).rejects.toBeInstanceOf(DataError);
      await expect(typed).rejects.toThrow('bad column');
    }
    await expect(runSweep({ kind: 'parallel.index', context: null, total: 4, workers: 2 })).resolves.toHaveLength(4);
  });

  it('fails (does not hang) when a worker thread dies, and recovers', async () => {
    const crash = runSweep({ kind: 'parallel.fail', context: { at: 2, message: 'x', errorName: 'exit' }, total: 8, workers: 2, chunkSize: 1 });
    await expect(crash).rejects.toThrow(/a worker failed/);
    const after = await runSweep({ kind: 'parallel.index', context: null, total: 20, workers: 2, chunkSize: 3 });
    expect(Array.from(after)).toEqual(Array.from(range(20)));
  });

  it('fails clearly for an unknown task kind', async () => {
    await expect(runSweep({ kind: 'no.such.kind', context: null, total: 4, workers: 2 })).rejects.toThrow(/unknown task kind 'no.such.kind'/);
    await expect(runSweep({ kind: 'no.such.kind', context: null, total: 4, workers: 1 })).rejects.toThrow(/unknown task kind/);
  });

  it('validates its options', async () => {
    await expect(runSweep({ kind: 'parallel.index', context: null, total: 4, workers: 0 })).rejects.toThrow(/workers must be a positive integer/);
    await expect(runSweep({ kind: 'parallel.index', context: null, total: 4, chunkSize: 0 })).rejects.toThrow(/chunkSize/);
  });

  it('starts no more threads than asked for', () => {
    expect(poolThreads()).toBeLessThanOrEqual(3);
  });
});

describe('shared columns', () => {
  it('give workers exactly the values of the source', () => {
    const data = {
      f: Float64Array.of(1.5, NaN, -0, 3),
      i: Int32Array.of(1, 2, 3, 4),
      nums: [1, 2, NaN, 4],
      text: ['a', null, 'NA', 'b'],
      mixed: [1, '2', true, undefined],
    };
    const table = shareColumns(columnSource(data), ['f', 'i', 'nums', 'text', 'mixed']);
    expect(table.columns.f.kind).toBe('f64');
    expect(table.columns.nums.kind).toBe('f64');
    expect(table.columns.i.kind).toBe('i32');
    expect(table.columns.text.kind).toBe('dict');
    for (const c of Object.values(table.columns)) {
      const buf = c.kind === 'dict' ? c.codes.buffer : c.values.buffer;
      expect(buf).toBeInstanceOf(SharedArrayBuffer);
    }
    const source = sharedSource(structuredClone(table));
    expect(Array.from(source.column('f') as Float64Array)).toEqual([1.5, NaN, -0, 3]);
    expect(source.column('i')).toBeInstanceOf(Int32Array);
    expect(source.column('text')).toEqual(['a', null, 'NA', 'b']);
    expect(decodeColumn(table.columns.mixed)).toEqual([1, '2', true, undefined]);
  });
});
