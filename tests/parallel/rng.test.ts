/** The counter-based generator against a BigInt transcription of its definition (and the kernel, when built in). */
import { describe, it, expect } from 'vitest';
import { bitsAt, counterUniform, streamKey, uniformAt } from '../../src/parallel/rng.js';
import { core } from '../../src/wasm/module.js';
import { Arena } from '../../src/wasm/arena.js';

const M64 = (1n << 64n) - 1n;
const GAMMA = 0x9e3779b97f4a7c15n;

function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
  return z ^ (z >> 31n);
}
function refBits(seed: number, stream: number, index: number): bigint {
  const key = mix64((mix64((BigInt(seed) + GAMMA) & M64) + BigInt(stream) * GAMMA) & M64);
  return mix64((key + BigInt(index + 1) * GAMMA) & M64);
}
function refUniform(seed: number, stream: number, index: number): number {
  return (Number(refBits(seed, stream, index) >> 11n) + 0.5) * 2 ** -53;
}

const SEEDS = [0, 1, 42, 2 ** 32 - 1, 2 ** 32, 123456789012345, Number.MAX_SAFE_INTEGER];
const COUNTERS = [0, 1, 2, 7, 999, 2 ** 31 - 1, 2 ** 32 + 5, 2 ** 52 + 3];

describe('counter-based uniforms', () => {
  it('match the BigInt definition bit for bit', () => {
    for (const seed of SEEDS) for (const stream of COUNTERS) for (const index of COUNTERS) {
      const key = streamKey(seed, stream);
      expect(bitsAt(key, index), `bits(${seed}, ${stream}, ${index})`).toBe(refBits(seed, stream, index));
      expect(uniformAt(key, index)).toBe(refUniform(seed, stream, index));
    }
  });

  it('are a pure function of (seed, stream, index)', () => {
    expect(counterUniform(5, 3, 11)).toBe(counterUniform(5, 3, 11));
    expect(counterUniform(5, 3, 11)).not.toBe(counterUniform(5, 4, 11));
    expect(counterUniform(5, 3, 11)).not.toBe(counterUniform(6, 3, 11));
  });

  it('look uniform: mean, variance and range over 20 000 draws', () => {
    const key = streamKey(9, 1);
    let s = 0, s2 = 0, lo = 1, hi = 0;
    const N = 20_000;
    for (let i = 0; i < N; i++) { const u = uniformAt(key, i); s += u; s2 += u * u; lo = Math.min(lo, u); hi = Math.max(hi, u); }
    expect(Math.abs(s / N - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(s2 / N - (s / N) ** 2 - 1 / 12)).toBeLessThan(0.003);
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeLessThanOrEqual(1);
  });

  it('rejects seeds outside [0, 2^53)', () => {
    expect(() => streamKey(-1, 0)).toThrow(/seed must be an integer/);
    expect(() => streamKey(1.5, 0)).toThrow(/seed/);
    expect(() => streamKey(1, 2 ** 53)).toThrow(/stream/);
  });

  const c = core() as unknown as Record<string, unknown>;
  it.runIf(typeof c.rngFill === 'function')('agree with the WebAssembly kernel assembly/rng.ts', () => {
    const fill = c.rngFill as (seed: number, stream: number, index0: number, count: number, kind: number, out: number) => void;
    const arena = new Arena();
    try {
      for (const [seed, stream] of [[0, 0], [42, 7], [2 ** 40 + 1, 123456]]) {
        const out = arena.f64(64);
        fill(seed, stream, 3, 64, 0, out.data);
        const got = Array.from(out.view());
        expect(got).toEqual(Array.from({ length: 64 }, (_, i) => counterUniform(seed, stream, 3 + i)));
      }
    } finally {
      arena.release();
    }
  });
});
