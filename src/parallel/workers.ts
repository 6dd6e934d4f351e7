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
