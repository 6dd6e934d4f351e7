/**
 * Who runs a sweep's chunks. A sweep (sweep.ts) plans deterministic chunks and assembles their values in
 * draw order; a Runner only executes chunks and hands back each one's values. The Piscina pool in this
 * process and BullMQ jobs on Redis are the two runners; a sweep never knows which one it has, and since a
 * chunk's values depend only on (kind, context, start, end), the assembled result is the same for both.
 */
import type { Chunk } from './plan.js';

/** One sweep as a runner sees it. */
export interface RunnerRequest<C = unknown> {
  /** Registered task kind. */
  readonly kind: string;
  /** Module that registers `kind` in a worker, as a path under src/ ('infer/permute-task.js'). */
  readonly module: string | null;
  /** Unique per sweep in this process: workers cache their prepared state under it. */
  readonly id: string;
  readonly context: C;
  readonly chunks: readonly Chunk[];
  /** Values per draw. */
  readonly width: number;
  /** What the sweep is, for messages ('the permutation test'). */
  readonly label: string;
  readonly signal?: AbortSignal;
  /**
   * Called once per chunk with its (end - start) * width values, draw-major, in any order. It may throw (a
   * wrong shape): the runner then rejects with that error.
   */
  readonly accept: (chunk: Chunk, values: Float64Array) => void;
}

export interface Runner {
  /** 'piscina', 'bullmq': for messages and tests only, never for a sweep's logic. */
  readonly name: string;
  /** Parallel slots the chunk planner should spread the sweep over (workers, or expected queue consumers). */
  readonly slots: number;
  /** Smallest time a chunk should take for the runner's per-chunk cost to stay near 1 % (ms). */
  readonly targetChunkMs: number;
  /**
   * Run every chunk; resolves when each has been accepted. Rejects with AbortError when the signal fires,
   * or with the first chunk's error; no chunk is accepted after it settles.
   */
  run<C>(request: RunnerRequest<C>): Promise<void>;
}

/**
 * Where a sweep runs, as the library takes it: omitted for the local pool, `{ redis: url }` for BullMQ jobs
 * on that Redis server (see src/queue/).
 */
export interface Backend {
  /** redis://[user:password@]host:port[/db] or rediss:// for TLS. */
  readonly redis: string;
  /** BullMQ queue name [QUEUE_DEFAULTS.name]. */
  readonly queue?: string;
  /** Largest serialized sweep data put in Redis, in bytes [QUEUE_DEFAULTS.maxDataBytes]. */
  readonly maxDataBytes?: number;
  /** Time Redis may be unreachable before the sweep fails (ms) [QUEUE_DEFAULTS.unreachableMs]. */
  readonly unreachableMs?: number;
}
