/**
 * Resampling-based multiple-testing adjustments from bootstrap draws shared by every hypothesis: one draw b
 * gives the statistics t*_{b,1..H} of all H hypotheses (same cluster weights), so the joint distribution of
 * the statistics under the null, and hence their dependence, is kept.
 *
 * - Romano-Wolf (2005, Econometrica 73(4), Algorithm 4.1; 2016, Stat. Prob. Letters 113, Algorithm 2):
 *   step-down maxT on studentized |t|. Order the hypotheses by |t| descending, r_1..r_H; for step s,
 *     p*_s = #{b : max_{l >= s} |t*_{b,r_l}| >= |t_{r_s}|} / B,   p_RW(r_s) = max(p*_1, ..., p*_s).
 *   This is also Westfall and Young's (1993) step-down maxT (Algorithm 2.8 with t statistics); R's
 *   wildrwolf computes it with (count + 1) / (B + 1) (`plusOne`).
 * - Westfall-Young step-down minP (Westfall and Young 1993, Algorithm 2.8 with p-values): each draw's
 *   statistics are first turned into marginal bootstrap p-values, p*_{b,h} = #{b' : |t*_{b',h}| >= |t*_{b,h}|}
 *   / B, so hypotheses whose statistics are not equally spread weigh equally. Order by the observed p
 *   ascending, r_1..r_H;
 *     p*_s = #{b : min_{l >= s} p*_{b,r_l} <= p_{r_s}} / B,   p_WY(r_s) = max(p*_1, ..., p*_s).
 *   The single-step minP uses min over all hypotheses at every step (no step-down).
 *
 * Ties: |t*| counts as at least |t| within a relative INFER_DEFAULTS.tieRtol (as the single-hypothesis wild
 * bootstrap counts them), so H = 1 gives exactly `wildBootstrap`'s p-value. Marginal bootstrap p-values are
 * counted with the same tolerance (a draw and its mirror image tie) and compared as integer counts, so no
 * rounding enters. A draw whose t* is NaN (zero numerator and variance)
 * never counts as extreme; a draw counts in the denominator when one of the hypotheses of the step has a
 * defined t* (all draws, in practice).
 */
import { INFER_DEFAULTS } from './defaults.js';

/** Adjusted p-values in the hypotheses' order. */
export interface StepDownResult {
  /** Unadjusted bootstrap p-values: share of draws with |t*_h| >= |t_h|. */
  readonly pValue: Float64Array;
  readonly romanoWolf: Float64Array;
  readonly westfallYoung: Float64Array;
  readonly westfallYoungSingleStep: Float64Array;
}

/** The share count / valid, or wildrwolf's (count + 1) / (valid + 1). */
function share(count: number, valid: number, plusOne: boolean): number {
  if (valid === 0) return NaN;
  return plusOne ? Math.min(1, (count + 1) / (valid + 1)) : count / valid;
}

/** Hypotheses sorted by key, ties in their given order. */
function orderBy(key: ArrayLike<number>, descending: boolean): number[] {
  return Array.from({ length: key.length }, (_, h) => h)
    .sort((a, b) => (descending ? key[b] - key[a] : key[a] - key[b]) || a - b);
}

/**
 * How many draws have |t*_{b',h}| >= |t*_{b,h}| (within the tie tolerance), for every b and h: the
 * numerator of the marginal bootstrap p-value of each draw. NaN draws get B + 1 (never small enough).
 */
function marginalCounts(tStar: Float64Array, B: number, H: number, rtol: number): Int32Array {
  const counts = new Int32Array(B * H);
  const sorted = new Float64Array(B);
  for (let h = 0; h < H; h++) {
    let n = 0;
    for (let b = 0; b < B; b++) {
      const x = Math.abs(tStar[b * H + h]);
      if (x === x) sorted[n++] = x;
    }
    const desc = sorted.subarray(0, n).sort().reverse();
    for (let b = 0; b < B; b++) {
      const x = Math.abs(tStar[b * H + h]);
      if (x !== x) { counts[b * H + h] = B + 1; continue; }
      // Number of values >= x - rtol x: the first position below it, by bisection on the descending values.
      const at = x - rtol * x;
      let lo = 0, hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (desc[mid] >= at) lo = mid + 1; else hi = mid;
      }
      counts[b * H + h] = lo;
    }
  }
  return counts;
}

