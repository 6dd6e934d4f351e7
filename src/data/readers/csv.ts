/**
 * CSV and TSV to typed columns without a string per field: the file is read in blocks into WebAssembly
 * memory, where assembly/csv.ts splits the records, parses the numeric columns to doubles (correctly
 * rounded: the same double as Number(text)), factorises the text columns into level dictionaries, and skips
 * the columns nobody asked for (fread's `select`). Peak memory is the used columns plus one block.
 */
import { assertColumn } from '../columns.js';
import { factorColumn } from '../factor-column.js';
import { DataError } from '../../errors.js';
import { copyElements } from '../../wasm/copy.js';
import { CSV_KIND, CSV_STATUS, CsvKernel, type CsvPlan } from '../../wasm/csv.js';
import type { ByteSource } from './source.js';
import type { ColumnRole, LoadedColumn, LoadedData, ReadOptions } from './types.js';

/** Options of the delimited reader. */
export interface DelimitedOptions extends ReadOptions {
  /** Field separator [','; '\t' for TSV]. */
  readonly delimiter?: ',' | '\t' | ';' | '|';
  /** Bytes read per block [2 MiB]; a record longer than this is an error. */
  readonly blockBytes?: number;
  /** Called after each block with the bytes read so far and the total when known. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Threads for a file read in parallel [the available cores]; 1 reads on this thread only. */
  readonly threads?: number;
  /** Files at least this large are read in parallel [256 MiB]. */
  readonly parallelMinBytes?: number;
}

const DEFAULT_BLOCK_BYTES = 2 * 1024 * 1024;
/** Rows per kernel call: the output blocks hold this many rows of every used column. */
const ROWS_PER_CALL = 16_384;
/** Rows read to decide each column's type when no roles are given. */
const PROBE_ROWS = 10_000;
const NEWLINE = 10;

const utf8 = new TextDecoder('utf-8');
const decodeLevel = (bytes: Uint8Array) => {
  const text = utf8.decode(bytes);
  return text.includes('""') ? text.replace(/""/g, '"') : text;
};

/** Split one line into fields, honouring quotes (for the header and for messages). */
export function splitLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field.trim() === '') { field = ''; quoted = true; } else if (ch === delimiter) { out.push(field); field = ''; } else field += ch;
  }
  out.push(field);
  return out;
}

/** Thrown when a chunk of a parallel read has more rows than the room set aside for it. */

/** UTF-16 text: a byte-order mark, or (ASCII text) every other byte zero. */
function utf16(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return true;
  let even = 0, odd = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) { if (i % 2) odd++; else even++; }
  const half = bytes.length / 2;
  return bytes.length >= 8 && (even > 0.4 * half || odd > 0.4 * half);
}
export class ChunkOverflow extends Error {}

/** A column under construction: grows by half when full, or fills a fixed slot of a shared column. */
class Growing<T extends Float64Array | Int32Array> {
  length = 0;
  constructor(public data: T, private readonly fixed = false) {}
  append(chunk: T, expected: number): void {
    const need = this.length + chunk.length;
    if (need > this.data.length) {
      if (this.fixed) throw new ChunkOverflow(`${need} rows do not fit the ${this.data.length} set aside`);
      const bigger = new (this.data.constructor as new (n: number) => T)(Math.max(need, expected, Math.ceil(this.data.length * 1.5)));
      copyElements(bigger, 0, this.data.subarray(0, this.length) as T);
      this.data = bigger;
    }
    copyElements(this.data, this.length, chunk);
    this.length = need;
  }
  /** The filled part; copied only when the spare capacity is large (never for a fixed slot). */
  final(): T {
    const view = this.data.subarray(0, this.length) as T;
    return !this.fixed && this.data.length > this.length * 1.1 + 1024 ? (view.slice() as T) : view;
  }
}

interface Column {
  readonly name: string;
  readonly index: number;
  kind: number;
  readonly numSlot: number;
  readonly facSlot: number;
  /** The type came from the first rows, not from the caller: a later change of type is the file's fault. */
  readonly detected: boolean;
}

