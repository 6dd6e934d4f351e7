import { describe, expect, it } from 'vitest';
import { DataError, OptionError } from '../../src/errors.js';
import { potentialIndex, type DistanceMatrix } from '../../src/indices/index.js';
import { PAIRS, at, id, output, size, time, withValue } from './tiny-panel.js';

const ATOL = 1e-12;
const RTOL = 1e-12;

// A 3-4-5 triangle: d(A,B) = 3, d(A,C) = 4, d(B,C) = 5.
const distance: DistanceMatrix = { ids: ['A', 'B', 'C'], matrix: [[0, 3, 4], [3, 0, 5], [4, 5, 0]] };

// Intensities VS/X of the tiny panel, written out:
// A: 1/10, 2/10, 3/12, 4/16    B: 5/20, 5/25, -, 6/30    C: -, -, 2/4, 3/6
const rA = { 1: 0.1, 2: 0.2, 3: 0.25, 4: 0.25 };
const rB = { 1: 0.25, 2: 0.2, 4: 0.2 };
const rC = { 3: 0.5, 4: 0.5 };

/** The index by hand for internal distances dA, dB, dC: each unit's own term plus the others present. */
function byHand(dA: number, dB: number, dC: number): Record<string, number> {
  return {
    A1: rA[1] / dA + rB[1] / 3,
    B1: rA[1] / 3 + rB[1] / dB,
    A2: rA[2] / dA + rB[2] / 3,
    B2: rA[2] / 3 + rB[2] / dB,
    A3: rA[3] / dA + rC[3] / 4, // B absent at t = 3
    C3: rA[3] / 4 + rC[3] / dC,
    A4: rA[4] / dA + rB[4] / 3 + rC[4] / 4,
    B4: rA[4] / 3 + rB[4] / dB + rC[4] / 5,
    C4: rA[4] / 4 + rB[4] / 5 + rC[4] / dC,
  };
}

function expectValues(actual: Float64Array, expected: Record<string, number>): void {
  expect(actual.length).toBe(PAIRS.length);
  for (const [u, t] of PAIRS) {
    const want = expected[`${u}${t}`];
    const got = at(actual, u, t);
    expect(Math.abs(got - want), `${u}${t}: got ${got}, want ${want}`).toBeLessThanOrEqual(ATOL + RTOL * Math.abs(want));
  }
}

describe('potentialIndex internal distances', () => {
  it('defaults to half the nearest distance: d_AA = 1.5, d_BB = 1.5, d_CC = 2', () => {
    const expected = byHand(1.5, 1.5, 2);
    expectValues(potentialIndex({ id, time, output, size, distance }), expected);
    expectValues(potentialIndex({ id, time, output, size, distance, internalDistance: { kind: 'fraction-of-nearest', fraction: 0.5 } }), expected);
    // A by hand at t = 4: 0.25/1.5 + 0.2/3 + 0.5/4
    expect(at(potentialIndex({ id, time, output, size, distance }), 'A', 4)).toBeCloseTo(0.358333333333333, 13);
  });

  it('scales the nearest distance by another fraction', () => {
    expectValues(
      potentialIndex({ id, time, output, size, distance, internalDistance: { kind: 'fraction-of-nearest', fraction: 0.25 } }),
      byHand(0.75, 0.75, 1),
    );
  });

  it('takes the nearest neighbour over all ids of the matrix, including units absent from the data', () => {
    // Z is 1 from C, so d_CC = 0.5 even though Z never appears in the panel; Z adds no term.
    const withZ: DistanceMatrix = {
      ids: ['A', 'B', 'C', 'Z'],
      matrix: [[0, 3, 4, 4.5], [3, 0, 5, 5.5], [4, 5, 0, 1], [4.5, 5.5, 1, 0]],
    };
    expectValues(potentialIndex({ id, time, output, size, distance: withZ }), byHand(1.5, 1.5, 0.5));
  });

  it('reads the diagonal when asked', () => {
    const withDiagonal: DistanceMatrix = { ids: ['A', 'B', 'C'], matrix: [[1, 3, 4], [3, 2, 5], [4, 5, 2.5]] };
    expectValues(potentialIndex({ id, time, output, size, distance: withDiagonal, internalDistance: { kind: 'diagonal' } }), byHand(1, 2, 2.5));
  });

  it('uses given values aligned with distance.ids, whatever the row order of the data', () => {
    expectValues(
      potentialIndex({ id, time, output, size, distance, internalDistance: { kind: 'values', values: [0.5, 1, 2] } }),
      byHand(0.5, 1, 2),
    );
    const reordered: DistanceMatrix = { ids: ['C', 'A', 'B'], matrix: [[0, 4, 5], [4, 0, 3], [5, 3, 0]] };
    expectValues(
      potentialIndex({ id, time, output, size, distance: reordered, internalDistance: { kind: 'values', values: [2, 0.5, 1] } }),
      byHand(0.5, 1, 2),
    );
  });
});

