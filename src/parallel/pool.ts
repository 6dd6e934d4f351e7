/**
 * The one Piscina pool of the process, created on first use. Workers start on demand, stay for
 * `IDLE_TIMEOUT_MS` after their last task (their WebAssembly module compiled once each) and are unref'd while
 * idle, so an idle pool never keeps the process alive; `closePool()` ends it explicitly. Piscina itself is
 * required when the first pool is made: a command that runs in one thread never loads it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Piscina } from 'piscina';
import { OptionError } from '../errors.js';
import { packageRoot } from '../package-root.js';

/** Idle workers are kept this long: sweeps come in bursts (a CLI run, a grid), and a restart costs a compile. */
export const IDLE_TIMEOUT_MS = 60_000;

let pool: Piscina | null = null;

/** Number of workers when none is asked for: the cores Node may use. */
export function defaultWorkers(): number {
  return availableParallelism();
}

const clampNoted = new Set<number>();

/** Check a `workers` option: a positive integer, or undefined for `defaultWorkers()`. */
export function resolveWorkers(workers: number | undefined): number {
  if (workers === undefined) return defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1) {
    throw new OptionError(`workers must be a positive integer (1 runs in this thread); got ${JSON.stringify(workers)}`);
  }
  return workers;
}

/**
 * The worker threads of a sweep: at most the available cores. More only add memory (a WASM instance each)
 * and start-up time (1,000 took 11 GB); a process warning notes the clamp once.
 */
export function clampWorkers(workers: number): number {
  const cores = defaultWorkers();
  if (workers <= cores) return workers;
  if (!clampNoted.has(workers)) process.emitWarning(`workers = ${workers} is more than the ${cores} available cores; using ${cores}`, { code: 'HDFE_WORKERS_CLAMPED' });
  clampNoted.add(workers);
  return cores;
}

/**
 * The compiled worker, always `dist/src/parallel/worker.js` under the package root, whether the caller runs
 * from dist/ or from the TypeScript sources (tests): workers need plain JavaScript.
 */
export function workerFile(): string {
  const file = join(packageRoot(), 'dist', 'src', 'parallel', 'worker.js');
  if (!existsSync(file)) {
    throw new Error(`hdfe: the worker ${file} is missing; build it with 'npm run build' (or use workers: 1)`);
  }
  return file;
}

/**
 * The pool, with room for at least `threads` workers. A pool too small for a new request is replaced (the
 * old one finishes its queued tasks first).
 */
export function getPool(threads: number): Piscina {
  if (pool && pool.maxThreads >= threads) return pool;
  const old = pool;
  const { Piscina: PiscinaPool } = createRequire(import.meta.url)('piscina') as typeof import('piscina');
  pool = new PiscinaPool({
    filename: workerFile(),
    minThreads: 0,
    maxThreads: Math.max(threads, old?.maxThreads ?? 0),
    idleTimeout: IDLE_TIMEOUT_MS,
    recordTiming: false,
  });
  if (old) void old.close();
  return pool;
}

/** True once the pool exists (its workers may still be starting). */
export function poolStarted(): boolean {
  return pool !== null;
}

/** Number of threads the pool has started (0 without a pool). */
export function poolThreads(): number {
  return pool ? pool.threads.length : 0;
}

/**
 * Stop the pool's workers once their current tasks end. Safe to call without a pool; a later sweep makes a
 * new one. Call at the end of CLI runs and test files.
 */
export async function closePool(): Promise<void> {
  const p = pool;
  pool = null;
  if (p) await p.close();
}
