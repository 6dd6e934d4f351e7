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
    /** Fixed-effect parameters counted as levels minus one per extra dimension, not by the exact rank. */
    fixefExact: false,
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

// The indices/ layer.
/**
 * Defaults and tolerances of the index builders, in one place so the TSDoc and the README quote the same
 * numbers.
 *
 * @example
 * ```ts
 * import { INDEX_DEFAULTS } from 'hdfe';
 * INDEX_DEFAULTS.lag; // 1
 * ```
 */
export const INDEX_DEFAULTS = Object.freeze({
  /** `exportResilience` lag k: one-period growth, as in Martin (2012) on yearly data. */
  lag: 1,
  /** `potentialIndex` internal distance d_ii: half the distance to the nearest other unit. */
  internalDistance: Object.freeze({ kind: 'fraction-of-nearest', fraction: 0.5 } as const),
  /** `potentialIndex` scaling across units at each time. */
  normalize: 'none' as const,
  /**
   * A per-row national series must be constant within each time up to this relative difference; the first
   * row of each time supplies the value used.
   */
  nationalConstantRtol: 1e-12,
  /** A distance matrix is symmetric when |d_ij - d_ji| <= rtol * max(|d_ij|, |d_ji|). */
  symmetryRtol: 1e-9,
});

// The report/ layer.
/**
 * Defaults of {@link regressionTable}: 4 decimals like the paper, SE in parentheses below each
 * estimate, stars at 0.1 / 0.05 / 0.01, N, R2 and adjusted R2 at the foot.
 *
 * @example
 * ```ts
 * REGRESSION_DEFAULTS.digits; // 4
 * ```
 */
export const REGRESSION_DEFAULTS = Object.freeze({
  digits: 4,
  format: 'auto',
  significant: 4,
  thousands: true,
  missing: '\u2014',
  below: 'se',
  depvar: true,
  stats: Object.freeze(['nobs', 'r2', 'adjR2'] as const),
  stars: Object.freeze({ '*': 0.1, '**': 0.05, '***': 0.01 }),
} as const);

/**
 * Defaults of {@link descriptiveTable}: 4 significant digits, as the paper's Table 1 prints means
 * of very different magnitudes (0.0307 next to 12509).
 *
 * @example
 * ```ts
 * DESCRIPTIVE_DEFAULTS.format; // 'significant'
 * ```
 */
export const DESCRIPTIVE_DEFAULTS = Object.freeze({
  digits: 4,
  format: 'significant',
  significant: 4,
  thousands: true,
  missing: '\u2014',
} as const);

// The grid/ layer.
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
  /** Draws of the joint test of the curve (grid/joint.ts); Simonsohn et al. (2020) use 500. */
  jointReps: 999,
});

// The infer/ layer.
export const INFER_DEFAULTS = Object.freeze({
  /** Bootstrap replications (B + 1 = 10,000 divides 100 evenly; MacKinnon 2007). */
  reps: 9999,
  /** Replications of the pairs and cluster bootstraps (each refits the model). */
  resampleReps: 999,
  /** Seed of the counter-based generator when none is given: results are reproducible by default. */
  seed: 1,
  /** Wild weights; with Rademacher and 2^G <= reps every sign vector is enumerated instead of sampled. */
  weights: 'rademacher' as const,
  /** Wild bootstrap with the null imposed (WCR), the better-behaved choice (Roodman et al. 2019, sec. 2). */
  type: 'restricted' as const,
  /** Symmetric two-sided p-value: the share of draws with |t*| >= |t|. */
  pType: 'symmetric' as const,
  /** H0: beta = null. */
  null: 0,
  /** Confidence level of the inverted-test interval and of the resampling intervals. */
  level: DEFAULTS.level,
  /**
   * Ties: a draw counts as at least as extreme when |t*| >= |t| (1 - tieRtol). The identity draw of an
   * enumeration reproduces t up to rounding and so counts, as in boottest.
   */
  tieRtol: 1e-12,
  /**
   * Interval endpoints are bracketed by bisection until the bracket is narrower than ciRtol x SE; far below
   * the Monte Carlo error of an endpoint (about 1e-2 SE at 9999 draws).
   */
  ciRtol: 1e-6,
  /** Draws per call of the WebAssembly kernel (bounds the scratch memory, not the result). */
  chunk: 8192,
});

// The infer/permute layer.
/** Defaults of `permutationTest` (and `hdfe permute`). */
export const PERMUTE_DEFAULTS = Object.freeze({
  reps: 1000,
  seed: 1,
  stat: 't' as 't' | 'coef',
  pType: 'two-sided' as 'two-sided' | 'equal-tailed' | 'lower' | 'upper',
});

// Generalised linear models (fepois).
/**
 * Defaults of the Poisson IRLS loop.
 * @example
 * GLM_DEFAULTS.tol; // 1e-10
 */
export const GLM_DEFAULTS = Object.freeze({
  /** IRLS stops when |dev - dev_old| / (0.1 + |dev|) falls below this (glm's criterion; fixest's default is 1e-8). */
  tol: 1e-10,
  /** IRLS iterations before giving up (an error, never a number). */
  maxIter: 100,
  /**
   * The demeaning tolerance of the first IRLS iteration. Later ones tighten it with the deviance's change
   * (one tenth of it) down to demeanTol, and IRLS stops only on a step demeaned at demeanTol (ppmlhdfe's
   * rule): the early steps are far from the solution, and demeaning them to 1e-10 buys nothing.
   */
  startDemeanTol: 1e-4,
});
