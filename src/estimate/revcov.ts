/**
 * Another variance for a fit, without refitting: fixest's `summary(fit, vcov = ...)`. The fit's kept scores
 * (the demeaned regressors and residuals; `keepScores: true`) give any meat again, or, when it kept none, the
 * same columns projected again; the groupings a new variance needs (clusters, panel, coordinates) are read
 * from the data the fit was built from, on its estimation sample.
 */
import { varianceGroupings } from '../data/groupings.js';
import { OptionError } from '../errors.js';
import { Arena } from '../wasm/arena.js';
import { copyElements } from '../wasm/copy.js';
import { basisOf, type Basis } from './basis.js';
import type { Design } from './design.js';
import { summarize } from './feols.js';
import { fitDesign, type FitSettings, type Meats, type RawFit } from './fit.js';
import { resolveOptions, type FeolsOptions } from './options.js';
import type { FeolsResult } from './result.js';
import { clusterOnUnit } from './vcov/conventions.js';
import { formMeats } from './vcov/meats.js';
import { meatsFor } from './vcov/registry.js';

/** The options that choose a variance; the rest (weights, singletons, tolerances) stay the fit's. */
export type VcovOptions = Pick<FeolsOptions, 'vcov' | 'cluster' | 'ssc' | 'convention' | 'panel' | 'lag' | 'conley' | 'level'>;

/**
 * `result` with its variance, standard errors, tests and intervals under `options`; the estimates are the same
 * numbers, not a refit.
 * @example
 * const fit = feols(data, 'inv ~ value + capital | firm');
 * revcov(fit, { cluster: 'firm' }).coefficients[0].stdError; // as feols(..., { cluster: 'firm' })
 */
export function revcov(result: FeolsResult, options: VcovOptions = {}): FeolsResult {
  const basis = basisOf(result);
  if (!basis) throw new OptionError('revcov takes a result of feols or feolsMultiple');
  const prior = basis.options;
  const resolved = clusterOnUnit(resolveOptions({
    weights: prior.weights ?? undefined, singletons: prior.singletons, demeanTol: prior.demeanTol, demeanMaxIter: prior.demeanMaxIter,
    collinTol: prior.collinTol, panel: prior.panel ?? undefined, ...options,
  }), basis.design.fixedEffects.map((fe) => fe.name));
  const design = regroup(basis, resolved);
  const scored = basis.fit.scores ? basis.fit : projectAgain(basis);
  const fit: RawFit = { ...scored, ...meatsFromScores(design, scored, meatsFor(resolved)) };
  return summarize(design, fit, result.formula, resolved, basis.source);
}

/**
 * The fit's scores when it did not keep them: the same columns projected and solved again by the same code,
 * at the cost of a demeaning. For a model fitted alone that is the same numbers bit for bit; a model of
 * feolsMultiple was demeaned with the other columns of its sample, so its scores agree to the demeaning
 * tolerance. The estimates stay the fit's.
 */
function projectAgain(basis: Basis): RawFit {
  const o = basis.options;
  if (basis.scoresAgain) return { ...basis.fit, scores: basis.scoresAgain() };
  const fit = fitDesign(basis.design, { demeanTol: o.demeanTol, demeanMaxIter: o.demeanMaxIter, collinTol: o.collinTol, hetero: false, clusters: false, keepScores: true });
  return { ...basis.fit, scores: fit.scores };
}

/** The design with the groupings of the new variance (the same sample, fixed effects and weights). */
function regroup(basis: Basis, options: ReturnType<typeof resolveOptions>): Design {
  const { design, source } = basis;
  const same = options.cluster.join('\u0000') === design.clusterVars.join('\u0000') &&
    (!options.panel || design.panelIndex) && (!options.conley || design.locations);
  if (same) return design;
  if (!source) throw new OptionError('this fit was built without its data source, so it cannot be clustered anew; fit again with the variance in the options');
  return { ...design, ...varianceGroupings(source, design, options) };
}

/** The meats `request` asks for, from the kept scores in a WebAssembly arena of their own. */
function meatsFromScores(design: Design, fit: RawFit, request: Partial<FitSettings>): Meats {
  const scores = fit.scores;
  if (!scores) throw new Error('hdfe: revcov needs the fit\'s scores');
  const n = design.n;
  const k = fit.kept.length;
  const s = k % 2 === 0 ? k : k + 1; // even stride, as the kernels read rows in pairs
  const arena = new Arena();
  try {
    const Z = arena.f64(n * s);
    const zv = Z.view();
    if (s === k) copyElements(zv, 0, scores.X);
    else for (let i = 0; i < n; i++) for (let a = 0; a < k; a++) zv[i * s + a] = scores.X[i * k + a];
    const e = arena.f64(n);
    copyElements(e.view(), 0, scores.e);
    const kept = Array.from({ length: k }, (_, a) => a);
    const cols = arena.i32(k);
    cols.view().set(kept);
    return formMeats(arena, design, Z, s, kept, cols, e, fit.bread, request, scores);
  } finally {
    arena.release();
  }
}
