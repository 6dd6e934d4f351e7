/**
 * The --json documents of `hdfe fit` and `hdfe boot`, built in one place: the CLI prints them and the page
 * writes them into its result element, so both give the same JSON for the same data.
 */
import type { FeolsOptions } from '../estimate/options.js';
import { resultToJson, type FeolsResult } from '../estimate/result.js';
import type { WaldResult } from '../estimate/wald.js';
import { parseFormula } from '../formula/parse.js';
import { variablesOf } from '../formula/variables.js';
import type { WildResult } from '../infer/wild.js';

/** Missing values found in each column the model uses (the rows they cost are in dropped.na). */
export function missingUsed(data: { readonly missing: Readonly<Record<string, number>> }, formula: string, options: FeolsOptions): Record<string, number> {
  const cluster = options.cluster === undefined ? [] : typeof options.cluster === 'string' ? [options.cluster] : options.cluster;
  const used = [...variablesOf(parseFormula(formula)), ...cluster, ...(options.weights ? [options.weights] : [])];
  return Object.fromEntries([...new Set(used)].filter((c) => c in data.missing).map((c) => [c, data.missing[c]]));
}

/** The --json shape of a Wald test. */
export function waldToJson(w: WaldResult) {
  return { terms: w.terms, stat: w.stat, p_value: w.pValue, df1: w.df1, df2: w.df2, chi2: w.chi2, chi2_p_value: w.chi2PValue, vcov: w.vcov };
}

/**
 * What `hdfe fit --json` prints.
 * @example
 * JSON.stringify(fitJson(feols(data, 'y ~ x | firm'), { y: 0, x: 0, firm: 0 }), null, 2);
 */
export function fitJson(result: FeolsResult, missing: Record<string, number>, test: WaldResult | null = null) {
  return { ...resultToJson(result), missing, ...(test ? { wald: waldToJson(test) } : {}) };
}

/** What `hdfe boot --json` prints for the wild cluster bootstrap. */
export function bootJson(r: WildResult) {
  return {
    term: r.term, null: r.null, statistic: r.statistic, p_value: r.pValue, reps: r.reps, enumerated: r.enumerated,
    conf_low: r.confLow, conf_high: r.confHigh, estimate: r.estimate, std_error: r.stdError, clusters: r.clusters,
    weights: r.weights, type: r.type, p_type: r.pType, level: r.level, seed: r.seed,
  };
}
