/**
 * The pool's worker: compiles the WebAssembly core once at start, caches one prepared state per live sweep,
 * and answers each task with its draws (moved, not copied) or its error as data.
 *
 * Loaded by Piscina from dist/src/parallel/worker.js (compiled JS, whatever runs the main thread).
 */
import '../platform/node/index.js';
import { move } from 'piscina';
import { core } from '../wasm/module.js';
import { ThreadExit } from './diagnostics.js';
import { toErrorData } from './errors.js';
import { executeTask, taskKind } from './registry.js';
import type { TaskMessage, TaskReply } from './task-message.js';
import type { ChunkJob, ChunkReply } from '../data/readers/csv-parallel.js';

export type { TaskMessage, TaskReply } from './task-message.js';

core();

const states = new Map<string, unknown>();
const modules = new Map<string, Promise<unknown>>();

/** Accept only plain relative module paths inside the package's src/ tree. */
export function modulePathOk(path: string): boolean {
  return /^[A-Za-z0-9_\-/]+\.js$/.test(path) && !path.startsWith('/') && !path.split('/').includes('..');
}

async function load(module: string): Promise<void> {
  if (!modulePathOk(module)) throw new Error(`hdfe: task module '${module}' must be a relative path like 'infer/permute-task.js'`);
  let p = modules.get(module);
  if (!p) {
    p = import(new URL(`../${module}`, import.meta.url).href);
    modules.set(module, p);
  }
  await p;
}

export default async function handle(msg: TaskMessage | ChunkJob): Promise<TaskReply | ChunkReply> {
  // A chunk of a parallel CSV read (src/data/readers/csv-parallel.ts) rather than a chunk of draws.
  if ('header' in msg) return (await import('../data/readers/csv-parallel.js')).parseChunk(msg);
  try {
    for (const id of states.keys()) if (!msg.live.includes(id)) states.delete(id);
    if (!taskKind(msg.kind) && msg.module) await load(msg.module);
    const values = executeTask(msg.kind, states, msg.contextId, msg.context, msg.start, msg.end, msg.width);
    return move(values) as Float64Array;
  } catch (err) {
    if (err instanceof ThreadExit) process.exit(3);
    return { error: toErrorData(err) };
  }
}
