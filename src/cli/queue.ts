/** `hdfe queue status --queue URL`: the queue's jobs and workers. */
import { QUEUE_DEFAULTS } from '../queue/defaults.js';
import { queueStatus } from '../queue/status.js';
import { parse, str, UsageError } from './args.js';

export const QUEUE_USAGE = 'hdfe queue status --queue URL [--queue-name NAME] [--json]';

export const QUEUE_CMD_HELP = `${QUEUE_USAGE}

Jobs of the sweep queue on Redis: waiting, active, done (kept ${QUEUE_DEFAULTS.keepSeconds} s) and failed, and the
workers connected now (host:pid).

Options (defaults in brackets):
  --queue URL              redis://[user:password@]host:port[/db], rediss:// for TLS (required)
  --queue-name NAME        BullMQ queue name [${QUEUE_DEFAULTS.name}]
  --json                   machine-readable
  -h, --help               this help
`;

export async function runQueue(argv: string[]): Promise<string> {
  const { values, positionals } = parse(argv, {
    queue: { type: 'string' }, 'queue-name': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  }, QUEUE_USAGE);
  if (values.help) return QUEUE_CMD_HELP;
  if (positionals.length !== 1 || positionals[0] !== 'status') throw new UsageError(`queue takes one subcommand, status; usage: ${QUEUE_USAGE}`);
  const url = str(values.queue);
  if (!url) throw new UsageError(`queue status needs --queue URL; usage: ${QUEUE_USAGE}`);
  const s = await queueStatus(url, str(values['queue-name']));
  if (values.json) return JSON.stringify(s, null, 2);
  return [
    `queue '${s.queue}': ${s.waiting} waiting, ${s.active} active, ${s.done} done, ${s.failed} failed`,
    `workers: ${s.workers.length}${s.workers.length ? ` (${s.workers.join(', ')})` : ''}`,
  ].join('\n');
}
