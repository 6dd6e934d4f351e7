/**
 * Run draws [0, total) of a registered task kind and assemble the results in draw order. The chunks run on a
 * Runner (runner.ts): the platform's workers (the Piscina pool in Node, module Web Workers in a page; this
 * thread for one worker), or BullMQ jobs on Redis when a `backend` is given. Chunking, the runner and the number of workers never change a result (see plan.ts and
 * registry.ts), so the assembled array is bit-identical however the sweep was run.
 */
import './diagnostics.js';
import { OptionError } from '../errors.js';
import { abortError } from './errors.js';
import { COLD_START_MS, defaultChunkSize, planChunks, type Chunk } from './plan.js';
import { platform } from '../platform/platform.js';
import type { Backend, Runner } from './runner.js';
import { localRunner } from './runners/local.js';
import { clampWorkers, resolveWorkers } from './workers.js';
import { waitOnSweep } from './waiting.js';

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
   * runs in this thread while no pool is running); 1 runs in this thread. Ignored with a `backend`.
   */
  workers?: number;
  /** Draws per task (default: `defaultChunkSize` from `msPerDraw` and the runner's task target). */
  chunkSize?: number;
  /** Approximate cost of one draw, for the default chunk size. */
  msPerDraw?: number;
  signal?: AbortSignal;
  /** Called after each task with the draws done so far (increasing) and the total. */
  onProgress?: (done: number, total: number) => void;
  /** What the sweep is, for messages ('the permutation test'). */
  label?: string;
  /** Run the chunks as BullMQ jobs on this Redis server instead of the local pool. */
  backend?: Backend;
  /** Run the chunks on this runner (overrides `workers` and `backend`). */
  runner?: Runner;
}

let sweeps = 0;

/** The runner of a sweep: given, the queue for a backend, else the local pool. */
async function chooseRunner<C>(options: SweepOptions<C>): Promise<Runner> {
  if (options.runner) return options.runner;
  if (options.backend !== undefined) {
    // BullMQ loads only for queue sweeps, and a page's bundle never takes it in (a computed specifier).
    const module = './runners/bullmq.js';
    const { bullmqRunner } = await import(module) as typeof import('./runners/bullmq.js');
    return bullmqRunner(options.backend);
  }
  const small = options.workers === undefined && !platform().runnerStarted() && options.total * (options.msPerDraw ?? Infinity) < COLD_START_MS;
  return localRunner(small ? 1 : clampWorkers(resolveWorkers(options.workers)));
}

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
  const runner = await chooseRunner(options);
  const chunkSize = options.chunkSize ?? defaultChunkSize(total, runner.slots, options.msPerDraw ?? NaN, runner.targetChunkMs);
  const chunks = planChunks(total, chunkSize);
  if (signal?.aborted) throw abortError(signal, label);
  const out = new Float64Array(total * width);
  if (total === 0) return out;
  let done = 0;
  const accept = (chunk: Chunk, values: Float64Array) => {
    if (!(values instanceof Float64Array) || values.length !== (chunk.end - chunk.start) * width) {
      throw new Error(`${label}: draws [${chunk.start}, ${chunk.end}) came back with ${values?.length} values, expected ${(chunk.end - chunk.start) * width}`);
    }
    out.set(values, chunk.start * width);
    done += chunk.end - chunk.start;
    onProgress?.(done, total);
  };
  const request = { kind, module: options.module ?? null, id: `sweep-${++sweeps}`, context, chunks, width, label, signal, accept };
  // Chunks in this thread keep it busy; on other threads or machines it only waits (see waiting.ts).
  const inThread = runner.name === 'local' && runner.slots === 1;
  await (inThread ? runner.run(request) : waitOnSweep(() => runner.run(request)));
  return out;
}
