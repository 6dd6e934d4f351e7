/**
 * Parquet to typed columns with hyparquet's page decoders (pure JavaScript, so the browser reads Parquet
 * too). Pages are written straight into the output column: numbers into a Float64Array, definition levels
 * to NaN, dictionary pages into codes through one lookup per dictionary entry. hyparquet's row assembly
 * (a JavaScript array per column, grown value by value) is skipped: it costs more than the decoding itself
 * on nullable columns. Flat top-level columns only; nested ones are a DataError when read.
 */
import {
  parquetMetadata, parquetSchema,
  type ColumnChunk, type Compressors, type DecodedArray, type Encoding, type FileMetaData, type PageHeader, type SchemaTree,
} from 'hyparquet';
import { parquetHeader, readPage } from 'hyparquet/src/column.js';
import { DEFAULT_PARSERS, convert } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage } from 'hyparquet/src/datapage.js';
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { DataError } from '../../errors.js';
import { factorColumn, type FactorColumn } from '../factor-column.js';
import { Levels, badIndex, columnsToRead, countMissing, factorNumbers, int64ToFloat64, textAsNumber, unreadable, unsafeInteger } from './arrow.js';
import type { ColumnRole, LoadedColumn, LoadedData, ReadOptions } from './types.js';

/** Reader options for Parquet: the common ones plus decompressors beyond Snappy (e.g. from hyparquet-compressors). */
export interface ParquetReadOptions extends ReadOptions {
  /** Decompressors by codec name ('ZSTD', 'GZIP', 'BROTLI', 'LZ4', 'LZ4_RAW'); Snappy and uncompressed are built in. */
  readonly compressors?: Compressors;
}

type ColumnDecoder = Parameters<typeof convert>[1];

/** Dates and timestamps as milliseconds since 1970 (as the Arrow reader gives them), not Date objects. */
const PARSERS = {
  ...DEFAULT_PARSERS,
  timestampFromMilliseconds: (v: bigint) => Number(v),
  timestampFromMicroseconds: (v: bigint) => Number(v / 1000n) + Number(v % 1000n) / 1e3,
  timestampFromNanoseconds: (v: bigint) => Number(v / 1000000n) + Number(v % 1000000n) / 1e6,
  dateFromDays: (days: number) => days * 86400000,
};

const BUILT_IN_CODECS = new Set(['UNCOMPRESSED', 'SNAPPY']);
const TEXT = new Set(['UTF8', 'STRING', 'ENUM']);

/** 'number', 'text', or null (with the type's name) for a top-level schema node. */
function kindOf(node: SchemaTree): { kind: 'number' | 'text' | null; type: string } {
  const { type, converted_type: converted, logical_type: logical, repetition_type: repetition } = node.element;
  const annotation = logical?.type ?? converted;
  const name = `${type ?? 'group'}${annotation ? ` (${annotation})` : ''}`;
  if (node.children.length > 0 || repetition === 'REPEATED' || !type) return { kind: null, type: node.children.length ? `${name}, nested` : name };
  if (annotation === 'DECIMAL' || annotation === 'FLOAT16') return { kind: 'number', type: name };
  if (type === 'BYTE_ARRAY') return { kind: annotation === undefined || TEXT.has(annotation) ? 'text' : null, type: name };
  if (type === 'FIXED_LEN_BYTE_ARRAY' || annotation === 'INTERVAL') return { kind: null, type: name };
  return { kind: 'number', type: name };
}

/** Thrown by the number sink at a 64-bit integer beyond 2^53; caught per column. */
class Unsafe {
  constructor(readonly at: string, readonly value: bigint) {}
}

/** Where decoded pages go: one output column, rows in file order. */
interface Sink {
  dictionary(values: DecodedArray, row: number): void;
  /** `count` rows from `row`; `defs` null when every row has a value; `fromDictionary`: values are indices. */
  page(row: number, count: number, defs: Uint8Array | null, values: DecodedArray, fromDictionary: boolean): void;
}

const TWO_53 = 2n ** 53n;

/** Any decoded values as doubles; throws Unsafe for a 64-bit integer a double cannot hold exactly. */
function dense(values: DecodedArray, at: (j: number) => string): Float64Array {
  if (values instanceof Float64Array) return values;
  const out = new Float64Array(values.length);
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    const bad = int64ToFloat64(values, null, out, 0);
    if (bad >= 0) throw new Unsafe(at(bad), values[bad]);
  } else if (ArrayBuffer.isView(values)) {
    out.set(values);
  } else {
    for (let j = 0; j < values.length; j++) {
      const v = values[j];
      if (typeof v === 'bigint' && (v > TWO_53 || v < -TWO_53)) throw new Unsafe(at(j), v);
      out[j] = v === null || v === undefined ? NaN : Number(v);
    }
  }
  return out;
}

