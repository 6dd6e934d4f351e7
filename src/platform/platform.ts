/**
 * What differs between Node and a browser page, behind one small interface: how the WebAssembly core is
 * instantiated, where the distribution functions come from, how many workers a sweep gets and who runs its
 * chunks, and how a loop in this thread lets the event loop run. File access is not here: each entry point
 * turns its inputs into bytes or a ByteSource (src/platform/node/files.ts, src/platform/browser/files.ts).
 *
 * The implementation is chosen once, at the entry point: src/index.ts, the CLI and the Piscina worker import
 * src/platform/node/index.js; the page and the browser library import src/platform/browser/index.js. The
 * kernels and the estimation code ask `platform()` and never test which one they have.
 */
import type tCdfFn from '@stdlib/stats-base-dists-t-cdf';
import type tQuantileFn from '@stdlib/stats-base-dists-t-quantile';
import type betaincFn from '@stdlib/math-base-special-betainc';
import type gammaincFn from '@stdlib/math-base-special-gammainc';
import type gammalnFn from '@stdlib/math-base-special-gammaln';
import type { TaskMessage, TaskReply } from '../parallel/task-message.js';

/** The @stdlib functions behind every p-value and critical value (src/estimate/inference.ts). */
export interface Distributions {
  tCdf: typeof tCdfFn;
  tQuantile: typeof tQuantileFn;
  betainc: typeof betaincFn;
  gammainc: typeof gammaincFn;
  gammaln: typeof gammalnFn;
}

/** Runs one chunk of a sweep on some worker: Piscina in Node, a module Web Worker in a page. */
export interface ChunkRunner {
  run(message: TaskMessage): Promise<TaskReply>;
}

export interface Platform {
  readonly name: 'node' | 'browser';
  /**
   * The WebAssembly core's exports (with @assemblyscript/loader's helpers), instantiated synchronously on
   * first use. Node reads the file; a page instantiates it up front and asynchronously (Chromium refuses to
   * compile a module over 4 KB synchronously on the main thread), so there this only reports that it is missing.
   */
  instantiateCore(): unknown;
  distributions(): Distributions;
  /** Workers a sweep uses when none is asked for. */
  cores(): number;
  /** A runner with room for at least `threads` workers (started on demand). */
  runner(threads: number): ChunkRunner;
  /** True once a runner exists: a small sweep then goes to it rather than to this thread. */
  runnerStarted(): boolean;
  /** Let the event loop run once (abort signals, progress) between chunks computed in this thread. */
  yieldNow(): Promise<void>;
}

let current: Platform | null = null;

/** Install the platform (the entry point does it once, on import). */
export function setPlatform(p: Platform): void {
  current = p;
}

/** The installed platform. */
export function platform(): Platform {
  if (!current) {
    throw new Error("hdfe: no platform is set; import hdfe from its package entry ('hdfe' in Node, the browser build in a page) " +
      'rather than a file inside it');
  }
  return current;
}
