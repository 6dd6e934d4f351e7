/**
 * Defaults of the bootstrap layer, in one place (to be merged into `src/defaults.ts`, which this folder does
 * not own). Docs and the CLI quote these.
 */
import { DEFAULTS } from '../defaults.js';

export const INFER_DEFAULTS = Object.freeze({
  /** Bootstrap replications (B + 1 = 10,000 divides 100 evenly; MacKinnon 2007). */
  reps: 9999,
  /** Replications of the pairs and cluster bootstraps (each refits the model). */
  resampleReps: 999,
  /** Seed of the counter-based generator when none is given: results are reproducible by default. */
  seed: 1,
  /** Wild weights; with Rademacher and 2^G <= reps every sign vector is enumerated instead of sampled. */
  weights: 'rademacher' as const,
  /** Wild bootstrap with the null imposed (WCR), the better-behaved choice (Roodman et al. 2019, sec. 2). */
  type: 'restricted' as const,
  /** Symmetric two-sided p-value: the share of draws with |t*| >= |t|. */
  pType: 'symmetric' as const,
  /** H0: beta = null. */
  null: 0,
  /** Confidence level of the inverted-test interval and of the resampling intervals. */
  level: DEFAULTS.level,
  /**
   * Ties: a draw counts as at least as extreme when |t*| >= |t| (1 - tieRtol). The identity draw of an
   * enumeration reproduces t up to rounding and so counts, as in boottest.
   */
  tieRtol: 1e-12,
  /**
   * Interval endpoints are bracketed by bisection until the bracket is narrower than ciRtol x SE; far below
   * the Monte Carlo error of an endpoint (about 1e-2 SE at 9999 draws).
   */
  ciRtol: 1e-6,
  /** Draws per call of the WebAssembly kernel (bounds the scratch memory, not the result). */
  chunk: 8192,
});
