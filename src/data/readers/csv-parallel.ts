/**
 * A large CSV file read on every core, as fread does: the file is split at newlines into one chunk per core,
 * each chunk is parsed by the WebAssembly reader on one of the pool's workers straight into its slot of
 * shared columns, and the slots are then closed up and the chunks' factor levels
 * merged. A split is only trusted when the chunk before it ends exactly there with every quote closed; any
 * doubt, and any error, sends the whole file through the one-thread reader, whose messages name the line.
 */
import { openSync, closeSync, readSync } from 'node:fs';
import { factorColumn } from '../factor-column.js';
import { getPool, resolveWorkers } from '../../parallel/pool.js';
import type { TaskErrorData } from '../../parallel/errors.js';
import { CSV_KIND } from '../../wasm/csv.js';
import { delimitedLayout, planOf, readDelimited, type DelimitedOptions } from './csv.js';
import { fileRangeSource, fileSource } from '../../platform/node/files.js';
import type { LoadedColumn, LoadedData } from './types.js';

/** Below this size one thread is as fast: starting a worker and splitting cost more than they save. */
export const PARALLEL_MIN_BYTES = 256 * 1024 * 1024;
/** Room for rows per chunk, over what the first block's bytes per record predict. */
const SLOT_MARGIN = 1.1;

/** One chunk of a parallel read, as a worker gets it (typed arrays are views of shared memory). */
export interface ChunkJob {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  /** Bytes before the first record (header, byte-order mark), parsed again by each chunk. */
  readonly header: Uint8Array;
  readonly options: Pick<DelimitedOptions, 'delimiter' | 'blockBytes' | 'select'>;
  readonly kinds: readonly number[];
  readonly numbers: readonly Float64Array[];
  readonly codes: readonly Int32Array[];
}

/** What a chunk sends back: its rows, missing counts and factor levels (the values are in the shared columns). */
export type ChunkReply = { readonly n: number; readonly missing: Record<string, number>; readonly labels: Record<string, readonly string[]> }
  | { readonly error: TaskErrorData };

/**
 * Parse one chunk into its slots (in a pool worker).
 * @example
 * parseChunk({ path: 'big.csv', start: 4096, end: 600_000_000, header, options: {}, kinds, numbers, codes });
 */
export function parseChunk(job: ChunkJob): ChunkReply {
  try {
    const d = readDelimited(fileRangeSource(job.path, job.start, job.end, job.header),
      { ...job.options, select: undefined }, { kinds: job.kinds, numbers: job.numbers, codes: job.codes });
    const labels: Record<string, readonly string[]> = {};
    for (const [name, col] of Object.entries(d.columns)) if (!(col instanceof Float64Array)) labels[name] = col.labels;
    return { n: d.n, missing: { ...d.missing }, labels };
  } catch (err) {
    const e = err as Error;
    return { error: { name: e.name, message: e.message, stack: e.stack, hdfe: false } };
  }
}

/** Offset just after the first newline at or after `at` (so a chunk starts a line), or -1 if none is near. */
function lineStartAfter(fd: number, at: number): number {
  const probe = new Uint8Array(1 << 20);
  const got = readSync(fd, probe, 0, probe.length, at - 1);
  const nl = probe.subarray(0, got).indexOf(10);
  return nl < 0 ? -1 : at + nl;
}

/**
 * Read a CSV/TSV file, in parallel when it is large and there is more than one core.
 * @example
 * const d = await readDelimitedFile('big.csv', { select: { y: 'number', x: 'number', firm: 'factor' } });
 */
