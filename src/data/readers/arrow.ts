/**
 * Arrow IPC (file or stream format, Feather v2) to typed columns, with flechette. A Float64 column without
 * nulls in one record batch is handed back as a view of the file's bytes; dictionary-encoded text becomes
 * factor codes straight from the dictionary indices, one string per dictionary entry, none per row.
 * The column helpers the Parquet reader shares (selection, levels, numeric factors, messages) live here too.
 */
import { tableFromIPC, Type, type Column, type DataType, type Table } from '@uwdata/flechette';
import { DataError } from '../../errors.js';
import { oneOf } from '../../estimate/options.js';
import { assertColumn } from '../columns.js';
import { factorColumn, type FactorColumn } from '../factor-column.js';
import type { ColumnRole, LoadedColumn, LoadedData, ReadOptions } from './types.js';

const ROLES: readonly ColumnRole[] = ['number', 'factor', 'both'];

// ---- Shared with the Parquet reader ----

/** The columns to read, in file order, each with its role (null: no select, the column's type decides). */
export function columnsToRead(names: readonly string[], options: ReadOptions | undefined, where: string, format: string):
  { name: string; role: ColumnRole | null }[] {
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const prior = seen.get(name);
    if (prior !== undefined && (!options?.select || Object.hasOwn(options.select, name))) {
      throw new DataError(`${where}: the ${format} file names column '${name}' twice (columns ${prior + 1} and ${i + 1}); rename one of them`);
    }
    seen.set(name, i);
  });
  const select = options?.select;
  if (!select) return names.map((name) => ({ name, role: null }));
  const known = { names, n: 0, column: () => [] };
  for (const name of Object.keys(select)) {
    assertColumn(known, name, 'selected');
    oneOf(`the role of column '${name}'`, select[name], ROLES);
  }
  return names.filter((name) => Object.hasOwn(select, name)).map((name) => ({ name, role: select[name] }));
}

/** Text levels in order of first appearance; code(label) gives a label's code, adding it when new. */
export class Levels {
  private readonly index = new Map<string, number>();
  readonly labels: string[] = [];
  code(label: string): number {
    let code = this.index.get(label);
    if (code === undefined) { code = this.labels.length; this.index.set(label, code); this.labels.push(label); }
    return code;
  }
}

/**
 * Numbers as factor codes in order of first appearance (NaN: missing), labels String(x). Integers within a
 * range of a few times n index a table directly; anything else goes through a Map.
 */
export function factorNumbers(values: Float64Array): FactorColumn {
  const n = values.length;
  let min = Infinity, max = -Infinity, integers = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    if (integers && v !== Math.floor(v)) integers = false;
  }
  const codes = new Int32Array(n);
  const labels: string[] = [];
  if (integers && max - min <= 4 * n + 1024) {
    const table = new Int32Array(max >= min ? max - min + 1 : 0).fill(-1);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v !== v) { codes[i] = -1; continue; }
      let code = table[v - min];
      if (code < 0) { code = table[v - min] = labels.length; labels.push(String(v)); }
      codes[i] = code;
    }
  } else {
    const index = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v !== v) { codes[i] = -1; continue; }
      let code = index.get(v);
      if (code === undefined) { code = labels.length; index.set(v, code); labels.push(String(v)); }
      codes[i] = code;
    }
  }
  return factorColumn(codes, labels);
}

/**
 * Exact doubles from 64-bit integers read as two 32-bit words (no BigInt per value); rows whose validity bit
 * is 0 become NaN. Returns the index of the first valid value beyond +-2^53 (where doubles start skipping
 * integers), or -1 when all fit.
 */
export function int64ToFloat64(values: BigInt64Array | BigUint64Array, valid: Uint8Array | null, out: Float64Array, at: number): number {
  const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  const signed = values instanceof BigInt64Array;
  for (let i = 0; i < values.length; i++) {
    if (valid !== null && (valid[i >> 3] & (1 << (i & 7))) === 0) { out[at + i] = NaN; continue; }
    const lo = words[2 * i] >>> 0, hi = words[2 * i + 1];
    const top = signed ? hi : hi >>> 0;
    if ((top >= 0x200000 && !(top === 0x200000 && lo === 0)) || top < -0x200000) return i;
    out[at + i] = top * 4294967296 + lo;
  }
  return -1;
}

