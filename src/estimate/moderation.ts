/**
 * Moderation: the effect of x at values of a moderator z in y = ... + b_x x + b_z z + b_xz x z + ...,
 * i.e. b_x + b_xz z with variance V_xx + 2 z V_x,xz + z^2 V_xz,xz from the model's vcov (simple slopes),
 * and the Johnson-Neyman interval: the z where that effect's t equals the critical value (Johnson and
 * Neyman 1936; Bauer and Curran 2005).
 */
import { EstimationError } from '../errors.js';
import { criticalT, twoSidedP } from './inference.js';
import type { Estimate, FeolsResult } from './result.js';

/** The focal regressor's term and its interaction with the moderator, as the model names them. */
export interface ModerationTerms {
  /** The focal regressor's term, e.g. 'Vag' or 'center(Vag)'. */
  x: string;
  /** The interaction term, e.g. 'Vag:RD'. */
  xz: string;
}

/** The effect of x at one value of the moderator. */
export interface SimpleSlope extends Estimate {
  readonly at: number;
}

function pick(fit: FeolsResult, terms: ModerationTerms) {
  const idx = (t: string) => {
    const i = fit.coefficients.findIndex((c) => c.term === t);
    if (i < 0) {
      throw new EstimationError(`term '${t}' is not among the coefficients (${fit.coefficients.map((c) => c.term).join(', ')}); name it as the model does`);
    }
    return i;
  };
  const ix = idx(terms.x), ixz = idx(terms.xz);
  const V = fit.vcov.matrix;
  return { bx: fit.coefficients[ix].estimate, bxz: fit.coefficients[ixz].estimate, vxx: V[ix][ix], vxxz: V[ix][ixz], vzz: V[ixz][ixz] };
}

/** Mean and mean +- 1 sd (n - 1 denominator) of the moderator's values, the conventional evaluation points. */
export function meanPlusMinusSd(values: ArrayLike<number>): number[] {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  return [mean - sd, mean, mean + sd];
}

/**
 * The effect of x at each value in `at` (on the moderator's scale as it enters the interaction).
 *
 * @example
 * const fit = feols(d, 'SL ~ Vag * RD | year');
 * simpleSlopes(fit, { x: 'Vag', xz: 'Vag:RD' }, meanPlusMinusSd(fit.rows.map((i) => d.RD[i])));
 */
export function simpleSlopes(fit: FeolsResult, terms: ModerationTerms, at: readonly number[], level = 0.95): SimpleSlope[] {
  const { bx, bxz, vxx, vxxz, vzz } = pick(fit, terms);
  const df = fit.vcov.dfT;
  const crit = criticalT(level, df);
  return at.map((z) => {
    const estimate = bx + bxz * z;
    const stdError = Math.sqrt(vxx + 2 * z * vxxz + z * z * vzz);
    const statistic = estimate / stdError;
    return Object.freeze({
      at: z, estimate, stdError, statistic, pValue: twoSidedP(statistic, df),
      confLow: estimate - crit * stdError, confHigh: estimate + crit * stdError,
    });
  });
}

/** The Johnson-Neyman interval of a moderation model. */
export interface JohnsonNeyman {
  /** Boundaries where |t| equals the critical value (0, 1 or 2 of them), ascending. */
  readonly bounds: readonly number[];
  /** Whether the effect is significant between the bounds ('inside') or beyond them ('outside'); 'all' or 'none' without bounds. */
  readonly significant: 'inside' | 'outside' | 'all' | 'none';
  readonly level: number;
  readonly criticalT: number;
}

/**
 * The Johnson-Neyman interval: solve (b_x + b_xz z)^2 = t_c^2 (V_xx + 2 z V_x,xz + z^2 V_xz,xz), a quadratic
 * a z^2 + b z + c = 0 with a = b_xz^2 - t_c^2 V_xz,xz, b = 2 (b_x b_xz - t_c^2 V_x,xz), c = b_x^2 - t_c^2 V_xx.
 * The effect is significant where a z^2 + b z + c > 0.
 */
export function johnsonNeyman(fit: FeolsResult, terms: ModerationTerms, level = 0.95): JohnsonNeyman {
  const { bx, bxz, vxx, vxxz, vzz } = pick(fit, terms);
  const tc = criticalT(level, fit.vcov.dfT);
  const t2 = tc * tc;
  const a = bxz * bxz - t2 * vzz;
  const b = 2 * (bx * bxz - t2 * vxxz);
  const c = bx * bx - t2 * vxx;
  const disc = b * b - 4 * a * c;
  if (a === 0) {
    const root = -c / b;
    return Object.freeze({ bounds: [root], significant: b > 0 ? 'outside' : 'inside', level, criticalT: tc });
  }
  if (disc < 0) return Object.freeze({ bounds: [], significant: a > 0 ? 'all' : 'none', level, criticalT: tc });
  const sq = Math.sqrt(disc);
  // The numerically stable pair of roots (no cancellation between -b and the square root).
  const q = -0.5 * (b + Math.sign(b || 1) * sq);
  const roots = [q / a, c / q].sort((u, v) => u - v);
  return Object.freeze({ bounds: roots, significant: a > 0 ? 'outside' : 'inside', level, criticalT: tc });
}
