/**
 * The queue backend: sweeps as BullMQ jobs on Redis (the runner is parallel/runners/bullmq.ts). BullMQ and
 * ioredis load only when a queue is used, so importing hdfe stays light.
 */
import type { QueueStatus } from './status.js';
import type { RunningWorker, WorkerOptions } from './worker.js';

export type { QueueStatus, RunningWorker, WorkerOptions };
export { QueueError } from './errors.js';
export { QUEUE_DEFAULTS } from './defaults.js';
export { QUEUE_KINDS } from './kinds.js';
export { parseRedisUrl, type RedisTarget } from './url.js';

/**
 * Run hdfe's queue jobs in this process (its pool) until `close()`; what `hdfe worker` does.
 * @example
 * const worker = await startWorker({ redis: 'redis://127.0.0.1:6379', concurrency: 2 });
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  return (await import('./worker.js')).startWorker(options);
}

/**
 * The queue's job counts and connected workers; what `hdfe queue status` prints.
 * @example
 * const { waiting, active, done, failed, workers } = await queueStatus('redis://127.0.0.1:6379');
 */
export async function queueStatus(url: string, name?: string): Promise<QueueStatus> {
  return (await import('./status.js')).queueStatus(url, name);
}
