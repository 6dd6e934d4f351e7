/**
 * The numeric design of one regression, after sample selection: what the WebAssembly fit consumes.
 */
import type { FactorColumnSpec } from '../data/factor-terms.js';

/** One fixed-effect dimension on the estimation sample: dense codes 0..levels-1. */
export interface FixedEffectCodes {
  readonly name: string;
  readonly codes: Int32Array; // [n]
  readonly levels: number;
  /** The level each code stands for (`a_b` for a combined `a^b`), when known. */
  readonly labels?: readonly string[];
}

/**
 * One varying slope `fe[x]` / `fe[[x]]` on the estimation sample: a coefficient on x per level of fe, absorbed
 * with the fixed effects. Named as fixest names it, `fe[[x]]`; the intercepts of `fe[x]` are a fixed effect
 * of their own in `Design.fixedEffects`.
 */
export interface VaryingSlopeCodes {
  readonly name: string;
  /** The fixed effect it varies with. */
  readonly fe: string;
  readonly variable: string;
  readonly codes: Int32Array; // [n]
  readonly levels: number;
  readonly labels: readonly string[];
  readonly values: Float64Array; // [n] x on the sample
}

/** One clustering (a variable, or the intersection of several) on the estimation sample. */
export interface Clustering {
  readonly names: readonly string[]; // ['firm'] or ['firm', 'year'] for the intersection
  readonly codes: Int32Array; // [n], dense 0..G-1
  readonly G: number;
}

/** One regression's numbers on its estimation sample, built by `buildDesign` (src/data/sample.ts). */
export interface Design {
  readonly n: number;
  readonly depvar: string;
  readonly y: Float64Array; // [n]
  /** Regressors in formula order (intercept first when present). */
  readonly X: readonly Float64Array[]; // k columns of [n]
  readonly names: readonly string[];
  readonly intercept: boolean;
  readonly fixedEffects: readonly FixedEffectCodes[];
  /** Varying slopes, absorbed with the fixed effects (none: the plain fast path). */
  readonly slopes?: readonly VaryingSlopeCodes[];
  /** The columns of each i() term (by term name), so new data rebuild the same ones. */
  readonly factorSpecs?: ReadonlyMap<string, readonly FactorColumnSpec[]>;
  /** The levels each i() term leaves out (by term name), for plots that mark them. */
  readonly factorRefs?: ReadonlyMap<string, readonly string[]>;
  readonly weights: Float64Array | null; // [n], > 0
  /** The cluster variables, then every intersection of two or more (Cameron-Gelbach-Miller terms). */
  readonly clusterings: readonly Clustering[];
  readonly clusterVars: readonly string[];
  /** Rows dropped: missing values (and zero weights), singletons, and non-finite values of present data (log(0), Inf). */
  readonly dropped: { readonly na: number; readonly singletons: number; readonly nonFinite?: number };
  /** Indices of the data rows in the sample, in order ([n]). */
  readonly rows: Int32Array;
  /**
   * When the sample drops rows: y and the regressors over all data rows, which the fit reads through
   * `rows` instead of copying (`X` then compresses a column on first access). Null when no row is dropped.
   */
  readonly full: { readonly X: readonly Float64Array[]; readonly y: Float64Array } | null;
  /** With a panel: each sample row's unit (0..units-1) and period (0..periods-1, in time order). */
  readonly panelIndex: {
    readonly unit: Int32Array; readonly time: Int32Array; readonly units: number; readonly periods: number;
    /** The unit and time columns, which fixest's K rule compares with the fixed effects' names. */
    readonly names?: { readonly id: string; readonly time: string };
  } | null;
  /** With Conley coordinates: each sample row's location and the locations' coordinates (radians). */
  readonly locations: { readonly code: Int32Array; readonly lat: Float64Array; readonly lon: Float64Array } | null;
}
