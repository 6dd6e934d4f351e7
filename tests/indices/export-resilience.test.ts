import { describe, expect, it } from 'vitest';
import { DataError, OptionError } from '../../src/errors.js';
import { exportResilience } from '../../src/indices/index.js';
import { PAIRS, at, exports, id, rowOf, time, withValue } from './tiny-panel.js';

const ATOL = 1e-12;
const RTOL = 1e-12;
const ln = Math.log;

function expectValues(actual: Float64Array, expected: Record<string, number>): void {
  expect(actual.length).toBe(PAIRS.length);
  for (const [u, t] of PAIRS) {
    const want = expected[`${u}${t}`];
    const got = at(actual, u, t);
    if (Number.isNaN(want)) expect(got, `${u}${t}`).toBeNaN();
    else expect(Math.abs(got - want), `${u}${t}: got ${got}, want ${want}`).toBeLessThanOrEqual(ATOL + RTOL * Math.abs(want));
  }
}

describe('exportResilience, k = 1', () => {
  it('uses the sum over units present at t when no national series is given', () => {
    // E_1 = 100 + 50, E_2 = 110 + 40, E_3 = 121 + 20 (B absent, C entered), E_4 = 150 + 60 + 30
    const E = { 1: 150, 2: 150, 3: 141, 4: 240 };
    expectValues(exportResilience({ id, time, exports }), {
      A1: NaN,
      A2: ln(110 / 100) - ln(E[2] / E[1]),
      A3: ln(121 / 110) - ln(E[3] / E[2]),
      A4: ln(150 / 121) - ln(E[4] / E[3]),
      B1: NaN,
      B2: ln(40 / 50) - ln(E[2] / E[1]),
      B4: NaN, // the gap: (B, 3) is absent, and (B, 2) must not stand in for it
      C3: NaN, // entry: no (C, 2)
      C4: ln(30 / 20) - ln(E[4] / E[3]),
    });
  });

  it('uses a national map when given', () => {
    const national = new Map([[1, 1000], [2, 1050], [3, 1100], [4, 1210]]);
    expectValues(exportResilience({ id, time, exports, national }), {
      A1: NaN,
      A2: ln(1.1) - ln(1050 / 1000),
      A3: ln(1.1) - ln(1100 / 1050),
      A4: ln(150 / 121) - ln(1.1),
      B1: NaN,
      B2: ln(0.8) - ln(1.05),
      B4: NaN,
      C3: NaN,
      C4: ln(1.5) - ln(1.1),
    });
  });

  it('gives the same values for a per-row national column as for the map, and differs from the summed series', () => {
    const byTime: Record<number, number> = { 1: 1000, 2: 1050, 3: 1100, 4: 1210 };
    const column = time.map((t) => byTime[t]);
    const fromColumn = exportResilience({ id, time, exports, national: new Float64Array(column) });
    expect(at(fromColumn, 'C', 4)).toBeCloseTo(ln(1.5) - ln(1.1), 12);
    expect(at(fromColumn, 'A', 2)).toBeCloseTo(ln(1.1) - ln(1.05), 12);
    const summed = exportResilience({ id, time, exports });
    expect(Math.abs(at(fromColumn, 'A', 3) - at(summed, 'A', 3))).toBeGreaterThan(0.01);
  });

  it('accepts numeric ids and typed arrays', () => {
    const numericId = id.map((u) => ({ A: 1, B: 2, C: 3 })[u]!);
    const sl = exportResilience({ id: numericId, time: new Int32Array(time), exports: new Float64Array(exports) });
    expect(sl[rowOf('C', 4)]).toBeCloseTo(ln(1.5) - ln(240 / 141), 12);
    expect(sl[rowOf('B', 4)]).toBeNaN();
  });
});

describe('exportResilience, k = 2', () => {
  it('lags by time - 2, bridging B\'s gap but not C\'s entry', () => {
    const E = { 1: 150, 2: 150, 3: 141, 4: 240 };
    expectValues(exportResilience({ id, time, exports, k: 2 }), {
      A1: NaN,
      A2: NaN,
      A3: ln(121 / 100) - ln(E[3] / E[1]),
      A4: ln(150 / 110) - ln(E[4] / E[2]),
      B1: NaN,
      B2: NaN,
      B4: ln(60 / 40) - ln(E[4] / E[2]),
      C3: NaN,
      C4: NaN,
    });
  });
});

describe('exportResilience validation', () => {
  it('rejects columns of unequal length', () => {
    expect(() => exportResilience({ id, time, exports: exports.slice(1) })).toThrow(DataError);
    expect(() => exportResilience({ id, time, exports: exports.slice(1) })).toThrow(/'exports' has 8/);
    expect(() => exportResilience({ id, time, exports, national: [1, 2] })).toThrow(/'national' has 2/);
  });

  it('rejects a duplicate (id, time) pair, naming it', () => {
    const run = () => exportResilience({ id: [...id, 'A'], time: [...time, 2], exports: [...exports, 5] });
    expect(run).toThrow(DataError);
    expect(run).toThrow(/id 'A' at time 2 appears in rows 1 and 9/);
  });

  it('rejects non-positive and non-finite exports, naming the first offending row', () => {
    expect(() => exportResilience({ id, time, exports: withValue(exports, 'B', 4, 0) })).toThrow(/id 'B', time 4/);
    expect(() => exportResilience({ id, time, exports: withValue(exports, 'C', 3, -2) })).toThrow(/id 'C', time 3/);
    expect(() => exportResilience({ id, time, exports: withValue(exports, 'A', 1, NaN) })).toThrow(/id 'A', time 1\).*NaN|NaN.*id 'A', time 1/);
    expect(() => exportResilience({ id, time, exports: withValue(exports, 'A', 1, Infinity) })).toThrow(DataError);
  });

  it('rejects a non-finite time', () => {
    expect(() => exportResilience({ id, time: withValue(time, 'A', 3, NaN), exports })).toThrow(/time to be a finite number/);
  });

  it('rejects a national column that varies within a time, naming the time', () => {
    const byTime: Record<number, number> = { 1: 1000, 2: 1050, 3: 1100, 4: 1210 };
    const column = withValue(time.map((t) => byTime[t]), 'C', 3, 1101);
    expect(() => exportResilience({ id, time, exports, national: column })).toThrow(DataError);
    expect(() => exportResilience({ id, time, exports, national: column })).toThrow(/constant within each time, but at time 3/);
  });

  it('rejects a non-positive national column value, naming the row', () => {
    const column = withValue(time.map(() => 1000), 'A', 2, 0);
    expect(() => exportResilience({ id, time, exports, national: column })).toThrow(/'national'.*id 'A', time 2/);
  });

  it('rejects a national map without every time of the data, or with a non-positive value', () => {
    const missing = new Map([[1, 1000], [2, 1050], [3, 1100]]);
    expect(() => exportResilience({ id, time, exports, national: missing })).toThrow(/time 4 is missing/);
    const negative = new Map([[1, 1000], [2, -1], [3, 1100], [4, 1210]]);
    expect(() => exportResilience({ id, time, exports, national: negative })).toThrow(/got -1 at time 2/);
  });

  it('rejects a k that is not a positive integer', () => {
    expect(() => exportResilience({ id, time, exports, k: 0 })).toThrow(OptionError);
    expect(() => exportResilience({ id, time, exports, k: 1.5 })).toThrow(/positive integer/);
  });
});
