/** How many workers a sweep gets: the platform's cores unless asked, validated in one place. */
import { OptionError } from '../errors.js';
import { platform } from '../platform/platform.js';

/** Number of workers when none is asked for: the cores the platform may use. */
export function defaultWorkers(): number {
  return platform().cores();
}

/** Check a `workers` option: a positive integer, or undefined for `defaultWorkers()`. */
export function resolveWorkers(workers: number | undefined): number {
  if (workers === undefined) return defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1) {
    throw new OptionError(`workers must be a positive integer (1 runs in this thread); got ${JSON.stringify(workers)}`);
  }
  return workers;
}

const clampNoted = new Set<number>();

/**
 * The worker threads of a sweep: at most the available cores. More only add memory (a WASM instance each)
 * and start-up time (1,000 took 11 GB); a warning notes the clamp once (a process warning in Node, which the
 * CLI prints as a note).
 */
export function clampWorkers(workers: number): number {
  const cores = defaultWorkers();
  if (workers <= cores) return workers;
  if (!clampNoted.has(workers)) {
    const message = `workers = ${workers} is more than the ${cores} available cores; using ${cores}`;
    const node = (globalThis as { process?: { emitWarning?: (m: string, o: { code: string }) => void } }).process;
    if (node?.emitWarning) node.emitWarning(message, { code: 'HDFE_WORKERS_CLAMPED' });
    else console.warn(message);
  }
  clampNoted.add(workers);
  return cores;
}
