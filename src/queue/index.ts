/** The queue backend: sweeps as BullMQ jobs on Redis (the runner is parallel/runners/bullmq.ts). */
export { startWorker, type WorkerOptions, type RunningWorker } from './worker.js';
export { queueStatus, type QueueStatus } from './status.js';
export { QueueError } from './errors.js';
export { QUEUE_DEFAULTS } from './defaults.js';
export { QUEUE_KINDS } from './kinds.js';
export { parseRedisUrl, type RedisTarget } from './url.js';
