/**
 * Wild bootstrap draws on the WebAssembly kernel (assembly/bootstrap.ts), chunk by chunk. Draw b (0-based
 * position in 0..reps-1) takes its weights from stream b + 1 of the counter-based generator (rng.ts), or is
 * the sign vector of the bits of b when enumerating, so any split of [0, reps) into chunks, in one thread
 * or many, yields bit-identical numbers.
 */
import { Arena } from '../wasm/arena.js';
import { copyElements } from '../wasm/copy.js';
import { INFER_DEFAULTS } from './defaults.js';
import type { WildPrepared } from './prepare.js';

/** Numbers per draw in a moments array: n0, n1, S00, S01, S11 (prepare.ts, equation (8)). */
export const MOMENTS = 5;

/**
 * Fill `out` ([(b1 - b0) x 5] row-major) with the moments of draws b0..b1-1.
 *
 * @example
 * const m = new Float64Array(5 * 1000);
 * wildMoments(prepared, 0, 1000, m); // t* of draw b at null r: tFromMoments(m, b, r - prepared.null, prepared.kappa)
 */
export function wildMoments(prepared: WildPrepared, b0: number, b1: number, out: Float64Array, identity = false): void {
  const { G, k, stride, Wr, Wl, rank } = prepared;
  if (!(Number.isInteger(b0) && Number.isInteger(b1) && 0 <= b0 && b0 <= b1 && b1 <= prepared.reps)) {
    throw new RangeError(`draws [${b0}, ${b1}) must lie within [0, ${prepared.reps}); pass integers b0 <= b1 <= reps`);
  }
  if (out.length < (b1 - b0) * MOMENTS) throw new RangeError(`out holds ${out.length} numbers; ${(b1 - b0) * MOMENTS} are needed`);
  const chunk = Math.min(INFER_DEFAULTS.chunk, Math.max(b1 - b0, 1));
  const sizes = [G * stride, Wr ? Wr.length : 0, Wl ? Wl.length : 0, chunk * MOMENTS];
  Arena.assertFits(8 * sizes.reduce((a, b) => a + b, 0), 8 * Math.max(...sizes), `a wild bootstrap with G = ${G} clusters`);
  const arena = new Arena();
  try {
    const c = arena.core;
    const table = arena.f64(G * stride);
    const right = Wr ? arena.f64(Wr.length) : null;
    const left = Wl ? arena.f64(Wl.length) : null;
    const work = arena.f64(G + 2 + 2 * k + 2 * rank);
    const res = arena.f64(chunk * MOMENTS);
    copyElements(table.view(), 0, prepared.table);
    if (right && Wr) copyElements(right.view(), 0, Wr);
    if (left && Wl) copyElements(left.view(), 0, Wl);
    // The identity draw (all weights 1) is draw 0 of the enumeration.
    const enumerate = identity || prepared.enumerated ? 1 : 0;
    for (let s = b0; s < b1; s += chunk) {
      const e = Math.min(s + chunk, b1);
      c.wildMoments(G, k, table.data, stride, right ? right.data : 0, left ? left.data : 0, rank, prepared.seed,
        prepared.kind, enumerate, s, e, work.data, res.data);
      out.set(res.view().subarray(0, (e - s) * MOMENTS), (s - b0) * MOMENTS);
    }
  } finally {
    arena.release();
  }
}

/**
 * t* of draw b at null r = r0 + d (equation (8)); NaN when the bootstrap variance is 0 and so is the numerator.
 *
 * @example
 * tFromMoments(m, 17, 0, prepared.kappa);   // draw 17 at the prepared null
 * tFromMoments(m, 17, 0.5, prepared.kappa); // the same draw, testing beta = null + 0.5
 */
export function tFromMoments(m: Float64Array, b: number, d: number, kappa: number): number {
  const o = b * MOMENTS;
  const num = m[o] - d * m[o + 1];
  const s = m[o + 2] - 2 * d * m[o + 3] + d * d * m[o + 4];
  return num / Math.sqrt(kappa * Math.max(s, 0));
}

/**
 * Fill `out` ([b1 - b0]) with t* of draws b0..b1-1 at the prepared null: the chunk a worker computes.
 *
 * @example
 * const t = new Float64Array(prepared.reps);
 * wildDraws(prepared, 0, 3333, t.subarray(0, 3333));
 * wildDraws(prepared, 3333, prepared.reps, t.subarray(3333)); // identical to one call over [0, reps)
 */
