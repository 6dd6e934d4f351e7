/**
 * Task kinds and the functions that compute them, looked up by name in every thread (the pool's workers and
 * the main thread, which runs one-worker sweeps in process).
 *
 * A kind has an optional `prepare`, run once per thread and sweep on the shared context (decode columns,
 * allocate scratch), and `run`, which computes draws [start, end) into a Float64Array of
 * (end - start) * width values, draw-major. `run` must depend only on the state and the draw indices, never
 * on which other draws share its chunk: that is what makes results independent of chunking and worker count.
 */

export interface TaskKind<C = unknown, S = unknown> {
  prepare?(context: C): S;
  run(state: S, start: number, end: number): Float64Array;
}

const kinds = new Map<string, TaskKind<never, never>>();

/**
 * Register a task kind in this thread (a module does it once at import).
 * @example
 * registerTask('square', { run: (_s, start, end) => Float64Array.from({ length: end - start }, (_, i) => (start + i) ** 2) });
 */
export function registerTask<C, S>(name: string, kind: TaskKind<C, S>): void {
  const existing = kinds.get(name);
  if (existing && existing !== (kind as unknown)) throw new Error(`hdfe: task kind '${name}' is registered twice`);
  kinds.set(name, kind as unknown as TaskKind<never, never>);
}

/** The kind registered under `name`, or undefined. */
export function taskKind(name: string): TaskKind<unknown, unknown> | undefined {
  return kinds.get(name) as TaskKind<unknown, unknown> | undefined;
}

/** Names of the registered kinds (for error messages). */
export function taskKinds(): string[] {
  return [...kinds.keys()];
}

/**
 * Run draws [start, end) of `kindName` with the thread's cached state for `contextId` (prepared on first
 * use). Checks the shape of what the kind returns.
 */
export function executeTask(kindName: string, states: Map<string, unknown>, contextId: string, context: unknown,
  start: number, end: number, width: number): Float64Array {
  const kind = taskKind(kindName);
  if (!kind) throw new Error(`hdfe: unknown task kind '${kindName}'; registered: ${taskKinds().join(', ') || 'none'}`);
  let state = states.get(contextId);
  if (state === undefined && !states.has(contextId)) {
    state = kind.prepare ? kind.prepare(context) : context;
    states.set(contextId, state);
  }
  const values = kind.run(state, start, end);
  if (!(values instanceof Float64Array) || values.length !== (end - start) * width) {
    throw new Error(`hdfe: task '${kindName}' returned ${values instanceof Float64Array ? values.length : typeof values} values for draws [${start}, ${end}) of width ${width}`);
  }
  return values;
}
