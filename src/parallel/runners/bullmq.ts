/**
 * The queue runner: a sweep's chunks as BullMQ jobs on Redis, run by `hdfe worker` processes on any machine.
 *
 * The sweep's context is serialized once, stored under its SHA-256 (content-addressed: the same data is
 * uploaded once however many sweeps use it) and fetched once per worker; each job carries only the kind,
 * the data key and its draws. Results come back as base64 doubles, so they are bit-identical to the pool's.
 *
 * Completions arrive as QueueEvents; a slower poll of the outstanding jobs covers events missed while a
 * connection was down. A dead worker's job is retried by BullMQ's stalled-job check after its lease; a job
 * that fails fails the sweep with its error; Redis unreachable for `unreachableMs` fails it with a
 * QueueError; an abort removes the sweep's waiting jobs and marks the sweep cancelled so workers skip the rest.
 */
import { randomUUID } from 'node:crypto';
import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { OptionError } from '../../errors.js';
import { decodeValues, encodeContext } from '../../queue/codec.js';
import { bullmqConnection, closeQuickly, connectRedis, unreachable, within } from '../../queue/connection.js';
import { QUEUE_DEFAULTS } from '../../queue/defaults.js';
import { QueueError } from '../../queue/errors.js';
import { cancelKey, dataKey, JOB_FORMAT, TASK_ERROR_PREFIX, type JobData, type JobResult } from '../../queue/job.js';
import { queueKind } from '../../queue/kinds.js';
import { parseRedisUrl, type RedisTarget } from '../../queue/url.js';
import { HDFE_VERSION } from '../../queue/version.js';
import { abortError, fromErrorData, type TaskErrorData } from '../errors.js';
import type { Chunk } from '../plan.js';
import type { Backend, Runner, RunnerRequest } from '../runner.js';

/** Outstanding jobs are polled this often, besides the events (ms). */
const POLL_MS = 1000;
/** Redis is pinged this often to notice an outage (ms). */
const HEALTH_MS = 250;
/** Chunks the planner aims for per expected worker slot: queue sweeps are spread over unknown machines. */
const QUEUE_SLOTS = 8;

interface ResolvedBackend {
  readonly target: RedisTarget;
  readonly queue: string;
  readonly maxDataBytes: number;
  readonly unreachableMs: number;
}

