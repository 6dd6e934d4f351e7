/**
 * The fixed-effect coefficients of a fit (fixest's `fixef()`): the per-level intercepts of every fixed effect
 * and the per-level slopes of every varying slope, recovered from the fixed-effect part of the linear
 * predictor, d = y - X b - e for least squares (which lies in the span of the fixed effects), by
 * Gauss-Seidel backfitting over the fixed effects: per level, the least-squares fit of what the others leave
 * on [1, x...].
 *
 * Normalisation, as fixest 0.12 normalises connected fixed effects: every level of the first fixed effect in
 * the formula is free; in every other one, the level taken by the first row of the estimation sample is 0
 * (its value moves into the first fixed effect's levels). The values therefore depend on row order, as
 * fixest's do. With varying slopes fixest leaves its output unnormalised; here the same rule applies, which
 * gives fixest's values up to that arbitrary shift (the sums are identical).
 */
import { ConvergenceError } from '../errors.js';
import { DEFAULTS } from '../defaults.js';
import type { Design } from './design.js';
import { modelOf, type ModelState } from './model-state.js';

/** Values by fixed effect (`firm`, `firm[[capital]]` for a slope, `a^b` combined) and level label. */
export type FixefValues = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** One fixed effect's coefficients: q per level (its intercept unless fe[[x]], then one per slope variable). */
export interface FixefBlock {
  readonly fe: string;
  readonly codes: Int32Array;
  readonly levels: number;
  readonly labels: readonly string[];
  readonly intercept: boolean;
  /** Slope variables and their values on the sample. */
  readonly slopeNames: readonly string[];
  readonly slopes: readonly Float64Array[];
  /** [levels x q] row-major: intercept first (if any), then the slopes. */
  readonly coef: Float64Array;
}

/** Coefficients of every fixed effect of a fit, normalised as described in the file comment. */
export interface FixefCoefficients {
  readonly blocks: readonly FixefBlock[];
  /** Levels set to 0 per fixed effect (fixest's `references` attribute). */
  readonly references: Readonly<Record<string, number>>;
  readonly iterations: number;
}

const cache = new WeakMap<ModelState, FixefCoefficients>();

/**
 * fixest's `fixef()`: the fixed-effect values of a fit, by fixed effect and level.
 *
 * @example
 * const fit = feols(data, 'inv ~ value + capital | firm + year');
 * fixef(fit).year['1935']; // 0: the year of the first row is the reference
 * fixef(fit).firm['1'];    // firm 1's intercept
 */
export function fixef(fit: object): FixefValues {
  const { blocks } = fixefCoefficients(fit);
  const out: Record<string, Record<string, number>> = {};
  for (const b of blocks) {
    const q = (b.intercept ? 1 : 0) + b.slopes.length;
    const columns = [...(b.intercept ? [b.fe] : []), ...b.slopeNames.map((x) => `${b.fe}[[${x}]]`)];
    columns.forEach((name, k) => {
      const values: Record<string, number> = {};
      for (let g = 0; g < b.levels; g++) values[b.labels[g]] = b.coef[g * q + k];
      out[name] = values;
    });
  }
  return out;
}

/** The coefficient tables behind `fixef()` (computed once per fit), for predictions and reports. */
export function fixefCoefficients(fit: object): FixefCoefficients {
  const state = modelOf(fit);
  let known = cache.get(state);
  if (!known) { known = solve(state); cache.set(state, known); }
  return known;
}

/** Blocks in formula order: each intercept fixed effect with the slopes that vary with it, then slope-only ones. */
function blocksOf(design: Design): Omit<FixefBlock, 'coef'>[] {
  const blocks = design.fixedEffects.map((fe) => ({
    fe: fe.name, codes: fe.codes, levels: fe.levels, get labels() { return fe.labels ?? Array.from({ length: fe.levels }, (_, g) => String(g)); },
    intercept: true, slopeNames: [] as string[], slopes: [] as Float64Array[],
  }));
  for (const sl of design.slopes ?? []) {
    let home = blocks.find((b) => b.codes === sl.codes);
    if (!home) {
      home = { fe: sl.fe, codes: sl.codes, levels: sl.levels, get labels() { return sl.labels; }, intercept: false, slopeNames: [], slopes: [] };
      blocks.push(home);
    }
    home.slopeNames.push(sl.variable);
    home.slopes.push(sl.values);
  }
  return blocks;
}

