/**
 * Pinned typed arrays in WebAssembly memory, viewed from JavaScript without copying.
 *
 * Allocate everything a computation needs first, then take views: growing the memory detaches older views,
 * so `view()` makes a fresh one each call (cheap). `release()` unpins all and lets the module's collector
 * reuse the memory.
 */
import { DataError } from '../errors.js';
import { core, type Core } from './module.js';

/** wasm32 addresses 4 GiB; the runtime's largest single block is just under 1 GiB. */
const MEMORY_LIMIT_BYTES = 4 * 1024 ** 3;
const BLOCK_LIMIT_BYTES = 2 ** 30 - 64;

/** A pinned array in module memory: `data` is the address kernels take. */
export interface Buffer<T extends Float64Array | Int32Array> {
  readonly length: number;
  readonly data: number;
  view(): T;
}

/**
 * Typed arrays in WebAssembly memory for one computation; `release()` frees them all.
 * @example
 * const arena = new Arena();
 * try { const x = arena.f64(1000); x.view().fill(1); } finally { arena.release(); }
 */
export class Arena {
  private readonly pinned: number[] = [];
  readonly core: Core;

  constructor() {
    this.core = core();
  }

  /** Fail early, in words, when a computation would not fit in wasm32 memory. */
  static assertFits(totalBytes: number, largestBytes: number, what: string): void {
    const gib = (b: number) => (b / 1024 ** 3).toFixed(2) + ' GiB';
    if (totalBytes > MEMORY_LIMIT_BYTES * 0.95) {
      throw new DataError(
        `${what} needs about ${gib(totalBytes)} of WebAssembly memory, more than the 4 GiB wasm32 can address; ` +
          'use fewer rows or columns (or split the sample)');
    }
    if (largestBytes > BLOCK_LIMIT_BYTES) {
      throw new DataError(
        `${what} needs one array of ${gib(largestBytes)}, more than the 1 GiB the WebAssembly runtime allows per block; ` +
          'use fewer rows or columns');
    }
  }

  f64(length: number): Buffer<Float64Array> {
    const c = this.core;
    const obj = c.__pin(c.newF64(Math.max(length, 1)));
    this.pinned.push(obj);
    return { length, data: c.dataStart(obj) >>> 0, view: () => c.__getFloat64ArrayView(obj).subarray(0, length) };
  }

  i32(length: number): Buffer<Int32Array> {
    const c = this.core;
    const obj = c.__pin(c.newI32(Math.max(length, 1)));
    this.pinned.push(obj);
    return { length, data: c.dataStart(obj) >>> 0, view: () => c.__getInt32ArrayView(obj).subarray(0, length) };
  }

  release(): void {
    const c = this.core;
    for (const p of this.pinned) c.__unpin(p);
    this.pinned.length = 0;
    c.__collect();
  }
}