const KIND_OF_ROLE: Record<ColumnRole, number> = { number: CSV_KIND.number, factor: CSV_KIND.factor, both: CSV_KIND.number };

export function planOf(names: readonly string[], kinds: readonly number[]): { plan: CsvPlan; nNum: number; nFac: number; slots: [number, number][] } {
  const n = names.length;
  const plan = { kinds: new Int32Array(n), numSlot: new Int32Array(n).fill(-1), facSlot: new Int32Array(n).fill(-1), nNum: 0, nFac: 0 };
  const slots: [number, number][] = [];
  for (let c = 0; c < n; c++) {
    const k = kinds[c];
    plan.kinds[c] = k;
    if (k === CSV_KIND.number || k === CSV_KIND.detect) plan.numSlot[c] = plan.nNum++;
    if (k === CSV_KIND.factor || k === CSV_KIND.detect) plan.facSlot[c] = plan.nFac++;
    slots.push([plan.numSlot[c], plan.facSlot[c]]);
  }
  return { plan, nNum: plan.nNum, nFac: plan.nFac, slots };
}

/**
 * What a parallel read's chunk is told (src/data/readers/csv-parallel.ts): the column kinds decided on the
 * whole file, and the slots of the shared columns its rows go to (per numeric, per factor slot).
 */
export interface ChunkPlan {
  readonly kinds: readonly number[];
  readonly numbers: readonly Float64Array[];
  readonly codes: readonly Int32Array[];
}

/** The header and the column kinds of a delimited source, read from its first block. */
export interface DelimitedLayout {
  readonly names: readonly string[];
  readonly kinds: readonly number[];
  /** Byte offset of the first record. */
  readonly dataStart: number;
  /** Bytes per record in the first block (for sizing columns). */
  readonly bytesPerRow: number;
}

/**
 * Read delimited text from a byte source into typed columns.
 * @example
 * const d = readDelimited(fileSource('panel.csv'), { select: { y: 'number', x: 'number', firm: 'factor' } });
 * d.columns.y; // Float64Array
 */
export function readDelimited(source: ByteSource, options: DelimitedOptions = {}, chunk?: ChunkPlan): LoadedData {
  const kernel = new CsvKernel(options.blockBytes ?? DEFAULT_BLOCK_BYTES);
  try {
    return new DelimitedRead(source, kernel, options).run(chunk);
  } finally {
    kernel.release();
    source.close();
  }
}

/**
 * The header, the column kinds (from the roles, or from the first rows) and the size of a record, from the
 * first block of the source: what a parallel read needs to split the rest.
 */
export function delimitedLayout(source: ByteSource, options: DelimitedOptions = {}): DelimitedLayout {
  const kernel = new CsvKernel(options.blockBytes ?? DEFAULT_BLOCK_BYTES);
  try {
    return new DelimitedRead(source, kernel, options).layout();
  } finally {
    kernel.release();
    source.close();
  }
}

class DelimitedRead {
  private filled = 0;
  private eof = false;
  private bytesRead = 0;
  private readonly delimiter: string;

  constructor(private readonly source: ByteSource, private readonly kernel: CsvKernel, private readonly options: DelimitedOptions) {
    this.delimiter = options.delimiter ?? ',';
  }

  /** Fill the block after its first `filled` bytes until it is full or the source ends. */
  private fill(): void {
    const block = this.kernel.block();
    const cap = this.kernel.blockBytes;
    while (this.filled < cap && !this.eof) {
      const got = this.source.read(block, this.filled, cap - this.filled);
      if (got === 0) this.eof = true;
      this.filled += got;
      this.bytesRead += got;
    }
    this.options.onProgress?.(this.bytesRead, this.source.size ?? 0);
  }

