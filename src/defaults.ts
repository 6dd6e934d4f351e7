/**
 * Every default of hdfe, in one place; the README and the CLI help quote these.
 *
 * Small-sample conventions are fixest's (`ssc(adj = TRUE, fixef.K = "nested", cluster.adj = TRUE,
 * cluster.df = "min", t.df = "min")`), so default standard errors match R fixest.
 */
export const DEFAULTS = Object.freeze({
  /** Variance type when no cluster variable is given. */
  vcov: 'iid' as const,
  ssc: Object.freeze({
    /** Multiply by (n - 1) / (n - K). */
    kAdj: true,
    /** Which fixed-effect parameters count in K: those not nested in a cluster variable. */
    kFixef: 'nested' as const,
    /** G / (G - 1) for clustered variances (and n / (n - 1) for heteroskedastic ones). */
    gAdj: true,
    /** Multiway clustering: one G_min / (G_min - 1) for every term. */
    gDf: 'min' as const,
    /** Clustered: t with G_min - 1 degrees of freedom. */
    tDf: 'min' as const,
  }),
  /** Singletons (an FE level with one observation) are dropped, iteratively, and counted. */
  singletons: 'drop' as const,
  /** Demeaning stops when every column's largest FE-coefficient change is below this, relative. */
  demeanTol: 1e-10,
  /** Demeaning sweeps before giving up (and reporting non-convergence). */
  demeanMaxIter: 10_000,
  /** A regressor is collinear when less than this fraction of its norm is left after the others. */
  collinTol: 1e-7,
  /** Confidence level of reported intervals. */
  level: 0.95,
  /** Rows per block in the streaming QR. */
  qrBlockRows: 256,
});
