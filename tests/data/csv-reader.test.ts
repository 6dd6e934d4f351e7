/**
 * The WebAssembly CSV reader (src/data/readers/csv.ts over assembly/csv.ts): every double the same as
 * Number(text), random tables equal to the plain-TypeScript reference (tests/reference/csv.ts) with any
 * block size, selected columns only, text factorised while parsing, and one clear error per kind of bad input.
 */
import { describe, expect, it } from 'vitest';
import { readDelimited, type DelimitedOptions } from '../../src/data/readers/csv.js';
import { bytesSource } from '../../src/data/readers/source.js';
import { isFactorColumn, type FactorColumn } from '../../src/data/factor-column.js';
import { rowValues } from '../../src/data/columns.js';
import { DataError } from '../../src/errors.js';
import { referenceLevel, referenceNumber, referenceRecords } from '../reference/csv.js';

const encoder = new TextEncoder();
const read = (text: string, options?: DelimitedOptions) => readDelimited(bytesSource(encoder.encode(text), 'test.csv'), options);

/** A seeded xorshift generator: the same cases on every run. */
function generator(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
  return { uniform: next, int: (k: number) => Math.floor(next() * k), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

/** Decimal texts of every shape the parser meets: shortest round-trip, fixed, 17 digits, subnormal, over 19 digits. */
function randomDecimal(g: ReturnType<typeof generator>): string {
  const bits = new Float64Array(new BigUint64Array([BigInt(g.int(2 ** 32)) << 32n | BigInt(g.int(2 ** 32))]).buffer)[0];
  switch (g.int(8)) {
    case 0: return Number.isFinite(bits) ? String(bits) : '0';
    case 1: return String((g.uniform() - 0.5) * 10 ** (g.int(40) - 20));
    case 2: return (g.uniform() * 1e6).toFixed(g.int(12));
    case 3: return `${g.uniform().toPrecision(17)}e${g.int(600) - 320}`;
    case 4: return String(g.uniform() * 5e-324 * 2 ** g.int(60));
    case 5: {
      let digits = '';
      for (let i = 0, n = 1 + g.int(30); i < n; i++) digits += g.int(10);
      return `${g.pick(['', '-', '+'])}${digits.slice(0, 1 + g.int(digits.length))}.${digits.slice(1)}e${g.int(60) - 30}`;
    }
    case 6: return g.pick(['-0', '0', '0.0', '1e-310', '4.9e-324', '2.4703282292062328e-324', '2.2250738585072011e-308',
      '1.7976931348623157e308', '9007199254740993', '0.1', '123456789012345678901234567890', '.5', '5.', '1E5', '00012.50']);
    default: return String(g.int(2 ** 31) - 2 ** 30);
  }
}

describe('numbers: the same double as Number(text)', () => {
  it('200,000 random decimals, bit for bit (signs of zero included)', () => {
    const g = generator(20261129);
    const texts: string[] = [];
    while (texts.length < 200_000) {
      const t = randomDecimal(g);
      if (Number.isFinite(Number(t))) texts.push(t);
    }
    const col = read(`v\n${texts.join('\n')}\n`).columns.v as Float64Array;
    let mismatches = 0;
    texts.forEach((t, i) => { if (!Object.is(col[i], Number(t))) mismatches++; });
    expect(mismatches).toBe(0);
  });

  it('-0, subnormals, the extremes, and more digits than a double holds', () => {
    const cases = ['-0', '1e-310', '4.9e-324', '2e-324', '2.2250738585072011e-308', '1.7976931348623157e308', '0.1e-400',
      '9007199254740993', '0.30000000000000004', '1234567890123456789012345', '1.00000000000000011102230246251565404236316680908203125'];
    const col = read(`v\n${cases.join('\n')}\n`).columns.v as Float64Array;
    cases.forEach((t, i) => expect(Object.is(col[i], Number(t)), t).toBe(true));
  });

  it('more long numbers than one kernel call can hand back for exact parsing, across wide records', () => {
    const g = generator(3);
    const width = 60;
    const rows = Array.from({ length: 300 }, () => Array.from({ length: width }, () => `${g.int(9) + 1}${String(g.uniform()).slice(2)}${g.int(1e9)}e-${g.int(30)}`));
    const text = `${Array.from({ length: width }, (_, j) => `c${j}`).join(',')}\n${rows.map((r) => r.join(',')).join('\n')}\n`;
    const d = read(text);
    let mismatches = 0;
    rows.forEach((r, i) => r.forEach((t, j) => { if (!Object.is((d.columns[`c${j}`] as Float64Array)[i], Number(t))) mismatches++; }));
    expect(rows[0][0].replace(/[.e-].*$/, '').length).toBeGreaterThan(19);
    expect(mismatches).toBe(0);
  });

  it('Inf and Infinity (as R writes them) are infinite; 1e400 is an error that says so', () => {
    const col = read('v\nInf\n-Inf\n+Infinity\n').columns.v as Float64Array;
    expect(Array.from(col)).toEqual([Infinity, -Infinity, Infinity]);
    expect(() => read('a,v\n1,2\n2,1e400\n')).toThrow(/column 'v', line 3: "1e400" is beyond the range of a double/);
    expect(() => read('v\n-1e400\n')).toThrow(DataError);
    expect(() => read(`v\n${'9'.repeat(25)}e300\n`)).toThrow(/beyond the range of a double/);
  });
});

describe('random tables against the reference reader, with any block size', () => {
  const g = generator(7);
  const levels = ['P01', 'Beijing', 'a, b', 'say "hi"', 'two\nlines', ' spaced ', 'NA', '', 'Zürich'];
  const quote = (s: string) => (/[",\n]|^ | $/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  function table(rows: number, crlf: boolean): string {
    const lines = ['id,x,skip,y'];
    for (let r = 0; r < rows; r++) {
      const x = g.pick(['', 'NA', '.', randomDecimal(g), ` ${g.int(100)} `, `"${g.int(1000) / 8}"`]);
      const y = Number.isFinite(Number(randomDecimal(g))) ? String(g.uniform() * 100) : '1';
      lines.push([quote(g.pick(levels)), x, g.pick(['text', 'x,"y"', '1']).includes(',') ? '"x,y"' : 'text', y].join(','));
      if (g.uniform() < 0.05) lines.push(g.pick(['', '  ', '\r']));
    }
    return lines.join(crlf ? '\r\n' : '\n') + (g.uniform() < 0.5 ? '\n' : '');
  }

  for (const [blockBytes, crlf] of [[8 * 1024 * 1024, false], [256, true], [97, false]] as const) {
    it(`block of ${blockBytes} bytes${crlf ? ', CRLF' : ''}`, () => {
      const text = table(3000, crlf);
      const d = read(text, { blockBytes, select: { id: 'factor', x: 'number', y: 'number' } });
      const ref = referenceRecords(text).slice(1);
      expect(d.n).toBe(ref.length);
      expect(Object.keys(d.columns)).toEqual(['id', 'x', 'y']);
      const x = d.columns.x as Float64Array;
      const ids = rowValues(d.columns.id);
      let bad = 0;
      ref.forEach((rec, i) => {
        if (!Object.is(x[i], referenceNumber(rec.fields[1]))) bad++;
        if (ids[i] !== referenceLevel(rec.fields[0], rec.quoted[0])) bad++;
      });
      expect(bad).toBe(0);
      expect(d.missing.x).toBe(ref.filter((rec) => Number.isNaN(referenceNumber(rec.fields[1]) as number)).length);
      expect(d.missing.id).toBe(ref.filter((rec) => referenceLevel(rec.fields[0], rec.quoted[0]) === null).length);
    });
  }
});

describe('selection and factors', () => {
  it('only the selected columns are materialised; the others are not even parsed', () => {
    const d = read('a,junk,b\n1,not a number,x\n2,{[,y\n', { select: { b: 'factor', a: 'number' } });
    expect(Object.keys(d.columns)).toEqual(['b', 'a']);
    expect(Array.from(d.columns.a as Float64Array)).toEqual([1, 2]);
  });

  it('text is factorised while parsing: codes in order of first appearance, one label per level', () => {
    const d = read('id,v\nP01,1\n"a, b",2\nBeijing,3\nP01,4\n,5\n"a, b",6\n007,7\n7,8\n', { select: { id: 'factor' } });
    const id = d.columns.id as FactorColumn;
    expect(isFactorColumn(id)).toBe(true);
    expect(Array.from(id.codes)).toEqual([0, 1, 2, 0, -1, 1, 3, 4]);
    expect(id.labels).toEqual(['P01', 'a, b', 'Beijing', '007', '7']);
    expect(d.missing.id).toBe(1);
  });

  it('without a selection, each column takes the type of its values', () => {
    const d = read('id,x,empty,late\nP01,1.5,,\nP02,2,NA,\nP03,NA,,u\n');
    expect(isFactorColumn(d.columns.id)).toBe(true);
    expect(Array.from(d.columns.x as Float64Array)).toEqual([1.5, 2, NaN]);
    expect(Array.from(d.columns.empty as Float64Array)).toEqual([NaN, NaN, NaN]);
    expect(rowValues(d.columns.late)).toEqual([null, null, 'u']);
    expect(d.missing).toEqual({ id: 0, x: 1, empty: 3, late: 2 });
  });

  it('reports progress after each block: bytes read so far, of the total', () => {
    const text = `a,b\n${Array.from({ length: 2000 }, (_, i) => `${i},${i / 7}`).join('\n')}\n`;
    const calls: [number, number][] = [];
    read(text, { blockBytes: 1024, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.length).toBeGreaterThan(text.length / 1024 - 1);
    expect(calls.every(([, total]) => total === text.length)).toBe(true);
    expect(calls.map(([done]) => done)).toEqual([...calls.map(([done]) => done)].sort((a, b) => a - b));
    expect(calls[calls.length - 1][0]).toBe(text.length);
  });

  it('a selected column the file lacks is an error with a suggestion', () => {
    expect(() => read('alpha,beta\n1,2\n', { select: { alpah: 'number' } })).toThrow(/unknown column 'alpah'.*did you mean 'alpha'/);
  });
});

describe('bad input: one clear error each', () => {
  const cases: [string, string, DelimitedOptions | undefined, RegExp][] = [
    ['too many fields (an unquoted 1,234)', 'a,b\n1,2\n1,234,5\n', undefined, /line 3 has 3 fields but the header has 2 columns.*decimal comma/],
    ['too few fields', 'a,b\n1,2\n3\n', undefined, /line 3 has 1 fields? but the header has 2 columns/],
    ['text in a numeric column', 'a,b\n1,2\n2,n/a\n', { select: { a: 'number', b: 'number' } }, /column 'b' is used as a number but line 3 holds "n\/a"/],
    ['a duplicate column name', 'a,b,a\n1,2,3\n', undefined, /names column 'a' twice \(columns 1 and 3\)/],
    ['text after a closing quote', 'a,b\n"x"y,1\n', undefined, /line 2: a quoted field is followed by more text/],
    ['a quote never closed', 'a,b\n"x,1\n2,3\n', undefined, /quoted field opened on line 2 is never closed/],
    ['a line longer than the block', `a,b\n${'1'.repeat(500)},2\n`, { blockBytes: 128 }, /line 2 is longer than the 128-byte read block/],
    ['an empty file', '', undefined, /is empty: expected a header line/],
  ];
  for (const [what, text, options, message] of cases) {
    it(what, () => {
      expect(() => read(text, options)).toThrow(DataError);
      expect(() => read(text, options)).toThrow(message);
    });
  }

  it('a column whose type changes after the rows used to decide it', () => {
    const text = `a,b\n${Array.from({ length: 20_000 }, (_, i) => `${i},${i}`).join('\n')}\nx,1\n`;
    expect(() => read(text)).toThrow(/column 'a' holds numbers in its first rows but line 20002 holds "x": its type changes mid-file/);
  });
});
