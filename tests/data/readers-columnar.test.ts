/**
 * The Arrow and Parquet readers: values bit for bit, NaN for nulls, factor codes and labels in order of first
 * appearance, missing counts, select (only the selected columns come back), role errors, truncated files.
 * Arrow bytes are made here with flechette, Parquet bytes with hyparquet-writer; the committed Parquet files
 * beside tests/golden/columnar/make_columnar.mjs come from the Rust writer (version 1 pages, dictionary pages
 * falling back to plain ones, ZSTD, a nested column), as pyarrow and polars write them.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import {
  bool, dateDay, decimal, dictionary, float32, float64, int8, int32, int64, list, tableFromArrays, tableFromIPC, tableToIPC,
  timestamp, uint32, utf8,
} from '@uwdata/flechette';
import { parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { readArrow } from '../../src/data/readers/arrow.js';
import { readParquet } from '../../src/data/readers/parquet.js';
import type { LoadedColumn, LoadedData } from '../../src/data/readers/types.js';
import { isFactorColumn, type FactorColumn } from '../../src/data/factor-column.js';
import { DataError } from '../../src/errors.js';

const fixtures = fileURLToPath(new URL('../golden/columnar/', import.meta.url));
const fixture = (name: string) => new Uint8Array(readFileSync(fixtures + name));

/** Numbers must match bit for bit (Object.is: NaN equals NaN, -0 differs from 0). */
function expectSame(actual: LoadedColumn | undefined, expected: readonly (number | null)[]): void {
  expect(actual).toBeInstanceOf(Float64Array);
  const got = Array.from(actual as Float64Array);
  expect(got.length).toBe(expected.length);
  const want = expected.map((v) => (v === null ? NaN : v));
  const bad = got.findIndex((v, i) => !Object.is(v, want[i]));
  expect(bad === -1 ? 'all equal' : `row ${bad}: ${got[bad]} vs ${want[bad]}`).toBe('all equal');
}

/** A factor column as its values (null for missing) plus its codes and labels. */
function expectFactor(actual: LoadedColumn | undefined, codes: readonly number[], labels: readonly string[]): void {
  expect(isFactorColumn(actual)).toBe(true);
  const col = actual as FactorColumn;
  expect(Array.from(col.codes)).toEqual(codes);
  expect(col.labels).toEqual(labels);
}

function errorOf(fn: () => unknown): DataError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return err as DataError;
  }
  throw new Error('expected a DataError');
}

// ---- Arrow ----

const arrowColumns = {
  y: Float64Array.of(0.1, -2.5, 3e-300, 1e10, -0),
  w: [1.5, null, NaN, 4, 1.5],
  s: ['b', 'a', null, 'b', 'c'],
  t: ['x', 'y', 'x', null, 'z'],
  i: [3, 1, null, 3, -2],
  flag: [true, false, null, true, true],
  ts: [0, 86400000, null, 1700000000123, -1000],
};
const arrowTypes = { w: float64(), s: dictionary(utf8()), t: utf8(), i: int32(), flag: bool(), ts: timestamp() };
const arrowTable = (opts: { maxBatchRows?: number } = {}) => tableFromArrays(arrowColumns, { types: arrowTypes, ...opts });