/** The output row of the j-th value in a page: values skip the rows whose definition level marks null. */
function rowOfValue(row: number, defs: Uint8Array | null, j: number): number {
  if (defs === null) return row + j;
  for (let r = 0, seen = 0; r < defs.length; r++) if (defs[r] === 1 && seen++ === j) return row + r;
  return row;
}

function numberSink(out: Float64Array): Sink {
  let dict: Float64Array = new Float64Array(0);
  return {
    dictionary(values, row) { dict = dense(values, () => `the row group from row ${row + 1} (in its dictionary)`); },
    page(row, count, defs, values, fromDictionary) {
      if (fromDictionary) {
        const keys = values as Int32Array;
        for (let r = 0, j = 0; r < count; r++) {
          if (defs !== null && defs[r] === 0) { out[row + r] = NaN; continue; }
          const k = keys[j++];
          if (!(k < dict.length)) throw badIndex(k, row + r, dict.length);
          out[row + r] = dict[k];
        }
        return;
      }
      const nums = dense(values, (j) => `row ${rowOfValue(row, defs, j) + 1}`);
      if (nums.length !== count - (defs === null ? 0 : nullsIn(defs))) {
        throw new Error(`a page from row ${row + 1} holds ${nums.length} values for ${count} rows`);
      }
      if (defs === null) { out.set(nums, row); return; }
      for (let r = 0, j = 0; r < count; r++) out[row + r] = defs[r] === 0 ? NaN : nums[j++];
    },
  };
}

const nullsIn = (defs: Uint8Array) => { let nulls = 0; for (let r = 0; r < defs.length; r++) nulls += defs[r] ^ 1; return nulls; };

/** Codes through Levels; dictionary entries are looked up once per column chunk, not once per row. */
function levelSink(codes: Int32Array, levels: Levels): Sink {
  let dict: DecodedArray = [];
  let remap = new Int32Array(0);
  const label = (v: unknown) => (typeof v === 'string' ? v : String(v));
  return {
    dictionary(values) { dict = values; remap = new Int32Array(values.length).fill(-1); },
    page(row, count, defs, values, fromDictionary) {
      let j = 0;
      if (fromDictionary) {
        const keys = values as Int32Array;
        for (let r = 0; r < count; r++) {
          if (defs !== null && defs[r] === 0) { codes[row + r] = -1; continue; }
          const k = keys[j++];
          let code = remap[k];
          if (code === undefined) throw badIndex(k, row + r, dict.length);
          if (code < 0) code = remap[k] = levels.code(label(dict[k]));
          codes[row + r] = code;
        }
      } else {
        for (let r = 0; r < count; r++) codes[row + r] = defs !== null && defs[r] === 0 ? -1 : levels.code(label(values[j++]));
      }
      if (j !== values.length) throw new Error(`a page from row ${row + 1} holds ${values.length} values for ${j} rows with values`);
    },
  };
}

interface Source {
  readonly where: string;
  readonly bytes: Uint8Array;
  readonly metadata: FileMetaData;
  readonly compressors: Compressors | undefined;
}

/**
 * One data page of a flat column: rows, definition levels (1: value, 0: null; null when no row is null) and
 * values, dictionary indices as an Int32Array. The levels and the indices are decoded here into typed arrays
 * (hyparquet's own decoders fill a JavaScript array per page, which costs more than the values themselves);
 * other encodings go to hyparquet's value decoder as if the column were required. Both page versions store
 * the levels before the values; version 2 keeps them uncompressed.
 */
