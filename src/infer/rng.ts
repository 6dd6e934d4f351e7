/**
 * Counter-based random numbers (kernel: `assembly/rng.ts`). Draw i of stream s is a pure function of
 * (seed, s, i): SplitMix64's mixer (Steele, Lea and Flood 2014) applied to
 *   key(seed, s) = mix64(mix64(seed + GAMMA) + s GAMMA),   bits = mix64(key + (i + 1) GAMMA)   (mod 2^64)
 * with uniform u = ((bits >> 11) + 1/2) 2^-53 in (0, 1] (u = 1 with probability 2^-53, from rounding). So the
 * same seed gives bit-identical numbers however the draws are split over calls or workers, and no state is
 * carried between them. `src/parallel/rng.ts` computes the same uniforms in plain JavaScript.
 *
 * Conventions of hdfe's bootstraps: bootstrap draw b (b = 1..B) uses stream b, and index g for its cluster
 * (wild weights) or its g-th resampled unit (pairs and cluster bootstraps, unit = min(floor(u * count), count - 1)).
 */
import { OptionError } from '../errors.js';
import { Arena } from '../wasm/arena.js';

/** Distributions the generator provides; all but 'uniform' have mean 0 and variance 1. */
export type Variate = 'uniform' | 'rademacher' | 'webb' | 'mammen' | 'normal';

/** Kernel codes (assembly/rng.ts KIND_*). */
export const VARIATE_CODE: Readonly<Record<Variate, number>> = Object.freeze({
  uniform: 0, rademacher: 1, webb: 2, mammen: 3, normal: 4,
});

/** Seeds are integers in [0, 2^53): they reach the kernel exactly as f64. */
export function checkSeed(seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new OptionError(`seed must be an integer in [0, 2^53); got ${JSON.stringify(seed)}; pass e.g. seed: 20240611`);
  }
  return seed;
}

function checkRange(stream: number, index0: number, count: number): void {
  const ok = (x: number, max: number) => Number.isInteger(x) && x >= 0 && x <= max;
  if (!ok(stream, 2 ** 31 - 1) || !ok(index0, 2 ** 31 - 1) || !ok(count, 2 ** 31 - 1 - index0)) {
    throw new OptionError(`stream, index0 and count must be integers with stream, index0 + count < 2^31; got ${stream}, ${index0}, ${count}`);
  }
}

/**
 * Variates `index0 .. index0 + count - 1` of stream `stream`.
 *
 * @example
 * variates(42, 1, 0, 3, 'rademacher'); // Float64Array [±1, ±1, ±1], the same on every machine
 */
export function variates(seed: number, stream: number, index0: number, count: number, kind: Variate): Float64Array {
  checkSeed(seed);
  checkRange(stream, index0, count);
  const code = VARIATE_CODE[kind];
  if (code === undefined) throw new OptionError(`kind must be one of ${Object.keys(VARIATE_CODE).join(', ')}; got ${JSON.stringify(kind)}`);
  const arena = new Arena();
  try {
    const out = arena.f64(count);
    arena.core.rngFill(seed, stream, index0, count, code, out.data);
    return out.view().slice();
  } finally {
    arena.release();
  }
}

/**
 * The raw 64-bit hashes behind `variates`, for checking the generator against a reference.
 *
 * @example
 * randomBits(0, 0, 0, 1)[0]; // a BigInt in [0, 2^64)
 */
export function randomBits(seed: number, stream: number, index0: number, count: number): BigUint64Array {
  checkSeed(seed);
  checkRange(stream, index0, count);
  const arena = new Arena();
  try {
    const out = arena.f64(count);
    arena.core.rngBits(seed, stream, index0, count, out.data);
    return new BigUint64Array(arena.core.memory.buffer, out.data, count).slice();
  } finally {
    arena.release();
  }
}
