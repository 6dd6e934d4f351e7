/**
 * Instrumental-variables estimation, `y ~ exog | fe | endo ~ inst` (fixest's syntax): orchestrates only.
 * One design holds every column of the model, so missing values, singletons and the fixed effects are
 * shared by all stages; the 2SLS solver (solvers/iv.ts) fits the stages on one demeaning, the variance and the
 * summary are feols's, and the diagnostics follow fixest's fitstat (iv/diagnostics.ts).
 */
import type { ColumnSource } from '../data/columns.js';
import { buildDesign } from '../data/sample.js';
import { FormulaError } from '../errors.js';
import type { ParsedFormula } from '../formula/ast.js';
import type { Design } from './design.js';
import { dedupeTerms, termKey } from '../formula/terms.js';
import { coefficientTable } from './coefficients.js';
import { summarize } from './feols.js';
import { attachBasis, basisOf } from './basis.js';
import { ivDiagnostics } from './iv/diagnostics.js';
import type { ResolvedOptions } from './options.js';
import type { FeolsResult, FirstStage } from './result.js';
import { fitIv, type IvFit, type IvLayout } from './solvers/iv.js';
import { Arena } from '../wasm/arena.js';

/**
 * Estimate a formula with an instrumental-variables part on a column source.
 * @example
 * const fit = feols(rows, 'log(packs) ~ log(rincome) | year | log(rprice) ~ tdiff');
 * fit.coefficients[0].term; // 'fit_log(rprice)'
 * fit.iv?.diagnostics.firstStage[0].f.stat;
 */
/**
 * The one design of an IV model (every column it uses, on one sample) and the role of each column.
 * @example
 * const { design, layout } = ivDesign(source, parseFormula('y ~ x | fe | p ~ z'), resolveOptions());
 * layout.endogenous; // ['p']
 */
export function ivDesign(source: ColumnSource, parsed: ParsedFormula, options: ResolvedOptions): { design: Design; layout: IvLayout } {
  const iv = parsed.iv;
  if (!iv) throw new Error('hdfe: ivDesign needs a formula with an instrumental-variables part');
  const endo = new Set(iv.endogenous.map(termKey));
  const inst = new Set(iv.instruments.map(termKey));
  for (const t of parsed.terms) {
    if (endo.has(termKey(t))) throw new FormulaError(`'${t.name}' is both exogenous and endogenous; list it on one side only`, parsed.text, t.pos);
    if (inst.has(termKey(t))) {
      throw new FormulaError(`'${t.name}' is both an exogenous regressor and an instrument; an instrument must be excluded from the second stage`, parsed.text, t.pos);
    }
  }
  const combined: ParsedFormula = { ...parsed, terms: dedupeTerms([...iv.endogenous, ...parsed.terms, ...iv.instruments]), iv: null };
  const design = buildDesign(source, combined, options);
  const endogenous = iv.endogenous.map((t) => t.name);
  const instruments = iv.instruments.map((t) => t.name);
  const taken = new Set([...endogenous, ...instruments]);
  return { design, layout: { exogenous: design.names.filter((name) => !taken.has(name)), endogenous, instruments } };
}

export function estimateIv(source: ColumnSource, parsed: ParsedFormula, options: ResolvedOptions): FeolsResult {
  const { design, layout } = ivDesign(source, parsed, options);
  // The diagnostics read the projection's rows (the robust Kleibergen-Paap), so it lives until they are done.
  const arena = new Arena();
  try {
    return summarizeIv(source, parsed, options, design, layout, fitIv(design, layout, options, arena));
  } finally {
    arena.release();
  }
}

function summarizeIv(source: ColumnSource, parsed: ParsedFormula, options: ResolvedOptions, design: Design, layout: IvLayout, fit: IvFit): FeolsResult {
  const { endogenous, instruments } = layout;
  const result = summarize(fit.design, fit.fit, parsed.text, options, source);
  const firstStages: FirstStage[] = fit.firstStages.map((fs) => ({
    endog: fs.endog,
    coefficients: Object.freeze(coefficientTable(fs.fit.kept.map((j) => fs.design.names[j]), fs.fit.beta, fs.vcov.matrix, fs.vcov.dfT, options.level)),
    k: fs.vcov.k, dfT: fs.vcov.dfT,
  }));
  const withIv = { ...result, iv: Object.freeze({ endogenous, instruments, firstStages, diagnostics: ivDiagnostics(fit, layout, options) }) };
  // The second stage's basis (non-enumerable, so not copied by the spread) goes along: revcov forms other
  // variances of the 2SLS coefficients from it (the first stages and diagnostics stay as estimated, as in fixest).
  // Without kept scores, revcov fits the two stages again for them: the same code on the same sample, so the
  // same numbers bit for bit.
  const basis = basisOf(result);
  const scoresAgain = () => fitIv(design, layout, { ...options, keepScores: true }).fit.scores;
  return Object.freeze(basis ? attachBasis(withIv, { ...basis, scoresAgain }) : withIv);
}