/** The error for a text column used as a number. `row` is 0-based. */
export function textAsNumber(name: string, format: string, where: string, row: number, text: string): DataError {
  return new DataError(`column '${name}' is used as a number but holds text in the ${format} file ${where} (row ${row + 1} holds ` +
    `${JSON.stringify(text)}); convert it to numbers before writing the file, or use '${name}' as a factor (i(${name})) ` +
    `or a fixed effect (| ${name})`);
}

/** The error for a 64-bit integer a double cannot hold exactly, used as a number; `at` says where ('row 5'). */
export function unsafeInteger(name: string, format: string, where: string, at: string, value: bigint): DataError {
  return new DataError(`column '${name}' in the ${format} file ${where} holds ${value} at ${at}, beyond the integers a ` +
    `double holds exactly (+-2^53); use '${name}' as a factor or fixed effect (ids keep every digit there), or rescale it`);
}

/** The error for bytes the library cannot read at all. */
export function unreadable(where: string, format: string, what: string, err: unknown): DataError {
  const message = err instanceof Error ? err.message : String(err);
  return new DataError(`cannot read ${where} as ${format}: the file is truncated or not ${what} (${message}); check the file or pass --format`);
}

/** The error for a corrupt dictionary index (wrapped by the readers with the column and the file). `row` is 0-based. */
export function badIndex(k: number | bigint, row: number, size: number): Error {
  return new Error(`dictionary index ${k} at row ${row + 1} is beyond the dictionary's ${size} entries`);
}

/** Missing values of a loaded column: NaN numbers, -1 codes. */
export function countMissing(col: LoadedColumn): number {
  let miss = 0;
  if (col instanceof Float64Array) { for (let i = 0; i < col.length; i++) if (col[i] !== col[i]) miss++; }
  else for (let i = 0; i < col.codes.length; i++) if (col.codes[i] < 0) miss++;
  return miss;
}

// ---- Arrow ----

const MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // 'ARROW1', at both ends of the IPC file format

/** The fields of a flechette batch this reader uses (dictionary batches add `cache`). */
interface RawBatch {
  readonly type: DataType;
  readonly length: number;
  readonly nullCount: number;
  readonly validity: Uint8Array;
  readonly values: ArrayLike<number | bigint> & { readonly buffer: ArrayBufferLike; readonly byteOffset: number };
  readonly cache?: ArrayLike<unknown>;
  at(index: number): unknown;
}

const typeName = (type: DataType): string => {
  const name = Object.keys(Type).find((k) => Type[k as keyof typeof Type] === type.typeId) ?? `type ${type.typeId}`;
  return type.typeId === Type.Dictionary ? `Dictionary<${typeName(type.dictionary)}>` : name;
};

const NUMERIC = new Set<number>([Type.Null, Type.Int, Type.Float, Type.Bool, Type.Decimal, Type.Date, Type.Time, Type.Timestamp, Type.Duration]);
const TEXT = new Set<number>([Type.Utf8, Type.LargeUtf8, Type.Utf8View]);

/** 'number' or 'text' for the types this reader converts, null for the others (lists, structs, binary...). */
function kindOf(type: DataType): 'number' | 'text' | null {
  const values = type.typeId === Type.Dictionary ? type.dictionary : type;
  return NUMERIC.has(values.typeId) ? 'number' : TEXT.has(values.typeId) ? 'text' : null;
}

const validity = (b: RawBatch): Uint8Array | null => (b.nullCount > 0 && b.validity?.length ? b.validity : null);
const isNull = (valid: Uint8Array | null, i: number) => valid !== null && (valid[i >> 3] & (1 << (i & 7))) === 0;

/**
 * A numeric column as doubles, NaN for nulls. A single Float64 batch without nulls is returned as is: a view
 * of the file's bytes. Returns the row and value of the first 64-bit integer beyond +-2^53 instead, if any.
 */
