/**
 * Bootstrap p-values from draws of t*, and confidence intervals by inverting them.
 *
 * Ties: a draw counts as at least as extreme as t when it is within a relative 1e-12 of it
 * (INFER_DEFAULTS.tieRtol), so the identity draw of a Rademacher enumeration, which reproduces t up to
 * rounding, always counts (as in boottest). Draws whose t* is NaN (zero numerator and zero variance) are left
 * out of the count and of the denominator.
 */
import { INFER_DEFAULTS } from './defaults.js';
import { MOMENTS } from './draws.js';
import type { PType } from './options.js';

function fromCounts(lower: number, upper: number, beyond: number, valid: number, pType: PType): number {
  if (valid === 0) return NaN;
  switch (pType) {
    case 'symmetric': return beyond / valid;
    case 'equal-tailed': return Math.min(1, (2 * Math.min(lower, upper)) / valid);
    case 'lower': return lower / valid;
    case 'upper': return upper / valid;
  }
}

/**
 * The bootstrap p-value of t given draws of t*.
 *
 * @example
 * bootstrapPValue(Float64Array.of(-2, -1, 1, 2), 1.5, 'symmetric'); // 0.5
 */
export function bootstrapPValue(tStar: ArrayLike<number>, t: number, pType: PType): number {
  const c = extremeCounts(tStar, t, INFER_DEFAULTS.tieRtol);
  return fromCounts(c.lower, c.upper, c.beyond, c.valid, pType);
}

/**
 * How many draws are at least as extreme as t: below (lower), above (upper), in absolute value (beyond),
 * with ties within a relative `rtol` of t counted; NaN draws are left out of every count and of `valid`.
 * Shared by the bootstrap and the permutation test, which differ only in their tie tolerance.
 *
 * @example
 * extremeCounts(Float64Array.of(-2, -1, 1, 2), 1.5, 1e-12); // { lower: 3, upper: 1, beyond: 2, valid: 4 }
 */
export function extremeCounts(draws: ArrayLike<number>, t: number, rtol: number): { lower: number; upper: number; beyond: number; valid: number } {
  const tol = rtol * Math.abs(t);
  const at = Math.abs(t) - tol;
  let lower = 0, upper = 0, beyond = 0, valid = 0;
  for (let b = 0; b < draws.length; b++) {
    const d = draws[b];
    if (d !== d) continue;
    valid++;
    if (d <= t + tol) lower++;
    if (d >= t - tol) upper++;
    if (Math.abs(d) >= at) beyond++;
  }
  return { lower, upper, beyond, valid };
}

/**
 * The p-value at null r0 + d straight from the draws' moments (draws.ts): t*_b = num_b / sqrt(kappa S_b),
 * num_b = n0 - d n1, S_b = S00 - 2 d S01 + d^2 S11. The symmetric count compares num^2 with
 * (|t| - tol)^2 kappa S, which is |t*| >= |t| - tol without a square root or a division per draw.
 *
 * @example
 * pValueFromMoments(m, prepared.reps, prepared.kappa, 0.5, tAtNull, 'symmetric'); // H0: beta = r0 + 0.5
 */
export function pValueFromMoments(m: Float64Array, reps: number, kappa: number, d: number, t: number, pType: PType): number {
  const tol = INFER_DEFAULTS.tieRtol * Math.abs(t);
  if (pType === 'symmetric') {
    const at = Math.max(Math.abs(t) - tol, 0);
    const thr = at * at * kappa;
    let beyond = 0, valid = 0;
    for (let o = 0, end = reps * MOMENTS; o < end; o += MOMENTS) {
      const num = m[o] - d * m[o + 1];
      const s = Math.max(m[o + 2] - 2 * d * m[o + 3] + d * d * m[o + 4], 0);
      if (num === 0 && s === 0) continue;
      valid++;
      if (num * num >= thr * s) beyond++;
    }
    return valid ? beyond / valid : NaN;
  }
  let lower = 0, upper = 0, valid = 0;
  for (let o = 0, end = reps * MOMENTS; o < end; o += MOMENTS) {
    const ts = (m[o] - d * m[o + 1]) / Math.sqrt(kappa * Math.max(m[o + 2] - 2 * d * m[o + 3] + d * d * m[o + 4], 0));
    if (ts !== ts) continue;
    valid++;
    if (ts <= t + tol) lower++;
    if (ts >= t - tol) upper++;
  }
  return fromCounts(lower, upper, 0, valid, pType);
}

