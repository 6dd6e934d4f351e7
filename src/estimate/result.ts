/**
 * The result of `feols`: frozen, with every number a user of fixest would look for, and its JSON form
 * (the CLI contract, snake_case).
 */
import type { ConventionName } from './vcov/conventions.js';
import type { Ssc, VcovType } from './options.js';
import type { IvDiagnostics, IvTest } from './iv/diagnostics.js';

/** An estimate with its inference: standard error, t, two-sided p and confidence interval. */
export interface Estimate {
  readonly estimate: number;
  readonly stdError: number;
  /** estimate / stdError. */
  readonly statistic: number;
  readonly pValue: number;
  readonly confLow: number;
  readonly confHigh: number;
}

/** One coefficient row. */
export interface Coefficient extends Estimate {
  readonly term: string;
}

/** The variance of the coefficients and the small-sample quantities behind it. */
export interface VcovInfo {
  readonly type: VcovType;
  /** [k x k] over the coefficients, in their order. */
  readonly matrix: readonly (readonly number[])[];
  /** K used in the small-sample factor. */
  readonly k: number;
  /** Degrees of freedom of the t distribution. */
  readonly dfT: number;
  readonly clusters: Readonly<Record<string, number>> | null;
  readonly ssc: Readonly<Ssc>;
  /** The convention profile the switches came from (src/estimate/vcov/conventions.ts). */
  readonly convention: ConventionName;
  /** True when the multiway matrix had a negative variance and was rebuilt from its non-negative eigenvalues. */
  readonly eigenFixed: boolean;
  /** The lag of a Newey-West or Driscoll-Kraay variance, else null. */
  readonly lag: number | null;
}

/**
 * What `feols` returns (frozen).
 *
 * @example
 * const fit = feols(data, 'y ~ x | g');
 * fit.coefficients[0].pValue; fit.vcov.dfT; fit.withinR2; fit.dropped.singletons;
 */
export interface FeolsResult {
  readonly formula: string;
  readonly depvar: string;
  readonly coefficients: readonly Coefficient[];
  readonly vcov: VcovInfo;
  /** Observations used. */
  readonly nobs: number;
  /**
   * Rows dropped: with a missing value (or zero weight), as singletons, and where the data are present but
   * a value is infinite or a transform is not finite (log or sqrt of non-positive values, 1/0).
   */
  readonly dropped: { readonly na: number; readonly singletons: number; readonly nonFinite: number };
  /** Levels of each fixed effect on the estimation sample. */
  readonly fixef: Readonly<Record<string, number>>;
  /** Levels of each varying slope (`firm[[capital]]`), absorbed with the fixed effects; empty without. */
  readonly varyingSlopes?: Readonly<Record<string, number>>;
  /** Regressors dropped as collinear (with earlier ones or the fixed effects), in formula order. */
  readonly collinear: readonly string[];
  readonly rss: number;
  readonly tss: number;
  readonly r2: number;
  readonly adjR2: number;
  /** Against the model with the fixed effects only; null without fixed effects. */
  readonly withinR2: number | null;
  readonly adjWithinR2: number | null;
  /** n - K with every FE parameter counted (fixest's degrees of freedom of the residuals). */
  readonly dfResid: number;
  /** sqrt(RSS / (n - K)). */
  readonly sigma: number;
  readonly convergence: { readonly iterations: number; readonly converged: boolean };
  readonly weights: string | null;
  /** y - X b (original scale), one per observation used. */
  readonly residuals: Float64Array;
  /** Indices of the data rows used, in order: any column can be read on the estimation sample. */
  readonly rows: Int32Array;
  /** Where R would warn (an essentially perfect fit): one sentence each; the CLI prints them on stderr. */
  readonly warnings: readonly string[];
  /** Instrumental variables (2SLS): the first stages and fixest's diagnostics; absent for OLS. */
  readonly iv?: IvInfo;
}

