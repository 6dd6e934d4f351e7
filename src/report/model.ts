/**
 * What the reporting layer needs from an estimated model. The type is structural on purpose: the
 * estimator's result (or a hand-written object, or a model read back from JSON) satisfies it without
 * importing anything from `report/`, so reporting never depends on how a model was fitted.
 */
import type { Coefficient } from '../estimate/result.js';

/**
 * One estimated coefficient, as the estimator reports it (on the scale of the data, never rescaled).
 *
 * @example
 * ```ts
 * const vag: CoefficientRow = {
 *   term: 'Vag', estimate: 0.1763, stdError: 0.0221, statistic: 7.977,
 *   pValue: 2.1e-14, confLow: 0.1328, confHigh: 0.2198,
 * };
 * ```
 */
export type CoefficientRow = Coefficient;

/**
 * How the standard errors were computed; the values the estimator's `vcov.type` may take.
 *
 * @example
 * ```ts
 * const type: VcovType = 'cluster';
 * ```
 */
export type VcovType = 'iid' | 'hetero' | 'HC2' | 'HC3' | 'NW' | 'DK' | 'conley' | 'cluster' | 'CR3';

/**
 * An estimated model as a table sees it.
 *
 * @example
 * ```ts
 * const m: ModelLike = {
 *   depvar: 'SL',
 *   coefficients: [vag],
 *   nobs: 360, r2: 0.2521, adjR2: 0.2436, withinR2: 0.0512, adjWithinR2: 0.0485,
 *   fixef: { year: 12 },
 *   vcov: { type: 'cluster', clusters: { province: 30 } },
 * };
 * ```
 */
export interface ModelLike {
  /** Name of the outcome, e.g. 'SL'. */
  readonly depvar: string;
  readonly coefficients: readonly CoefficientRow[];
  readonly nobs: number;
  /** null for a model without an R2 (Poisson). */
  readonly r2: number | null;
  readonly adjR2: number | null;
  /** R2 of the model net of the fixed effects; null when the model has none. */
  readonly withinR2: number | null;
  readonly adjWithinR2: number | null;
  /** Fixed-effect name -> number of levels; `{}` when the model has none. */
  readonly fixef: Readonly<Record<string, number>>;
  /** 'poisson' for a Poisson model (z statistics); absent or 'gaussian' for least squares. */
  readonly family?: string;
  /** GLM fit statistics (fixest's etable rows): pr2, sq.cor, BIC, log-likelihood, deviance. */
  readonly pseudoR2?: number;
  readonly sqCor?: number;
  readonly bic?: number;
  readonly loglik?: number;
  readonly deviance?: number;
  readonly vcov: {
    readonly type: VcovType;
    /** Cluster variable -> number of clusters; null unless `type` is 'cluster'. */
    readonly clusters: Readonly<Record<string, number>> | null;
  };
}
