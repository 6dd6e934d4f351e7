/**
 * A job of the queue: one chunk of one sweep. Its data names the task kind, the sweep's data key and the
 * draws; nothing in it is code. Workers check every field before running anything.
 */
import { QueueError } from './errors.js';
import { queueKind, QUEUE_KINDS } from './kinds.js';
import { HDFE_VERSION } from './version.js';

/** Format of the job data; bumped when it changes. */
export const JOB_FORMAT = 1;

export interface JobData {
  readonly format: number;
  /** hdfe version of the submitter: a worker of another version refuses the job (results could differ). */
  readonly version: string;
  readonly kind: string;
  /** SHA-256 (hex) of the serialized context, stored in Redis under dataKey(data). */
  readonly data: string;
  /** Size of the serialized context (bytes). */
  readonly bytes: number;
  readonly sweep: string;
  readonly start: number;
  readonly end: number;
  readonly width: number;
}

/** What a job returns: its (end - start) * width values, base64. */
export interface JobResult {
  readonly values: string;
}

/** Prefix of a failed job's reason when it carries an hdfe task error as JSON (rebuilt with its class). */
export const TASK_ERROR_PREFIX = 'hdfe-task-error ';

const KEYS = ['format', 'version', 'kind', 'data', 'bytes', 'sweep', 'start', 'end', 'width'];
const MAX_DRAWS = 2 ** 31;

function int(v: unknown, min: number, max: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

/**
 * Check a job's data; throws a QueueError saying what is wrong.
 * @example
 * validateJob({ format: 1, version: HDFE_VERSION, kind: 'parallel.index', data: 'ab'.repeat(32), bytes: 4, sweep: 's', start: 0, end: 10, width: 1 });
 */
export function validateJob(data: unknown): JobData {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new QueueError(`a job's data must be an object; got ${typeof data}`);
  const d = data as Record<string, unknown>;
  const extra = Object.keys(d).filter((k) => !KEYS.includes(k));
  if (extra.length) throw new QueueError(`a job's data has unknown fields ${extra.join(', ')}; only hdfe's own jobs run here`);
  if (d.format !== JOB_FORMAT) throw new QueueError(`job format ${JSON.stringify(d.format)} is not ${JOB_FORMAT}; run the same hdfe version on submitter and workers`);
  if (d.version !== HDFE_VERSION) {
    throw new QueueError(`the job was submitted by hdfe ${JSON.stringify(d.version)} but this worker is hdfe ${HDFE_VERSION}; run the same version everywhere (results must be bit-identical)`);
  }
  if (!queueKind(d.kind)) throw new QueueError(`job kind ${JSON.stringify(d.kind)} is not one of hdfe's: ${Object.keys(QUEUE_KINDS).join(', ')}`);
  if (typeof d.data !== 'string' || !/^[0-9a-f]{64}$/.test(d.data)) throw new QueueError(`a job's data key must be 64 hex digits (SHA-256); got ${JSON.stringify(d.data)}`);
  if (!int(d.bytes, 1, 2 ** 32)) throw new QueueError(`a job's data size must be a positive integer; got ${JSON.stringify(d.bytes)}`);
  if (typeof d.sweep !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(d.sweep)) throw new QueueError(`a job's sweep id must be 1-64 letters, digits or '-'; got ${JSON.stringify(d.sweep)}`);
  if (!int(d.start, 0, MAX_DRAWS) || !int(d.end, 1, MAX_DRAWS) || (d.end as number) <= (d.start as number)) {
    throw new QueueError(`a job's draws must satisfy 0 <= start < end <= 2^31; got [${JSON.stringify(d.start)}, ${JSON.stringify(d.end)})`);
  }
  if (!int(d.width, 1, 2 ** 24) || ((d.end as number) - (d.start as number)) * (d.width as number) > 2 ** 27) {
    throw new QueueError(`a job's width must be a positive integer and its values at most 2^27; got width ${JSON.stringify(d.width)}`);
  }
  return d as unknown as JobData;
}

/** The Redis key of a sweep's data. */
export function dataKey(hash: string): string {
  return `hdfe:data:${hash}`;
}

/** The Redis key that marks a sweep cancelled: workers skip its jobs. */
export function cancelKey(sweep: string): string {
  return `hdfe:cancelled:${sweep}`;
}
