/**
 * A counter-based uniform generator: draw `index` of stream `stream` is a pure function of
 * (seed, stream, index), so a sweep's numbers do not depend on how draws are split over workers.
 *
 * The definition is that of the WebAssembly kernel assembly/rng.ts (kind 0, uniform), so both give the same
 * bits: SplitMix64's output function (Steele, Lea and Flood 2014, "Fast splittable pseudorandom number
 * generators"; Stafford's Mix13 constants), GAMMA = 0x9e3779b97f4a7c15, all mod 2^64:
 *   mix(z)          = z ^= z >>> 30; z *= 0xbf58476d1ce4e5b9; z ^= z >>> 27; z *= 0x94d049bb133111eb; z ^ (z >>> 31)
 *   key(seed, s)    = mix(mix(seed + GAMMA) + s * GAMMA)
 *   bits(seed,s,i)  = mix(key(seed, s) + (i + 1) * GAMMA)
 *   u               = ((bits >>> 11) + 0.5) * 2^-53
 * u lies in (0, 1], not [0, 1): the f64 sum rounds the top value 2^53 - 1 + 0.5 up to 2^53 (u = 1, with
 * probability 2^-53), which callers must allow for. The 64-bit arithmetic runs on pairs of 32-bit halves
 * (Math.imul), not BigInt, because a Fisher-Yates shuffle of n rows needs n draws per replication;
 * tests/parallel/rng.test.ts checks it against a BigInt transcription. Seeds, streams and indices are
 * integers in [0, 2^53).
 */
import { OptionError } from '../errors.js';

const GAMMA_HI = 0x9e3779b9;
const GAMMA_LO = 0x7f4a7c15;
const M1_HI = 0xbf58476d;
const M1_LO = 0x1ce4e5b9;
const M2_HI = 0x94d049bb;
const M2_LO = 0x133111eb;
const TWO32 = 4294967296;

// The result of the last 64-bit operation (hi, lo as uint32): avoids allocating a pair per draw.
let rHi = 0;
let rLo = 0;

/** High 32 bits of the 64-bit product of two uint32. */
function mulHi32(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) >>> 0;
}

/** (aHi, aLo) * (bHi, bLo) mod 2^64 into (rHi, rLo). */
function mul64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const lo = Math.imul(aLo, bLo) >>> 0;
  rHi = (mulHi32(aLo, bLo) + Math.imul(aHi, bLo) + Math.imul(aLo, bHi)) >>> 0;
  rLo = lo;
}

/** (aHi, aLo) + (bHi, bLo) mod 2^64 into (rHi, rLo). */
function add64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const lo = aLo + bLo;
  rHi = (aHi + bHi + (lo >= TWO32 ? 1 : 0)) >>> 0;
  rLo = lo >>> 0;
}

/** SplitMix64's finaliser of (hi, lo) into (rHi, rLo). */
function mix(hi: number, lo: number): void {
  // z ^= z >>> 30
  lo = (lo ^ ((lo >>> 30) | (hi << 2))) >>> 0;
  hi = (hi ^ (hi >>> 30)) >>> 0;
  mul64(hi, lo, M1_HI, M1_LO);
  // z ^= z >>> 27
  lo = (rLo ^ ((rLo >>> 27) | (rHi << 5))) >>> 0;
  hi = (rHi ^ (rHi >>> 27)) >>> 0;
  mul64(hi, lo, M2_HI, M2_LO);
  // z ^= z >>> 31
  lo = (rLo ^ ((rLo >>> 31) | (rHi << 1))) >>> 0;
  hi = (rHi ^ (rHi >>> 31)) >>> 0;
  rHi = hi;
  rLo = lo;
}

/** z + gamma * c into (rHi, rLo), for an integer c in [0, 2^53]. */
function advance(hi: number, lo: number, c: number): void {
  mul64(GAMMA_HI, GAMMA_LO, Math.floor(c / TWO32) >>> 0, c >>> 0);
  add64(hi, lo, rHi, rLo);
}

function checkCounter(what: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > Number.MAX_SAFE_INTEGER) {
    throw new OptionError(`${what} must be an integer in [0, 2^53); got ${v}`);
  }
}

/** The state of one stream: pass to `uniformAt`. */
export interface StreamKey {
  readonly hi: number;
  readonly lo: number;
}

/**
 * The key of stream `stream` under `seed` (see the file comment).
 * @example
 * const key = streamKey(42, 7);   // replication 7 of a sweep seeded with 42
 * uniformAt(key, 0);              // its first uniform
 */
export function streamKey(seed: number, stream: number): StreamKey {
  checkCounter('seed', seed);
  checkCounter('stream', stream);
  advance(Math.floor(seed / TWO32) >>> 0, seed >>> 0, 1);
  mix(rHi, rLo);
  advance(rHi, rLo, stream);
  mix(rHi, rLo);
  return { hi: rHi, lo: rLo };
}

/**
 * Uniform number `index` (an integer in [0, 2^53)) of a stream, in (0, 1], 53 random bits.
 * Not validated: the hot path of shuffles.
 */
export function uniformAt(key: StreamKey, index: number): number {
  advance(key.hi, key.lo, index + 1);
  mix(rHi, rLo);
  // bits >>> 11 is all 32 bits of hi above the top 21 of lo.
  return (rHi * 2097152 + (rLo >>> 11) + 0.5) * 1.1102230246251565e-16;
}

/** The 64-bit hash bits(key, index) as a BigInt (for checking against the kernel and references). */
export function bitsAt(key: StreamKey, index: number): bigint {
  advance(key.hi, key.lo, index + 1);
  mix(rHi, rLo);
  return (BigInt(rHi) << 32n) | BigInt(rLo);
}

/**
 * Uniform `index` of stream `stream` under `seed`, in (0, 1].
 * @example
 * counterUniform(1, 0, 0); // always the same number, on any thread
 */
export function counterUniform(seed: number, stream: number, index: number): number {
  checkCounter('index', index);
  return uniformAt(streamKey(seed, stream), index);
}
