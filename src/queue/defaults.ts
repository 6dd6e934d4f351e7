/** Defaults of the queue backend, in one place (the README and --help quote them). */
export const QUEUE_DEFAULTS = Object.freeze({
  /** BullMQ queue name shared by submitters and workers. */
  name: 'hdfe',
  /**
   * Largest serialized sweep data put in Redis (bytes). Redis caps a string at 512 MiB; a quarter of that
   * keeps one sweep from crowding a shared server. Raise it with `maxDataBytes` / --queue-max-data.
   */
  maxDataBytes: 128 * 1024 * 1024,
  /** A sweep fails when Redis has been unreachable this long (ms). */
  unreachableMs: 3000,
  /**
   * A job's lock lease (ms): a worker renews it at half this while it runs the job; a job whose lease ran out
   * (its worker died) is moved back to waiting at the next stalled check, which runs at this interval too.
   */
  leaseMs: 30_000,
  /** Times a job may stall (lose its worker) before it fails the sweep. */
  maxStalls: 5,
  /**
   * Aim for jobs of about this long (and split to no less than a fifth of it for balance): a job's fixed
   * cost was 2-6 ms per worker process on a busy 2-core machine (bench/queue.ts).
   */
  targetJobMs: 50,
  /** Sweep data and finished jobs are kept this long in Redis (s), so a late worker still finds them. */
  keepSeconds: 3600,
  /** Bytes of decoded sweep data a worker keeps cached. */
  workerCacheBytes: 1024 * 1024 * 1024,
});
