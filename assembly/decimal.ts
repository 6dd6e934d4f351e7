// Decimal to binary64, correctly rounded: Clinger's exact fast path (mantissa <= 2^53, |exponent| <= 22),
// else the Eisel-Lemire algorithm (Lemire 2021, "Number parsing at a gigabyte per second"), which decides
// the rounding from a 128-bit product with a truncated power of five. For mantissas of at most 19 digits
// that product is always sufficient (Mushtak and Lemire 2023); the one ambiguous case the original paper
// flagged is still sent to the caller's fallback, which costs nothing on real data.

import { POW5_TABLE } from './pow5';

/** Set by `decimalToDouble` when it cannot decide; the caller then parses the text exactly. */
export let decimalUndecided: bool = false;

const POW10: StaticArray<f64> = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

let productHigh: u64 = 0;

/** Low 64 bits of a x b; the high 64 bits go to productHigh (wasm has no 128-bit multiply). */
// @ts-ignore: decorator
@inline function mul128(a: u64, b: u64): u64 {
  const a0 = a & 0xffffffff, a1 = a >> 32, b0 = b & 0xffffffff, b1 = b >> 32;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const mid = (p00 >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  productHigh = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
  return (mid << 32) | (p00 & 0xffffffff);
}

/**
 * w x 10^q as the nearest double (ties to even), negated when `negative`. w holds at most 19 significant
 * digits. Overflow gives +-Infinity; `decimalUndecided` is set when the caller must parse exactly instead.
 */
export function decimalToDouble(w: u64, q: i32, negative: bool): f64 {
  decimalUndecided = false;
  const sign: u64 = negative ? 1 << 63 : 0;
  if (w == 0 || q < -342) return reinterpret<f64>(sign);
  if (q > 308) return negative ? -Infinity : Infinity;
  if (w <= (<u64>1 << 53) && q >= -22 && q <= 22) {
    // Both w and 10^|q| are exact doubles, so one correctly rounded operation gives the answer (Clinger 1990).
    const v = q >= 0 ? <f64>w * unchecked(POW10[q]) : <f64>w / unchecked(POW10[-q]);
    return negative ? -v : v;
  }
  const lz = <i32>clz(w);
  const wn = w << lz;
  const entry = POW5_TABLE + (<usize>(q + 342) << 4);
  let lo = mul128(wn, load<u64>(entry));
  let hi = productHigh;
  if ((hi & 0x1ff) == 0x1ff) {
    // The top 55 bits may still change: add the next 64 bits of the power.
    mul128(wn, load<u64>(entry, 8));
    const carry = productHigh;
    lo += carry;
    if (carry > lo) hi++;
  }
  if (lo == 0xffffffffffffffff && (q < -27 || q > 55)) {
    decimalUndecided = true;
    return NaN;
  }
  const upper = <i32>(hi >> 63);
  const shift = upper + 9;
  let mantissa = hi >> shift;
  // floor(q log2(10)) + 63 from the power, then the binary exponent with its bias.
  let power2 = ((((152170 + 65536) * q) >> 16) + 63) + upper - lz + 1023;
  if (power2 <= 0) {
    // Subnormal: shift into place, round half to even by hand.
    if (1 - power2 >= 64) return reinterpret<f64>(sign);
    mantissa >>= <u64>(1 - power2);
    mantissa += mantissa & 1;
    mantissa >>= 1;
    return reinterpret<f64>(sign | mantissa); // a carry into bit 52 is the smallest normal, as it should be
  }
  if (lo <= 1 && q >= -4 && q <= 23 && (mantissa & 3) == 1 && (mantissa << shift) == hi) {
    // Exactly half-way between two doubles: round to even rather than up.
    mantissa &= ~(<u64>1);
  }
  mantissa += mantissa & 1;
  mantissa >>= 1;
  if (mantissa >= (<u64>2 << 52)) {
    mantissa = <u64>1 << 52;
    power2++;
  }
  mantissa &= ~(<u64>1 << 52);
  if (power2 >= 0x7ff) return negative ? -Infinity : Infinity;
  return reinterpret<f64>(sign | mantissa | (<u64>power2 << 52));
}