/** Check a backend option; throws an OptionError naming what is wrong. */
export function resolveBackend(backend: Backend): ResolvedBackend {
  if (typeof backend !== 'object' || backend === null) throw new OptionError(`backend must be { redis: 'redis://host:port' }; got ${JSON.stringify(backend)}`);
  const extra = Object.keys(backend).filter((k) => !['redis', 'queue', 'maxDataBytes', 'unreachableMs'].includes(k));
  if (extra.length) throw new OptionError(`backend takes redis, queue, maxDataBytes and unreachableMs; got ${extra.join(', ')}`);
  const queue = backend.queue ?? QUEUE_DEFAULTS.name;
  if (typeof queue !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(queue)) throw new OptionError(`backend.queue must be 1-64 letters, digits, '_', '.' or '-'; got ${JSON.stringify(queue)}`);
  const maxDataBytes = backend.maxDataBytes ?? QUEUE_DEFAULTS.maxDataBytes;
  if (!Number.isInteger(maxDataBytes) || maxDataBytes < 1 || maxDataBytes > 512 * 1024 * 1024) {
    throw new OptionError(`backend.maxDataBytes must be an integer in [1, 512 MiB] (Redis's string limit); got ${JSON.stringify(maxDataBytes)}`);
  }
  const unreachableMs = backend.unreachableMs ?? QUEUE_DEFAULTS.unreachableMs;
  if (!Number.isInteger(unreachableMs) || unreachableMs < 100) throw new OptionError(`backend.unreachableMs must be an integer >= 100; got ${JSON.stringify(unreachableMs)}`);
  return { target: parseRedisUrl(backend.redis), queue, maxDataBytes, unreachableMs };
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

/**
 * The runner for a backend; it connects when a sweep runs and disconnects when it ends.
 * @example
 * await runSweep({ kind: 'parallel.index', context: null, total: 100, backend: { redis: 'redis://127.0.0.1:6379' } });
 */
export function bullmqRunner(backend: Backend): Runner {
  const b = resolveBackend(backend);
  return { name: 'bullmq', slots: QUEUE_SLOTS, targetChunkMs: QUEUE_DEFAULTS.targetJobMs, run: (request) => runOnQueue(b, request) };
}

async function runOnQueue<C>(b: ResolvedBackend, request: RunnerRequest<C>): Promise<void> {
  const { kind, label, signal } = request;
  if (!queueKind(kind)) throw new OptionError(`${label} cannot run on the queue: task kind '${kind}' is not one a queue worker runs`);
  if (signal?.aborted) throw abortError(signal, label);
  const { bytes, hash } = encodeContext(request.context);
  if (bytes.length > b.maxDataBytes) {
    throw new QueueError(`${label} needs ${mib(bytes.length)} of data in Redis, over the queue's limit of ${mib(b.maxDataBytes)}; ` +
      `raise it with --queue-max-data BYTES (library: backend.maxDataBytes, at most 512 MiB), keep fewer columns, or run on the local pool`);
  }
  const redis = await connectRedis(b.target, b.unreachableMs);
  const connection = bullmqConnection(b.target);
  const queue = new Queue(b.queue, { connection });
  const events = new QueueEvents(b.queue, { connection });
  const sweep = randomUUID();
  const noop = () => { /* errors surface through the health check */ };
  queue.on('error', noop);
  events.on('error', noop);
  try {
    const key = dataKey(hash);
    // Upload once: an existing copy (same hash, same bytes) only has its lifetime extended.
    if (!(await redis.expire(key, QUEUE_DEFAULTS.keepSeconds))) await redis.set(key, bytes, 'EX', QUEUE_DEFAULTS.keepSeconds);
    await within(events.waitUntilReady(), b.unreachableMs, 'subscribing to queue events');
    await collectJobs(b, request, redis, queue, events, sweep, hash, bytes.length);
  } finally {
    await Promise.all([closeQuickly(events), closeQuickly(queue)]);
    redis.disconnect();
  }
}

function collectJobs<C>(b: ResolvedBackend, request: RunnerRequest<C>, redis: Redis, queue: Queue, events: QueueEvents,
  sweep: string, hash: string, size: number): Promise<void> {
  const { kind, chunks, width, label, signal, accept } = request;
  const jobId = (i: number) => `${sweep}-${i}`;
  const outstanding = new Map<string, Chunk>(chunks.map((c, i) => [jobId(i), c]));
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearInterval(t);
      events.off('completed', onCompleted);
      events.off('failed', onFailed);
      signal?.removeEventListener('abort', onAbort);
      if (!err) return resolve();
      // Whatever the cause, jobs of a sweep that will not finish are of no use: withdraw them.
      void withdraw().finally(() => reject(err));
    };
    const withdraw = async () => {
      const ids = [...outstanding.keys()];
      outstanding.clear();
      try {
        await within((async () => {
          await redis.set(cancelKey(sweep), '1', 'EX', QUEUE_DEFAULTS.keepSeconds);
          await Promise.all(ids.map((id) => queue.remove(id).catch(() => 0))); // active (locked) jobs stay; workers skip them
        })(), 2000, 'withdrawing jobs');
      } catch { /* Redis is gone: nothing to withdraw from */ }
    };
    const take = (id: string, returnvalue: unknown) => {
      const chunk = outstanding.get(id);
      if (!chunk || settled) return;
      const text = typeof returnvalue === 'string' ? safeParse(returnvalue) : returnvalue;
      const values = decodeValues((text as JobResult | null)?.values, (chunk.end - chunk.start) * width);
      if (!values) return finish(new QueueError(`${label}: job ${id} returned no valid values for draws [${chunk.start}, ${chunk.end})`));
      outstanding.delete(id);
      try {
        accept(chunk, values);
      } catch (err) {
        return finish(err as Error);
      }
      if (outstanding.size === 0) finish(null);
    };
    const fail = (id: string, reason: string) => {
      if (!outstanding.has(id) || settled) return;
      finish(jobError(reason, kind, label));
    };
    const onCompleted = ({ jobId: id, returnvalue }: { jobId: string; returnvalue: unknown }) => take(id, returnvalue);
    const onFailed = ({ jobId: id, failedReason }: { jobId: string; failedReason: string }) => fail(id, failedReason);
    const onAbort = () => finish(abortError(signal, label));
    events.on('completed', onCompleted);
    events.on('failed', onFailed);
    signal?.addEventListener('abort', onAbort, { once: true });

    let lastOk = Date.now();
    let pinging = false;
    timers.push(setInterval(() => {
      if (pinging || settled) return;
      pinging = true;
      within(redis.ping(), b.unreachableMs, 'ping')
        .then(() => { lastOk = Date.now(); }, (err) => {
          // A slow answer on a live connection is a busy Redis (a large value in transit), not an outage.
          if (redis.status === 'ready') { lastOk = Date.now(); return; }
          if (Date.now() - lastOk >= b.unreachableMs) finish(unreachable(b.target, err, b.unreachableMs));
        })
        .finally(() => { pinging = false; });
    }, HEALTH_MS));
    let polling = false;
    timers.push(setInterval(() => {
      if (polling || settled) return;
      polling = true;
      poll().catch(() => { /* the health check reports outages */ }).finally(() => { polling = false; });
    }, POLL_MS));
    const poll = async () => {
      for (const id of [...outstanding.keys()].slice(0, 256)) {
        if (settled) return;
        const job = await Job.fromId(queue, id);
        if (!job) return finish(new QueueError(`${label}: job ${id} vanished from the queue '${b.queue}' (removed by someone else?); the sweep cannot finish`));
        if (job.finishedOn && job.failedReason) fail(id, job.failedReason);
        else if (job.finishedOn) take(id, job.returnvalue);
      }
    };

    const data = (c: Chunk): JobData => ({
      format: JOB_FORMAT, version: HDFE_VERSION, kind, data: hash, bytes: size, sweep, start: c.start, end: c.end, width,
    });
    queue.addBulk(chunks.map((c, i) => ({
      name: kind, data: data(c),
      opts: {
        jobId: jobId(i), attempts: 1,
        removeOnComplete: { age: QUEUE_DEFAULTS.keepSeconds }, removeOnFail: { age: QUEUE_DEFAULTS.keepSeconds },
      },
    }))).then(() => { if (signal?.aborted) onAbort(); }, (err) => finish(unreachable(b.target, err, b.unreachableMs)));
  });
}

function safeParse(text: string): unknown {
  try { return JSON.parse(text); } catch { return null; }
}

/** The sweep's error for a failed job: the task's own error (same class) when it carried one. */
function jobError(reason: string, kind: string, label: string): Error {
  if (reason?.startsWith(TASK_ERROR_PREFIX)) {
    const data = safeParse(reason.slice(TASK_ERROR_PREFIX.length)) as TaskErrorData | null;
    if (data && typeof data.message === 'string') return fromErrorData(data, kind);
  }
  return new QueueError(`${label}: a queue job failed: ${String(reason).split('\n')[0]}`);
}