  private tooLong(line: number): DataError {
    const bytes = this.kernel.blockBytes;
    const size = bytes >= 1024 ** 2 ? `${(bytes / 1024 ** 2).toFixed(0)} MiB` : `${bytes}-byte`;
    return new DataError(`${this.source.where}: line ${line} is longer than the ${size} read block; ` +
      'check that the file is delimited text with newlines (and that every quote is closed), or raise the block size (blockBytes)');
  }

  /** Header, kinds, where the records start and their typical size. */
  layout(): DelimitedLayout {
    const { names, pos, dataLine } = this.header();
    const { kinds } = this.decideKinds(names, pos, dataLine);
    const block = this.kernel.block().subarray(0, this.filled);
    let records = 0;
    for (let at = block.indexOf(NEWLINE, pos); at >= 0; at = block.indexOf(NEWLINE, at + 1)) records++;
    return { names, kinds, dataStart: pos, bytesPerRow: records > 0 ? (this.filled - pos) / records : this.filled };
  }

  /** Read and check the header line (blank lines before it skipped); pos is where the records start. */
  private header(): { names: string[]; pos: number; dataLine: number } {
    const { source, kernel } = this;
    this.fill();
    const block = kernel.block();
    let pos = block[0] === 0xef && block[1] === 0xbb && block[2] === 0xbf ? 3 : 0;
    // Text never holds a NUL byte; binary data (an executable, a spreadsheet, a compressed file) would
    // otherwise become a header of garbage names.
    const nul = block.subarray(0, Math.min(this.filled, 1 << 16)).indexOf(0);
    if (nul >= 0 && utf16(block.subarray(0, Math.min(this.filled, 4096)))) {
      throw new DataError(`${source.where} is UTF-16 text (zero bytes between the characters), expected UTF-8: save it as UTF-8 (in a spreadsheet, "CSV UTF-8"; or iconv -f UTF-16 -t UTF-8)`);
    }
    if (nul >= 0) {
      throw new DataError(`${source.where} holds binary data (a zero byte at byte ${nul + 1}), not delimited text: expected a CSV or TSV file with a header line; for Arrow or Parquet use the .arrow/.parquet extension or --format`);
    }
    // Blank lines before the header are skipped, as R's readers do.
    let line = 1;
    for (;;) {
      const nl = block.subarray(0, this.filled).indexOf(NEWLINE, pos);
      if (nl < 0 || !/^[ \t\r]*$/.test(utf8.decode(block.subarray(pos, nl)))) break;
      pos = nl + 1;
      line++;
    }
    let nl = block.subarray(0, this.filled).indexOf(NEWLINE, pos);
    if (nl < 0 && !this.eof) throw this.tooLong(line);
    if (nl < 0) nl = this.filled;
    const headerText = utf8.decode(block.subarray(pos, nl)).replace(/\r$/, '');
    if (headerText.trim() === '') throw new DataError(`${source.where} is empty: expected a header line with the column names`);
    const names = splitLine(headerText, this.delimiter).map((s, i) => s.trim() || `V${i + 1}`);
    const seen = new Map<string, number>();
    names.forEach((name, i) => {
      const prior = seen.get(name);
      if (prior !== undefined) {
        throw new DataError(`${source.where}: the header names column '${name}' twice (columns ${prior + 1} and ${i + 1}); rename one of them`);
      }
      seen.set(name, i);
    });
    return { names, pos: Math.min(nl + 1, this.filled), dataLine: line + 1 };
  }

