/**
 * The variances, one registry: each entry says which meats the fit forms, which groups fixest's K rule
 * looks at, and how its matrix is formed (the family files). What every variance shares is here: K, the
 * (n - 1) / (n - K) factor, the t degrees of freedom and fixest's repair of a matrix with a negative variance.
 */
import { EstimationError } from '../../errors.js';
import type { Design } from '../design.js';
import type { RawFit } from '../fit.js';
import type { Ssc, VcovType } from '../options.js';
import { smallSampleK } from '../ssc.js';
import { CLUSTER, CR3 } from './cluster.js';
import { CONLEY } from './conley.js';
import type { MeatRequest, VarianceEntry, VarianceSpec } from './entry.js';
import { HC2, HC3, HETERO } from './hetero.js';
import { IID } from './iid.js';
import { fixNegativeDiagonal } from './sandwich.js';
import { DK, NW } from './serial.js';

export const VARIANCES: Readonly<Record<VcovType, VarianceEntry>> = Object.freeze({
  iid: IID, hetero: HETERO, HC2, HC3, cluster: CLUSTER, CR3, NW, DK, conley: CONLEY,
});

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
  /** True when a variance was negative and the matrix was rebuilt from floored eigenvalues (fixest's fix). */
  readonly eigenFixed: boolean;
  /** The lag of a Newey-West or Driscoll-Kraay variance, else null. */
  readonly lag: number | null;
}

/** The meats a fit must form for the variance `spec` asks for. */
export function meatsFor(spec: VarianceSpec): MeatRequest {
  return VARIANCES[spec.vcov].meats(spec);
}

/** K of the small-sample factor for `type` with k kept regressors. */
export function varianceK(design: Design, k: number, type: VcovType, ssc: Ssc): number {
  return smallSampleK(design, k, ssc, VARIANCES[type].nesting(design));
}

/** The variance matrix of a fit under the given type and small-sample switches. */
export function computeVcov(design: Design, fit: RawFit, type: VcovType, ssc: Ssc): Vcov {
  const entry = VARIANCES[type];
  const k = fit.kept.length;
  const n = design.n;
  const K = smallSampleK(design, k, ssc, entry.nesting(design));
  if (n - K <= 0) {
    throw new EstimationError(`no residual degrees of freedom: n = ${n} observations for K = ${K} parameters; use fewer regressors or fixed effects`);
  }
  const formed = entry.form(design, fit, ssc);
  const kFactor = formed.kAdjusted && ssc.kAdj ? (n - 1) / (n - K) : 1;
  const V = kFactor === 1 ? formed.V : formed.V.map((v) => v * kFactor);
  const eigenFixed = fixNegativeDiagonal(V, k);
  const dfT = ssc.tDf === 'min' && formed.dfMin !== null ? formed.dfMin : n - K;
  return Object.freeze({ type, matrix: V, k: K, dfT: Math.max(dfT, 1), clusters: formed.clusters, eigenFixed, lag: formed.lag });
}