function solve(state: ModelState): FixefCoefficients {
  const design = state.design;
  const d = state.fixedPart();
  const n = d.length;
  const shapes = blocksOf(design);
  const blocks: FixefBlock[] = shapes.map((b) => ({ ...b, labels: b.labels, coef: new Float64Array(b.levels * ((b.intercept ? 1 : 0) + b.slopes.length)) }));
  const r = d.slice(); // what the fixed effects have not yet explained
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(d[i]));
  const maxIter = Math.max(DEFAULTS.demeanMaxIter, 1000);
  let iterations = 0;
  for (;;) {
    let change = 0;
    for (const b of blocks) change = Math.max(change, refit(b, r));
    iterations++;
    // One fixed effect is exact in one pass; several stop when no coefficient moves (relative to d's size).
    if (blocks.length === 1 || change <= 1e-14 * scale) break;
    if (iterations >= maxIter) {
      throw new ConvergenceError(`fixef(): the fixed-effect values did not converge in ${iterations} sweeps `
        + `(last change ${change.toExponential(2)}); the fixed effects may be poorly connected`);
    }
  }
  const references: Record<string, number> = {};
  blocks.forEach((b) => { references[b.fe] = 0; });
  normalise(blocks, references);
  return Object.freeze({ blocks, references, iterations });
}

/**
 * Re-fit block b's coefficients on r + its current contribution, level by level, and update r.
 * Returns the largest change of the block's contribution at any row.
 */
function refit(b: FixefBlock, r: Float64Array): number {
  const q = (b.intercept ? 1 : 0) + b.slopes.length;
  const n = r.length;
  const u = new Float64Array(q);
  const basis = (i: number) => {
    let k = 0;
    if (b.intercept) u[k++] = 1;
    for (const x of b.slopes) u[k++] = x[i];
  };
  const G = new Float64Array(b.levels * q * q);
  const rhs = new Float64Array(b.levels * q);
  for (let i = 0; i < n; i++) {
    basis(i);
    const g = b.codes[i];
    let old = 0;
    for (let k = 0; k < q; k++) old += u[k] * b.coef[g * q + k];
    const target = r[i] + old;
    for (let k = 0; k < q; k++) {
      rhs[g * q + k] += u[k] * target;
      for (let l = 0; l < q; l++) G[(g * q + k) * q + l] += u[k] * u[l];
    }
  }
  const next = new Float64Array(b.coef.length);
  for (let g = 0; g < b.levels; g++) solveLevel(G.subarray(g * q * q, (g + 1) * q * q), rhs.subarray(g * q, (g + 1) * q), next.subarray(g * q, (g + 1) * q), q);
  let change = 0;
  for (let i = 0; i < n; i++) {
    basis(i);
    const g = b.codes[i];
    let delta = 0;
    for (let k = 0; k < q; k++) delta += u[k] * (next[g * q + k] - b.coef[g * q + k]);
    r[i] -= delta;
    change = Math.max(change, Math.abs(delta));
  }
  b.coef.set(next);
  return change;
}

/** Solve the q x q normal equations of one level by Gaussian elimination; a direction without variation gets 0. */
function solveLevel(G: Float64Array, rhs: Float64Array, out: Float64Array, q: number): void {
  const A = Array.from({ length: q }, (_, k) => [...G.subarray(k * q, (k + 1) * q), rhs[k]]);
  const diag = A.map((row, k) => row[k]);
  const skip = new Array<boolean>(q).fill(false);
  for (let k = 0; k < q; k++) {
    if (!(A[k][k] > 1e-10 * diag[k] && A[k][k] > 0)) { skip[k] = true; continue; }
    for (let i = k + 1; i < q; i++) {
      const f = A[i][k] / A[k][k];
      for (let j = k; j <= q; j++) A[i][j] -= f * A[k][j];
    }
  }
  for (let k = q - 1; k >= 0; k--) {
    if (skip[k]) { out[k] = 0; continue; }
    let v = A[k][q];
    for (let j = k + 1; j < q; j++) v -= A[k][j] * out[j];
    out[k] = v / A[k][k];
  }
}

/** Every intercept fixed effect after the first: the level of sample row 0 set to 0, its value moved into the first. */
function normalise(blocks: FixefBlock[], references: Record<string, number>): void {
  const withIntercept = blocks.filter((b) => b.intercept);
  if (withIntercept.length < 2) return;
  const [first, ...others] = withIntercept;
  const q1 = 1 + first.slopes.length;
  for (const b of others) {
    const q = 1 + b.slopes.length;
    const shift = b.coef[b.codes[0] * q];
    for (let g = 0; g < b.levels; g++) b.coef[g * q] -= shift;
    for (let g = 0; g < first.levels; g++) first.coef[g * q1] += shift;
    references[b.fe] = 1;
  }
}