describe('readArrow', () => {
  for (const format of ['file', 'stream'] as const) {
    it(`reads every column of the ${format} format: numbers bit for bit, NaN for nulls, codes in order of first appearance`, () => {
      const data = readArrow(tableToIPC(arrowTable(), { format })!, "'t.arrow'");
      expect(data.n).toBe(5);
      expect(Object.keys(data.columns)).toEqual(['y', 'w', 's', 't', 'i', 'flag', 'ts']);
      expectSame(data.columns.y, [0.1, -2.5, 3e-300, 1e10, -0]);
      expectSame(data.columns.w, [1.5, null, null, 4, 1.5]);
      expectFactor(data.columns.s, [0, 1, -1, 0, 2], ['b', 'a', 'c']);
      expectFactor(data.columns.t, [0, 1, 0, -1, 2], ['x', 'y', 'z']);
      expectSame(data.columns.i, [3, 1, null, 3, -2]);
      expectSame(data.columns.flag, [1, 0, null, 1, 1]);
      expectSame(data.columns.ts, [0, 86400000, null, 1700000000123, -1000]);
      expect(data.missing).toEqual({ y: 0, w: 2, s: 1, t: 1, i: 1, flag: 1, ts: 1 });
    });
  }

  it('other numeric types: float32, int8, uint32, decimal, dates (ms), dictionary-encoded numbers as a number or a factor', () => {
    const bytes = tableToIPC(tableFromArrays({
      f32: [1.5, null, 0.1], i8: [-128, 127, null], u32: [4294967295, 0, 1], dec: [1.25, -3.5, null], day: [0, 86400000, null],
      dn: [2.5, null, 2.5],
    }, { types: { f32: float32(), i8: int8(), u32: uint32(), dec: decimal(10, 2, 64), day: dateDay(), dn: dictionary(float64()) } }), { format: 'stream' })!;
    const data = readArrow(bytes, "'t.arrow'");
    expectSame(data.columns.f32, [1.5, null, Math.fround(0.1)]);
    expectSame(data.columns.i8, [-128, 127, null]);
    expectSame(data.columns.u32, [4294967295, 0, 1]);
    expectSame(data.columns.dec, [1.25, -3.5, null]);
    expectSame(data.columns.day, [0, 86400000, null]);
    expectSame(data.columns.dn, [2.5, null, 2.5]);
    expect(data.missing).toEqual({ f32: 1, i8: 1, u32: 0, dec: 1, day: 1, dn: 1 });
    expectFactor(readArrow(bytes, "'t.arrow'", { select: { dn: 'factor' } }).columns.dn, [0, -1, 0], ['2.5']);
  });

  it('hands back a Float64 column without nulls in one batch as a view of the bytes, without copying', () => {
    const bytes = tableToIPC(arrowTable(), { format: 'file' })!;
    const y = readArrow(bytes, "'t.arrow'").columns.y as Float64Array;
    const direct = tableFromIPC(bytes).getChild('y').toArray() as Float64Array;
    expect(y.buffer).toBe(bytes.buffer);
    expect(y.buffer).toBe(direct.buffer);
    expect(y.byteOffset).toBe(direct.byteOffset);
  });

  it('reads bytes at an unaligned offset (a copy, the same values)', () => {
    const bytes = tableToIPC(arrowTable(), { format: 'stream' })!;
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const data = readArrow(shifted.subarray(1), "'t.arrow'");
    expectSame(data.columns.y, [0.1, -2.5, 3e-300, 1e10, -0]);
    expectFactor(data.columns.s, [0, 1, -1, 0, 2], ['b', 'a', 'c']);
  });

  it('joins record batches: a dictionary shared across batches, nulls in several', () => {
    const data = readArrow(tableToIPC(arrowTable({ maxBatchRows: 2 }), { format: 'file' })!, "'t.arrow'");
    expect(tableFromIPC(tableToIPC(arrowTable({ maxBatchRows: 2 }), { format: 'stream' })!).getChild('s').data.length).toBe(3);
    expectSame(data.columns.y, [0.1, -2.5, 3e-300, 1e10, -0]);
    expectSame(data.columns.w, [1.5, null, null, 4, 1.5]);
    expectFactor(data.columns.s, [0, 1, -1, 0, 2], ['b', 'a', 'c']);
    expectFactor(data.columns.t, [0, 1, 0, -1, 2], ['x', 'y', 'z']);
    expectSame(data.columns.flag, [1, 0, null, 1, 1]);
    expect(data.missing).toEqual({ y: 0, w: 2, s: 1, t: 1, i: 1, flag: 1, ts: 1 });
  });

  it('select materialises only the selected columns, with their roles', () => {
    const bytes = tableToIPC(arrowTable(), { format: 'stream' })!;
    const data = readArrow(bytes, "'t.arrow'", { select: { i: 'factor', s: 'factor', w: 'factor', y: 'both' } });
    expect(Object.keys(data.columns).sort()).toEqual(['i', 's', 'w', 'y']);
    expect(Object.keys(data.missing).sort()).toEqual(['i', 's', 'w', 'y']);
    expectFactor(data.columns.i, [0, 1, -1, 0, 2], ['3', '1', '-2']);
    expectFactor(data.columns.w, [0, -1, -1, 1, 0], ['1.5', '4']);
    expectSame(data.columns.y, [0.1, -2.5, 3e-300, 1e10, -0]);
    expect(data.missing).toEqual({ y: 0, w: 2, s: 1, i: 1 });
  });

  it('names the columns the file has when a selected one is not there', () => {
    const err = errorOf(() => readArrow(tableToIPC(arrowTable(), { format: 'stream' })!, "'t.arrow'", { select: { y: 'number', firm: 'factor' } }));
    expect(err.message).toMatch(/unknown column 'firm'.*y, w, s, t, i, flag, ts/);
  });

  it('text used as a number is an error naming the column, the row and the value', () => {
    const err = errorOf(() => readArrow(tableToIPC(arrowTable(), { format: 'stream' })!, "'t.arrow'", { select: { s: 'number' } }));
    expect(err.message).toMatch(/^column 's' is used as a number but holds text in the Arrow file 't\.arrow' \(row 1 holds "b"\); .*i\(s\)/);
    expect(errorOf(() => readArrow(tableToIPC(arrowTable(), { format: 'stream' })!, "'t.arrow'", { select: { t: 'both' } })).message).toMatch(/column 't'/);
  });

  it('64-bit integers: exact doubles up to 2^53; beyond, a factor keeping every digit, and an error as numbers', () => {
    const big = [9007199254740993n, 5n, null, 9007199254740993n, -9007199254740995n];
    const small = [2n ** 53n, -(2n ** 53n), 0n, null, -1n];
    const bytes = tableToIPC(tableFromArrays({ big, small }, { types: { big: int64(), small: int64() } }), { format: 'stream' })!;
    const data = readArrow(bytes, "'t.arrow'");
    expectFactor(data.columns.big, [0, 1, -1, 0, 2], ['9007199254740993', '5', '-9007199254740995']);
    expectSame(data.columns.small, [2 ** 53, -(2 ** 53), 0, null, -1]);
    const err = errorOf(() => readArrow(bytes, "'t.arrow'", { select: { big: 'number' } }));
    expect(err.message).toMatch(/column 'big' .* holds 9007199254740993 at row 1, beyond the integers a double holds exactly/);
  });

  it('a nested column is an error naming it and its type when read, and is skipped when not selected', () => {
    const bytes = tableToIPC(tableFromArrays({ id: [1, 2], tags: [[1, 2], [3]] }, { types: { id: int32(), tags: list(int32()) } }), { format: 'stream' })!;
    expect(errorOf(() => readArrow(bytes, "'t.arrow'")).message).toMatch(/column 'tags' .* has type List/);
    expectSame(readArrow(bytes, "'t.arrow'", { select: { id: 'number' } }).columns.id, [1, 2]);
  });

  it('truncated or foreign bytes are a DataError, never a stack trace or a wrong number', () => {
    for (const format of ['file', 'stream'] as const) {
      const bytes = tableToIPC(arrowTable(), { format })!;
      const err = errorOf(() => readArrow(bytes.subarray(0, bytes.length >> 1), "'t.arrow'"));
      expect(err.message).toMatch(/^cannot read 't\.arrow' as Arrow: the file is truncated or not Arrow IPC \(.+\); check the file or pass --format$/);
    }
    const csv = new TextEncoder().encode('y,x\n1,2\n3,4\n');
    expect(errorOf(() => readArrow(csv, "'t.csv'")).message).toMatch(/^cannot read 't\.csv' as Arrow/);
    expect(errorOf(() => readArrow(new Uint8Array(0), 'standard input')).message).toMatch(/^cannot read standard input as Arrow/);
  });
});

