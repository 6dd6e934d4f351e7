/** What crosses between a sweep and the worker that runs one of its chunks, whatever the runner. */
import type { TaskErrorData } from './errors.js';

/** One chunk of a sweep, as posted to a worker. */
export interface TaskMessage {
  readonly kind: string;
  /** Module registering `kind`, as a path under src/ ('infer/permute-task.js'); imported once per worker. */
  readonly module: string | null;
  readonly contextId: string;
  /** The sweep's context; its typed arrays live in SharedArrayBuffers where the platform has them, so posting it copies no column. */
  readonly context: unknown;
  /** Context ids of sweeps still running: cached states of the others are dropped. */
  readonly live: readonly string[];
  readonly start: number;
  readonly end: number;
  readonly width: number;
}

/** The chunk's (end - start) * width values, draw-major, or its error as data. */
export type TaskReply = Float64Array | { readonly error: TaskErrorData };
