/** `hdfe worker --queue URL [--concurrency N]`: run hdfe's queue jobs on this machine until stopped. */
import { availableParallelism } from 'node:os';
import { QUEUE_DEFAULTS } from '../queue/defaults.js';
import { startWorker } from '../queue/worker.js';
import { parse, str, UsageError } from './args.js';

export const WORKER_USAGE = 'hdfe worker --queue URL [--concurrency N] [--queue-name NAME] [--lease MS]';

export const WORKER_HELP = `${WORKER_USAGE}

Take the sweep jobs that 'hdfe boot|permute|grid --queue URL' publish on Redis and run them on this
machine's worker threads, until stopped (Ctrl-C or SIGTERM: running jobs finish first). A worker runs only
hdfe's own job kinds with checked parameters, and needs the same hdfe version as the submitter. Logs go to
stderr.

Options (defaults in brackets):
  --queue URL              redis://[user:password@]host:port[/db], rediss:// for TLS (required)
  --concurrency N          jobs at once, one thread each [available cores: ${availableParallelism()}]
  --queue-name NAME        BullMQ queue name [${QUEUE_DEFAULTS.name}]
  --lease MS               job lock lease: a job whose worker died is retried after about this [${QUEUE_DEFAULTS.leaseMs}]
  -h, --help               this help
`;

function positive(value: string | boolean | undefined, flag: string, min: number): number | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  const x = Number(text);
  if (!Number.isInteger(x) || x < min) throw new UsageError(`${flag} takes an integer >= ${min}; got '${text}'`);
  return x;
}

export async function runWorker(argv: string[]): Promise<string> {
  const { values, positionals } = parse(argv, {
    queue: { type: 'string' }, concurrency: { type: 'string' }, 'queue-name': { type: 'string' }, lease: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, WORKER_USAGE);
  if (values.help) return WORKER_HELP;
  if (positionals.length) throw new UsageError(`worker takes no positional arguments; got '${positionals[0]}'; usage: ${WORKER_USAGE}`);
  const redis = str(values.queue);
  if (!redis) throw new UsageError(`worker needs --queue URL; usage: ${WORKER_USAGE}`);
  const worker = await startWorker({
    redis, concurrency: positive(values.concurrency, '--concurrency', 1) ?? availableParallelism(),
    queue: str(values['queue-name']), leaseMs: positive(values.lease, '--lease', 100),
    log: (line) => process.stderr.write(`hdfe worker: ${line}\n`),
  });
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.stderr.write('hdfe worker: stopping after running jobs\n');
      void worker.close().finally(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return '';
}
