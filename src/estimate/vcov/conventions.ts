/**
 * Convention profiles: how other software scales the same sandwich, each one object of switches (DESIGN.md:
 * conventions are data, not code paths). A profile sets the small-sample switches; explicit `ssc` switches
 * still override it. Checked against each tool's numbers in tests/golden/conventions/.
 */
import { OptionError } from '../../errors.js';
import type { Ssc, VcovType } from '../options.js';

export type ConventionName = 'fixest' | 'reghdfe' | 'stata_xtreg' | 'stata_areg' | 'plm' | 'lm';

export interface Convention {
  readonly name: ConventionName;
  /** Who does it this way. */
  readonly source: string;
  readonly ssc: Ssc;
  /** Switches that differ for one variance type (plm: the classical variance keeps its df correction). */
  readonly byType: Readonly<Partial<Record<VcovType, Partial<Ssc>>>>;
  /** Stata's xtreg: vce(robust) is the variance clustered by the panel unit. */
  readonly robustIsClustered: boolean;
}

const profile = (name: ConventionName, source: string, ssc: Ssc,
  more: { byType?: Convention['byType']; robustIsClustered?: boolean } = {}): Convention =>
  Object.freeze({ name, source, ssc: Object.freeze(ssc), byType: more.byType ?? {}, robustIsClustered: more.robustIsClustered ?? false });

export const CONVENTIONS: Readonly<Record<ConventionName, Convention>> = Object.freeze({
  fixest: profile('fixest', 'R fixest 0.12 defaults',
    { kAdj: true, kFixef: 'nested', gAdj: true, gDf: 'min', tDf: 'min', fixefExact: false }),
  // reghdfe counts redundant fixed-effect levels exactly (connected components of the first two), drops
  // those nested in the clusters from K, and uses G_min for every multiway term and the t df.
  reghdfe: profile('reghdfe', 'Stata reghdfe (Correia 2016)',
    { kAdj: true, kFixef: 'nested', gAdj: true, gDf: 'min', tDf: 'min', fixefExact: true }),
  // xtreg, fe: K = regressors + 1 when the panel is nested in the clusters; vce(robust) is clustered by unit.
  stata_xtreg: profile('stata_xtreg', "Stata xtreg, fe",
    { kAdj: true, kFixef: 'nested', gAdj: true, gDf: 'min', tDf: 'min', fixefExact: false }, { robustIsClustered: true }),
  // areg (and estimatr's se_type = 'stata'): the absorbed levels always count in K; t with G - 1 df.
  stata_areg: profile('stata_areg', 'Stata areg; R estimatr se_type = "stata"',
    { kAdj: true, kFixef: 'full', gAdj: true, gDf: 'min', tDf: 'min', fixefExact: true }),
  // plm's vcovHC / vcovDC defaults are HC0 sandwiches without any factor; coeftest takes df.residual. Its
  // classical variance divides the RSS by df.residual, and it counts N + T - 1 two-way parameters even when
  // the panel is disconnected.
  plm: profile('plm', "R plm's vcovHC / vcovDC defaults (HC0) with lmtest::coeftest",
    { kAdj: false, kFixef: 'full', gAdj: false, gDf: 'conventional', tDf: 'conventional', fixefExact: false },
    { byType: { iid: { kAdj: true } } }),
  // lm with the fixed effects as dummies and sandwich's vcovHC(HC1) / vcovCL(HC1, multi0 = FALSE).
  lm: profile('lm', "R lm with dummies and sandwich's HC1 / vcovCL defaults with lmtest::coeftest",
    { kAdj: true, kFixef: 'full', gAdj: true, gDf: 'conventional', tDf: 'conventional', fixefExact: true }),
});

/**
 * Options with xtreg's robust variance pointed at the unit: the formula's one fixed effect.
 * @example
 * clusterOnUnit(resolveOptions({ vcov: 'hetero', convention: 'stata_xtreg' }), ['firm']).cluster; // ['firm']
 */
export function clusterOnUnit<T extends { clusterByUnit: boolean; cluster: string[] }>(options: T, fixedEffects: readonly string[]): T {
  if (!options.clusterByUnit) return options;
  if (fixedEffects.length !== 1) {
    throw new OptionError(`xtreg's robust variance clusters by the panel unit: give the formula one fixed effect (the unit) or --panel id,time; it has ${fixedEffects.length}`);
  }
  return { ...options, cluster: [fixedEffects[0]], clusterByUnit: false };
}

/**
 * The profile called `name`, or an error listing the ones that exist.
 * @example
 * convention('plm').ssc.kAdj; // false
 */
export function convention(name: string): Convention {
  if (Object.hasOwn(CONVENTIONS, name)) return CONVENTIONS[name as ConventionName];
  throw new OptionError(`unknown convention '${name}'; known: ${Object.keys(CONVENTIONS).join(', ')}`);
}
