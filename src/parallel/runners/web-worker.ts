/**
 * Sweep chunks on a pool of module Web Workers (a browser page). Each worker instantiates the WebAssembly
 * module it is sent once and registers every task kind at start (src/platform/browser/worker.ts); a chunk
 * goes to an idle worker or waits in a first-in, first-out queue. The sweep (src/parallel/sweep.ts) plans the
 * chunks and assembles them in draw order, so results are bit-identical to Node's Piscina pool and to one
 * thread. Workers start on demand and stay until `terminate()`; one that dies fails its chunk and is replaced.
 */
import type { TaskMessage, TaskReply } from '../task-message.js';

/** Posted to a worker: its module first, then chunks. */
export type WorkerRequest =
  | { readonly type: 'init'; readonly module: WebAssembly.Module }
  | { readonly type: 'task'; readonly id: number; readonly message: TaskMessage };

/** Posted back: a chunk's reply. */
export interface WorkerResponse {
  readonly id: number;
  readonly reply: TaskReply;
}

interface Pending {
  readonly id: number;
  readonly message: TaskMessage;
  resolve(reply: TaskReply): void;
  reject(err: Error): void;
}

interface Slot {
  readonly worker: Worker;
  task: Pending | null;
}

/**
 * A pool of module workers made by `create` (for example `() => new Worker(url, { type: 'module' })`),
 * each sent `module` once.
 * @example
 * const pool = new WebWorkerRunner(() => new Worker(workerUrl, { type: 'module' }), wasmModule, 4);
 * const reply = await pool.run(message);
 */
export class WebWorkerRunner {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;

  constructor(private readonly create: () => Worker, private readonly module: WebAssembly.Module, private size: number) {}

  /** Room for at least `threads` workers. */
  grow(threads: number): void {
    this.size = Math.max(this.size, threads);
  }

  get maxThreads(): number {
    return this.size;
  }

  /** Workers started so far. */
  get threads(): number {
    return this.slots.length;
  }

  run(message: TaskMessage): Promise<TaskReply> {
    return new Promise<TaskReply>((resolve, reject) => {
      this.queue.push({ id: ++this.nextId, message, resolve, reject });
      this.dispatch();
    });
  }

  /** End every worker; chunks queued or running are rejected. */
  terminate(): void {
    const err = new Error('hdfe: the worker pool was terminated');
    for (const slot of this.slots) {
      slot.worker.terminate();
      slot.task?.reject(err);
    }
    this.slots.length = 0;
    for (const p of this.queue.splice(0)) p.reject(err);
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => s.task === null);
      if (!slot && this.slots.length < this.size) slot = this.start();
      if (!slot) return;
      const task = this.queue.shift() as Pending;
      slot.task = task;
      const request: WorkerRequest = { type: 'task', id: task.id, message: task.message };
      slot.worker.postMessage(request);
    }
  }

  private start(): Slot {
    const slot: Slot = { worker: this.create(), task: null };
    slot.worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const task = slot.task;
      slot.task = null;
      if (task && task.id === event.data.id) task.resolve(event.data.reply);
      this.dispatch();
    };
    const fail = (what: string) => {
      const task = slot.task;
      slot.worker.terminate();
      this.slots.splice(this.slots.indexOf(slot), 1);
      task?.reject(new Error(`a web worker failed: ${what}`));
      this.dispatch();
    };
    slot.worker.onerror = (event: ErrorEvent) => { event.preventDefault(); fail(event.message || 'it could not start or threw'); };
    slot.worker.onmessageerror = () => fail('a message could not be read');
    const init: WorkerRequest = { type: 'init', module: this.module };
    slot.worker.postMessage(init);
    this.slots.push(slot);
    return slot;
  }
}
