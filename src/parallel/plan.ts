/**
 * Deterministic chunking of draws [0, total) into tasks. Every draw's randomness depends only on
 * (seed, draw index), so chunk boundaries change how work is shared, never a result.
 *
 * Task size: a pool round trip of a trivial task (post, run, reply with a moved Float64Array) costs about
 * 0.1 ms (MEASURED_ROUND_TRIP_US), so tasks of TARGET_TASK_MS keep that overhead near 1 %. Within that bound,
 * tasks are split further so that every worker gets several (load balance, progress, and a prompt response
 * to cancellation). For scale: one permutation draw of Grunfeld (200 rows, two FEs, release build) costs
 * about 0.25 ms, so a 10 ms task is 40 draws; a draw on 10^6 rows costs far more than 10 ms, so 1 draw.
 */
import { OptionError } from '../errors.js';

/**
 * Round trip of a one-draw 'parallel.index' task on a warm pool, measured with 20 000 such tasks, 2 workers,
 * 2 in flight (Node 20.20, 2-core AMD EPYC VM): 93-101 us per task per worker (a throughput of 46-50 us per
 * task), unchanged when the context carries an 80 MB shared column (it is sent as a handle). The cold start
 * of the first sweep (2 threads, module load, WebAssembly compile) was about 125 ms. In this thread
 * (workers: 1) a chunk costs about 4 us (a setImmediate between chunks).
 */
export const MEASURED_ROUND_TRIP_US = 95;
/**
 * A sweep estimated to take less than this, with no pool running yet and no worker count asked for, runs in
 * the calling thread: starting the pool (threads, module load, WebAssembly compile) costs about as much.
 */
export const COLD_START_MS = 150;
/** Aim for tasks of about this long. */
export const TARGET_TASK_MS = 10;
/** Never split tasks below this to gain balance. */
export const MIN_TASK_MS = 2;
/** Tasks per worker to aim for when the sweep is long enough. */
export const TASKS_PER_WORKER = 4;

/**
 * At most this many tasks per sweep by default: beyond it tasks gain no balance, and planning them costs
 * (10^7 one-draw chunks took 4.8 s and half a gigabyte to plan, with the event loop held all the while).
 */
export const MAX_CHUNKS = 65_536;

/** Draws [start, end) of one task. */
export interface Chunk {
  readonly start: number;
  readonly end: number;
}

/**
 * Split [0, total) into consecutive chunks of `chunkSize` draws (the last may be shorter).
 * @example
 * planChunks(10, 4); // [{ start: 0, end: 4 }, { start: 4, end: 8 }, { start: 8, end: 10 }]
 */
export function planChunks(total: number, chunkSize: number): Chunk[] {
  if (!Number.isInteger(total) || total < 0) throw new OptionError(`the number of draws must be a non-negative integer; got ${total}`);
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new OptionError(`chunkSize must be a positive integer; got ${JSON.stringify(chunkSize)}`);
  const chunks: Chunk[] = [];
  for (let start = 0; start < total; start += chunkSize) chunks.push({ start, end: Math.min(total, start + chunkSize) });
  return chunks;
}

/**
 * Draws per task for a sweep of `total` draws on `workers` workers when one draw costs about `msPerDraw`
 * (measured by the caller, e.g. on the observed fit; unknown: pass 0 or NaN to get TARGET_TASK_MS worth of
 * 0.1 ms draws). `targetMs` is the runner's aim for a task (a queue job costs more than a pool task).
 * @example
 * defaultChunkSize(10_000, 4, 0.05); // 200 draws of 0.05 ms = a 10 ms task
 */
export function defaultChunkSize(total: number, workers: number, msPerDraw: number, targetMs = TARGET_TASK_MS): number {
  const ms = msPerDraw > 0 && Number.isFinite(msPerDraw) ? msPerDraw : 0.1;
  let size = Math.max(1, Math.ceil(targetMs / ms));
  const balanced = Math.ceil(total / (TASKS_PER_WORKER * Math.max(1, workers)));
  if (balanced < size) size = Math.max(balanced, Math.ceil(MIN_TASK_MS * (targetMs / TARGET_TASK_MS) / ms));
  return Math.max(1, Math.min(Math.max(size, Math.ceil(total / MAX_CHUNKS)), total));
}
