/** Assignments of the permutation test: counting, enumeration (each distinct assignment once), random shuffles. */
import { describe, it, expect } from 'vitest';
import {
  buildAssignment, countAssignments, drawEnumerated, drawRandom, drawScratch, applyAssignment,
} from '../../src/infer/permute-assign.js';
import { streamKey } from '../../src/parallel/rng.js';

const rows = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

/** The values the permuted column takes on `n` rows under draw b. */
function valuesOf(a: ReturnType<typeof buildAssignment>, column: ArrayLike<unknown>, classes: Int32Array): unknown[] {
  const target = Array.from(column);
  applyAssignment(a, classes, column, target);
  return target;
}

describe('counting distinct assignments', () => {
  it('is the multinomial n! / prod(ties!), times over strata, capped', () => {
    const col = [1, 1, 2, 3, 3, 3];
    expect(countAssignments(buildAssignment({ column: col, columnName: 'x', sampleRows: rows(6) }), 1e9)).toBe(60);
    expect(countAssignments(buildAssignment({ column: [1, 2, 3, 4, 5, 6], columnName: 'x', sampleRows: rows(6) }), 1e9)).toBe(720);
    expect(countAssignments(buildAssignment({ column: [1, 2, 3, 4, 5, 6], columnName: 'x', sampleRows: rows(6) }), 719)).toBe(Infinity);
    const strata = { name: 's', values: ['a', 'b', 'a', 'b', 'a', 'b'] };
    expect(countAssignments(buildAssignment({ column: [1, 2, 3, 4, 5, 6], columnName: 'x', sampleRows: rows(6), strata }), 1e9)).toBe(36);
    const big = buildAssignment({ column: Float64Array.from({ length: 1000 }, (_, i) => i), columnName: 'x', sampleRows: rows(1000) });
    expect(countAssignments(big, 1e6)).toBe(Infinity);
  });

  it('counts units, not rows, with by', () => {
    const unit = { name: 'u', values: [1, 1, 2, 2, 3, 3, 4, 4] };
    const col = [0, 0, 1, 1, 0, 0, 1, 1];
    expect(countAssignments(buildAssignment({ column: col, columnName: 'x', sampleRows: rows(8), unit }), 1e9)).toBe(6);
  });
});

describe('enumeration', () => {
  it('visits every distinct assignment exactly once, within strata', () => {
    const col = ['a', 'b', 'b', 'c', 'a', 'x', 'y', 'y'];
    const strata = { name: 's', values: [0, 0, 0, 0, 0, 1, 1, 1] };
    const a = buildAssignment({ column: col, columnName: 'x', sampleRows: rows(8), strata });
    const M = countAssignments(a, 1e9);
    expect(M).toBe((120 / 4) * 3); // 5!/(2!2!) in stratum 0, 3!/2! in stratum 1
    const scratch = drawScratch(a);
    const out = new Int32Array(8);
    const seen = new Set<string>();
    for (let b = 0; b < M; b++) {
      drawEnumerated(a, b, scratch, out);
      const v = valuesOf(a, col, out);
      expect([...v.slice(0, 5)].sort()).toEqual(['a', 'a', 'b', 'b', 'c']);
      expect([...v.slice(5)].sort()).toEqual(['x', 'y', 'y']);
      seen.add(v.join());
    }
    expect(seen.size).toBe(M);
    expect(seen.has(col.join())).toBe(true);
  });
});

describe('random draws', () => {
  it('are permutations, uniform over the 6 orders of 3 values', () => {
    const col = [10, 20, 30];
    const a = buildAssignment({ column: col, columnName: 'x', sampleRows: rows(3) });
    const scratch = drawScratch(a);
    const out = new Int32Array(3);
    const counts = new Map<string, number>();
    const N = 6000;
    for (let b = 0; b < N; b++) {
      drawRandom(a, streamKey(11, b), scratch, out);
      const key = valuesOf(a, col, out).join();
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    // Chi-square with 5 df: 20.5 is its 0.999 quantile.
    const chi2 = [...counts.values()].reduce((s, c) => s + (c - N / 6) ** 2 / (N / 6), 0);
    expect(chi2).toBeLessThan(20.5);
  });

  it('depend only on (seed, draw): the same draw twice gives the same assignment', () => {
    const col = Float64Array.from({ length: 50 }, (_, i) => i);
    const a = buildAssignment({ column: col, columnName: 'x', sampleRows: rows(50) });
    const s = drawScratch(a);
    const o1 = new Int32Array(50), o2 = new Int32Array(50);
    drawRandom(a, streamKey(3, 17), s, o1);
    drawRandom(a, streamKey(3, 16), s, o2);
    drawRandom(a, streamKey(3, 17), s, o2);
    expect(Array.from(o2)).toEqual(Array.from(o1));
  });

  it('move whole units with by and rewrite all of their rows', () => {
    const unit = { name: 'u', values: [1, 1, 2, 2, 3, 3] };
    const col = [5, 5, 6, 6, 7, 7];
    const a = buildAssignment({ column: col, columnName: 'x', sampleRows: Int32Array.of(0, 2, 3, 4) });
    expect(a.rows.length).toBe(4);
    const withUnits = buildAssignment({ column: col, columnName: 'x', sampleRows: Int32Array.of(0, 2, 3, 4), unit });
    expect(Array.from(withUnits.rows)).toEqual([0, 1, 2, 3, 4, 5]);
    const out = new Int32Array(3);
    drawRandom(withUnits, streamKey(1, 2), drawScratch(withUnits), out);
    const v = valuesOf(withUnits, col, out);
    expect(v[0]).toBe(v[1]);
    expect(v[2]).toBe(v[3]);
    expect(v[4]).toBe(v[5]);
  });
});
