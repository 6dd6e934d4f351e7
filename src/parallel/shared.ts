/**
 * Columns in SharedArrayBuffers: copied once per sweep on the main thread, then seen by every worker
 * without a copy (posting a SharedArrayBuffer-backed array sends a handle).
 *
 * A worker must see exactly the values the main thread saw, because the data layer treats a Float64Array,
 * an Int32Array and an array of arbitrary values differently (fast paths, missing-value rules). So
 * Float64Array and all-number arrays become shared Float64Arrays, Int32Array stays Int32Array, and any other
 * column becomes codes into a dictionary of its distinct values (tagged, so strings, numbers, booleans, null
 * and undefined come back as they were), decoded once per worker.
 */
import type { ColumnSource, ColumnValues } from '../data/columns.js';
import { factorColumn, isFactorColumn } from '../data/factor-column.js';

/** One shared column. */
export type SharedColumn =
  | { readonly kind: 'f64'; readonly values: Float64Array } // [n]
  | { readonly kind: 'i32'; readonly values: Int32Array } // [n]
  | { readonly kind: 'dict'; readonly codes: Int32Array; readonly dictionary: Uint8Array } // codes [n]; UTF-8 JSON
  | { readonly kind: 'factor'; readonly codes: Int32Array; readonly labels: Uint8Array }; // a FactorColumn: codes [n]; labels as UTF-8 JSON

/** Named shared columns of equal length. */
export interface SharedTable {
  readonly n: number;
  readonly names: readonly string[];
  readonly columns: Readonly<Record<string, SharedColumn>>;
}

/**
 * A page that is not cross-origin isolated (a static host without the COOP/COEP headers `hdfe serve` sends)
 * has no SharedArrayBuffer: its columns go in plain buffers, which posting copies once per task. The values,
 * and so every result, are the same.
 */
const SharedBuffer: new (bytes: number) => ArrayBufferLike =
  (globalThis as { SharedArrayBuffer?: new (bytes: number) => ArrayBufferLike }).SharedArrayBuffer ?? ArrayBuffer;

/** A Float64Array of `length` in a fresh SharedArrayBuffer. */
export function sharedF64(length: number): Float64Array {
  return new Float64Array(new SharedBuffer(Math.max(1, length) * 8), 0, length);
}

/** An Int32Array of `length` in a fresh SharedArrayBuffer. */
export function sharedI32(length: number): Int32Array {
  return new Int32Array(new SharedBuffer(Math.max(1, length) * 4), 0, length);
}

/** A shared copy of a numeric array. */
export function shareF64(values: ArrayLike<number>): Float64Array {
  const out = sharedF64(values.length);
  out.set(values);
  return out;
}

/** A shared copy of an integer array. */
export function shareI32(values: ArrayLike<number>): Int32Array {
  const out = sharedI32(values.length);
  out.set(values);
  return out;
}

type Tagged = ['s', string] | ['n', string] | ['b', boolean] | ['g', string] | ['null'] | ['undef'];

function tag(v: unknown): Tagged {
  switch (typeof v) {
    case 'string': return ['s', v];
    case 'number': return ['n', String(v)]; // String keeps NaN, Infinity; -0 reads back as 0, as == does
    case 'boolean': return ['b', v];
    case 'bigint': return ['g', v.toString()];
    case 'undefined': return ['undef'];
    default:
      if (v === null) return ['null'];
      return ['s', String(v)]; // objects (dates): the data layer only ever reads them as text
  }
}

function untag(t: Tagged): unknown {
  switch (t[0]) {
    case 's': return t[1];
    case 'n': return Number(t[1]);
    case 'b': return t[1];
    case 'g': return BigInt(t[1]);
    case 'null': return null;
    default: return undefined;
  }
}

/** UTF-8 text in a fresh SharedArrayBuffer. */
function shareText(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  const shared = new Uint8Array(new SharedBuffer(Math.max(1, bytes.length)), 0, bytes.length);
  shared.set(bytes);
  return shared;
}