/** Reorder v[lo..hi] so that v[k] holds the value it would have if sorted (Hoare's quickselect). */
function select(v: Float64Array, k: number): number {
  let lo = 0, hi = v.length - 1;
  while (hi > lo) {
    const pivot = v[(lo + hi) >>> 1];
    let i = lo, j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) { const x = v[i]; v[i] = v[j]; v[j] = x; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return v[k];
}

/**
 * The q-quantile (0 <= q <= 1) of the non-NaN values of xs, of |xs| when `abs`: R's default (type 7)
 * interpolation between order statistics, found by selection in O(n).
 *
 * @example
 * quantile(Float64Array.of(3, 1, 2, 4), 0.5); // 2.5
 */
export function quantile(xs: ArrayLike<number>, q: number, abs = false): number {
  const v = new Float64Array(xs.length);
  let n = 0;
  for (let i = 0; i < xs.length; i++) { const x = xs[i]; if (x === x) v[n++] = abs ? Math.abs(x) : x; }
  if (n === 0) return NaN;
  const w = v.subarray(0, n);
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = select(w, lo);
  if (lo + 1 >= n || h === lo) return a;
  // After selecting lo, the next order statistic is the smallest value above position lo.
  let b = Infinity;
  for (let i = lo + 1; i < n; i++) if (w[i] < b) b = w[i];
  return a + (h - lo) * (b - a);
}

const MAX_STEPS = 60;
const MAX_BISECTIONS = 200;

/**
 * The confidence set {r : p(r) >= 1 - level}, as an interval. Each finite side starts at a guess (the
 * percentile-t endpoint `guess`, exact for WCU), steps away from or towards the estimate by 0.02 se, doubling,
 * until p(r) >= alpha on one side of the bracket and < alpha on the other, then bisects until the bracket is
 * narrower than ciRtol x se (INFER_DEFAULTS.ciRtol, 1e-6) and returns its midpoint. So an endpoint is a point
 * where p crosses alpha, to within 1e-6 standard errors. One-sided p-values make one side infinite; a side
 * where p never falls below alpha within 2^60 se is infinite too. Where p(r) is not monotone (WCR with few
 * clusters) the crossing found is the one nearest the guess. NaN endpoints when the estimate is rejected.
 *
 * @example
 * invertPValue((r) => pValueAt(r), 1.2, 0.3, 0.95, 'symmetric', [0.6, 1.8]); // [low, high]
 */
export function invertPValue(
  pAt: (r: number) => number, estimate: number, se: number, level: number, pType: PType, guess: [number, number],
): [number, number] {
  const alpha = 1 - level;
  const inside = (r: number) => pAt(r) >= alpha;
  if (!(se > 0) || !Number.isFinite(se) || !inside(estimate)) return [NaN, NaN];
  const tol = INFER_DEFAULTS.ciRtol * se;
  const side = (dir: -1 | 1, start: number): number => {
    if ((pType === 'lower' && dir === -1) || (pType === 'upper' && dir === 1)) return dir * Infinity;
    // Distances from the estimate, in the direction dir: inner is accepted, outer rejected.
    let x = Number.isFinite(start) && dir * (start - estimate) > 0 ? dir * (start - estimate) : se;
    let inner = 0, outer = NaN;
    let step = 0.02 * se;
    if (inside(estimate + dir * x)) {
      inner = x;
      for (let s = 0; s < MAX_STEPS && Number.isNaN(outer); s++, step *= 2) {
        x += step;
        if (inside(estimate + dir * x)) inner = x;
        else outer = x;
      }
      if (Number.isNaN(outer)) return dir * Infinity;
    } else {
      outer = x;
      for (let s = 0; s < MAX_STEPS && outer - inner > step; s++, step *= 2) {
        x = Math.max(outer - step, 0);
        if (inside(estimate + dir * x)) { inner = x; break; }
        outer = x;
      }
    }
    for (let it = 0; it < MAX_BISECTIONS && outer - inner > tol; it++) {
      const mid = 0.5 * (inner + outer);
      if (inside(estimate + dir * mid)) inner = mid;
      else outer = mid;
    }
    return estimate + dir * 0.5 * (inner + outer);
  };
  return [side(-1, guess[0]), side(1, guess[1])];
}