export async function readDelimitedFile(path: string, options: DelimitedOptions = {}): Promise<LoadedData> {
  const sequential = (): LoadedData => ({ ...readDelimited(fileSource(path), options), threads: 1 });
  const source = fileSource(path);
  const size = source.size;
  source.close();
  const threads = resolveWorkers(options.threads);
  if (path === '-' || size === undefined || size < (options.parallelMinBytes ?? PARALLEL_MIN_BYTES) || threads < 2) return sequential();
  const layout = delimitedLayout(fileSource(path), options);
  if (layout.kinds.includes(CSV_KIND.detect)) return sequential(); // a column's type is still open

  const fd = openSync(path, 'r');
  const starts = [layout.dataStart];
  const header = new Uint8Array(layout.dataStart);
  try {
    readSync(fd, header, 0, header.length, 0);
    const body = size - layout.dataStart;
    for (let i = 1; i < threads; i++) {
      const at = lineStartAfter(fd, layout.dataStart + Math.floor((i * body) / threads));
      if (at <= starts[starts.length - 1] || at >= size) return sequential();
      starts.push(at);
    }
  } finally {
    closeSync(fd);
  }
  const ends = [...starts.slice(1), size];
  const rooms = starts.map((s, i) => Math.ceil(((ends[i] - s) / layout.bytesPerRow) * SLOT_MARGIN) + 4096);
  const offsets = rooms.map((_, i) => rooms.slice(0, i).reduce((a, b) => a + b, 0));
  const total = offsets[offsets.length - 1] + rooms[rooms.length - 1];
  const { plan } = planOf(layout.names, layout.kinds);
  const numbers = Array.from({ length: plan.nNum }, () => new Float64Array(new SharedArrayBuffer(total * 8)));
  const codes = Array.from({ length: plan.nFac }, () => new Int32Array(new SharedArrayBuffer(total * 4)));
  const jobs: ChunkJob[] = starts.map((start, i) => ({
    path, start, end: ends[i], header, kinds: layout.kinds,
    options: { delimiter: options.delimiter, blockBytes: options.blockBytes },
    numbers: numbers.map((a) => a.subarray(offsets[i], offsets[i] + rooms[i])),
    codes: codes.map((a) => a.subarray(offsets[i], offsets[i] + rooms[i])),
  }));
  // Every chunk goes to a worker: a chunk parsed here would block the event loop, and with it the posting of
  // the other chunks to workers that are still starting (measured: no overlap at all).
  const pool = getPool(threads);
  let done = 0;
  const progress = (reply: ChunkReply) => { done++; options.onProgress?.(Math.round((size * done) / jobs.length), size); return reply; };
  const replies = await Promise.all(jobs.map((job) => (pool.run(job) as Promise<ChunkReply>).then(progress)));
  const ok = replies.filter((r): r is Exclude<ChunkReply, { error: TaskErrorData }> => !('error' in r));
  if (ok.length !== replies.length) return sequential();
  return merged(layout.names, layout.kinds, plan, ok, offsets, numbers, codes, options);
}

/** Close up the chunks' slots, re-code each chunk's factor codes to the levels of the whole file, sum the counts. */
function merged(names: readonly string[], kinds: readonly number[], plan: ReturnType<typeof planOf>['plan'],
  replies: readonly { n: number; missing: Record<string, number>; labels: Record<string, readonly string[]> }[],
  offsets: readonly number[], numbers: readonly Float64Array[], codes: readonly Int32Array[], options: DelimitedOptions): LoadedData {
  const n = replies.reduce((a, r) => a + r.n, 0);
  const columns: Record<string, LoadedColumn> = {};
  const missing: Record<string, number> = {};
  names.forEach((name, c) => {
    if (kinds[c] === CSV_KIND.skip) return;
    missing[name] = replies.reduce((a, r) => a + r.missing[name], 0);
    if (kinds[c] === CSV_KIND.number) {
      const col = numbers[plan.numSlot[c]];
      let at = 0;
      replies.forEach((r, i) => { if (offsets[i] !== at) col.copyWithin(at, offsets[i], offsets[i] + r.n); at += r.n; });
      columns[name] = col.subarray(0, n);
      return;
    }
    const col = codes[plan.facSlot[c]];
    const labels = [...replies[0].labels[name]];
    const index = new Map(labels.map((l, k) => [l, k]));
    let at = 0;
    replies.forEach((r, i) => {
      if (i > 0) {
        const recode = Int32Array.from(r.labels[name], (label) => {
          let k = index.get(label);
          if (k === undefined) { k = labels.length; index.set(label, k); labels.push(label); }
          return k;
        });
        for (let row = offsets[i], end = offsets[i] + r.n; row < end; row++) if (col[row] >= 0) col[row] = recode[col[row]];
      }
      if (offsets[i] !== at) col.copyWithin(at, offsets[i], offsets[i] + r.n);
      at += r.n;
    });
    columns[name] = factorColumn(col.subarray(0, n), labels);
  });
  const order = options.select ? Object.keys(options.select) : Object.keys(columns);
  return {
    columns: Object.fromEntries(order.map((k) => [k, columns[k]])), n,
    missing: Object.fromEntries(order.map((k) => [k, missing[k]])), threads: replies.length,
  };
}
