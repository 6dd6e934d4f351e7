/**
 * The local runner: chunks as tasks on the platform's workers (the Piscina pool in Node, module Web Workers
 * in a page: src/platform/), or in this thread for one worker. At most `workers` tasks are in flight: on
 * abort or on a task's error the run rejects at once, no further task is posted, and the results of tasks
 * still running are discarded (they finish in their workers, which stay usable).
 */
import { abortError, fromErrorData } from '../errors.js';
import type { Chunk } from '../plan.js';
import { TARGET_TASK_MS } from '../plan.js';
import { platform } from '../../platform/platform.js';
import { executeTask } from '../registry.js';
import type { Runner, RunnerRequest } from '../runner.js';
import type { TaskMessage, TaskReply } from '../task-message.js';

/** Context ids of sweeps running on the pool: workers drop the cached states of the others. */
const live = new Set<string>();

/**
 * One chunk on the platform's workers, as a queue worker runs a job: resolves with its values or rejects with the task's
 * error (rebuilt with its class). `liveIds` are the context ids whose cached state workers should keep.
 */
export async function runChunkOnPool(kind: string, module: string | null, id: string, context: unknown,
  chunk: Chunk, width: number, threads: number, liveIds: readonly string[]): Promise<Float64Array> {
  const message: TaskMessage = { kind, module, contextId: id, context, live: liveIds, start: chunk.start, end: chunk.end, width };
  const reply = await platform().runner(threads).run(message);
  if (!(reply instanceof Float64Array)) throw fromErrorData(reply.error, kind);
  return reply;
}

/**
 * The local runner with `workers` tasks in flight (1: this thread).
 * @example
 * await localRunner(2).run({ kind: 'parallel.index', module: null, id: 's1', context: null, chunks, width: 1, label: 'x', accept });
 */
export function localRunner(workers: number): Runner {
  return {
    name: 'local',
    slots: workers,
    targetChunkMs: TARGET_TASK_MS,
    run: (request) => (workers === 1 ? runHere(request) : runPool(request, workers)),
  };
}

function runPool<C>(request: RunnerRequest<C>, workers: number): Promise<void> {
  const { kind, module, id, context, chunks, width, label, signal, accept } = request;
  const pool = platform().runner(workers);
  live.add(id);
  return new Promise<void>((resolve, reject) => {
    let next = 0;
    let accepted = 0;
    let inFlight = 0;
    let settled = false;
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      live.delete(id);
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    const onAbort = () => finish(abortError(signal, label));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    const post = () => {
      while (!settled && inFlight < workers && next < chunks.length) {
        const chunk = chunks[next++];
        const message: TaskMessage = {
          kind, module, contextId: id, context, live: [...live], start: chunk.start, end: chunk.end, width,
        };
        inFlight++;
        pool.run(message).then(
          (reply: TaskReply) => {
            inFlight--;
            if (settled) return;
            try {
              if (!(reply instanceof Float64Array)) return finish(fromErrorData(reply.error, kind));
              accept(chunk, reply);
              if (++accepted === chunks.length) finish(null);
              else post();
            } catch (err) { finish(err as Error); }
          },
          (err: unknown) => {
            inFlight--;
            finish(new Error(`${label}: a worker failed: ${(err as Error)?.message ?? String(err)}`));
          });
      }
    };
    if (chunks.length === 0) return finish(null);
    post();
  });
}

/** One worker: the same tasks in this thread, yielding to the event loop between them (abort, progress). */
async function runHere<C>(request: RunnerRequest<C>): Promise<void> {
  const { kind, id, context, chunks, width, label, signal, accept } = request;
  const states = new Map<string, unknown>();
  for (let i = 0; i < chunks.length; i++) {
    if (signal?.aborted) throw abortError(signal, label);
    const chunk = chunks[i];
    accept(chunk, executeTask(kind, states, id, context, chunk.start, chunk.end, width));
    if (i + 1 < chunks.length) await platform().yieldNow();
  }
}