/** One first stage of a 2SLS fit: the endogenous regressor on the instruments and exogenous regressors. */
export interface FirstStage {
  readonly endog: string;
  readonly coefficients: readonly Coefficient[];
  /** K of the first stage's variance (the model's type) and its t degrees of freedom. */
  readonly k: number;
  readonly dfT: number;
}

/** What a 2SLS fit adds to the result. */
export interface IvInfo {
  readonly endogenous: readonly string[];
  readonly instruments: readonly string[];
  readonly firstStages: readonly FirstStage[];
  readonly diagnostics: IvDiagnostics;
}

function coefficientsToJson(cs: readonly Coefficient[]) {
  return cs.map((c) => ({
    term: c.term, estimate: c.estimate, std_error: c.stdError, statistic: c.statistic, p_value: c.pValue,
    conf_low: c.confLow, conf_high: c.confHigh,
  }));
}

function testToJson(t: IvTest, chi2: boolean) {
  return chi2 ? { stat: t.stat, p_value: t.pValue, df: t.df1 } : { stat: t.stat, p_value: t.pValue, df1: t.df1, df2: t.df2 };
}

/** The `iv` block of the CLI's `--json` (the keys). */
export function ivToJson(iv: IvInfo): Record<string, unknown> {
  const d = iv.diagnostics;
  return {
    endogenous: iv.endogenous,
    instruments: iv.instruments,
    first_stage: iv.firstStages.map((fs, j) => ({
      endog: fs.endog,
      f_stat: d.firstStage[j].f.stat, p_value: d.firstStage[j].f.pValue, df1: d.firstStage[j].f.df1, df2: d.firstStage[j].f.df2,
      wald_stat: d.firstStage[j].wald.stat, wald_p_value: d.firstStage[j].wald.pValue,
      coefficients: coefficientsToJson(fs.coefficients),
      k: fs.k, df_t: fs.dfT,
    })),
    wu_hausman: testToJson(d.wuHausman, false),
    sargan: d.sargan ? testToJson(d.sargan, true) : null,
    cragg_donald: d.craggDonald,
    kleibergen_paap: d.kleibergenPaap ? d.kleibergenPaap.stat : null,
    kleibergen_paap_test: d.kleibergenPaap ? testToJson(d.kleibergenPaap, true) : null,
  };
}

/** The CLI's `--json` shape. */
export function resultToJson(r: FeolsResult): Record<string, unknown> {
  return {
    formula: r.formula,
    depvar: r.depvar,
    nobs: r.nobs,
    dropped: { na: r.dropped.na, singletons: r.dropped.singletons, non_finite: r.dropped.nonFinite },
    fixef: r.fixef,
    ...(r.varyingSlopes && Object.keys(r.varyingSlopes).length ? { varying_slopes: r.varyingSlopes } : {}),
    collinear: r.collinear,
    coefficients: r.coefficients.map((c) => ({
      term: c.term, estimate: c.estimate, std_error: c.stdError, statistic: c.statistic, p_value: c.pValue,
      conf_low: c.confLow, conf_high: c.confHigh,
    })),
    vcov: {
      type: r.vcov.type, clusters: r.vcov.clusters, k: r.vcov.k, df_t: r.vcov.dfT, matrix: r.vcov.matrix,
      ssc: { k_adj: r.vcov.ssc.kAdj, k_fixef: r.vcov.ssc.kFixef, g_adj: r.vcov.ssc.gAdj, g_df: r.vcov.ssc.gDf, t_df: r.vcov.ssc.tDf, fixef_exact: r.vcov.ssc.fixefExact },
      convention: r.vcov.convention,
      eigen_fixed: r.vcov.eigenFixed,
    },
    r2: r.r2, adj_r2: r.adjR2, within_r2: r.withinR2, adj_within_r2: r.adjWithinR2,
    rss: r.rss, tss: r.tss, df_resid: r.dfResid, sigma: r.sigma,
    convergence: r.convergence,
    weights: r.weights,
    ...(r.iv ? { iv: ivToJson(r.iv) } : {}),
    warnings: r.warnings,
  };
}
