/** The classical variance: sigma^2 (X~'WX~)^-1, sigma^2 = RSS / (n - 1) before the (n - 1) / (n - K) factor. */
import { NO_MEATS, type VarianceEntry } from './entry.js';

export const IID: VarianceEntry = {
  meats: () => NO_MEATS,
  nesting: () => null,
  form: (design, fit) => ({
    V: fit.bread.map((b) => b * (fit.rss / (design.n - 1))), dfMin: null, clusters: null, lag: null, kAdjusted: true,
  }),
};
