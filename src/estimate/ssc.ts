/**
 * Small-sample corrections, fixest's rules (vcov.fixest, fixest 0.12): the K in (n - 1) / (n - K), which
 * fixed effects are nested in the clusters, and the t degrees of freedom.
 */
import type { Design } from './design.js';
import type { Ssc } from './options.js';

/** Groups a fixed effect may be nested in (a cluster variable, a panel's units or periods), with its name. */
export interface Grouping {
  readonly name: string;
  readonly codes: Int32Array;
}

/**
 * Number of fixed-effect parameters: the sum of levels minus one restriction per extra dimension, or (exact)
 * minus one per connected component of the first two dimensions and one per further dimension, which is
 * reghdfe's count and the rank of the dummies when the first two are all that can be disconnected; plus one
 * per level of every varying slope (fixest counts them all, and never as nested in a cluster).
 */
export function fixefParams(design: Design, exact = false): number {
  const fes = design.fixedEffects;
  const J = fes.length;
  const slopes = slopeParams(design);
  if (J === 0) return slopes;
  const levels = fes.reduce((a, f) => a + f.levels, 0);
  if (!exact || J < 2) return levels - (J - 1) + slopes;
  return levels - components(fes[0].codes, fes[0].levels, fes[1].codes, fes[1].levels) - (J - 2) + slopes;
}

/** Coefficients of the varying slopes: one per level of each. */
export function slopeParams(design: Design): number {
  return (design.slopes ?? []).reduce((a, s) => a + s.levels, 0);
}

/** Connected components of the bipartite graph of two fixed effects' levels, joined by the observations. */
export function components(a: Int32Array, la: number, b: Int32Array, lb: number): number {
  const parent = Int32Array.from({ length: la + lb }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) { parent[x] = parent[parent[x]]; x = parent[x]; }
    return x;
  };
  let count = la + lb;
  for (let i = 0; i < a.length; i++) {
    const ra = find(a[i]);
    const rb = find(la + b[i]);
    if (ra !== rb) { parent[ra] = rb; count--; }
  }
  return count;
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

/** The one-variable clusterings of a design, as groupings for the K rule. */
export function clusterGroupings(design: Design): Grouping[] {
  return design.clusterings.filter((c) => c.names.length === 1).map((c) => ({ name: c.names[0], codes: c.codes }));
}

/**
 * Which fixed effects are nested in one of `groups`, as fixest decides it: a fixed effect named like a group
 * (or an `a^b` combination with a part so named) is nested; the others are tested on the data, unless every
 * group is itself one of the fixed effects, in which case fixest does not test and they count in K.
 */
export function nestedFixedEffects(design: Design, groups: readonly Grouping[]): boolean[] {
  const fes = design.fixedEffects;
  const names = groups.map((g) => g.name);
  const nested = fes.map((fe) => names.includes(fe.name) || fe.name.split('^').some((part) => names.includes(part)));
  if (nested.every(Boolean) || names.every((name) => fes.some((fe) => fe.name === name))) return nested;
  return fes.map((fe, j) => nested[j] || groups.some((g) => isNested(fe.codes, fe.levels, g.codes)));
}

/**
 * K of the small-sample factor. k = kept regressors (with the intercept when there is no FE); `groups` the
 * groupings of a clustered variance (null: not clustered).
 * 'none': k. 'full' (and any non-clustered variance): k + FE parameters. 'nested': FE dimensions nested in a
 * group drop out (levels - 1 each); when all do, K = k + 1 (the absorbed intercept).
 */
export function smallSampleK(design: Design, k: number, ssc: Ssc, groups: readonly Grouping[] | null): number {
  const pFe = fixefParams(design, ssc.fixefExact);
  const fes = design.fixedEffects;
  if (ssc.kFixef === 'none') return k;
  if (ssc.kFixef === 'full' || !groups || groups.length === 0 || fes.length === 0) return k + pFe;
  const nested = nestedFixedEffects(design, groups);
  let K: number;
  if (nested.every(Boolean)) K = k + 1 + slopeParams(design);
  else K = k + pFe - fes.reduce((a, fe, j) => a + (nested[j] ? fe.levels - 1 : 0), 0);
  return Math.max(K, k + 1);
}
