/**
 * The counter-based generator (assembly/rng.ts) against its BigInt reference, bit for bit, and the weight
 * distributions' moments as a sanity check.
 */
import { describe, it, expect } from 'vitest';
import { randomBits, variates, type Variate } from '../../src/infer/index.js';
import { bitsRef, mix64, variateRef } from './reference.js';

/** Normal variates go through log and cos, whose last bit may differ between AssemblyScript and V8. */
const RTOL_NORMAL = 1e-14;

const points: [number, number, number][] = [
  [0, 0, 0], [0, 1, 0], [1, 1, 0], [42, 7, 3], [2 ** 53 - 1, 2 ** 31 - 1, 2 ** 31 - 17], [20240611, 99999, 29], [123456789, 1, 999],
];

describe('counter-based generator', () => {
  it('bits(seed, stream, index) equal the BigInt reference', () => {
    for (const [seed, stream, index] of points) {
      const got = randomBits(seed, stream, index, 8);
      for (let i = 0; i < 8; i++) expect(got[i], `${seed}/${stream}/${index + i}`).toBe(bitsRef(seed, stream, index + i));
    }
  });

  it('mix64 is SplitMix64: the first output from state 0 is 0xE220A8397B1DCDAF', () => {
    // Published first value of SplitMix64 seeded with 0 (Vigna's reference splitmix64.c): mix64(GAMMA).
    expect(mix64(0x9E3779B97F4A7C15n)).toBe(0xE220A8397B1DCDAFn);
    // And so a change of definition cannot go unnoticed: bits(0, 0, 0) as computed once.
    expect(randomBits(0, 0, 0, 1)[0]).toBe(0x568A9B0B1A2C05ECn);
  });

  for (const kind of ['uniform', 'rademacher', 'webb', 'mammen', 'normal'] as Variate[]) {
    it(`${kind} variates equal the reference ${kind === 'normal' ? 'to 1e-14' : 'bit for bit'}`, () => {
      for (const [seed, stream, index] of points) {
        const got = variates(seed, stream, index, 16, kind);
        for (let i = 0; i < 16; i++) {
          const want = variateRef(bitsRef(seed, stream, index + i), kind);
          if (kind === 'normal') expect(Math.abs(got[i] - want)).toBeLessThanOrEqual(RTOL_NORMAL * Math.max(1, Math.abs(want)));
          else expect(Object.is(got[i], want), `${kind} ${seed}/${stream}/${index + i}: ${got[i]} vs ${want}`).toBe(true);
        }
      }
    });
  }

  it('draws do not depend on how a range is split', () => {
    const whole = variates(9, 3, 0, 1000, 'webb');
    const parts = [variates(9, 3, 0, 333, 'webb'), variates(9, 3, 333, 400, 'webb'), variates(9, 3, 733, 267, 'webb')];
    expect(Array.from(whole)).toEqual(parts.flatMap((p) => Array.from(p)));
  });

  it('weights have mean 0 and variance 1; uniforms lie in (0, 1]', () => {
    const n = 200_000;
    for (const kind of ['rademacher', 'webb', 'mammen', 'normal'] as Variate[]) {
      const v = variates(5, 11, 0, n, kind);
      const mean = v.reduce((a, x) => a + x, 0) / n;
      const variance = v.reduce((a, x) => a + (x - mean) ** 2, 0) / n;
      // 5 standard errors of the sample mean and variance.
      expect(Math.abs(mean), `${kind} mean`).toBeLessThan(5 / Math.sqrt(n));
      expect(Math.abs(variance - 1), `${kind} variance`).toBeLessThan(5 * Math.sqrt(3 / n));
    }
    const u = variates(5, 11, 0, n, 'uniform');
    expect(u.every((x) => x > 0 && x <= 1)).toBe(true);
    expect(Math.abs(u.reduce((a, x) => a + x, 0) / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
  });

  it('rejects seeds that are not integers in [0, 2^53)', () => {
    expect(() => variates(-1, 0, 0, 1, 'uniform')).toThrow(/seed must be an integer/);
    expect(() => variates(1.5, 0, 0, 1, 'uniform')).toThrow(/seed must be an integer/);
    expect(() => variates(2 ** 53, 0, 0, 1, 'uniform')).toThrow(/seed must be an integer/);
  });
});
