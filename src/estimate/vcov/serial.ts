/**
 * Meat matrices for serial and cross-sectional dependence in panels, as fixest 0.12 computes them (its
 * vcov_NW and vcov_DK), with Bartlett weights 1 - l / (L + 1) for lags l = 0..L, L capped at T - 1:
 * - Driscoll-Kraay (1998): the scores s_i = z_i e_i are summed by period, S_t, and
 *   meat = sum_l w_l sum_t (S_t S_{t+l}' + S_{t+l} S_t'), the l = 0 term counted once;
 * - Newey-West for panels: the same within each unit, products of a unit's scores l periods apart.
 * The default lag is floor(T^(1/4)), fixest's rule of thumb for panels.
 */
import { EstimationError } from '../../errors.js';
import type { Design } from '../design.js';
import { NO_MEATS, missing, type VarianceEntry } from './entry.js';
import { sandwich } from './sandwich.js';

export type SerialType = 'NW' | 'DK';

/** The lag fixest uses when none is given. */
export function defaultLag(periods: number): number {
  return Math.floor(periods ** 0.25);
}

/**
 * The meat of `type` from the demeaned rows `Z` ([n x s] row-major, kept columns `cols`) and residuals `e`.
 * Returns the meat [k x k] and the lag used.
 */
export function serialMeat(type: SerialType, design: Design, Z: Float64Array, s: number, cols: readonly number[],
  e: Float64Array, lag: number | null): { meat: Float64Array; lag: number } {
  const panel = design.panelIndex;
  if (!panel) throw new EstimationError(`vcov '${type}' needs the panel's unit and time: pass panel: { id, time } (--panel id,time)`);
  const { time, unit, periods: T, units: G } = panel;
  const n = design.n;
  for (let i = 0; i < n; i++) {
    if (time[i] < 0 || unit[i] < 0) {
      throw new EstimationError(`vcov '${type}' needs every observation's panel unit and time, but row ${design.rows[i] + 1} misses one; drop such rows first`);
    }
  }
  const k = cols.length;
  if (lag !== null && lag > T - 1) {
    throw new EstimationError(`the ${type} lag must be smaller than the panel's ${T} periods; got lag ${lag} (use at most ${T - 1})`);
  }
  const L = Math.min(lag ?? defaultLag(T), T - 1);
  const w = Array.from({ length: L + 1 }, (_, l) => 1 - l / (L + 1));
  // The scores s_i = z_i e_i once, [n x k]: the lag loops read each of them L + 1 times.
  const sc = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let a = 0; a < k; a++) sc[i * k + a] = Z[i * s + cols[a]] * e[i];
  const half = new Float64Array(k * k); // sum over l >= 1 of w_l sum S_t S_{t+l}'; the transpose is added at the end
  const meat = new Float64Array(k * k);
  /** acc += weight * x_p y_q' for rows p, q of `from`. */
  const outer = (acc: Float64Array, weight: number, from: Float64Array, p: number, q: number) => {
    for (let a = 0; a < k; a++) {
      const x = weight * from[p * k + a];
      if (x === 0) continue;
      for (let b = 0; b < k; b++) acc[a * k + b] += x * from[q * k + b];
    }
  };
  if (type === 'DK') {
    const S = new Float64Array(T * k);
    for (let i = 0; i < n; i++) for (let a = 0; a < k; a++) S[time[i] * k + a] += sc[i * k + a];
    for (let t = 0; t < T; t++) outer(meat, 1, S, t, t);
    for (let l = 1; l <= L; l++) for (let t = 0; t + l < T; t++) outer(half, w[l], S, t, t + l);
  } else {
    // Each (unit, period) holds one row: indexing the panel refuses duplicates (src/data/panel.ts).
    const rowOf = new Int32Array(G * T).fill(-1);
    for (let i = 0; i < n; i++) rowOf[unit[i] * T + time[i]] = i;
    for (let i = 0; i < n; i++) outer(meat, 1, sc, i, i);
    for (let l = 1; l <= L; l++) {
      for (let g = 0; g < G; g++) {
        for (let t = l; t < T; t++) {
          const i = rowOf[g * T + t];
          const j = rowOf[g * T + t - l];
          if (i < 0 || j < 0) continue;
          outer(half, w[l], sc, i, j);
        }
      }
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) meat[a * k + b] += half[a * k + b] + half[b * k + a];
  return { meat, lag: L };
}

/** Newey-West (by unit) or Driscoll-Kraay: clustered by period (DK) or by unit and period (NW) in K and the t df. */
function serialVariance(type: SerialType): VarianceEntry {
  return {
    meats: (spec) => ({ ...NO_MEATS, serial: { type, lag: spec.lag } }),
    nesting: (design) => {
      const panel = design.panelIndex;
      if (!panel) return null;
      const names = panel.names ?? { id: '', time: '' };
      const time = { name: names.time, codes: panel.time };
      return type === 'DK' ? [time] : [{ name: names.id, codes: panel.unit }, time];
    },
    form: (design, fit, ssc) => {
      const meat = fit.serialMeat ?? missing(type);
      const T = design.panelIndex?.periods ?? 0;
      if (T < 2) throw new EstimationError(`vcov '${type}' needs at least 2 periods; the sample has ${T}`);
      const gFactor = ssc.gAdj ? T / (T - 1) : 1;
      const V = sandwich(fit.bread, meat.meat, fit.kept.length).map((v) => v * gFactor);
      return { V, dfMin: T - 1, clusters: null, lag: meat.lag, kAdjusted: true };
    },
  };
}

export const NW = serialVariance('NW');
export const DK = serialVariance('DK');
