/**
 * The delimited-text kernel (assembly/csv.ts) seen from JavaScript: one block buffer, the output blocks and
 * the level dictionaries in WebAssembly memory, read through fresh views after every call (a call may grow
 * the memory and detach older views).
 */
import { core, type Core } from './module.js';

/** What a column becomes; the numbers are the kernel's. */
export const CSV_KIND = { skip: 0, number: 1, factor: 2, detect: 4 } as const;
/** Kernel outcomes (csvStatus). */
export const CSV_STATUS = {
  done: 0, full: 1, incomplete: 2, notNumeric: 3, outOfRange: 4, tooFew: 5, tooMany: 6, badQuote: 7,
} as const;

/** Bytes past the end of a block the kernel may read (one SIMD vector, rounded up). */
const PADDING = 64;

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
