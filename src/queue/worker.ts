/**
 * A queue worker: takes hdfe's jobs from Redis and runs each as a task on this machine's Piscina pool (one
 * thread per concurrent job), so the main thread stays free to renew the jobs' locks. A job is checked
 * (job.ts) before anything runs; its sweep's data is fetched once, checked against its hash, decoded into
 * shared memory and cached (least recently used first out), and the pool's threads prepare it once each.
 */
import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { toErrorData } from '../parallel/errors.js';
import { closePool } from '../parallel/pool.js';
import { runChunkOnPool } from '../parallel/runners/local.js';
import { decodeContext, encodeValues, sha256 } from './codec.js';
import { bullmqConnection, connectRedis } from './connection.js';
import { QUEUE_DEFAULTS } from './defaults.js';
import { QueueError } from './errors.js';
import { cancelKey, dataKey, TASK_ERROR_PREFIX, validateJob, type JobResult } from './job.js';
import { QUEUE_KINDS } from './kinds.js';
import { parseRedisUrl } from './url.js';

export interface WorkerOptions {
  /** redis:// or rediss:// URL. */
  redis: string;
  /** Jobs run at once (pool threads) [available cores]. */
  concurrency: number;
  queue?: string;
  /** Lock lease and stalled-check interval (ms) [QUEUE_DEFAULTS.leaseMs]. */
  leaseMs?: number;
  /** Called with one line per event worth logging (started, job failed, ...). */
  log?: (line: string) => void;
}

export interface RunningWorker {
  /** Stop taking jobs, let running ones finish, disconnect. */
  close(): Promise<void>;
}

interface Cached { readonly context: unknown; readonly bytes: number; used: number }

/**
 * Start a worker; resolves once it is connected and waiting for jobs.
 * @example
 * const w = await startWorker({ redis: 'redis://127.0.0.1:6379', concurrency: 2 });
 * // ... later
 * await w.close();
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const target = parseRedisUrl(options.redis);
  const leaseMs = options.leaseMs ?? QUEUE_DEFAULTS.leaseMs;
  const log = options.log ?? (() => undefined);
  const redis: Redis = await connectRedis(target, QUEUE_DEFAULTS.unreachableMs);
  redis.options.enableOfflineQueue = true; // a worker rides out outages
  const cache = new Map<string, Cached>();
  const loading = new Map<string, Promise<unknown>>();
  let cachedBytes = 0;

  const load = async (hash: string, size: number): Promise<unknown> => {
    const hit = cache.get(hash);
    if (hit) { hit.used = Date.now(); return hit.context; }
    let p = loading.get(hash);
    if (!p) {
      p = (async () => {
        const bytes = await redis.getBuffer(dataKey(hash));
        if (!bytes) throw new QueueError(`the sweep's data ${hash.slice(0, 12)}... is no longer in Redis (kept ${QUEUE_DEFAULTS.keepSeconds} s); submit the sweep again`);
        if (bytes.length !== size || sha256(bytes) !== hash) throw new QueueError(`the sweep's data ${hash.slice(0, 12)}... in Redis does not match its hash; submit the sweep again`);
        const context = decodeContext(bytes);
        cache.set(hash, { context, bytes: size, used: Date.now() });
        cachedBytes += size;
        for (const [k, c] of [...cache.entries()].sort((x, y) => x[1].used - y[1].used)) {
          if (cachedBytes <= QUEUE_DEFAULTS.workerCacheBytes || k === hash) break;
          cache.delete(k);
          cachedBytes -= c.bytes;
        }
        return context;
      })().finally(() => loading.delete(hash));
      loading.set(hash, p);
    }
    return p;
  };

  const process = async (job: Job): Promise<JobResult | { cancelled: true }> => {
    const d = validateJob(job.data);
    if (await redis.exists(cancelKey(d.sweep))) return { cancelled: true };
    const context = await load(d.data, d.bytes);
    try {
      const values = await runChunkOnPool(d.kind, QUEUE_KINDS[d.kind], d.data, context, { start: d.start, end: d.end }, d.width,
        options.concurrency, [...cache.keys()]);
      return { values: encodeValues(values) };
    } catch (err) {
      // The task's error as data, so the submitter rebuilds it with its class (a DataError stays one).
      throw new Error(TASK_ERROR_PREFIX + JSON.stringify(toErrorData(err)));
    }
  };

  const worker = new Worker(options.queue ?? QUEUE_DEFAULTS.name, process, {
    connection: bullmqConnection(target), concurrency: options.concurrency, autorun: false,
    lockDuration: leaseMs, stalledInterval: leaseMs, maxStalledCount: QUEUE_DEFAULTS.maxStalls,
    name: `${hostname()}:${globalThis.process.pid}`,
  });
  worker.on('error', (err) => log(`worker: ${err.message.split('\n')[0]}`));
  worker.on('failed', (job, err) => log(`job ${job?.id ?? '?'} failed: ${err.message.startsWith(TASK_ERROR_PREFIX) ? err.message.slice(TASK_ERROR_PREFIX.length) : err.message}`));
  void worker.run();
  await worker.waitUntilReady();
  log(`worker ${hostname()}:${globalThis.process.pid} on ${target.display}, queue '${options.queue ?? QUEUE_DEFAULTS.name}', concurrency ${options.concurrency}, lease ${leaseMs} ms`);
  return {
    async close() {
      await worker.close();
      redis.disconnect();
      await closePool();
    },
  };
}