  /** Kinds from the roles (unselected columns skipped), or, without roles, from the values of the first rows. */
  private decideKinds(names: readonly string[], pos: number, dataLine: number): { kinds: number[]; detected: Set<number> } {
    const { kernel } = this;
    const select = this.options.select;
    if (select) {
      const known = { names, n: 0, column: () => [] };
      for (const name of Object.keys(select)) assertColumn(known, name, 'selected');
    }
    let kinds = names.map((name) => (select ? (select[name] ? KIND_OF_ROLE[select[name]] : CSV_KIND.skip) : CSV_KIND.detect));
    let detected = new Set<number>();
    if (!select) {
      // Decide each column's type from its first rows: text seen makes a factor, numbers a numeric column;
      // a column still all missing keeps detecting to the end.
      const probe = planOf(names, kinds);
      kernel.configure(probe.plan, this.delimiter.charCodeAt(0), PROBE_ROWS);
      kernel.setLine(dataLine);
      const end = this.regionEnd(pos);
      const rows = kernel.parse(pos, end);
      if (rows < 0) this.fail(names.map((name, index) => ({ name, index, kind: CSV_KIND.detect, numSlot: -1, facSlot: -1, detected: true })));
      const text = kernel.textSeen();
      const missing = kernel.missing();
      kinds = kinds.map((_, c) => (text[c] ? CSV_KIND.factor : rows > 0 && missing[c] === rows ? CSV_KIND.detect : CSV_KIND.number));
      detected = new Set(kinds.map((k, c) => (k === CSV_KIND.number ? c : -1)).filter((c) => c >= 0));
    }
    return { kinds, detected };
  }

  /** Every record into typed columns: growing ones, or the chunk's slots of shared ones. */
  run(chunk?: ChunkPlan): LoadedData {
    const { source, kernel } = this;
    const header = this.header();
    const { names, dataLine } = header;
    let pos = header.pos;
    const select = this.options.select;
    const { kinds, detected } = chunk ? { kinds: [...chunk.kinds], detected: new Set<number>() } : this.decideKinds(names, pos, dataLine);
    const { plan, slots } = planOf(names, kinds);
    const columns: Column[] = names.map((name, index) => ({
      name, index, kind: kinds[index], numSlot: slots[index][0], facSlot: slots[index][1], detected: detected.has(index),
    }));
    kernel.configure(plan, this.delimiter.charCodeAt(0), ROWS_PER_CALL);
    kernel.setLine(dataLine);
    const numbers = Array.from({ length: plan.nNum }, (_, j) => new Growing<Float64Array>(chunk ? chunk.numbers[j] : new Float64Array(0), !!chunk));
    const codes = Array.from({ length: plan.nFac }, (_, j) => new Growing<Int32Array>(chunk ? chunk.codes[j] : new Int32Array(0), !!chunk));
    const startPos = pos;
    let n = 0;
    let expected = 0;
    for (;;) {
      const end = this.regionEnd(pos);
      while (pos < end) {
        const rows = kernel.parse(pos, end);
        if (rows < 0) this.fail(columns);
        if (expected === 0 && rows > 0 && source.size !== undefined) {
          // Size the columns once from the bytes per row seen so far: no regrowth on a regular file.
          const perRow = (kernel.consumed() - startPos) / rows;
          expected = Math.ceil((source.size / perRow) * 1.02) + ROWS_PER_CALL;
        }
        for (const col of columns) {
          if (col.numSlot >= 0) numbers[col.numSlot].append(kernel.numbers(col.numSlot, rows), expected);
          if (col.facSlot >= 0) codes[col.facSlot].append(kernel.codes(col.facSlot, rows), expected);
        }
        this.exact(n, numbers, columns);
        n += rows;
        pos = kernel.consumed();
        if (kernel.status() !== CSV_STATUS.full) break;
      }
      if (this.eof) {
        if (pos < end) throw new DataError(`${source.where}: a quoted field opened on line ${kernel.line()} is never closed; close it or escape quotes inside fields as ""`);
        break;
      }
      const block = kernel.block();
      block.copyWithin(0, pos, this.filled);
      this.filled -= pos;
      pos = 0;
      if (this.filled >= kernel.blockBytes) throw this.tooLong(kernel.line());
      this.fill();
    }

    const missingAll = kernel.missing();
    const out: Record<string, LoadedColumn> = {};
    const missing: Record<string, number> = {};
    const text = kernel.textSeen();
    for (const col of columns) {
      if (col.kind === CSV_KIND.skip) continue;
      missing[col.name] = missingAll[col.index];
      const asText = col.kind === CSV_KIND.factor || (col.kind === CSV_KIND.detect && text[col.index] === 1);
      out[col.name] = asText ? factorColumn(codes[col.facSlot].final(), kernel.levels(col.facSlot, decodeLevel)) : numbers[col.numSlot].final();
    }
    const ordered = select ? Object.fromEntries(Object.keys(select).map((k) => [k, out[k]])) : out;
    return { columns: ordered, n, missing: select ? Object.fromEntries(Object.keys(select).map((k) => [k, missing[k]])) : missing };
  }

