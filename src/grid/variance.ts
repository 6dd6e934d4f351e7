/**
 * Variances of a grid group's specifications, by feols's own code (computeVcov) and small-sample rules.
 *
 * One thing is hoisted out of the loop over specifications: for a clustered variance, which fixed effects
 * are nested in the clusters (fixest's K rule) is the same for every specification of a group, and
 * smallSampleK finds it with passes over the rows. So it is found once per group: K = k + offset for every
 * k, and each specification's variance is computed with K = k (kFixef 'none', no pass) and rescaled by
 * (n - k) / (n - K), the ratio of the two small-sample factors. The matrix is the same up to rounding.
 */
import { EstimationError } from '../errors.js';
import type { Clustering, Design } from '../estimate/design.js';
import type { RawFit } from '../estimate/fit.js';
import type { Ssc, VcovType } from '../estimate/options.js';
import { clusterGroupings, smallSampleK } from '../estimate/ssc.js';
import { computeVcov } from '../estimate/vcov/registry.js';
import type { VcovChoice } from './spec.js';

/** What one variance choice sees of a group. */
export interface VarianceView {
  /** The group's design with only the clusterings of this choice's cluster variables. */
  readonly design: Design;
  readonly type: VcovType;
  readonly clusterings: readonly Clustering[];
  /** K - k of this choice on this group (clustered only; see above). */
  readonly kOffset: number;
}

/** A specification's variance ([k x k] over its kept regressors) and t degrees of freedom. */
export interface SpecVariance {
  readonly matrix: Float64Array;
  readonly dfT: number;
}

/** Why a specification has no variance. */
export type VarianceFailure = 'noDegreesOfFreedom' | 'tooFewClusters';

/**
 * The view of every variance choice on a group's design.
 * @example
 * const views = varianceViews(grid.vcov, design, settings.ssc); // one per choice, in order
 */
export function varianceViews(choices: readonly VcovChoice[], design: Design, ssc: Ssc): VarianceView[] {
  return choices.map((v) => {
    if (v.type !== 'cluster') return { design, type: v.type, clusterings: [], kOffset: 0 };
    const clusterings = design.clusterings.filter((c) => c.names.every((name) => v.cluster.includes(name)));
    const view: Design = { ...design, clusterings, clusterVars: [...v.cluster] };
    // K(k) = max(k + c, k + 1) in every rule, so K(0) is the offset.
    return { design: view, type: 'cluster', clusterings, kOffset: smallSampleK(view, 0, ssc, clusterGroupings(view)) };
  });
}

/**
 * The variance of one specification under one view, or why there is none (no residual degrees of freedom,
 * fewer than two clusters): a property of that specification, not an error of the grid.
 * @example
 * const v = specVariance(views[0], raw, settings.ssc); // { matrix, dfT } or 'noDegreesOfFreedom'
 */
export function specVariance(view: VarianceView, raw: RawFit, ssc: Ssc): SpecVariance | VarianceFailure {
  const n = view.design.n;
  const k = raw.kept.length;
  const hoisted = view.type === 'cluster' && ssc.kFixef !== 'none';
  const K = k + view.kOffset;
  if (hoisted && n - K <= 0) return 'noDegreesOfFreedom';
  let vcov;
  try {
    vcov = computeVcov(view.design, raw, view.type, hoisted ? { ...ssc, kFixef: 'none' } : ssc);
  } catch (err) {
    if (err instanceof EstimationError) return /cluster/.test(err.message) ? 'tooFewClusters' : 'noDegreesOfFreedom';
    throw err;
  }
  if (!hoisted) return { matrix: vcov.matrix, dfT: vcov.dfT };
  const ratio = ssc.kAdj ? (n - k) / (n - K) : 1;
  return {
    matrix: vcov.matrix.map((x) => x * ratio),
    dfT: ssc.tDf === 'min' ? vcov.dfT : Math.max(n - K, 1),
  };
}