function numbers(col: Column<unknown>, n: number): Float64Array | { unsafe: number; value: bigint } {
  const batches = col.data as unknown as readonly RawBatch[];
  const first = batches[0];
  if (batches.length === 1 && first.values instanceof Float64Array && first.type.typeId === Type.Float && first.nullCount === 0) {
    return first.values;
  }
  const out = new Float64Array(n);
  let at = 0;
  for (const b of batches) {
    const valid = validity(b);
    const { values } = b;
    const { typeId } = b.type;
    const int64 = values instanceof BigInt64Array || values instanceof BigUint64Array;
    if (typeId === Type.Dictionary) {
      const dict = b.cache as ArrayLike<unknown>;
      for (let i = 0; i < b.length; i++) {
        if (isNull(valid, i)) { out[at + i] = NaN; continue; }
        if (!(values[i] < dict.length)) throw badIndex(values[i], at + i, dict.length);
        const v = dict[values[i] as number];
        out[at + i] = v === null ? NaN : Number(v);
      }
    } else if (int64 && typeId !== Type.Timestamp && typeId !== Type.Decimal) {
      // Int64, Uint64, Time64, Duration, Date64 (ms): their raw values, exactly or not at all
      const bad = int64ToFloat64(values, valid, out, at);
      if (bad >= 0) return { unsafe: at + bad, value: values[bad] as bigint };
    } else if ((typeId === Type.Int || typeId === Type.Float) && !int64 && !(values instanceof Uint16Array && typeId === Type.Float)) {
      out.set(values as ArrayLike<number>, at); // Int8..Int32, Uint8..Uint32, Float32, Float64: converted by the copy
      if (valid !== null) for (let i = 0; i < b.length; i++) if (isNull(valid, i)) out[at + i] = NaN;
    } else {
      // Bool, Decimal, Date, Time, Timestamp, Float16, Null: flechette's own value conversion (dates in ms)
      for (let i = 0; i < b.length; i++) {
        const v = b.at(i);
        out[at + i] = v === null || v === undefined ? NaN : Number(v);
      }
    }
    at += b.length;
  }
  return out;
}

/** Text (plain or dictionary-encoded) or a numeric dictionary as factor codes, labels in order of first appearance. */
function dictionaryOrText(col: Column<unknown>, n: number): FactorColumn {
  const codes = new Int32Array(n);
  const levels = new Levels();
  const remaps = new Map<unknown, Int32Array>();
  let at = 0;
  for (const b of col.data as unknown as readonly RawBatch[]) {
    const valid = validity(b);
    if (b.type.typeId === Type.Dictionary) {
      // Dictionary index -> code, filled on first use: batches sharing a dictionary share the table.
      const dict = b.cache as ArrayLike<unknown>;
      let remap = remaps.get(dict);
      if (!remap) { remap = new Int32Array(dict.length).fill(-2); remaps.set(dict, remap); }
      const keys = b.values as ArrayLike<number>;
      for (let i = 0; i < b.length; i++) {
        if (isNull(valid, i)) { codes[at + i] = -1; continue; }
        const k = keys[i];
        let code = remap[k];
        if (code === -2) {
          const v = dict[k];
          code = remap[k] = v === null ? -1 : levels.code(typeof v === 'string' ? v : String(v));
        } else if (code === undefined) {
          throw badIndex(k, at + i, dict.length);
        }
        codes[at + i] = code;
      }
    } else {
      for (let i = 0; i < b.length; i++) {
        const v = b.at(i);
        codes[at + i] = v === null ? -1 : levels.code(v as string);
      }
    }
    at += b.length;
  }
  return factorColumn(codes, levels.labels);
}

/** 64-bit integers with values beyond 2^53 as factor codes, exactly (labels are the decimal digits). */
function bigintFactor(col: Column<unknown>, n: number): FactorColumn {
  const codes = new Int32Array(n);
  const levels = new Levels();
  let at = 0;
  for (const b of col.data as unknown as readonly RawBatch[]) {
    const valid = validity(b);
    const values = b.values as ArrayLike<bigint>;
    for (let i = 0; i < b.length; i++) codes[at + i] = isNull(valid, i) ? -1 : levels.code(String(values[i]));
    at += b.length;
  }
  return factorColumn(codes, levels.labels);
}

/** The first non-null value of a text column, for the error message. */
function firstText(col: Column<unknown>): { row: number; text: string } | null {
  let at = 0;
  for (const b of col.data as unknown as readonly RawBatch[]) {
    for (let i = 0; i < b.length; i++) {
      const v = b.at(i);
      if (v !== null) return { row: at + i, text: String(v) };
    }
    at += b.length;
  }
  return null;
}