  /** End of the whole records in the block from pos: just after its last newline (at the end, a newline is added). */
  private regionEnd(pos: number): number {
    const block = this.kernel.block();
    if (this.eof) {
      if (this.filled > pos && block[this.filled - 1] !== NEWLINE) block[this.filled++] = NEWLINE;
      return this.filled;
    }
    const last = block.subarray(0, this.filled).lastIndexOf(NEWLINE);
    return last >= pos ? last + 1 : pos;
  }

  /** Fields the kernel could not round with certainty (over 19 digits): Number() on their text. */
  private exact(base: number, numbers: Growing<Float64Array>[], columns: readonly Column[]): void {
    const list = this.kernel.fallback();
    if (list.length === 0) return;
    const block = this.kernel.block();
    for (let k = 0; k < list.length; k += 4) {
      const text = utf8.decode(block.subarray(list[k + 2], list[k + 2] + list[k + 3]));
      const v = Number(text);
      const col = columns.find((c) => c.numSlot === list[k + 1]) as Column;
      if (!Number.isFinite(v)) throw this.rangeError(col.name, `${this.kernel.line()} or before`, text);
      numbers[list[k + 1]].data[base + list[k]] = v;
    }
  }

  private rangeError(name: string, line: number | string, text: string): DataError {
    return new DataError(`${this.source.where}: column '${name}', line ${line}: ${JSON.stringify(text)} is beyond the range of a double (about +-1.8e308); ` +
      'rescale the column (for example to thousands) or mark the value missing (NA)');
  }

  /** Turn the kernel's error into a message naming the line, the column and the value. */
  private fail(columns: readonly Column[]): never {
    const { kernel, source } = this;
    const err = kernel.error();
    const block = kernel.block();
    const text = utf8.decode(block.subarray(err.start, err.start + err.length));
    const col = columns[Math.min(err.column, columns.length - 1)];
    const st = kernel.status();
    if (st === CSV_STATUS.notNumeric) {
      if (col.detected) {
        throw new DataError(`${source.where}: column '${col.name}' holds numbers in its first rows but line ${err.line} holds ${JSON.stringify(text)}: ` +
          'its type changes mid-file; fix that value (or write NA), or, if the column is text, quote its values or use it only as a factor or fixed effect');
      }
      throw new DataError(`${source.where}: column '${col.name}' is used as a number but line ${err.line} holds ${JSON.stringify(text)}; ` +
        `fix the value or write NA for a missing one, or use '${col.name}' as a factor (i(${col.name})) or a fixed effect (| ${col.name})`);
    }
    if (st === CSV_STATUS.outOfRange) throw this.rangeError(col.name, err.line, text);
    if (st === CSV_STATUS.badQuote) {
      throw new DataError(`${source.where}: line ${err.line}: a quoted field is followed by more text before the next delimiter; ` +
        'inside a quoted field, write a quote as two quotes ("")');
    }
    const end = block.indexOf(NEWLINE, err.start);
    const recordText = utf8.decode(block.subarray(err.start, end < 0 ? err.start + err.length : end)).replace(/\r$/, '');
    const fields = splitLine(recordText, this.delimiter).length;
    throw new DataError(`${source.where}: line ${err.line} has ${fields} fields but the header has ${columns.length} columns ` +
      `(${JSON.stringify(recordText.length > 80 ? recordText.slice(0, 77) + '...' : recordText)}); ` +
      (fields > columns.length ? 'quote fields that contain the delimiter (a decimal comma such as 1,234 splits a field) or remove the extra ones' : 'add the missing fields (empty or NA for missing values)'));
  }
}