function readData(page: Uint8Array, header: PageHeader, decoder: ColumnDecoder, optional: boolean):
  { count: number; defs: Uint8Array | null; values: DecodedArray; fromDictionary: boolean } | null {
  const view = (bytes: Uint8Array, offset: number) => ({ view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset });
  const levels = (bytes: Uint8Array, count: number, length?: number) => {
    const reader = view(bytes, 0);
    const defs = new Uint8Array(count);
    readRleBitPackedHybrid(reader, 1, defs, length);
    let nulls = 0;
    for (let r = 0; r < count; r++) nulls += defs[r] ^ 1;
    return { defs: nulls > 0 ? defs : null, nulls, end: reader.offset };
  };
  let count: number, nValues: number, encoding: Encoding, defs: Uint8Array | null = null, bytes: Uint8Array;
  if (header.type === 'DATA_PAGE' && header.data_page_header) {
    ({ num_values: count, encoding } = header.data_page_header);
    bytes = decompressPage(page, header.uncompressed_page_size, decoder.codec, decoder.compressors);
    nValues = count;
    if (optional) {
      const read = levels(bytes, count);
      ({ defs } = read);
      nValues -= read.nulls;
      bytes = bytes.subarray(read.end);
    }
  } else if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2) {
    const d2 = header.data_page_header_v2;
    ({ num_rows: count, encoding } = d2);
    nValues = d2.num_values - d2.num_nulls;
    if (optional && d2.num_nulls > 0) {
      defs = levels(page.subarray(d2.repetition_levels_byte_length), d2.num_values, d2.definition_levels_byte_length).defs;
    }
    const skip = d2.repetition_levels_byte_length + d2.definition_levels_byte_length;
    const size = header.uncompressed_page_size - skip;
    bytes = page.subarray(skip);
    if (d2.is_compressed !== false && size > 0) bytes = decompressPage(bytes, size, decoder.codec, decoder.compressors);
  } else return null;
  if (encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY') {
    const indices = new Int32Array(nValues);
    if (nValues > 0 && bytes[0] > 0) readRleBitPackedHybrid(view(bytes, 1), bytes[0], indices, bytes.length - 1);
    return { count, defs, values: indices, fromDictionary: true };
  }
  const required: ColumnDecoder = { ...decoder, element: { ...decoder.element, repetition_type: 'REQUIRED' } };
  required.schemaPath = [decoder.schemaPath[0], { ...decoder.schemaPath[1], element: required.element }];
  const daph = { num_values: nValues, encoding, definition_level_encoding: 'RLE', repetition_level_encoding: 'RLE' } as const;
  return { count, defs, values: convert(readDataPage(bytes, daph, required).dataPage, decoder), fromDictionary: false };
}

/** Decode every page of one column, row group by row group, into `sink`. */
function decodeColumn(src: Source, index: number, node: SchemaTree, root: SchemaTree, sink: Sink): void {
  const { bytes, metadata, compressors, where } = src;
  const optional = node.element.repetition_type === 'OPTIONAL';
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const rows = Number(group.num_rows);
    const chunk: ColumnChunk | undefined = group.columns[index];
    const meta = chunk?.meta_data;
    if (!meta || chunk.file_path || meta.path_in_schema.join('.') !== node.element.name) {
      const why = chunk?.file_path ? `in another file (${chunk.file_path})` : 'missing or encrypted';
      throw new Error(`its column chunk in the row group from row ${groupStart + 1} is ${why}`);
    }
    if (meta.type !== node.element.type) {
      throw new Error(`its type changes between row groups: ${node.element.type} in the schema, ${meta.type} in the row group ` +
        `from row ${groupStart + 1}`);
    }
    if (!BUILT_IN_CODECS.has(meta.codec) && !compressors?.[meta.codec]) {
      throw new DataError(`column '${node.element.name}' in the Parquet file ${where} is compressed with ${meta.codec}, which this ` +
        `reader decodes only with a decompressor passed in (options.compressors, e.g. from hyparquet-compressors); or write the ` +
        `file with Snappy (pyarrow's default; polars: df.write_parquet(path, compression='snappy'))`);
    }
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    const end = start + Number(meta.total_compressed_size);
    if (end > bytes.length) throw new Error(`its column chunk ends at byte ${end}, past the end of the file (${bytes.length} bytes)`);
    const reader = { view: new DataView(bytes.buffer, bytes.byteOffset + start, end - start), offset: 0 };
    const decoder: ColumnDecoder = {
      pathInSchema: meta.path_in_schema, type: meta.type, element: node.element, schemaPath: [root, node],
      codec: meta.codec, parsers: PARSERS, compressors, utf8: true,
    };
    let row = 0;
    while (row < rows && reader.offset < reader.view.byteLength) {
      const header = parquetHeader(reader);
      if (header.type === 'DICTIONARY_PAGE') {
        sink.dictionary(convert(readPage(reader, header, decoder, undefined, undefined, 0).data ?? [], decoder), groupStart);
        continue;
      }
      const page = new Uint8Array(reader.view.buffer, reader.view.byteOffset + reader.offset, header.compressed_page_size);
      reader.offset += header.compressed_page_size;
      const data = readData(page, header, decoder, optional);
      if (data === null) continue; // index pages
      const { count, defs, values, fromDictionary } = data;
      if (row + count > rows) throw new Error(`a page holds rows past the end of its row group (${rows} rows)`);
      sink.page(groupStart + row, count, defs, values, fromDictionary);
      row += count;
    }
    if (row !== rows) throw new Error(`its pages hold ${row} rows but the row group from row ${groupStart + 1} has ${rows}`);
    groupStart += rows;
  }
}

function firstLevel(col: FactorColumn): { row: number; text: string } | null {
  for (let i = 0; i < col.codes.length; i++) if (col.codes[i] >= 0) return { row: i, text: col.labels[col.codes[i]] };
  return null;
}

