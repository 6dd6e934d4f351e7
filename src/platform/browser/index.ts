/**
 * The browser platform: the WebAssembly core instantiated up front by `init()` (streamed with
 * `WebAssembly.instantiateStreaming` from a URL, or from bytes or a compiled module the caller supplies), the
 * @stdlib distributions bundled in, sweeps on a pool of module Web Workers sent the same compiled module, and
 * a message-channel turn between chunks run in this thread. Importing this module installs it; the page and
 * the browser build of the library do so first.
 */
import { instantiate, instantiateStreaming } from '@assemblyscript/loader';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import betainc from '@stdlib/math-base-special-betainc';
import gammainc from '@stdlib/math-base-special-gammainc';
import gammaln from '@stdlib/math-base-special-gammaln';
import { WebWorkerRunner } from '../../parallel/runners/web-worker.js';
import { coreReady, installCore } from '../../wasm/module.js';
import { setPlatform, type Platform } from '../platform.js';

/** Where the WebAssembly module comes from: a URL to stream, its bytes, or a compiled module. */
export type WasmInput = string | URL | Response | ArrayBuffer | Uint8Array | WebAssembly.Module;

export interface InitOptions {
  /** The module [`release.wasm` beside this script]. */
  wasm?: WasmInput;
  /** The sweep worker's script [`worker.js` beside this script]; null runs every sweep in this thread. */
  worker?: string | URL | null;
}

let compiled: WebAssembly.Module | null = null;
let workerUrl: URL | null = null;
let pool: WebWorkerRunner | null = null;
let loading: Promise<void> | null = null;

/**
 * Instantiate the WebAssembly core (once; later calls return the first call's promise). Call before any fit.
 * @example
 * await init();                                              // streams ./release.wasm
 * await init({ wasm: await (await fetch(url)).arrayBuffer() }); // caller-supplied bytes
 */
export function init(options: InitOptions = {}): Promise<void> {
  loading ??= (async () => {
    const source = options.wasm ?? new URL('./release.wasm', import.meta.url);
    const result = typeof source === 'string' || source instanceof URL
      ? await instantiateStreaming<Record<string, unknown>>(fetch(source), {})
      : source instanceof Response
        ? await instantiateStreaming<Record<string, unknown>>(source, {})
        : await instantiate<Record<string, unknown>>(source, {});
    compiled = result.module;
    installCore(result.exports);
    const worker = options.worker === undefined ? new URL('./worker.js', import.meta.url) : options.worker;
    workerUrl = worker === null ? null : new URL(worker, import.meta.url);
  })();
  return loading;
}

/** End the sweep workers (a later sweep starts new ones). */
export function closeWorkers(): void {
  pool?.terminate();
  pool = null;
}

/** A turn of the event loop without setTimeout's 4 ms clamp: a message to ourselves. */
const channel = typeof MessageChannel === 'undefined' ? null : new MessageChannel();
const turns: (() => void)[] = [];
if (channel) channel.port1.onmessage = () => turns.shift()?.();

function cores(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return n && n > 0 ? n : 2;
}

/** The browser platform (installed on import). */
export const browserPlatform: Platform = Object.freeze({
  name: 'browser',
  instantiateCore(): unknown {
    throw new Error('hdfe: the WebAssembly core is not loaded yet; await init() (window.hdfe.init() in the page) before fitting');
  },
  distributions: () => ({ tCdf, tQuantile, betainc, gammainc, gammaln }),
  // Without a worker script (or before init), every sweep runs in this thread.
  cores: () => (workerUrl && compiled ? cores() : 1),
  runner(threads: number) {
    if (!compiled || !workerUrl) throw new Error('hdfe: no sweep workers; await init() with a worker script first');
    if (!pool) {
      const url = workerUrl;
      pool = new WebWorkerRunner(() => new Worker(url, { type: 'module' }), compiled, threads);
    }
    pool.grow(threads);
    return pool;
  },
  runnerStarted: () => pool !== null,
  yieldNow: () => new Promise<void>((resolve) => {
    if (!channel) { setTimeout(resolve, 0); return; }
    turns.push(resolve);
    channel.port2.postMessage(null);
  }),
});

setPlatform(browserPlatform);

export { coreReady };
