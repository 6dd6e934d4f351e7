import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { locationQuotient } from '../../src/indices/index.js';
import { PAIRS, at, id, output, size, time, withValue } from './tiny-panel.js';

const ATOL = 1e-12;
const RTOL = 1e-12;

describe('locationQuotient', () => {
  it('divides each intensity by the intensity of the units present at t', () => {
    // t1: A 1/10, B 5/20, reference 6/30     t2: A 2/10, B 5/25, reference 7/35
    // t3: A 3/12, C 2/4, reference 5/16      t4: A 4/16, B 6/30, C 3/6, reference 13/52
    const expected: Record<string, number> = {
      A1: 1 / 10 / (6 / 30),
      B1: 5 / 20 / (6 / 30),
      A2: 2 / 10 / (7 / 35),
      B2: 5 / 25 / (7 / 35),
      A3: 3 / 12 / (5 / 16),
      C3: 2 / 4 / (5 / 16),
      A4: 4 / 16 / (13 / 52),
      B4: 6 / 30 / (13 / 52),
      C4: 3 / 6 / (13 / 52),
    };
    const lq = locationQuotient({ id, time, output, size });
    for (const [u, t] of PAIRS) {
      const want = expected[`${u}${t}`];
      expect(Math.abs(at(lq, u, t) - want), `${u}${t}`).toBeLessThanOrEqual(ATOL + RTOL * want);
    }
    expect(at(lq, 'A', 1)).toBeCloseTo(0.5, 14);
    expect(at(lq, 'C', 4)).toBeCloseTo(2, 14);
  });

  it('is NaN at a time where the panel produces nothing, and 0 for a unit without output', () => {
    const zeroAt2 = withValue(withValue(output, 'A', 2, 0), 'B', 2, 0);
    const lq = locationQuotient({ id, time, output: zeroAt2, size });
    expect(at(lq, 'A', 2)).toBeNaN();
    expect(at(lq, 'B', 2)).toBeNaN();
    expect(at(lq, 'A', 1)).toBeCloseTo(0.5, 14);
    const oneZero = locationQuotient({ id, time, output: withValue(output, 'C', 3, 0), size });
    expect(at(oneZero, 'C', 3)).toBe(0);
    expect(at(oneZero, 'A', 3)).toBeCloseTo(3 / 12 / (3 / 16), 14);
  });

  it('rejects unequal lengths, duplicates, bad sizes and bad outputs, naming the row', () => {
    expect(() => locationQuotient({ id, time, output, size: size.slice(2) })).toThrow(/'size' has 7/);
    expect(() => locationQuotient({ id: [...id, 'C'], time: [...time, 4], output: [...output, 1], size: [...size, 1] })).toThrow(
      /id 'C' at time 4 appears in rows 0 and 9/,
    );
    expect(() => locationQuotient({ id, time, output, size: withValue(size, 'B', 2, 0) })).toThrow(DataError);
    expect(() => locationQuotient({ id, time, output, size: withValue(size, 'B', 2, 0) })).toThrow(/'size'.*id 'B', time 2/);
    expect(() => locationQuotient({ id, time, output: withValue(output, 'C', 4, -1), size })).toThrow(/'output'.*id 'C', time 4/);
    expect(() => locationQuotient({ id, time, output: withValue(output, 'A', 4, NaN), size })).toThrow(/id 'A', time 4/);
  });
});
