/**
 * The one Piscina pool of the process, created on first use. Workers start on demand, stay for
 * `IDLE_TIMEOUT_MS` after their last task (their WebAssembly module compiled once each) and are unref'd while
 * idle, so an idle pool never keeps the process alive; `closePool()` ends it explicitly. Piscina itself is
 * required when the first pool is made: a command that runs in one thread never loads it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Piscina } from 'piscina';
import { packageRoot } from '../package-root.js';

/** Idle workers are kept this long: sweeps come in bursts (a CLI run, a grid), and a restart costs a compile. */
export const IDLE_TIMEOUT_MS = 60_000;

let pool: Piscina | null = null;

export { clampWorkers, defaultWorkers, resolveWorkers } from './workers.js';

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

/** After Ctrl-C: end the pool's threads at once; the tasks still running are of no use. */
export async function destroyPool(): Promise<void> {
  const p = pool;
  pool = null;
  if (p) await p.destroy();
}