function shareColumn(col: ColumnValues): SharedColumn {
  if (isFactorColumn(col)) return { kind: 'factor', codes: shareI32(col.codes), labels: shareText(JSON.stringify(col.labels)) };
  if (col instanceof Float64Array) return { kind: 'f64', values: shareF64(col) };
  if (col instanceof Int32Array) return { kind: 'i32', values: shareI32(col) };
  const n = col.length;
  let numeric = true;
  for (let i = 0; i < n && numeric; i++) numeric = typeof col[i] === 'number';
  if (numeric) return { kind: 'f64', values: shareF64(col as ArrayLike<number>) };
  const codes = sharedI32(n);
  const index = new Map<unknown, number>();
  const dict: Tagged[] = [];
  for (let i = 0; i < n; i++) {
    const v = col[i];
    let c = index.get(v);
    if (c === undefined) { c = dict.length; index.set(v, c); dict.push(tag(v)); }
    codes[i] = c;
  }
  return { kind: 'dict', codes, dictionary: shareText(JSON.stringify(dict)) };
}

/**
 * Copy the named columns of `source` into shared memory.
 * @example
 * const table = shareColumns(columnSource(rows), ['y', 'x', 'firm']);
 */
export function shareColumns(source: ColumnSource, names: readonly string[]): SharedTable {
  const unique = [...new Set(names)];
  const columns: Record<string, SharedColumn> = {};
  for (const name of unique) columns[name] = shareColumn(source.column(name));
  return { n: source.n, names: unique, columns };
}

/** JSON text from shared bytes: browsers' TextDecoder refuses views of a SharedArrayBuffer, so those are copied first (dictionaries are small). */
function textOf(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice());
}

/** Decode one shared column to what the source held (arrays of values are rebuilt, numbers are shared). */
export function decodeColumn(col: SharedColumn): ColumnValues {
  if (col.kind === 'factor') return factorColumn(col.codes, JSON.parse(textOf(col.labels)) as string[]);
  if (col.kind !== 'dict') return col.values;
  const dict = (JSON.parse(textOf(col.dictionary)) as Tagged[]).map(untag);
  const out = new Array<unknown>(col.codes.length);
  for (let i = 0; i < out.length; i++) out[i] = dict[col.codes[i]];
  return out;
}

/**
 * A ColumnSource over a shared table, with some columns replaced (the permuted one, say). Dictionary
 * columns are decoded once, here.
 */
export function sharedSource(table: SharedTable, replaced: Readonly<Record<string, ArrayLike<unknown>>> = {}): ColumnSource {
  const cols: Record<string, ColumnValues> = {};
  for (const name of table.names) cols[name] = replaced[name] ?? decodeColumn(table.columns[name]);
  return { names: table.names, n: table.n, column: (name) => cols[name] };
}

type View = Exclude<ArrayBufferView, DataView>;

function isView(v: unknown): v is View {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/**
 * A deep copy of structured-clone data with every typed array copied into SharedArrayBuffers (`shared`), so
 * posting it to the pool sends handles, or into plain ArrayBuffers (V8's serializer refuses shared ones).
 * @example
 * const context = copyViews({ design, seed }, true);
 */
export function copyViews(value: unknown, shared: boolean, seen = new Map<unknown, unknown>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (isView(value)) {
    const Ctor = value.constructor as new (buffer: ArrayBufferLike) => View;
    const buffer = shared ? new SharedArrayBuffer(value.byteLength) : new ArrayBuffer(value.byteLength);
    new Uint8Array(buffer).set(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    const copy = new Ctor(buffer);
    seen.set(value, copy);
    return copy;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const v of value) out.push(copyViews(v, shared, seen));
    return out;
  }
  if (value instanceof Map) {
    const out = new Map();
    seen.set(value, out);
    for (const [k, v] of value) out.set(k, copyViews(v, shared, seen));
    return out;
  }
  if (value instanceof Set || value instanceof Date || value instanceof RegExp || value instanceof ArrayBuffer) return value;
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [k, v] of Object.entries(value)) out[k] = copyViews(v, shared, seen);
  return out;
}