describe('potentialIndex normalisation', () => {
  const raw = byHand(1.5, 1.5, 2);

  it("'max' divides by the largest value at each time", () => {
    const max = {
      1: Math.max(raw.A1, raw.B1),
      2: Math.max(raw.A2, raw.B2),
      3: Math.max(raw.A3, raw.C3),
      4: Math.max(raw.A4, raw.B4, raw.C4),
    } as Record<number, number>;
    const expected = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v / max[Number(k.slice(1))]]));
    expectValues(potentialIndex({ id, time, output, size, distance, normalize: 'max' }), expected);
    expect(at(potentialIndex({ id, time, output, size, distance, normalize: 'max' }), 'A', 4)).toBe(1); // 0.358 > B 0.317, C 0.3525
  });

  it("'sum' divides by the total at each time", () => {
    const sum = { 1: raw.A1 + raw.B1, 2: raw.A2 + raw.B2, 3: raw.A3 + raw.C3, 4: raw.A4 + raw.B4 + raw.C4 } as Record<number, number>;
    const expected = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v / sum[Number(k.slice(1))]]));
    expectValues(potentialIndex({ id, time, output, size, distance, normalize: 'sum' }), expected);
  });

  it('is NaN when normalising a time with no output anywhere', () => {
    const none = withValue(withValue(output, 'A', 1, 0), 'B', 1, 0);
    const v = potentialIndex({ id, time, output: none, size, distance, normalize: 'max' });
    expect(at(v, 'A', 1)).toBeNaN();
    expect(at(potentialIndex({ id, time, output: none, size, distance }), 'A', 1)).toBe(0);
  });
});

describe('potentialIndex validation', () => {
  const base = { id, time, output, size, distance };

  it('rejects an id missing from the distance matrix, naming the row', () => {
    const run = () => potentialIndex({ ...base, id: withValue(id, 'C', 3, 'D') });
    expect(run).toThrow(DataError);
    expect(run).toThrow(/id 'D', time 3\) is not/);
    const numeric = () => potentialIndex({ ...base, id: id.map((u) => ({ A: 1, B: 2, C: 3 })[u]!), distance: { ...distance, ids: ['1', '2', '3'] } });
    expect(numeric).toThrow(/a string, the data has a number/);
  });

  it('rejects an asymmetric matrix, naming the pair, but tolerates a relative 1e-12', () => {
    const bad: DistanceMatrix = { ids: ['A', 'B', 'C'], matrix: [[0, 3, 4], [3, 0, 5], [4.1, 5, 0]] };
    expect(() => potentialIndex({ ...base, distance: bad })).toThrow(/d\('A', 'C'\) = 4 and d\('C', 'A'\) = 4.1/);
    const nearly: DistanceMatrix = { ids: ['A', 'B', 'C'], matrix: [[0, 3, 4], [3, 0, 5], [4 * (1 + 1e-12), 5, 0]] };
    expect(() => potentialIndex({ ...base, distance: nearly })).not.toThrow();
  });

  it('rejects a matrix that is not square or has a non-positive off-diagonal distance', () => {
    expect(() => potentialIndex({ ...base, distance: { ids: ['A', 'B', 'C'], matrix: [[0, 3, 4], [3, 0, 5]] } })).toThrow(/3 rows/);
    expect(() => potentialIndex({ ...base, distance: { ids: ['A', 'B', 'C'], matrix: [[0, 3, 4], [3, 0], [4, 5, 0]] } })).toThrow(
      /row 1 \(id 'B'\) to have 3 entries/,
    );
    expect(() => potentialIndex({ ...base, distance: { ids: ['A', 'B', 'C'], matrix: [[0, 0, 4], [0, 0, 5], [4, 5, 0]] } })).toThrow(
      /got 0 between 'A' and 'B'/,
    );
    expect(() => potentialIndex({ ...base, distance: { ids: ['A', 'B', 'A'], matrix: distance.matrix } })).toThrow(/'A' is at positions 0 and 2/);
  });

  it('rejects a zero diagonal under the diagonal rule, and values of the wrong length or sign', () => {
    expect(() => potentialIndex({ ...base, internalDistance: { kind: 'diagonal' } })).toThrow(/diagonal to be finite and > 0.*id 'A'/);
    expect(() => potentialIndex({ ...base, internalDistance: { kind: 'values', values: [1, 1] } })).toThrow(/3 entries/);
    expect(() => potentialIndex({ ...base, internalDistance: { kind: 'values', values: [1, -1, 1] } })).toThrow(/id 'B'/);
  });

  it('rejects unknown options with OptionError', () => {
    expect(() => potentialIndex({ ...base, normalize: 'total' as never })).toThrow(OptionError);
    expect(() => potentialIndex({ ...base, normalize: 'total' as never })).toThrow(/'none', 'max', 'sum'/);
    expect(() => potentialIndex({ ...base, internalDistance: { kind: 'area' } as never })).toThrow(OptionError);
    expect(() => potentialIndex({ ...base, internalDistance: { kind: 'fraction-of-nearest', fraction: 0 } })).toThrow(OptionError);
  });

  it('rejects bad data columns like the other builders', () => {
    expect(() => potentialIndex({ ...base, size: withValue(size, 'A', 2, 0) })).toThrow(/'size'.*id 'A', time 2/);
    expect(() => potentialIndex({ ...base, output: withValue(output, 'B', 4, -3) })).toThrow(/'output'.*id 'B', time 4/);
    expect(() => potentialIndex({ ...base, time: time.slice(1) })).toThrow(/'time' has 8/);
    expect(() => potentialIndex({ ...base, id: [...id, 'A'], time: [...time, 4], output: [...output, 1], size: [...size, 1] })).toThrow(
      /id 'A' at time 4 appears/,
    );
  });
});
