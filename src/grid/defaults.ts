/**
 * Defaults of the specification grid, in one place; the CLI help and the TSDoc quote these. Estimation
 * defaults (small-sample rules, tolerances, confidence level) are feols's, in src/defaults.ts.
 */
export const GRID_DEFAULTS = Object.freeze({
  /** A specification counts as significant when the main regressor's p-value is below this. */
  alpha: 0.05,
  /** Samples when none are given. */
  samples: Object.freeze(['full'] as const),
  /** Variances when none are given. */
  vcov: Object.freeze([Object.freeze({ type: 'iid' as const })]),
  /** Fixed-effect sets when none are given: one model without fixed effects (with an intercept). */
  fixedEffects: Object.freeze([Object.freeze([] as string[])]),
  /** More specifications than this is almost certainly a mistake (and would not fit in memory). */
  maxSpecs: 1_000_000,
  /**
   * Per-cluster Gram blocks ([G x s x s]) are used for clustered variances while they take at most this
   * many bytes; beyond, each specification's scores come from a pass over the rows.
   */
  gramBlockBytes: 512 * 1024 ** 2,
});
