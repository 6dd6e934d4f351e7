/**
 * Large CSV files are split at newlines and parsed on several threads into shared columns; the result must be
 * the one-thread reader's, value for value and level for level, whatever the split, and a split inside a
 * quoted field or an error anywhere must fall back to the one-thread reader (and its messages).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDelimitedFile } from '../../src/data/readers/csv-parallel.js';
import { readDelimited, type DelimitedOptions } from '../../src/data/readers/csv.js';
import { fileSource } from '../../src/platform/node/files.js';
import type { LoadedData } from '../../src/data/readers/types.js';
import { rowValues } from '../../src/data/columns.js';
import { closePool } from '../../src/parallel/pool.js';

/** Worker threads start and compile the WebAssembly core: generous on a busy machine. */
const TIMEOUT_MS = 120_000;
const tmp = mkdtempSync(join(tmpdir(), 'hdfe-csv-parallel-'));
afterAll(async () => { await closePool(); rmSync(tmp, { recursive: true, force: true }); });

function generator(seed: number) {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
}

function table(rows: number, quotedNewlines: boolean): string {
  const u = generator(11);
  const lines = ['id,x,note,y,g'];
  for (let r = 0; r < rows; r++) {
    const id = `P${Math.floor(u() * 500)}`;
    const x = u() < 0.05 ? 'NA' : String((u() - 0.5) * 10 ** Math.floor(u() * 8));
    const note = quotedNewlines ? `"line one\nline, two ${r}"` : u() < 0.5 ? 'plain' : '"a, b"';
    lines.push([id, x, note, (u() * 100).toFixed(3), Math.floor(u() * 40)].join(','));
  }
  return lines.join('\n') + '\n';
}

const select = { id: 'factor', x: 'number', y: 'number', g: 'factor' } as const;
const parallel: DelimitedOptions = { select, threads: 3, parallelMinBytes: 0, blockBytes: 64 * 1024 };

function expectSame(a: LoadedData, b: LoadedData): void {
  expect(a.n).toBe(b.n);
  expect(a.missing).toEqual(b.missing);
  expect(Object.keys(a.columns)).toEqual(Object.keys(b.columns));
  for (const name of Object.keys(b.columns)) {
    const x = a.columns[name], y = b.columns[name];
    if (y instanceof Float64Array) expect(Array.from(x as Float64Array), name).toEqual(Array.from(y));
    else {
      expect(rowValues(x), name).toEqual(rowValues(y));
      expect((x as { labels: readonly string[] }).labels, `${name} levels in order of first appearance`).toEqual(y.labels);
    }
  }
}

describe('parallel CSV reading', { timeout: TIMEOUT_MS }, () => {
  /** Write the table, read it on one thread and in parallel; the threads the parallel read used. */
  async function readBothWays(name: string, text: string): Promise<number | undefined> {
    const path = join(tmp, name);
    writeFileSync(path, text);
    const read = await readDelimitedFile(path, parallel);
    expectSame(read, readDelimited(fileSource(path), { select }));
    return read.threads;
  }

  it('three chunks give the one-thread result, value for value and level for level', async () => {
    expect(await readBothWays('plain.csv', table(60_000, false))).toBe(3);
  });

  it('splits that fall inside quoted fields with newlines fall back to one thread, with the same result', async () => {
    expect(await readBothWays('quoted.csv', table(20_000, true))).toBe(1);
  });

  it('an error in a later chunk is reported with its line in the whole file', async () => {
    const path = join(tmp, 'bad.csv');
    const text = table(30_000, false).split('\n');
    text[25_001] = text[25_001].replace(/^([^,]*),[^,]*,/, '$1,oops,');
    writeFileSync(path, text.join('\n'));
    await expect(readDelimitedFile(path, parallel)).rejects.toThrow(/column 'x' is used as a number but line 25002 holds "oops"/);
  });
});
