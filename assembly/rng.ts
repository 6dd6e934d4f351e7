// Counter-based random numbers: draw i of stream s is a pure function of (seed, s, i), so any chunking of
// the draws over calls or workers gives bit-identical numbers, and no generator state is ever carried.
//
// The hash is SplitMix64's output function (Steele, Lea and Flood 2014, "Fast splittable pseudorandom
// number generators", OOPSLA; constants of Stafford's "Mix13"), used twice, all arithmetic mod 2^64:
//   mix64(z)        = z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27; z *= 0x94D049BB133111EB; z ^ (z >> 31)
//   key(seed, s)    = mix64(mix64(seed + GAMMA) + s * GAMMA)          GAMMA = 0x9E3779B97F4A7C15
//   bits(seed,s,i)  = mix64(key(seed, s) + (i + 1) * GAMMA)
// i.e. stream s is the SplitMix64 sequence started from key(seed, s), itself output s of the SplitMix64
// sequence started from mix64(seed + GAMMA). Streams of different s start at unrelated 64-bit states, so
// two streams overlap only if their keys differ by a small multiple of GAMMA (probability ~ 2^-64 per pair
// and index range).
//
// From bits: uniform u = ((bits >> 11) + 0.5) * 2^-53 in (0, 1]; the f64 sum rounds to even above 2^52, so
// u = 1 occurs (with probability 2^-53) and every use below allows for it. The derived wild-bootstrap
// weights (all with mean 0 and variance 1):
//   kind 0 uniform      u
//   kind 1 Rademacher   -1 if u < 1/2, else +1
//   kind 2 Webb (2014)  six points -sqrt(3/2), -1, -sqrt(1/2), sqrt(1/2), 1, sqrt(3/2) at min(floor(6u), 5)
//   kind 3 Mammen (1993) (1 - sqrt5)/2 if u < (sqrt5 + 1)/(2 sqrt5), else (1 + sqrt5)/2
//   kind 4 normal       Box-Muller, sqrt(-2 ln u) cos(2 pi u2), u2 the uniform of mix64(bits)
// Every operation is IEEE-exact in WebAssembly (and Math.log/cos are AssemblyScript's own, not the host's),
// so the numbers are the same on every machine.

const GAMMA: u64 = 0x9E3779B97F4A7C15;
const TWO_M53: f64 = 1.1102230246251565e-16; // 2^-53

export const KIND_UNIFORM: i32 = 0;
export const KIND_RADEMACHER: i32 = 1;
export const KIND_WEBB: i32 = 2;
export const KIND_MAMMEN: i32 = 3;
export const KIND_NORMAL: i32 = 4;

// @ts-ignore: decorator
@inline
export function mix64(z: u64): u64 {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
  return z ^ (z >> 31);
}

/** Starting state of stream s. Seeds are integers below 2^53 passed as f64 (exact). */
// @ts-ignore: decorator
@inline
export function streamKey(seed: f64, stream: u64): u64 {
  return mix64(mix64(<u64>seed + GAMMA) + stream * GAMMA);
}

// @ts-ignore: decorator
@inline
export function bitsAt(key: u64, index: u64): u64 {
  return mix64(key + (index + 1) * GAMMA);
}

// @ts-ignore: decorator
@inline
export function uniformOf(bits: u64): f64 {
  return (<f64>(bits >> 11) + 0.5) * TWO_M53;
}

// Webb's six points in the order floor(6u) = 0..5; read by index so the draw has no unpredictable branch.
const WEBB: StaticArray<f64> = [-1.224744871391589, -1.0, -0.7071067811865476, 0.7071067811865476, 1.0, 1.224744871391589];
const SQRT5: f64 = 2.23606797749979;
const MAMMEN_P: f64 = (SQRT5 + 1.0) / (2.0 * SQRT5);
const MAMMEN_LO: f64 = (1.0 - SQRT5) / 2.0;
const MAMMEN_HI: f64 = (1.0 + SQRT5) / 2.0;

/** One variate of the given kind from the hash bits of its (seed, stream, index). */
// @ts-ignore: decorator
@inline
export function variate(bits: u64, kind: i32): f64 {
  const u = uniformOf(bits);
  // u < 1/2 exactly when the top bit of bits is 0: -1 or +1 from that bit, without a branch.
  if (kind == KIND_RADEMACHER) return <f64>(<i32>(bits >> 63) * 2 - 1);
  if (kind == KIND_WEBB) return unchecked(WEBB[min(<i32>(u * 6.0), 5)]);
  if (kind == KIND_MAMMEN) return select<f64>(MAMMEN_LO, MAMMEN_HI, u < MAMMEN_P);
  if (kind == KIND_NORMAL) {
    const u2 = uniformOf(mix64(bits));
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * u2);
  }
  return u;
}

/** out[i] = variate(seed, stream, index0 + i) of `kind`, for i < count; out is [count] f64. */
export function rngFill(seed: f64, stream: i32, index0: i32, count: i32, kind: i32, out: usize): void {
  const key = streamKey(seed, <u64>stream);
  for (let i = 0; i < count; i++) {
    store<f64>(out + (<usize>i << 3), variate(bitsAt(key, <u64>(index0 + i)), kind));
  }
}

/** The raw 64-bit hashes bits(seed, stream, index0 + i) into out ([count] u64), for checking the generator. */
export function rngBits(seed: f64, stream: i32, index0: i32, count: i32, out: usize): void {
  const key = streamKey(seed, <u64>stream);
  for (let i = 0; i < count; i++) store<u64>(out + (<usize>i << 3), bitsAt(key, <u64>(index0 + i)));
}
