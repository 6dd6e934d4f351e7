/**
 * Small-sample corrections, fixest's rules (vcov.fixest, fixest 0.12): the K in (n - 1) / (n - K), which
 * fixed effects are nested in the clusters, and the t degrees of freedom.
 */
import type { Design } from './design.js';
import type { Ssc } from './options.js';

/**
 * Number of fixed-effect parameters: sum of levels minus one restriction per extra dimension, plus one per
 * level of every varying slope (fixest counts them all, and never as nested in a cluster).
 */
export function fixefParams(design: Design): number {
  const J = design.fixedEffects.length;
  return (J ? design.fixedEffects.reduce((a, f) => a + f.levels, 0) - (J - 1) : 0) + slopeParams(design);
}

/** Coefficients of the varying slopes: one per level of each. */
export function slopeParams(design: Design): number {
  return (design.slopes ?? []).reduce((a, s) => a + s.levels, 0);
}

/** Answers by the (FE codes, cluster codes) pair: grids and sweeps ask again for every specification. */
const nestedCache = new WeakMap<Int32Array, WeakMap<Int32Array, boolean>>();

/** True when every level of `fe` lies inside a single cluster of `cluster` (on the estimation sample). */
export function isNested(fe: Int32Array, levels: number, cluster: Int32Array): boolean {
  let byCluster = nestedCache.get(fe);
  if (!byCluster) { byCluster = new WeakMap(); nestedCache.set(fe, byCluster); }
  const known = byCluster.get(cluster);
  if (known !== undefined) return known;
  const answer = nestedScan(fe, levels, cluster);
  byCluster.set(cluster, answer);
  return answer;
}

function nestedScan(fe: Int32Array, levels: number, cluster: Int32Array): boolean {
  const home = new Int32Array(levels).fill(-1);
  for (let i = 0; i < fe.length; i++) {
    const g = fe[i];
    if (home[g] === -1) home[g] = cluster[i];
    else if (home[g] !== cluster[i]) return false;
  }
  return true;
}

/**
 * K of the small-sample factor. k = kept regressors (with the intercept when there is no FE).
 * 'none': k. 'full' (and any non-clustered variance): k + FE parameters. 'nested': FE dimensions nested in a
 * cluster variable drop out (levels - 1 each); when all do, K = k + 1 (the absorbed intercept).
 */
export function smallSampleK(design: Design, k: number, ssc: Ssc, clustered: boolean,
  within?: readonly Int32Array[]): number {
  const pFe = fixefParams(design);
  const fes = design.fixedEffects;
  if (ssc.kFixef === 'none') return k;
  if (ssc.kFixef === 'full' || !clustered || fes.length === 0) return k + pFe;
  // The groups a fixed effect may be nested in: the cluster variables, or (NW, DK) the panel's units and periods.
  const groups = within ?? design.clusterings.filter((c) => c.names.length === 1).map((c) => c.codes);
  const nested = fes.map((fe) =>
    (!within && design.clusterVars.includes(fe.name)) || groups.some((codes) => isNested(fe.codes, fe.levels, codes)));
  let K: number;
  if (nested.every(Boolean)) K = k + 1 + slopeParams(design);
  else K = k + pFe - fes.reduce((a, fe, j) => a + (nested[j] ? fe.levels - 1 : 0), 0);
  return Math.max(K, k + 1);
}
