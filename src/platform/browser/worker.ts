/**
 * A module Web Worker of the page's sweep pool (src/parallel/runners/web-worker.ts): instantiates the
 * WebAssembly module it is sent, registers every task kind at start (a bundle has no task modules to import
 * by path), keeps one prepared state per live sweep, and answers each chunk with its values (transferred,
 * not copied) or its error as data.
 */
import { instantiate } from '@assemblyscript/loader';
import { installCore } from '../../wasm/module.js';
import { toErrorData } from '../../parallel/errors.js';
import { executeTask } from '../../parallel/registry.js';
import type { WorkerRequest, WorkerResponse } from '../../parallel/runners/web-worker.js';
import '../../parallel/diagnostics.js';
import '../../infer/wild-parallel.js';
import '../../infer/permute-task.js';
import '../../grid/task.js';
import '../../grid/joint.js';
import '../../infer/mtest.js';
import '../../infer/resample-task.js';
import './index.js';

const states = new Map<string, unknown>();
let ready: Promise<void> | null = null;

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse, transfer: Transferable[]): void;
}
const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'init') {
    ready = instantiate<Record<string, unknown>>(request.module, {}).then(({ exports }) => installCore(exports));
    return;
  }
  void (async () => {
    const { id, message: msg } = request;
    try {
      await ready;
      for (const key of states.keys()) if (!msg.live.includes(key)) states.delete(key);
      const values = executeTask(msg.kind, states, msg.contextId, msg.context, msg.start, msg.end, msg.width);
      // A chunk's own buffer moves; a view into a larger one (or into WebAssembly memory) is copied out first.
      const own = values.buffer instanceof ArrayBuffer && values.byteOffset === 0 && values.byteLength === values.buffer.byteLength;
      const reply = own ? values : values.slice();
      scope.postMessage({ id, reply }, [reply.buffer as ArrayBuffer]);
    } catch (err) {
      scope.postMessage({ id, reply: { error: toErrorData(err) } }, []);
    }
  })();
};
