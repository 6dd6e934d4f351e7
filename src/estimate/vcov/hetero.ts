/**
 * Heteroskedasticity-robust variances: HC1 as fixest scales it (n / (n - 1) and (n - 1) / (n - K)), and
 * HC2 and HC3 as sandwich::vcovHC on lm with the fixed effects as dummies (leverage.ts), whose leverage
 * scaling replaces the small-sample factors.
 */
import { NO_MEATS, missing, type VarianceEntry } from './entry.js';
import { sandwich } from './sandwich.js';

export const HETERO: VarianceEntry = {
  meats: () => ({ ...NO_MEATS, hetero: true }),
  nesting: () => null,
  form: (design, fit, ssc) => {
    const n = design.n;
    const gFactor = ssc.gAdj ? n / (n - 1) : 1;
    const V = sandwich(fit.bread, fit.heteroMeat ?? missing('heteroskedastic'), fit.kept.length).map((v) => v * gFactor);
    return { V, dfMin: null, clusters: null, lag: null, kAdjusted: true };
  },
};

function leverageBased(type: 'HC2' | 'HC3'): VarianceEntry {
  return {
    meats: () => ({ ...NO_MEATS, leverage: type }),
    nesting: () => null,
    form: (_design, fit) => ({
      V: sandwich(fit.bread, fit.heteroMeat ?? missing(type), fit.kept.length), dfMin: null, clusters: null, lag: null, kAdjusted: false,
    }),
  };
}

export const HC2 = leverageBased('HC2');
export const HC3 = leverageBased('HC3');