// ---- Parquet ----

/** The data of make_columnar.mjs's small files. */
const small = {
  y: [1.5, null, NaN, -0.25, 1e300, 2, 3],
  i: [3, 1, null, 3, -2, 1, 7],
  s: ['b', 'a', null, 'b', 'c', null, 'a'],
  flag: [true, false, null, true, true, false, false],
  ts: [0, 86400000, null, 1700000000123, -1000, 0, 5],
};
const smallSelect = { y: 'number', i: 'number', big: 'factor', s: 'factor', flag: 'number', ts: 'number' } as const;

function hyparquetFile(): Uint8Array {
  return new Uint8Array(parquetWriteBuffer({
    columnData: [
      { name: 'y', data: small.y, type: 'DOUBLE' },
      { name: 'i', data: small.i, type: 'INT32' },
      { name: 's', data: small.s, type: 'STRING' },
      { name: 'flag', data: small.flag, type: 'BOOLEAN' },
      { name: 'big', data: [9007199254740993n, 5n, null, 9007199254740993n, 5n, 12n, -9007199254740995n], type: 'INT64' },
      { name: 'x', data: Float64Array.of(0.5, -0, 1e-310, 7, 8, 9, 10), type: 'DOUBLE', nullable: false },
    ],
    rowGroupSize: 3,
  }));
}