/**
 * Romano-Wolf and Westfall-Young adjusted p-values from observed statistics `t` ([H]) and shared draws
 * `tStar` ([B x H] draw-major, t* of hypothesis h in draw b at b * H + h, each computed at its null).
 *
 * @example
 * const r = stepDown(Float64Array.of(3.1, 0.4), tStar, false); // tStar: B x 2
 * r.romanoWolf[0] >= r.pValue[0]; // true: adjusted p-values are never below the unadjusted ones
 */
export function stepDown(t: ArrayLike<number>, tStar: Float64Array, plusOne = false): StepDownResult {
  const H = t.length;
  const B = H ? tStar.length / H : 0;
  if (!Number.isInteger(B)) throw new RangeError(`tStar holds ${tStar.length} numbers, not a multiple of ${H} hypotheses`);
  const rtol = INFER_DEFAULTS.tieRtol;
  const absT = Float64Array.from({ length: H }, (_, h) => Math.abs(t[h]));
  const thr = Float64Array.from(absT, (x) => x - rtol * x);

  // Unadjusted: the count behind each observed p, kept as an integer for the minP comparisons.
  const pCount = new Int32Array(H);
  const pValid = new Int32Array(H);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const x = Math.abs(tStar[b * H + h]);
      if (x !== x) continue;
      pValid[h]++;
      if (x >= thr[h]) pCount[h]++;
    }
  }
  const pValue = Float64Array.from({ length: H }, (_, h) => share(pCount[h], pValid[h], plusOne));

  // Romano-Wolf: successive maxima over the hypotheses not yet stepped past, from the least significant.
  const romanoWolf = new Float64Array(H);
  {
    const order = orderBy(absT, true);
    const tail = new Float64Array(B).fill(-Infinity); // max over r_s..r_H of |t*_b|
    const defined = new Uint8Array(B);
    const raw = new Float64Array(H);
    for (let s = H - 1; s >= 0; s--) {
      const h = order[s];
      let count = 0, valid = 0;
      for (let b = 0; b < B; b++) {
        const x = Math.abs(tStar[b * H + h]);
        if (x === x) { defined[b] = 1; if (x > tail[b]) tail[b] = x; }
        if (!defined[b]) continue;
        valid++;
        if (tail[b] >= thr[h]) count++;
      }
      raw[s] = share(count, valid, plusOne);
    }
    let running = 0;
    order.forEach((h, s) => { running = Math.max(running, raw[s]); romanoWolf[h] = running; });
  }

  // Westfall-Young minP, step-down and single-step, on the marginal bootstrap p-values' counts.
  const westfallYoung = new Float64Array(H);
  const westfallYoungSingleStep = new Float64Array(H);
  {
    const counts = marginalCounts(tStar, B, H, rtol);
    // Order by observed p ascending; a p compared as its count over its valid draws, equal to B in practice.
    const pKey = Float64Array.from({ length: H }, (_, h) => (pValid[h] ? pCount[h] / pValid[h] : Infinity));
    const order = orderBy(pKey, false);
    const tail = new Float64Array(B).fill(Infinity); // min over r_s..r_H of p*_b, as counts
    const raw = new Float64Array(H);
    const anyValid = pValid.some((v) => v > 0) ? B : 0;
    for (let s = H - 1; s >= 0; s--) {
      const h = order[s];
      let count = 0;
      for (let b = 0; b < B; b++) {
        const c = counts[b * H + h];
        if (c < tail[b]) tail[b] = c;
        if (tail[b] <= pCount[h]) count++;
      }
      raw[s] = share(count, anyValid, plusOne);
    }
    // tail now holds the minimum over all hypotheses: the single-step statistic.
    for (let h = 0; h < H; h++) {
      let count = 0;
      for (let b = 0; b < B; b++) if (tail[b] <= pCount[h]) count++;
      westfallYoungSingleStep[h] = share(count, anyValid, plusOne);
    }
    let running = 0;
    order.forEach((h, s) => { running = Math.max(running, raw[s]); westfallYoung[h] = running; });
  }
  return Object.freeze({ pValue, romanoWolf, westfallYoung, westfallYoungSingleStep });
}
