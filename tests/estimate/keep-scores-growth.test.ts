/**
 * A fit that keeps its scores allocates them after the coefficients are solved; when that allocation grows the
 * WebAssembly memory, views taken before it are detached. The fit must still return its coefficients (a
 * fresh process at n = 1e5 grew the memory there and failed with "detached ArrayBuffer" before the fix).
 */
import { describe, expect, it } from 'vitest';
import { feols } from '../../src/index.js';

describe('keepScores when the scores grow the memory', () => {
  it('returns the same coefficients as a fit without scores', () => {
    const n = 100_000;
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
    const y = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.7) + Math.sin(i));
    const g = Int32Array.from({ length: n }, (_, i) => i % 1000);
    const kept = feols({ x, y, g }, 'y ~ x | g', { keepScores: true });
    const plain = feols({ x, y, g }, 'y ~ x | g');
    expect(kept.coefficients[0].estimate).toBe(plain.coefficients[0].estimate);
    expect(kept.coefficients[0].estimate).toBeCloseTo(1, 3);
  }, 60_000);
});