function convertColumn(src: Source, index: number, node: SchemaTree, root: SchemaTree, role: ColumnRole | null, n: number,
  where: string): LoadedColumn {
  const name = node.element.name;
  const { kind, type } = kindOf(node);
  if (kind === null) {
    throw new DataError(`column '${name}' in the Parquet file ${where} has type ${type}, which is neither a number nor text; ` +
      'leave it out (select only the columns the model uses) or convert it before writing the file');
  }
  const asLevels = (): FactorColumn => {
    const codes = new Int32Array(n);
    const levels = new Levels();
    decodeColumn(src, index, node, root, levelSink(codes, levels));
    return factorColumn(codes, levels.labels);
  };
  if (kind === 'text') {
    const factor = asLevels();
    if (role === 'factor' || role === null) return factor;
    const first = firstLevel(factor);
    if (first === null) return new Float64Array(n).fill(NaN); // all null: no text to complain about
    throw textAsNumber(name, 'Parquet', where, first.row, first.text);
  }
  const out = new Float64Array(n);
  try {
    decodeColumn(src, index, node, root, numberSink(out));
  } catch (err) {
    if (!(err instanceof Unsafe)) throw err;
    if (role === 'factor' || role === null) return asLevels(); // 64-bit ids beyond 2^53: labels keep every digit
    throw unsafeInteger(name, 'Parquet', where, err.at, err.value);
  }
  return role === 'factor' ? factorNumbers(out) : out;
}

/**
 * Read Parquet bytes into typed columns, synchronously.
 *
 * Numbers (ints, floats, decimals, booleans as 0/1, dates and timestamps as milliseconds since 1970) become
 * Float64Array with NaN for null; NaN values count as missing too. Text becomes factor codes with levels in
 * order of first appearance, dictionary pages decoded once per row group. With `options.select` only those
 * columns' pages are decoded; role 'factor' turns numbers into codes (labels String(x)), role 'number' or
 * 'both' on text is a DataError. A 64-bit integer column holding values beyond +-2^53 (ids) is read as a
 * factor whose labels keep every digit, and is a DataError as a number. Snappy and uncompressed files
 * are read as they are; other codecs need `options.compressors`. Nested columns are a DataError when read.
 *
 * @param bytes the file's contents
 * @param where how the source is named in messages: `'data.parquet'` (quoted) or `standard input`
 * @example
 * const data = readParquet(readFileSync('panel.parquet'), "'panel.parquet'", { select: { y: 'number', firm: 'factor' } });
 * data.columns.y;        // Float64Array
 * data.columns.firm;     // { kind: 'factor', codes: Int32Array, labels: [...] }
 * data.missing.y;        // nulls and NaN in y
 */
export function readParquet(bytes: Uint8Array, where: string, options?: ParquetReadOptions): LoadedData {
  let metadata: FileMetaData;
  let root: SchemaTree;
  try {
    metadata = parquetMetadata(bytes);
    root = parquetSchema(metadata);
  } catch (err) {
    throw unreadable(where, 'Parquet', 'Parquet', err);
  }
  const n = Number(metadata.num_rows);
  const groupRows = metadata.row_groups.reduce((sum, group) => sum + Number(group.num_rows), 0);
  if (groupRows !== n) throw unreadable(where, 'Parquet', 'Parquet', new Error(`the footer counts ${n} rows but its row groups ${groupRows}`));
  const src: Source = { where, bytes, metadata, compressors: options?.compressors };
  const nodes = root.children;
  const indexOf = new Map(nodes.map((node, i) => [node.element.name, i]));
  const columns: Record<string, LoadedColumn> = {};
  const missing: Record<string, number> = {};
  for (const { name, role } of columnsToRead(nodes.map((node) => node.element.name), options, where, 'Parquet')) {
    // Leaf columns are numbered across the whole schema; a nested column before this one shifts the index.
    const i = indexOf.get(name)!;
    const leaf = nodes.slice(0, i).reduce((sum, node) => sum + leafCount(node), 0);
    let loaded: LoadedColumn;
    try {
      loaded = convertColumn(src, leaf, nodes[i], root, role, n, where);
    } catch (err) {
      if (err instanceof DataError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw new DataError(`cannot read column '${name}' of the Parquet file ${where}: ${message}; check the file (it may be truncated or corrupt)`);
    }
    columns[name] = loaded;
    missing[name] = countMissing(loaded);
  }
  return { columns, n, missing };
}

function leafCount(node: SchemaTree): number {
  return node.children.length === 0 ? 1 : node.children.reduce((sum, child) => sum + leafCount(child), 0);
}
