/** The --queue flags that `boot`, `permute`, `grid` and `mtest` share: where their sweeps run. */
import type { Backend } from '../parallel/runner.js';
import { QUEUE_DEFAULTS } from '../queue/defaults.js';
import { str, UsageError, type ParsedArgs } from './args.js';

/** parseArgs entries of the flags. */
export const QUEUE_FLAGS = {
  queue: { type: 'string' }, 'queue-name': { type: 'string' }, 'queue-max-data': { type: 'string' },
} as const;

/** The flags' --help lines. */
export const QUEUE_HELP =
`  --queue URL              run the sweep as jobs on a Redis queue (redis://[:password@]host:port[/db], rediss:// for TLS);
                           'hdfe worker --queue URL' processes run them; results are bit-identical to the local pool
  --queue-name NAME        BullMQ queue name [${QUEUE_DEFAULTS.name}]
  --queue-max-data BYTES   largest sweep data stored in Redis [${QUEUE_DEFAULTS.maxDataBytes}]`;

/** The sweep's backend from the flags, or undefined for the local pool. */
export function queueBackend(values: ParsedArgs['values']): Backend | undefined {
  const redis = str(values.queue);
  const queue = str(values['queue-name']);
  const maxText = str(values['queue-max-data']);
  if (redis === undefined) {
    if (queue !== undefined || maxText !== undefined) throw new UsageError('--queue-name and --queue-max-data only apply with --queue URL');
    return undefined;
  }
  const maxDataBytes = maxText === undefined ? undefined : Number(maxText);
  if (maxDataBytes !== undefined && !(Number.isInteger(maxDataBytes) && maxDataBytes > 0)) {
    throw new UsageError(`--queue-max-data takes a number of bytes; got '${maxText}'`);
  }
  return { redis, ...(queue !== undefined ? { queue } : {}), ...(maxDataBytes !== undefined ? { maxDataBytes } : {}) };
}

/**
 * Progress for a queue sweep when stderr is not a terminal (a log): one line at most every `everyMs`, and
 * the last. Terminals get the progress bar instead.
 */
export function queueProgressLines(label: string, everyMs = 2000): (done: number, total: number) => void {
  if (process.stderr.isTTY) return () => undefined;
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - last < everyMs) return;
    last = now;
    process.stderr.write(`${label}: ${done}/${total} done on the queue\n`);
  };
}
