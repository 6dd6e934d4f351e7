/**
 * Why two packages print different standard errors for the same coefficient: the variance of one fit under
 * convention A is moved to convention B one switch at a time (the variance type, how the fixed effects count
 * in K, (n - 1)/(n - K), G/(G - 1), the multiway G rule), each step formed again without a refit. Each step's
 * factor on the standard error is the ratio of the two; their product is exactly SE_B / SE_A. The t degrees
 * of freedom change p-values and intervals only and are reported last.
 */
import { OptionError } from '../errors.js';
import { basisOf } from './basis.js';
import type { Ssc } from './options.js';
import type { FeolsResult } from './result.js';
import { revcov, type VcovOptions } from './revcov.js';
import { convention as profileOf, type ConventionName } from './vcov/conventions.js';

/** One step of the chain. */
export interface ExplainStep {
  /** The switch that changes: 'vcov', 'fixef_exact', 'k_fixef', 'k_adj', 'g_adj', 'g_df' (SE) or 't_df'. */
  readonly name: string;
  readonly from: string;
  readonly to: string;
  /** SE after the step over SE before (1 for 't_df'). */
  readonly factor: number;
}

export interface SeSide {
  readonly convention: ConventionName;
  readonly se: number;
  readonly dfT: number;
  readonly pValue: number;
  readonly vcov: string;
}

export interface SeExplanation {
  readonly term: string;
  readonly formula: string;
  readonly nobs: number;
  readonly from: SeSide;
  readonly to: SeSide;
  readonly steps: readonly ExplainStep[];
  /** Product of the steps' factors: SE_to / SE_from. */
  readonly product: number;
}

const SSC_ORDER: readonly [keyof Ssc, string][] = [
  ['fixefExact', 'fixef_exact'], ['kFixef', 'k_fixef'], ['kAdj', 'k_adj'], ['gAdj', 'g_adj'], ['gDf', 'g_df'],
];

/** The variance of a fit in words, with its clusters. */
function vcovWords(fit: FeolsResult): string {
  const clusters = fit.vcov.clusters ? ` (${Object.entries(fit.vcov.clusters).map(([c, g]) => `${c}: G = ${g}`).join(', ')})` : '';
  return `${fit.vcov.type}${clusters}`;
}

/** What a switch's value does on this fit, e.g. 'nested: K = 3' or '(n-1)/(n-K) = 1.0154'. */
function detail(name: keyof Ssc | 'vcov' | 'tDf', value: unknown, fit: FeolsResult): string {
  const n = fit.nobs;
  const K = fit.vcov.k;
  switch (name) {
    case 'vcov': return vcovWords(fit);
    case 'fixefExact': return value ? `exact rank: K = ${K}` : `levels - 1 per extra FE: K = ${K}`;
    case 'kFixef': return `${String(value)}: K = ${K}`;
    case 'kAdj': return value ? `(n-1)/(n-K) = ${((n - 1) / (n - K)).toPrecision(6)}` : 'none';
    case 'gAdj': {
      if (!value) return 'none';
      const G = fit.vcov.clusters ? Math.min(...Object.values(fit.vcov.clusters)) : null;
      return G ? `G/(G-1) = ${(G / (G - 1)).toPrecision(6)} (G = ${G})` : fit.vcov.type === 'hetero' ? `n/(n-1) = ${(n / (n - 1)).toPrecision(6)}` : 'on';
    }
    case 'gDf': return value === 'min' ? 'G_min for every term' : 'each term its own G';
    case 'tDf': return `${String(value)}: df = ${fit.vcov.dfT}`;
    default: return String(value);
  }
}

/**
 * The chain from convention `from` to `to` for `term` of a fit (which must have kept its scores); `options`
 * choose the variance both share (clusters, panel, ...).
 * @example
 * const e = explainSe(feols(data, 'inv ~ value + capital | firm', { cluster: 'firm' }), 'fixest', 'plm', 'value', { cluster: 'firm' });
 * e.product; // e.to.se / e.from.se
 */
export function explainSe(fit: FeolsResult, from: ConventionName, to: ConventionName, term: string, options: VcovOptions = {}): SeExplanation {
  if (!basisOf(fit)) throw new OptionError('explainSe takes a result of feols or feolsMultiple');
  const j = fit.coefficients.findIndex((c) => c.term === term);
  if (j < 0) throw new OptionError(`no coefficient '${term}' in the model; coefficients: ${fit.coefficients.map((c) => c.term).join(', ')}`);
  profileOf(from);
  profileOf(to);
  const a = revcov(fit, { ...options, convention: from });
  const b = revcov(fit, { ...options, convention: to });
  const side = (f: FeolsResult, name: ConventionName): SeSide => ({
    convention: name, se: f.coefficients[j].stdError, dfT: f.vcov.dfT, pValue: f.coefficients[j].pValue, vcov: vcovWords(f),
  });
  const steps: ExplainStep[] = [];
  let ssc: Ssc = { ...a.vcov.ssc };
  let current = a;
  const move = (name: string, key: keyof Ssc | 'vcov', next: FeolsResult, fromValue: unknown, toValue: unknown) => {
    // A switch that leaves this standard error as it was (the multiway G rule on a one-way variance) is no step.
    if (next.coefficients[j].stdError === current.coefficients[j].stdError) { current = next; return; }
    steps.push({ name, from: detail(key, fromValue, current), to: detail(key, toValue, next), factor: next.coefficients[j].stdError / current.coefficients[j].stdError });
    current = next;
  };
  // The variance type first (xtreg's robust is clustered): B's type and clusters with A's switches.
  if (a.vcov.type !== b.vcov.type || JSON.stringify(a.vcov.clusters) !== JSON.stringify(b.vcov.clusters)) {
    const next = revcov(fit, { ...options, vcov: b.vcov.type, cluster: b.vcov.clusters ? Object.keys(b.vcov.clusters) : undefined, ssc });
    move('vcov', 'vcov', next, null, null);
  }
  const vcovOf = (f: FeolsResult): VcovOptions => ({ ...options, vcov: f.vcov.type, cluster: f.vcov.clusters ? Object.keys(f.vcov.clusters) : undefined });
  for (const [key, name] of SSC_ORDER) {
    if (ssc[key] === b.vcov.ssc[key]) continue;
    const before = ssc[key];
    ssc = { ...ssc, [key]: b.vcov.ssc[key] };
    move(name, key, revcov(fit, { ...vcovOf(b), ssc }), before, ssc[key]);
  }
  if (a.vcov.dfT !== b.vcov.dfT) {
    steps.push({ name: 't_df', from: detail('tDf', a.vcov.ssc.tDf, a), to: detail('tDf', b.vcov.ssc.tDf, b), factor: 1 });
  }
  return Object.freeze({
    term, formula: fit.formula, nobs: fit.nobs, from: side(a, from), to: side(b, to), steps: Object.freeze(steps),
    product: steps.reduce((p, s) => p * s.factor, 1),
  });
}