/** hyparquet's own row reader as the reference: nulls as NaN for numbers, labels for factors. */
async function reference(bytes: Uint8Array): Promise<Record<string, unknown[]>> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const rows = await parquetReadObjects({ file });
  const names = Object.keys(rows[0]);
  return Object.fromEntries(names.map((name) => [name, rows.map((row) => row[name])]));
}

function values(col: LoadedColumn): unknown[] {
  return col instanceof Float64Array ? Array.from(col) : Array.from(col.codes, (c) => (c < 0 ? null : col.labels[c]));
}

describe('readParquet', () => {
  it('reads hyparquet-writer files (version 2 pages, row groups of 3) synchronously, bit for bit', () => {
    const data = readParquet(hyparquetFile(), "'t.parquet'") as LoadedData;
    expect(data).not.toBeInstanceOf(Promise);
    expect(data.n).toBe(7);
    expectSame(data.columns.y, small.y.map((v) => (Number.isNaN(v) ? null : v)));
    expectSame(data.columns.i, small.i);
    expectFactor(data.columns.s, [0, 1, -1, 0, 2, -1, 1], ['b', 'a', 'c']);
    expectSame(data.columns.flag, [1, 0, null, 1, 1, 0, 0]);
    expectSame(data.columns.x, [0.5, -0, 1e-310, 7, 8, 9, 10]);
    expectFactor(data.columns.big, [0, 1, -1, 0, 1, 2, 3], ['9007199254740993', '5', '12', '-9007199254740995']);
    expect(data.missing).toEqual({ y: 2, i: 1, s: 2, flag: 1, x: 0, big: 1 });
    expect(errorOf(() => readParquet(hyparquetFile(), "'t.parquet'", { select: { big: 'number' } })).message)
      .toMatch(/column 'big' in the Parquet file 't\.parquet' holds 9007199254740993 at row 1, beyond the integers/);
  });

  it('reads the Rust writer\'s files (version 1 pages, three row groups): every type, factor roles, missing counts', () => {
    const data = readParquet(fixture('small-v1.parquet'), "'small.parquet'", { select: smallSelect });
    expectSame(data.columns.y, small.y);
    expectSame(data.columns.i, small.i);
    expectFactor(data.columns.big, [0, 1, -1, 0, 1, 2, 3], ['9007199254740993', '5', '12', '-9007199254740995']);
    expectFactor(data.columns.s, [0, 1, -1, 0, 2, -1, 1], ['b', 'a', 'c']);
    expectSame(data.columns.flag, [1, 0, null, 1, 1, 0, 0]);
    expectSame(data.columns.ts, small.ts);
    expect(data.missing).toEqual({ y: 2, i: 1, big: 1, s: 2, flag: 1, ts: 1 });
  });

  for (const name of ['mixed-v1.parquet', 'mixed-v2.parquet']) {
    it(`${name}: dictionary pages falling back to plain ones, small pages, nulls: the values hyparquet's row reader gives`, async () => {
      const bytes = fixture(name);
      const want = await reference(bytes);
      const data = readParquet(bytes, `'${name}'`);
      expect(isFactorColumn(data.columns.s)).toBe(true);
      for (const col of ['s', 'x', 'g']) {
        const expected = want[col].map((v) => (v === null ? (col === 's' ? null : NaN) : v));
        expect(values(data.columns[col])).toEqual(expected);
        expect(data.missing[col]).toBe(want[col].filter((v) => v === null).length);
      }
      const levels = [...new Set(want.g.filter((v) => v !== null))];
      expectFactor(readParquet(bytes, `'${name}'`, { select: { g: 'factor' } }).columns.g,
        want.g.map((v) => (v === null ? -1 : levels.indexOf(v))), levels.map(String));
    });
  }

  it('select materialises only the selected columns; unknown names and text as numbers are errors', () => {
    const bytes = hyparquetFile();
    const data = readParquet(bytes, "'t.parquet'", { select: { s: 'factor', y: 'factor' } });
    expect(Object.keys(data.columns).sort()).toEqual(['s', 'y']);
    expectFactor(data.columns.y, [0, -1, -1, 1, 2, 3, 4], ['1.5', '-0.25', '1e+300', '2', '3']);
    expect(errorOf(() => readParquet(bytes, "'t.parquet'", { select: { z: 'number' } })).message)
      .toMatch(/unknown column 'z'.*y, i, s, flag, big, x/);
    expect(errorOf(() => readParquet(bytes, "'t.parquet'", { select: { s: 'number' } })).message)
      .toMatch(/^column 's' is used as a number but holds text in the Parquet file 't\.parquet' \(row 1 holds "b"\)/);
  });

  it('truncated or foreign bytes are a DataError naming the file', () => {
    for (const bytes of [hyparquetFile(), fixture('small-v1.parquet')]) {
      const err = errorOf(() => readParquet(bytes.subarray(0, bytes.length >> 1), "'t.parquet'"));
      expect(err.message).toMatch(/^cannot read 't\.parquet' as Parquet: the file is truncated or not Parquet \(.+\); check the file or pass --format$/);
    }
    const arrow = tableToIPC(arrowTable(), { format: 'file' })!;
    expect(errorOf(() => readParquet(arrow, "'t.arrow'")).message).toMatch(/^cannot read 't\.arrow' as Parquet/);
  });

  it('codecs beyond Snappy need a decompressor passed in, and say so; a nested column is an error naming it', () => {
    expect(errorOf(() => readParquet(fixture('small-zstd.parquet'), "'z.parquet'")).message)
      .toMatch(/column 'y' in the Parquet file 'z\.parquet' is compressed with ZSTD/);
    const compressors = { GZIP: (input: Uint8Array) => gunzipSync(input) };
    const gzip = readParquet(fixture('small-gzip.parquet'), "'g.parquet'", { select: smallSelect, compressors });
    expectSame(gzip.columns.y, small.y);
    expectFactor(gzip.columns.s, [0, 1, -1, 0, 2, -1, 1], ['b', 'a', 'c']);
    const nested = fixture('nested.parquet');
    expect(errorOf(() => readParquet(nested, "'n.parquet'")).message).toMatch(/column 'tags' .* has type group \(LIST\), nested/);
    expectSame(readParquet(nested, "'n.parquet'", { select: { id: 'number' } }).columns.id, [1, 2]);
  });
});
