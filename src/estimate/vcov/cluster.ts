/**
 * Clustered variances: CR1, one- or multiway (Cameron, Gelbach and Miller 2011) with fixest's G and K rules,
 * and CR3, the cluster jackknife of clubSandwich (cr3.ts), whose scaling replaces the small-sample factors.
 */
import { EstimationError } from '../../errors.js';
import { clusterGroupings } from '../ssc.js';
import { NO_MEATS, missing, type VarianceEntry } from './entry.js';
import { sandwich } from './sandwich.js';

export const CLUSTER: VarianceEntry = {
  meats: () => ({ ...NO_MEATS, clusters: true }),
  nesting: clusterGroupings,
  form: (design, fit, ssc) => {
    const k = fit.kept.length;
    const singles = design.clusterings.filter((c) => c.names.length === 1);
    const clusters = Object.fromEntries(singles.map((c) => [c.names[0], c.G]));
    const Gmin = Math.min(...singles.map((c) => c.G));
    if (Gmin < 2) {
      const one = singles.find((c) => c.G < 2);
      throw new EstimationError(
        `clustering needs at least 2 clusters, but '${one?.names[0]}' has ${Gmin} on the estimation sample; cluster by another variable or use vcov 'hetero'`);
    }
    const V = new Float64Array(k * k);
    design.clusterings.forEach((c, idx) => {
      const sign = c.names.length % 2 === 1 ? 1 : -1;
      const G = ssc.gDf === 'conventional' ? c.G : Gmin;
      // An intersection with one cell per observation can have G = n; G/(G-1) stays finite for G >= 2.
      const gFactor = ssc.gAdj && G > 1 ? G / (G - 1) : 1;
      const term = sandwich(fit.bread, fit.clusterMeats[idx] ?? missing('cluster'), k);
      for (let i = 0; i < k * k; i++) V[i] += sign * gFactor * term[i];
    });
    return { V, dfMin: Gmin - 1, clusters, lag: null, kAdjusted: true };
  },
};

export const CR3: VarianceEntry = {
  meats: () => ({ ...NO_MEATS, cr3: true }),
  nesting: clusterGroupings,
  form: (design, fit) => {
    const c = design.clusterings[0];
    if (c.G < 2) throw new EstimationError(`CR3 needs at least 2 clusters; '${c.names[0]}' has ${c.G}`);
    const V = sandwich(fit.bread, fit.cr3Meat ?? missing('CR3'), fit.kept.length);
    return { V, dfMin: c.G - 1, clusters: { [c.names[0]]: c.G }, lag: null, kAdjusted: false };
  },
};
