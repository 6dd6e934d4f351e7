/**
 * Leverages h_i of least squares with absorbed fixed effects, for the HC2 and HC3 variances (MacKinnon and
 * White 1985): the diagonal of the hat matrix of the regression with the fixed effects as dummies, without
 * forming the dummies. With D the dummies and X~ the demeaned regressors, H = P_D + P_{X~}, so
 * h_i = z_i' (Z'Z)^-1 z_i + (P_D)_ii, z_i the (sqrt(w)-scaled) demeaned row; (P_D)_ii comes from
 * fixef-hat.ts (for one fixed effect, w_i over the total weight of i's level).
 */
import { EstimationError } from '../../errors.js';
import type { Design } from '../design.js';
import { fixefHat } from './fixef-hat.js';

/** The leverage-based variance a vcov type asks for, if any. */
export function leverageType(type: string): 'HC2' | 'HC3' | null {
  return type === 'HC2' || type === 'HC3' ? type : null;
}

/**
 * h_i for the sample's rows. `Z` is the [n x s] row-major demeaned design, `cols` the kept columns and
 * `bread` their (Z'Z)^-1 [k x k].
 */
export function leverages(design: Design, Z: Float64Array, s: number, cols: readonly number[], bread: Float64Array): Float64Array {
  const n = design.n;
  const k = cols.length;
  const fes = design.fixedEffects;
  if (design.slopes?.length) {
    throw new EstimationError(`HC2/HC3 with varying slopes (${design.slopes.map((f) => f.name).join(', ')}) are not available: `
      + "the slopes' part of the leverage is not computed; use vcov 'hetero' (HC1) or cluster");
  }
  const h = new Float64Array(n);
  const x = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const row = i * s;
    for (let a = 0; a < k; a++) x[a] = Z[row + cols[a]];
    let q = 0;
    for (let a = 0; a < k; a++) {
      let t = 0;
      for (let b = 0; b < k; b++) t += bread[a * k + b] * x[b];
      q += x[a] * t;
    }
    h[i] = q;
  }
  if (fes.length > 0) {
    const P = fixefHat(design, 'HC2/HC3');
    const y = new Float64Array(P.m);
    for (let i = 0; i < n; i++) {
      P.rowVector(i, y);
      h[i] += P.cross(i, i, y, y);
    }
  }
  return h;
}

/**
 * The residuals scaled for HC2 (e / sqrt(1 - h)) or HC3 (e / (1 - h)), so the heteroskedastic meat of the
 * scaled residuals is the HC2 or HC3 meat. An observation with leverage 1 (fitted exactly, a level of its own)
 * leaves these variances undefined: an error rather than a division by zero.
 */
export function leverageScaled(e: Float64Array, h: Float64Array, type: 'HC2' | 'HC3'): Float64Array {
  const out = new Float64Array(e.length);
  for (let i = 0; i < e.length; i++) {
    const m = 1 - h[i];
    if (!(m > 1e-10)) {
      throw new EstimationError(
        `observation ${i + 1} of the sample has leverage 1 (it is fitted exactly), so ${type} is undefined; ` +
          "drop such observations (singletons: 'drop') or use vcov 'hetero'");
    }
    out[i] = type === 'HC2' ? e[i] / Math.sqrt(m) : e[i] / m;
  }
  return out;
}
