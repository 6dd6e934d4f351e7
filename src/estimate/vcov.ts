/**
 * Variance of the coefficients: iid, heteroskedastic (HC1) and multiway clustered (Cameron, Gelbach and
 * Miller 2011), scaled by fixest's small-sample rules.
 */
import { EstimationError } from '../errors.js';
import type { Design } from './design.js';
import type { RawFit } from './fit.js';
import type { Ssc, VcovType } from './options.js';
import { smallSampleK } from './ssc.js';
import { symmetricEigen } from './eigen.js';

/** A variance matrix with the K and t degrees of freedom used. */
export interface Vcov {
  readonly type: VcovType;
  readonly matrix: Float64Array; // [k x k] row-major over the kept regressors
  /** K used in the small-sample factor. */
  readonly k: number;
  /** Degrees of freedom of the t distribution for p-values and intervals. */
  readonly dfT: number;
  /** Number of clusters per cluster variable, or null. */
  readonly clusters: Readonly<Record<string, number>> | null;
  /** True when the multiway matrix was not positive semi-definite and its negative eigenvalues were zeroed. */
  readonly eigenFixed: boolean;
  /** The lag of a Newey-West or Driscoll-Kraay variance, else null. */
  readonly lag: number | null;
}

/** B M B for symmetric B, M [k x k] row-major. */
export function sandwich(B: Float64Array, M: Float64Array, k: number): Float64Array {
  const BM = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let l = 0; l < k; l++) {
    const b = B[i * k + l];
    if (b === 0) continue;
    for (let j = 0; j < k; j++) BM[i * k + j] += b * M[l * k + j];
  }
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let l = 0; l < k; l++) {
    const a = BM[i * k + l];
    if (a === 0) continue;
    for (let j = 0; j < k; j++) out[i * k + j] += a * B[l * k + j];
  }
  return out;
}

/** fixest's fix: if a variance is negative, rebuild the matrix from its non-negative eigenvalues. */
function fixNegativeDiagonal(V: Float64Array, k: number): boolean {
  let negative = false;
  for (let i = 0; i < k; i++) if (V[i * k + i] < 0) negative = true;
  if (!negative) return false;
  const { values, vectors } = symmetricEigen(V, k);
  V.fill(0);
  for (let m = 0; m < k; m++) {
    const lambda = Math.max(values[m], 0);
    if (lambda === 0) continue;
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) V[i * k + j] += lambda * vectors[i * k + m] * vectors[j * k + m];
  }
  return true;
}

/** The variance matrix of a fit under the given type and small-sample switches. */
export function computeVcov(design: Design, fit: RawFit, type: VcovType, ssc: Ssc): Vcov {
  const k = fit.kept.length;
  const n = design.n;
  const serial = type === 'NW' || type === 'DK';
  const clustered = type === 'cluster' || type === 'CR3' || serial || type === 'conley';
  // NW and DK count as clustered by period (DK) or by unit and period (NW) in K and the t degrees of freedom.
  const panel = design.panelIndex;
  // Conley counts fixed effects nested in the locations out of K, as fixest does.
  const within = serial && panel ? (type === 'DK' ? [panel.time] : [panel.unit, panel.time])
    : type === 'conley' && design.locations ? [design.locations.code] : undefined;
  const K = smallSampleK(design, k, ssc, clustered, within);
  if (n - K <= 0) {
    throw new EstimationError(`no residual degrees of freedom: n = ${n} observations for K = ${K} parameters; use fewer regressors or fixed effects`);
  }
  const kFactor = ssc.kAdj ? (n - 1) / (n - K) : 1;
  let V: Float64Array;
  let dfT = n - K;
  let clusters: Record<string, number> | null = null;
  let eigenFixed = false;
  let lag: number | null = null;
  if (type === 'iid') {
    V = fit.bread.map((b) => b * (fit.rss / (n - 1)) * kFactor);
  } else if (serial) {
    if (!fit.serialMeat || !panel) throw new Error(`hdfe: the ${type} meat was not computed`);
    const T = panel.periods;
    if (T < 2) throw new EstimationError(`vcov '${type}' needs at least 2 periods; the sample has ${T}`);
    const gFactor = ssc.gAdj ? T / (T - 1) : 1;
    V = sandwich(fit.bread, fit.serialMeat.meat, k).map((v) => v * gFactor * kFactor);
    if (ssc.tDf === 'min') dfT = T - 1;
    lag = fit.serialMeat.lag;
  } else if (type === 'CR3') {
    // clubSandwich's CR3: the jackknife scaling replaces the small-sample factors; t with G - 1 df.
    if (!fit.cr3Meat) throw new Error('hdfe: the CR3 meat was not computed');
    const c = design.clusterings[0];
    if (c.G < 2) throw new EstimationError(`CR3 needs at least 2 clusters; '${c.names[0]}' has ${c.G}`);
    V = sandwich(fit.bread, fit.cr3Meat, k);
    clusters = { [c.names[0]]: c.G };
    if (ssc.tDf === 'min') dfT = c.G - 1;
  } else if (type === 'conley') {
    if (!fit.conleyMeat) throw new Error('hdfe: the Conley meat was not computed');
    V = sandwich(fit.bread, fit.conleyMeat, k).map((v) => v * kFactor);
  } else if (type === 'HC2' || type === 'HC3') {
    // sandwich::vcovHC's HC2 and HC3: the leverage scaling replaces the small-sample factors.
    if (!fit.heteroMeat) throw new Error(`hdfe: the ${type} meat was not computed`);
    V = sandwich(fit.bread, fit.heteroMeat, k);
  } else if (type === 'hetero') {
    if (!fit.heteroMeat) throw new Error('hdfe: heteroskedastic meat was not computed');
    const gFactor = ssc.gAdj ? n / (n - 1) : 1;
    V = sandwich(fit.bread, fit.heteroMeat, k).map((v) => v * gFactor * kFactor);
  } else {
    const singles = design.clusterings.filter((c) => c.names.length === 1);
    clusters = Object.fromEntries(singles.map((c) => [c.names[0], c.G]));
    const Gmin = Math.min(...singles.map((c) => c.G));
    if (Gmin < 2) {
      const one = singles.find((c) => c.G < 2);
      throw new EstimationError(
        `clustering needs at least 2 clusters, but '${one?.names[0]}' has ${Gmin} on the estimation sample; cluster by another variable or use vcov 'hetero'`);
    }
    V = new Float64Array(k * k);
    design.clusterings.forEach((c, idx) => {
      const sign = c.names.length % 2 === 1 ? 1 : -1;
      const G = ssc.gDf === 'conventional' ? c.G : Gmin;
      // An intersection with one cell per observation can have G = n; G/(G-1) stays finite for G >= 2.
      const gFactor = ssc.gAdj && G > 1 ? G / (G - 1) : 1;
      const term = sandwich(fit.bread, fit.clusterMeats[idx], k);
      for (let i = 0; i < k * k; i++) V[i] += sign * gFactor * term[i];
    });
    for (let i = 0; i < k * k; i++) V[i] *= kFactor;
    eigenFixed = fixNegativeDiagonal(V, k);
    if (ssc.tDf === 'min') dfT = Gmin - 1;
  }
  return Object.freeze({ type, matrix: V, k: K, dfT: Math.max(dfT, 1), clusters, eigenFixed, lag });
}