export function wildDraws(prepared: WildPrepared, b0: number, b1: number, out: Float64Array): void {
  const m = new Float64Array((b1 - b0) * MOMENTS);
  wildMoments(prepared, b0, b1, m);
  for (let b = 0; b < b1 - b0; b++) out[b] = tFromMoments(m, b, 0, prepared.kappa);
}

/**
 * Moments of the identity draw (every weight 1): the original sample itself under WCR.
 *
 * @example
 * tFromMoments(identityMoments(prepared), 0, 0, prepared.kappa); // the original t under WCR
 */
export function identityMoments(prepared: WildPrepared): Float64Array {
  const m = new Float64Array(MOMENTS);
  wildMoments({ ...prepared, reps: Math.max(prepared.reps, 1) }, 0, 1, m, true);
  return m;
}

/**
 * Moments of draws b0..b1-1 of several tests that share every draw's weights (same G, seed, weight kind and
 * enumeration; e.g. laid out on common clusters): `out` is [(b1 - b0) x H x 5], draw-major. The weights of a
 * draw are made once for all H tests; each test's numbers equal `wildMoments` on it alone, bit for bit.
 *
 * @example
 * const m = new Float64Array(1000 * tests.length * MOMENTS);
 * wildMomentsShared(tests, 0, 1000, m); // test h of draw b at (b * H + h) * MOMENTS
 */
export function wildMomentsShared(tests: readonly WildPrepared[], b0: number, b1: number, out: Float64Array): void {
  const H = tests.length;
  if (H === 0) return;
  const { G, seed, kind, enumerated, reps } = tests[0];
  for (const p of tests) {
    if (p.G !== G || p.seed !== seed || p.kind !== kind || p.enumerated !== enumerated || p.reps !== reps) {
      throw new RangeError('tests sharing draws must have the same clusters, seed, weights, enumeration and reps');
    }
  }
  if (!(Number.isInteger(b0) && Number.isInteger(b1) && 0 <= b0 && b0 <= b1 && b1 <= reps)) {
    throw new RangeError(`draws [${b0}, ${b1}) must lie within [0, ${reps}); pass integers b0 <= b1 <= reps`);
  }
  if (out.length < (b1 - b0) * H * MOMENTS) throw new RangeError(`out holds ${out.length} numbers; ${(b1 - b0) * H * MOMENTS} are needed`);
  const chunk = Math.max(1, Math.min(INFER_DEFAULTS.chunk, Math.floor(2 ** 22 / (H * MOMENTS)), b1 - b0));
  const sizes = tests.flatMap((p) => [G * p.stride, p.Wr ? p.Wr.length : 0, p.Wl ? p.Wl.length : 0]);
  const workLength = G + Math.max(...tests.map((p) => 2 + 2 * p.k + 2 * p.rank));
  Arena.assertFits(8 * (sizes.reduce((a, b) => a + b, 0) + workLength + chunk * H * MOMENTS) + 24 * H,
    8 * Math.max(...sizes, chunk * H * MOMENTS), `${H} wild bootstraps sharing draws with G = ${G} clusters`);
  const arena = new Arena();
  try {
    const c = arena.core;
    const spec = arena.i32(6 * H);
    tests.forEach((p, h) => {
      const table = arena.f64(G * p.stride);
      copyElements(table.view(), 0, p.table);
      let right = 0, left = 0;
      if (p.Wr) { const b = arena.f64(p.Wr.length); copyElements(b.view(), 0, p.Wr); right = b.data; }
      if (p.Wl) { const b = arena.f64(p.Wl.length); copyElements(b.view(), 0, p.Wl); left = b.data; }
      // A fresh view each time: allocating may grow the memory and detach older views.
      spec.view().set([p.k, table.data, p.stride, right, left, p.rank], 6 * h);
    });
    const work = arena.f64(workLength);
    const res = arena.f64(chunk * H * MOMENTS);
    for (let s = b0; s < b1; s += chunk) {
      const e = Math.min(s + chunk, b1);
      c.wildMomentsShared(H, G, spec.data, seed, kind, enumerated ? 1 : 0, s, e, work.data, res.data);
      out.set(res.view().subarray(0, (e - s) * H * MOMENTS), (s - b0) * H * MOMENTS);
    }
  } finally {
    arena.release();
  }
}
