// Managed typed arrays that JavaScript pins and views without copying. Kernels then take the arrays'
// data pointers, so a kernel can work on a column or a block of rows as well as on a whole array.

/** A new zeroed Float64Array of n elements (caller pins it). */
export function newF64(n: i32): Float64Array {
  return new Float64Array(n);
}

/** A new zeroed Int32Array of n elements (caller pins it). */
export function newI32(n: i32): Int32Array {
  return new Int32Array(n);
}

/** Address of the first element of a typed array. */
export function dataStart(view: ArrayBufferView): usize {
  return view.dataStart;
}

/** A new zeroed Uint8Array of n bytes (caller pins it). */
export function newU8(n: i32): Uint8Array {
  return new Uint8Array(n);
}