function convert(col: Column<unknown>, name: string, role: ColumnRole | null, n: number, where: string): LoadedColumn {
  const kind = kindOf(col.type);
  if (kind === null) {
    throw new DataError(`column '${name}' in the Arrow file ${where} has type ${typeName(col.type)}, which is neither a number ` +
      `nor text; leave it out (select only the columns the model uses) or convert it before writing the file`);
  }
  if (kind === 'text') {
    if (role === 'factor' || role === null) return dictionaryOrText(col, n);
    const first = firstText(col);
    if (first === null) return new Float64Array(n).fill(NaN); // all null: no text to complain about
    throw textAsNumber(name, 'Arrow', where, first.row, first.text);
  }
  if (role === 'factor' && col.type.typeId === Type.Dictionary) return dictionaryOrText(col, n);
  const nums = numbers(col, n);
  if (!(nums instanceof Float64Array)) {
    if (role === 'factor' || role === null) return bigintFactor(col, n); // ids beyond 2^53: keep every digit
    throw unsafeInteger(name, 'Arrow', where, `row ${nums.unsafe + 1}`, nums.value);
  }
  return role === 'factor' ? factorNumbers(nums) : nums;
}

function decode(bytes: Uint8Array, where: string): Table {
  const file = MAGIC.every((b, i) => bytes[i] === b);
  if (file && !MAGIC.every((b, i) => bytes[bytes.length - MAGIC.length + i] === b)) {
    throw unreadable(where, 'Arrow', 'Arrow IPC', new Error('the file starts with ARROW1 but does not end with it'));
  }
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/compression codec/i.test(message)) {
      throw new DataError(`cannot read ${where}: its Arrow buffers are compressed (${message}), which this reader does not decode; ` +
        `write the file uncompressed (pyarrow: feather.write_feather(df, path, compression='uncompressed'); ` +
        `R: arrow::write_feather(df, path, compression = 'uncompressed'))`);
    }
    throw unreadable(where, 'Arrow', 'Arrow IPC', err);
  }
  if (table.names.length === 0) throw unreadable(where, 'Arrow', 'Arrow IPC', new Error('no schema with columns found'));
  return table;
}

/**
 * Read Arrow IPC bytes (file or stream format, Feather v2) into typed columns.
 *
 * Numbers (ints, floats, decimals, booleans as 0/1, dates and timestamps as milliseconds since 1970, times and
 * durations in their unit) become Float64Array with NaN for null; NaN values count as missing too. Text and
 * dictionaries become factor codes with levels in order of first appearance. With `options.select` only
 * those columns are converted; role 'factor' turns numbers into codes (labels String(x)), role 'number' or
 * 'both' on text is a DataError. A 64-bit integer column holding values beyond +-2^53 (ids) is read as a
 * factor whose labels keep every digit, and is a DataError as a number. Nested and binary columns are a
 * DataError when read, and so are LZ4- or ZSTD-compressed buffers unless a codec is registered with
 * flechette's setCompressionCodec. A Float64 column without nulls in a single record batch is a view of
 * `bytes`, not a copy: do not reuse the bytes' buffer while the result is in use.
 *
 * @param bytes the file's contents
 * @param where how the source is named in messages: `'data.arrow'` (quoted) or `standard input`
 * @example
 * const data = readArrow(readFileSync('panel.arrow'), "'panel.arrow'", { select: { y: 'number', firm: 'factor' } });
 * data.columns.y;        // Float64Array
 * data.columns.firm;     // { kind: 'factor', codes: Int32Array, labels: [...] }
 * data.missing.y;        // nulls and NaN in y
 */
export function readArrow(bytes: Uint8Array, where: string, options?: ReadOptions): LoadedData {
  // flechette views the buffers in place, which typed arrays allow only at aligned offsets.
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const table = decode(aligned, where);
  const n = table.numRows;
  const columns: Record<string, LoadedColumn> = {};
  const missing: Record<string, number> = {};
  for (const { name, role } of columnsToRead(table.names, options, where, 'Arrow')) {
    const col = table.getChild(name);
    let loaded: LoadedColumn;
    try {
      loaded = convert(col, name, role, n, where);
    } catch (err) {
      if (err instanceof DataError) throw err;
      throw new DataError(`cannot convert column '${name}' (${typeName(col.type)}) of the Arrow file ${where}: ${(err as Error).message}`);
    }
    columns[name] = loaded;
    missing[name] = countMissing(loaded);
  }
  return { columns, n, missing };
}
