/**
 * Run draws [0, total) of a registered task kind, on the pool or (one worker) in this thread, and assemble
 * the results in draw order. Chunking and the number of workers never change a result (see plan.ts and
 * registry.ts), so the assembled array is bit-identical however the sweep was run.
 *
 * At most `workers` tasks are in flight: on abort or on a task's error the sweep rejects at once, no further
 * task is posted, and the results of tasks still running are discarded (they finish in their workers,
 * which stay usable).
 */
import './diagnostics.js';
import { OptionError } from '../errors.js';
import { abortError, fromErrorData } from './errors.js';
import { COLD_START_MS, defaultChunkSize, planChunks, type Chunk } from './plan.js';
import { clampWorkers, getPool, poolStarted, resolveWorkers } from './pool.js';
import { executeTask } from './registry.js';
import type { TaskMessage, TaskReply } from './worker.js';

export interface SweepOptions<C> {
  /** Registered task kind. */
  kind: string;
  /** Module that registers `kind` in a worker, as a path under src/ ('infer/permute-task.js'). */
  module?: string | null;
  /** Sent to every task; put columns in SharedArrayBuffer-backed typed arrays (see shared.ts) so none is copied. */
  context: C;
  /** Number of draws. */
  total: number;
  /** Values per draw (default 1). */
  width?: number;
  /**
   * Workers (default: available cores, except that a sweep estimated under COLD_START_MS from `msPerDraw`
   * runs in this thread while no pool is running); 1 runs in this thread.
   */
  workers?: number;
  /** Draws per task (default: `defaultChunkSize` from `msPerDraw`). */
  chunkSize?: number;
  /** Approximate cost of one draw, for the default chunk size. */
  msPerDraw?: number;
  signal?: AbortSignal;
  /** Called after each task with the draws done so far (increasing) and the total. */
  onProgress?: (done: number, total: number) => void;
  /** What the sweep is, for messages ('the permutation test'). */
  label?: string;
}

let sweeps = 0;
const live = new Set<string>();

/**
 * Run a sweep; resolves with (total x width) values, draw-major, in draw order.
 * Rejects with AbortError when `signal` fires, or with the first task's error.
 * @example
 * const draws = await runSweep({ kind: 'parallel.index', context: null, total: 1000, workers: 2 });
 * draws[999]; // 999
 */
export async function runSweep<C>(options: SweepOptions<C>): Promise<Float64Array> {
  const { kind, context, total, signal, onProgress } = options;
  const width = options.width ?? 1;
  const label = options.label ?? `the '${kind}' sweep`;
  if (!Number.isInteger(width) || width < 1) throw new OptionError(`width must be a positive integer; got ${width}`);
  const small = options.workers === undefined && !poolStarted() && total * (options.msPerDraw ?? Infinity) < COLD_START_MS;
  const workers = small ? 1 : clampWorkers(resolveWorkers(options.workers));
  const chunkSize = options.chunkSize ?? defaultChunkSize(total, workers, options.msPerDraw ?? NaN);
  const chunks = planChunks(total, chunkSize);
  if (signal?.aborted) throw abortError(signal, label);
  const out = new Float64Array(total * width);
  if (total === 0) return out;
  const id = `sweep-${++sweeps}`;
  if (workers === 1) return runHere(id, options, chunks, width, out, label);

  const pool = getPool(workers);
  live.add(id);
  return new Promise<Float64Array>((resolve, reject) => {
    let next = 0;
    let done = 0;
    let inFlight = 0;
    let settled = false;
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      live.delete(id);
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(out);
    };
    const onAbort = () => finish(abortError(signal, label));
    signal?.addEventListener('abort', onAbort, { once: true });

    const accept = (chunk: Chunk, reply: TaskReply) => {
      if (!(reply instanceof Float64Array)) return finish(fromErrorData(reply.error, kind));
      out.set(reply, chunk.start * width);
      done += chunk.end - chunk.start;
      onProgress?.(done, total);
      if (done === total) finish(null);
      else post();
    };
    const post = () => {
      while (!settled && inFlight < workers && next < chunks.length) {
        const chunk = chunks[next++];
        const message: TaskMessage = {
          kind, module: options.module ?? null, contextId: id, context, live: [...live],
          start: chunk.start, end: chunk.end, width,
        };
        inFlight++;
        pool.run(message).then(
          (reply: TaskReply) => {
            inFlight--;
            if (settled) return;
            try { accept(chunk, reply); } catch (err) { finish(err as Error); }
          },
          (err: unknown) => {
            inFlight--;
            finish(new Error(`${label}: a worker failed: ${(err as Error)?.message ?? String(err)}`));
          });
      }
    };
    post();
  });
}

/** One worker: the same tasks in this thread, yielding to the event loop between them (abort, progress). */
async function runHere<C>(id: string, options: SweepOptions<C>, chunks: readonly Chunk[], width: number,
  out: Float64Array, label: string): Promise<Float64Array> {
  const { kind, context, total, signal, onProgress } = options;
  const states = new Map<string, unknown>();
  let done = 0;
  for (const chunk of chunks) {
    if (signal?.aborted) throw abortError(signal, label);
    out.set(executeTask(kind, states, id, context, chunk.start, chunk.end, width), chunk.start * width);
    done += chunk.end - chunk.start;
    onProgress?.(done, total);
    if (done < total) await new Promise((r) => setImmediate(r));
  }
  return out;
}
