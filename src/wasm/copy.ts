/**
 * Copies between JavaScript typed arrays and WebAssembly memory. V8's TypedArray.prototype.set and slice
 * copy into or out of a WebAssembly.Memory buffer element by element (measured at about 0.2 GB/s: 0.4 s for
 * 10^7 doubles), while a byte copy between two Uint8Array views of Node's Buffer is a memcpy (5-7 GB/s).
 * Without Node's Buffer (a browser), an element loop, which V8 optimises to about 2.5 GB/s, does the copy.
 */

type Typed = Float64Array | Int32Array | Uint8Array;

interface NodeBufferLike {
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): { copy(target: Uint8Array, targetStart: number): number };
}
const NodeBuffer = (globalThis as unknown as { Buffer?: NodeBufferLike }).Buffer;

function loopCopy(dst: Typed, at: number, src: Typed): void {
  for (let i = 0; i < src.length; i++) dst[at + i] = src[i];
}

/**
 * dst[at .. at + src.length) = src, for arrays of the same element type, either side in WebAssembly memory.
 * @example
 * copyElements(wasmView, 0, jsCodes); // fills the start of a WebAssembly buffer
 */
export function copyElements<T extends Typed>(dst: T, at: number, src: T): void {
  if (src.length === 0) return;
  if (!NodeBuffer) { loopCopy(dst, at, src); return; }
  const size = src.BYTES_PER_ELEMENT;
  const from = NodeBuffer.from(src.buffer, src.byteOffset, src.length * size);
  from.copy(new Uint8Array(dst.buffer, dst.byteOffset + at * size, src.length * size), 0);
}

/**
 * A JavaScript-owned copy of `src` (typically a view of WebAssembly memory, which the next allocation may
 * detach).
 * @example
 * const residuals = copyOut(e.view());
 */
export function copyOut<T extends Typed>(src: T): T {
  const out = new (src.constructor as new (n: number) => T)(src.length);
  copyElements(out, 0, src);
  return out;
}
