/**
 * The task kinds a queue worker runs, each with the one module that registers it. A job names a kind; the
 * module comes from this table, never from the job, so nothing from the queue chooses what code runs.
 * A new sweep type that should run on the queue adds its line here.
 */
export const QUEUE_KINDS: Readonly<Record<string, string | null>> = Object.freeze({
  'infer.wild': 'infer/wild-parallel.js',
  'infer.wild-iv': 'infer/wild-iv.js',
  'infer.permute': 'infer/permute-task.js',
  'infer.resample': 'infer/resample-task.js',
  'grid.group': 'grid/task.js',
  'infer.mtest': 'infer/mtest.js',
  'grid.joint': 'grid/joint.js',
  // The pool's diagnostics (parallel/diagnostics.ts, loaded by every worker): tests and the job-cost bench.
  'parallel.index': null,
  'parallel.spin': null,
  'parallel.fail': null,
});

/** True for a kind a queue worker runs. */
export function queueKind(kind: unknown): kind is string {
  return typeof kind === 'string' && Object.hasOwn(QUEUE_KINDS, kind);
}
