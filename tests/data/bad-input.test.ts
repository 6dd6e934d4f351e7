// Data or options that would be read wrongly without a word: each is an error naming the row, column or key.
// (Ragged rows, an unquoted 1,234, duplicate column names, 1e400, unclosed quotes and empty files are in
// csv-reader.test.ts; Infinity and non-finite transforms in sample.test.ts.)
import { describe, expect, it } from 'vitest';
import { feols } from '../../src/estimate/feols.js';
import { feolsMultiple } from '../../src/estimate/multiple.js';
import { readDelimited } from '../../src/data/readers/csv.js';
import { bytesSource } from '../../src/data/readers/source.js';
import { DataError, OptionError } from '../../src/errors.js';

const y = [1.2, 2.3, 2.9, 4.1, 5.2, 5.8, 6.1, 7.7];
const x = [0.5, 1.1, 1.4, 2.2, 2.9, 3.1, 3.3, 4.0];

describe('object values where levels are expected', () => {
  it('objects as a fixed effect are an error naming the column and row, not one level', () => {
    const g = y.map((_, i) => ({ id: i % 2 }));
    expect(() => feols({ y, x, g }, 'y ~ x | g')).toThrow(DataError);
    expect(() => feols({ y, x, g }, 'y ~ x | g')).toThrow(/column 'g' holds an object at row 1 \(\{"id":0\}\)/);
  });
  it('arrays as a cluster variable, and objects inside an interaction a^b', () => {
    const c = y.map((_, i) => [i % 2]);
    expect(() => feols({ y, x, c }, 'y ~ x', { cluster: 'c' })).toThrow(/column 'c' holds an array at row 1/);
    const a = y.map((_, i) => i % 2);
    const b = y.map((_, i) => (i === 3 ? { k: 1 } : i % 3));
    expect(() => feols({ y, x, a, b }, 'y ~ x | a^b')).toThrow(/column 'b' holds an object at row 4/);
  });
  it('strings, numbers and dates still work as levels', () => {
    const d = y.map((_, i) => new Date(Date.UTC(2020, i % 2, 1)));
    expect(feols({ y, x, d }, 'y ~ x | d').fixef).toEqual({ d: 2 });
  });
});

describe('unknown library options', () => {
  it("{ clustr: 'g' } is an error with a suggestion, not a silent iid fit", () => {
    const g = y.map((_, i) => `g${i % 4}`);
    expect(() => feols({ y, x, g }, 'y ~ x', { clustr: 'g' } as never)).toThrow(OptionError);
    expect(() => feols({ y, x, g }, 'y ~ x', { clustr: 'g' } as never)).toThrow(/unknown feols option 'clustr'; did you mean 'cluster'\?/);
    expect(() => feols({ y, x, g }, 'y ~ x', { demeantol: 1e-9 } as never)).toThrow(/did you mean 'demeanTol'/);
    expect(() => feols({ y, x, g }, 'y ~ x', { vcv: 'hetero' } as never)).toThrow(/did you mean 'vcov'/);
    expect(() => feolsMultiple({ y, x, g }, 'y ~ csw(x)', { weigths: 'x' } as never)).toThrow(/did you mean 'weights'/);
    expect(() => feols({ y, x, g }, 'y ~ x', { zzz: 1 } as never)).toThrow(/unknown feols option 'zzz'; the options are vcov, cluster/);
  });
  it('known keys, and keys set to undefined, pass', () => {
    const g = y.map((_, i) => `g${i % 4}`);
    expect(feols({ y, x, g }, 'y ~ x', { cluster: 'g', weights: undefined }).vcov.type).toBe('cluster');
  });
});

describe('files that are not a table', () => {
  const read = (bytes: Uint8Array) => readDelimited(bytesSource(bytes, 'in.csv'));
  it('binary bytes: one line saying it is not text', () => {
    const bytes = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 10, 44, 10]);
    expect(() => read(bytes)).toThrow(/'?in\.csv'? holds binary data \(a zero byte at byte 8\), not delimited text/);
  });
  it('a header without rows: the fit says there are no rows', () => {
    const data = read(new TextEncoder().encode('y,x\n'));
    expect(data.n).toBe(0);
    expect(() => feols(data.columns, 'y ~ x')).toThrow(/the data have no rows \(only the columns y, x\): expected at least one data row/);
  });
});
