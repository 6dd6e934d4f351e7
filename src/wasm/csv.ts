/**
 * The delimited-text kernel (assembly/csv.ts) seen from JavaScript: one block buffer, the output blocks and
 * the level dictionaries in WebAssembly memory, read through fresh views after every call (a call may grow
 * the memory and detach older views).
 */
import { core, type Core } from './module.js';

/** What a column becomes; the numbers are the kernel's. */
export const CSV_KIND = { skip: 0, number: 1, factor: 2, both: 3, detect: 4 } as const;
/** Kernel outcomes (csvStatus). */
export const CSV_STATUS = {
  done: 0, full: 1, incomplete: 2, notNumeric: 3, outOfRange: 4, tooFew: 5, tooMany: 6, badQuote: 7,
} as const;

/** Bytes past the end of a block the kernel may read (one SIMD vector, rounded up). */
const PADDING = 64;
const POW5_ENTRIES = 651;

let pow5Installed = false;

/**
 * 5^q for q = -342..308 as 128-bit truncated values, high word first (the Eisel-Lemire table; the same
 * construction as Lemire's fast_float generator). Built once per thread with BigInt and kept pinned.
 */
function installPow5(c: Core): void {
  if (pow5Installed) return;
  const obj = c.__pin(c.newF64(POW5_ENTRIES * 2));
  const ptr = c.dataStart(obj) >>> 0;
  const table = new BigUint64Array(c.memory.buffer, ptr, POW5_ENTRIES * 2);
  const one128 = 1n << 128n;
  const mask64 = (1n << 64n) - 1n;
  for (let q = -342; q <= 308; q++) {
    let v: bigint;
    if (q < 0) {
      const p5 = 5n ** BigInt(-q);
      const z = BigInt(p5.toString(2).length);
      v = (1n << (q >= -27 ? z + 127n : 2n * z + 128n)) / p5 + 1n;
      while (v >= one128) v >>= 1n;
    } else {
      v = 5n ** BigInt(q);
      while (v < 1n << 127n) v <<= 1n;
      while (v >= one128) v >>= 1n;
    }
    const i = (q + 342) * 2;
    table[i] = v >> 64n;
    table[i + 1] = v & mask64;
  }
  c.setPow5Table(ptr);
  pow5Installed = true;
}

/** Per column: kind, numeric output slot, factor output slot (-1 where unused). */
export interface CsvPlan {
  readonly kinds: Int32Array;
  readonly numSlot: Int32Array;
  readonly facSlot: Int32Array;
  readonly nNum: number;
  readonly nFac: number;
}

/**
 * One read's kernel state. `block` is the byte buffer the host fills; `configure` sets the columns once the
 * header is known; `parse` turns whole records into the output blocks.
 * @example
 * const k = new CsvKernel(1 << 20); // fill k.block(), then k.configure(plan, 44, 65536) and k.parse(0, end)
 */
export class CsvKernel {
  private readonly c: Core;
  private readonly pinned: number[] = [];
  private readonly blockPtr: number;
  private numPtr = 0;
  private facPtr = 0;
  private capacity = 0;
  private columns = 0;
  readonly blockBytes: number;

  constructor(blockBytes: number) {
    this.c = core();
    installPow5(this.c);
    this.blockBytes = blockBytes;
    this.blockPtr = this.pin(this.c.newU8(blockBytes + PADDING));
  }

  private pin(obj: number): number {
    this.pinned.push(this.c.__pin(obj));
    return this.c.dataStart(obj) >>> 0;
  }

  /** The block buffer (blockBytes usable bytes). */
  block(): Uint8Array {
    return new Uint8Array(this.c.memory.buffer, this.blockPtr, this.blockBytes + PADDING);
  }

  configure(plan: CsvPlan, delimiter: number, capacity: number): void {
    const c = this.c;
    const n = plan.kinds.length;
    this.columns = n;
    this.capacity = capacity;
    const planPtr = this.pin(c.newI32(3 * n));
    this.numPtr = this.pin(c.newF64(Math.max(1, plan.nNum * capacity)));
    this.facPtr = this.pin(c.newI32(Math.max(1, plan.nFac * capacity)));
    const view = new Int32Array(c.memory.buffer, planPtr, 3 * n);
    view.set(plan.kinds, 0);
    view.set(plan.numSlot, n);
    view.set(plan.facSlot, 2 * n);
    c.csvConfigure(n, planPtr, delimiter, capacity, this.numPtr, this.facPtr, plan.nFac);
  }

  setLine(line: number): void { this.c.csvSetLine(line); }
  /** Rows parsed from block[start, end), or -1 on an error. */
  parse(start: number, end: number): number { return this.c.csvParse(this.blockPtr, start, end); }
  status(): number { return this.c.csvStatus(); }
  consumed(): number { return this.c.csvConsumed(); }
  line(): number { return this.c.csvLine(); }
  error(): { column: number; start: number; length: number; line: number } {
    const c = this.c;
    return { column: c.csvErrorColumn(), start: c.csvErrorStart(), length: c.csvErrorLength(), line: c.csvErrorLine() };
  }

  /** Numeric slot s of the last call's rows. */
  numbers(slot: number, rows: number): Float64Array {
    return new Float64Array(this.c.memory.buffer, this.numPtr + 8 * slot * this.capacity, rows);
  }

  /** Factor slot s of the last call's rows. */
  codes(slot: number, rows: number): Int32Array {
    return new Int32Array(this.c.memory.buffer, this.facPtr + 4 * slot * this.capacity, rows);
  }

  /** (row, numeric slot, byte offset, length) of the fields the host must parse exactly. */
  fallback(): Int32Array {
    const c = this.c;
    return new Int32Array(c.memory.buffer, c.csvFallback() >>> 0, 4 * c.csvFallbackCount());
  }

  missing(): Int32Array {
    return new Int32Array(this.c.memory.buffer, this.c.csvMissing() >>> 0, this.columns).slice();
  }

  textSeen(): Int32Array {
    return new Int32Array(this.c.memory.buffer, this.c.csvTextSeen() >>> 0, this.columns).slice();
  }

  /** The levels of factor slot s, in code order, as raw bytes decoded by `decode`. */
  levels(slot: number, decode: (bytes: Uint8Array) => string): string[] {
    const c = this.c;
    const size = c.csvLevels(slot);
    const buffer = c.memory.buffer;
    const bytes = new Uint8Array(buffer, c.csvLevelBytes(slot) >>> 0);
    const offsets = new Int32Array(buffer, c.csvLevelOffsets(slot) >>> 0, size);
    const lengths = new Int32Array(buffer, c.csvLevelLengths(slot) >>> 0, size);
    const out = new Array<string>(size);
    for (let i = 0; i < size; i++) out[i] = decode(bytes.subarray(offsets[i], offsets[i] + lengths[i]));
    return out;
  }

  /** Unpin everything; the module's collector reuses the memory. */
  release(): void {
    for (const p of this.pinned) this.c.__unpin(p);
    this.pinned.length = 0;
    this.c.__collect();
  }
}
