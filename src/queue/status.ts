/** `hdfe queue status`: the queue's job counts and the workers connected now. */
import { Queue } from 'bullmq';
import { bullmqConnection, closeQuickly, connectRedis, within } from './connection.js';
import { QUEUE_DEFAULTS } from './defaults.js';
import { parseRedisUrl } from './url.js';

export interface QueueStatus {
  readonly queue: string;
  readonly waiting: number;
  readonly active: number;
  readonly done: number;
  readonly failed: number;
  /** Workers connected to the queue now, by name (host:pid). */
  readonly workers: readonly string[];
}

/**
 * Counts of the queue's jobs and its connected workers.
 * @example
 * const s = await queueStatus('redis://127.0.0.1:6379'); // { queue: 'hdfe', waiting: 0, active: 0, done: 12, failed: 0, workers: ['host:123'] }
 */
export async function queueStatus(url: string, name: string = QUEUE_DEFAULTS.name, unreachableMs: number = QUEUE_DEFAULTS.unreachableMs): Promise<QueueStatus> {
  const target = parseRedisUrl(url);
  const probe = await connectRedis(target, unreachableMs); // the clear error when Redis is not there
  probe.disconnect();
  const queue = new Queue(name, { connection: bullmqConnection(target) });
  queue.on('error', () => undefined);
  try {
    const counts = await within(queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'), unreachableMs, 'reading the queue');
    const workers = await within(queue.getWorkers(), unreachableMs, 'listing workers');
    return {
      queue: name,
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0),
      active: counts.active ?? 0, done: counts.completed ?? 0, failed: counts.failed ?? 0,
      workers: workers.map((w) => { const raw = String(w.rawname ?? ''); const at = raw.indexOf(':w:'); return at >= 0 ? raw.slice(at + 3) : String(w.addr ?? '?'); }).sort(),
    };
  } finally {
    await closeQuickly(queue);
  }
}
