/**
 * From data and a parsed formula to the estimation sample: evaluate every term, drop rows with a missing
 * value (counted), code the fixed effects, drop singletons iteratively (counted), then centre `center()`
 * terms on the final sample and code the clusters.
 */
import { DataError, EstimationError, OptionError } from '../errors.js';
import type { Design, FixedEffectCodes, VaryingSlopeCodes } from '../estimate/design.js';
import type { ResolvedOptions } from '../estimate/options.js';
import type { ParsedFormula, Term } from '../formula/ast.js';
import { fixedEffectText } from '../formula/format.js';
import { expandWithReferences, type FactorColumnSpec } from './factor-terms.js';
import { evaluateTerm, type EvaluateHooks } from '../formula/evaluate.js';
import { variablesOf } from '../formula/variables.js';
import { assertColumn, isMissing, numericColumn, type ColumnSource } from './columns.js';
import { clusterFactor, factorize, interact, type Factor } from './factor.js';
import { isFactorColumn } from './factor-column.js';
import { buildPanel, timeOperator, type Panel } from './panel.js';
import { clusterings, locations, panelIndex } from './groupings.js';

/** Every column a term list yields, with its name: factor terms expand to one column per kept level. */
interface Regressor {
  readonly name: string;
  readonly term: Term;
  readonly values: Float64Array;
  /** For a column of an i() term: the level(s) it picks out, and the term's reference levels. */
  readonly spec?: FactorColumnSpec;
  readonly refs?: readonly string[];
}

function usesCenter(terms: readonly Term[]): boolean {
  return terms.some((t) => t.kind === 'expr' && t.name.includes('center('));
}

/**
 * Columns of every term on the data's rows. `factorSpecs` (a fit's i() columns, by term name) makes i()
 * terms rebuild exactly those columns, as predictions on new data need.
 */
export function evaluateRegressors(source: ColumnSource, terms: readonly Term[], hooks: EvaluateHooks,
  factorSpecs?: ReadonlyMap<string, readonly FactorColumnSpec[]>, reference = true): Regressor[] {
  const column = (name: string) => numericColumn(source, name);
  const out: Regressor[] = [];
  for (const term of terms) {
    if (term.kind === 'factor') {
      const { columns, refs } = expandWithReferences(source, term, factorSpecs?.get(term.name), reference);
      for (const c of columns) out.push({ name: c.spec.name, term, values: c.values, spec: c.spec, refs });
      continue;
    }
    const only = term.factors.length === 1 ? term.factors[0] : null;
    // A plain variable is used as stored (no copy); everything else is computed.
    const values = only && only.kind === 'var' ? column(only.name) : evaluateTerm(term, column, source.n, hooks);
    out.push({ name: term.name, term, values });
  }
  return out;
}

// Row loops live in small functions: V8 optimises a function that runs hot, while a loop inside the long
// buildDesign would run in baseline code on every call.

/** keep[i] = 0 where col[i] is NaN or +-Infinity (x - x is NaN for both): fixest drops infinite values too. */
function dropNonFinite(col: Float64Array, keep: Uint8Array): void {
  const n = col.length;
  for (let i = 0; i < n; i++) {
    const v = col[i];
    if (v - v !== 0) keep[i] = 0;
  }
}

/** Whether col is non-zero on some kept row. */
function anyNonZero(col: Float64Array, keep: Uint8Array): boolean {
  for (let i = 0; i < col.length; i++) if (keep[i] && col[i] !== 0) return true;
  return false;
}

/** A term with a time operator (l, f, d): its NaN where the data are present is a lag that does not exist. */
function usesTimeOperator(term: Term): boolean {
  return term.kind === 'expr' && /(^|[^A-Za-z0-9_.])[lfd]\(/.test(term.name);
}

/**
 * Of the rows dropped so far, those whose every used value is present in the data but where a value is
 * infinite or a transform has no finite value (log(0), log(-1), sqrt(-1), 1/0): counted apart from the
 * missing values (`dropped.nonFinite`), as fixest reports infinite values apart from NAs, so that a log of
 * non-positive values is not mistaken for missing data.
 */
function nonFiniteDrops(source: ColumnSource, formula: ParsedFormula, terms: readonly { term: Term; values: Float64Array }[],
  options: ResolvedOptions, keep: Uint8Array): number {
  const n0 = keep.length;
  const missing = new Uint8Array(n0);
  const mark = (name: string) => {
    const col = source.column(name);
    if (col instanceof Int32Array) return;
    if (col instanceof Float64Array) { for (let i = 0; i < n0; i++) if (Number.isNaN(col[i])) missing[i] = 1; }
    else if (isFactorColumn(col)) { for (let i = 0; i < n0; i++) if (col.codes[i] < 0) missing[i] = 1; }
    else for (let i = 0; i < n0; i++) if (isMissing(col[i])) missing[i] = 1;
  };
  variablesOf(formula).forEach(mark);
  options.cluster.forEach(mark);
  if (options.weights) {
    mark(options.weights);
    const w = numericColumn(source, options.weights, 'the weights');
    for (let i = 0; i < n0; i++) if (w[i] === 0) missing[i] = 1; // zero weights count as NA
  }
  for (const t of terms) {
    if (!usesTimeOperator(t.term)) continue;
    for (let i = 0; i < n0; i++) if (Number.isNaN(t.values[i])) missing[i] = 1;
  }
  let count = 0;
  for (let i = 0; i < n0; i++) if (!keep[i] && !missing[i]) count++;
  return count;
}

/** Smallest and largest of y over the kept rows. */
function range(y: Float64Array, keep: Uint8Array): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < y.length; i++) { if (!keep[i]) continue; const v = y[i]; if (v < lo) lo = v; if (v > hi) hi = v; }
  return [lo, hi];
}

/** Columns compressed to the kept rows on first access (memoized). */
function lazyCompressed(full: readonly Float64Array[], keep: Uint8Array, n: number): Float64Array[] {
  const out = new Array<Float64Array>(full.length);
  const made: (Float64Array | undefined)[] = [];
  full.forEach((col, j) => Object.defineProperty(out, j, {
    enumerable: true,
    get: () => (made[j] ??= compress(col, keep, n, false)),
  }));
  return out;
}

/** Indices of the kept rows. */
function sampleRows(keep: Uint8Array, nKept: number): Int32Array {
  const rows = new Int32Array(nKept);
  if (nKept === keep.length) for (let i = 0; i < nKept; i++) rows[i] = i;
  else for (let i = 0, j = 0; i < keep.length; i++) if (keep[i]) rows[j++] = i;
  return rows;
}

/** Iteratively drop rows whose level of some FE occurs once among the kept rows; returns rows dropped. */
function dropSingletons(fes: readonly Factor[], keep: Uint8Array): number {
  // Counts are kept up to date as rows go, so each round is one scan. The rows left are the largest subset
  // in which every present level occurs at least twice, whatever the order of dropping.
  const J = fes.length;
  const codes = fes.map((fe) => fe.codes);
  const counts = fes.map((fe) => {
    const c = new Int32Array(fe.levels);
    const f = fe.codes;
    for (let i = 0; i < keep.length; i++) if (keep[i]) c[f[i]]++;
    return c;
  });
  let dropped = 0;
  for (;;) {
    let round = 0;
    for (let i = 0; i < keep.length; i++) {
      if (!keep[i]) continue;
      let single = false;
      for (let j = 0; j < J && !single; j++) single = counts[j][codes[j][i]] === 1;
      if (!single) continue;
      keep[i] = 0;
      round++;
      for (let j = 0; j < J; j++) counts[j][codes[j][i]]--;
    }
    dropped += round;
    if (round === 0) return dropped;
  }
}

function compress(values: Float64Array, keep: Uint8Array, n: number, all: boolean): Float64Array {
  if (all) return values;
  const out = new Float64Array(n);
  for (let i = 0, j = 0; i < keep.length; i++) if (keep[i]) out[j++] = values[i];
  return out;
}

/**
 * A factor's codes on the kept rows, renumbered 0..levels-1 over the levels still present, with each new
 * code's label. When every row is kept, the codes from `factorize` are already dense and are used as they are.
 */
export function compressFactor(f: Factor, keep: Uint8Array, n: number): { codes: Int32Array; levels: number; labels: readonly string[] } {
  if (n === keep.length) return { codes: f.codes, levels: f.levels, labels: f.labels };
  const renumber = new Int32Array(f.levels).fill(-1);
  const codes = new Int32Array(n);
  let levels = 0;
  for (let i = 0, j = 0; i < keep.length; i++) {
    if (!keep[i]) continue;
    const c = f.codes[i];
    if (renumber[c] < 0) renumber[c] = levels++;
    codes[j++] = renumber[c];
  }
  // Names only when asked for (fixef(), predictions): an intersection's names cost more than its codes.
  let labels: string[] | null = null;
  const labelsOf = () => {
    const out = new Array<string>(levels);
    for (let c = 0; c < renumber.length; c++) if (renumber[c] >= 0) out[renumber[c]] = f.labels[c];
    return out;
  };
  return { codes, levels, get labels() { return (labels ??= labelsOf()); } };
}

/**
 * Build the design of one (single, already expanded) formula on the data.
 * Throws DataError for unknown or non-numeric columns and empty samples, EstimationError for a constant outcome.
 */
export function buildDesign(source: ColumnSource, formula: ParsedFormula, options: ResolvedOptions): Design {
  if (formula.multiple) throw new Error('hdfe: expand multiple estimation (sw, csw) before building a design');
  if (formula.iv) {
    // Only the estimators that know the instruments' roles may take the IV part; anything else would fit the
    // exogenous regressors alone and look like an answer.
    throw new OptionError(`'${formula.text}' has an instrumental-variables part, which this command or function does not take; ` +
      'estimate it with feols (hdfe fit), or resample it with the pairs or cluster bootstrap');
  }
  for (const v of variablesOf(formula)) assertColumn(source, v, 'used in the formula');
  if (options.weights) assertColumn(source, options.weights, 'the weights');
  for (const c of options.cluster) assertColumn(source, c, 'a cluster variable');
  const n0 = source.n;
  if (n0 === 0) throw new DataError(`the data have no rows (${source.names.length ? `only the columns ${source.names.slice(0, 10).join(', ')}` : 'no columns either'}): expected at least one data row`);
  let panel: Panel | null = null;
  if (options.panel) {
    assertColumn(source, options.panel.id, 'the panel unit');
    assertColumn(source, options.panel.time, 'the panel time');
    panel = buildPanel(source, options.panel.id, options.panel.time);
  }
  const hooks: EvaluateHooks = {
    lag: panel ? (op, arg, k) => timeOperator(panel as Panel, op, arg, k) : undefined,
    // First pass: centring does not change which rows are missing; the final pass centres on the sample.
    center: (arg) => arg,
  };
  const allTerms: Term[] = [formula.lhs, ...formula.terms];
  // A plain i(f) leaves out a reference level only beside an intercept or fixed effects (fixest's i()).
  const reference = formula.intercept || formula.fixedEffects.length > 0;
  const [lhs, ...regs] = evaluateRegressors(source, allTerms, hooks, undefined, reference);

  // Missing values anywhere in the model drop the row.
  const keep = new Uint8Array(n0).fill(1);
  const check = (col: Float64Array) => dropNonFinite(col, keep);
  check(lhs.values);
  for (const r of regs) check(r.values);
  let weights: Float64Array | null = null;
  if (options.weights) {
    weights = numericColumn(source, options.weights, 'the weights');
    for (let i = 0; i < n0; i++) {
      if (weights[i] < 0) throw new DataError(`weights '${options.weights}' must be non-negative; row ${i + 1} holds ${weights[i]}`);
    }
    check(weights);
    // A zero weight contributes nothing; fixest drops such rows too (counted with the missing ones).
    for (let i = 0; i < n0; i++) if (weights[i] === 0) keep[i] = 0;
  }
  const markMissing = (name: string) => {
    const col = source.column(name);
    if (col instanceof Int32Array) return; // integer codes cannot be missing
    if (col instanceof Float64Array) check(col);
    else if (isFactorColumn(col)) { for (let i = 0; i < n0; i++) if (col.codes[i] < 0) keep[i] = 0; }
    else for (let i = 0; i < n0; i++) if (keep[i] && isMissing(col[i])) keep[i] = 0;
  };
  for (const fe of formula.fixedEffects) fe.variables.forEach(markMissing);
  // Varying slopes fe[x]: x must be numeric; a missing x drops the row like any regressor.
  const slopeValues = formula.fixedEffects.map((fe) => (fe.slopes ?? []).map((x) => {
    const values = numericColumn(source, x, `the varying slope in ${fixedEffectText(fe)}`);
    check(values);
    return values;
  }));
  options.cluster.forEach(markMissing);
  let nKept = 0;
  for (let i = 0; i < n0; i++) nKept += keep[i];
  const nonFinite = nonFiniteDrops(source, formula, [lhs, ...regs], options, keep);
  const na = n0 - nKept - nonFinite;
  if (nKept === 0) {
    throw new DataError(`no observation left: all ${n0} rows have a missing value in ${[lhs.name, ...regs.map((r) => r.name)].join(', ')} or the fixed effects; check the columns`);
  }

  // With every row kept, a reader's dense factor codes are used without a copy.
  const keepOrAll = nKept === n0 ? null : keep;
  const feFactors = formula.fixedEffects.map((fe) => {
    const parts = fe.variables.map((v) => factorize(source.column(v), keepOrAll, v));
    return parts.length === 1 ? parts[0] : interact(parts);
  });
  // A slope-only dimension fe[[x]] has no intercept: it is neither a fixed effect of its own nor a singleton rule.
  const hasIntercept = formula.fixedEffects.map((fe) => fe.intercept !== false);
  const interceptFactors = feFactors.filter((_, j) => hasIntercept[j]);
  const singletons = options.singletons === 'drop' && interceptFactors.length ? dropSingletons(interceptFactors, keep) : 0;
  nKept -= singletons;
  if (nKept === 0) throw new DataError(`no observation left after dropping ${singletons} singletons; use singletons: 'keep' or coarser fixed effects`);
  const all = nKept === n0;

  let finalRegs = regs;
  let finalLhs = lhs;
  if (usesCenter(allTerms)) {
    // Centre each centred expression on the final sample, as the interaction's interpretation requires.
    hooks.center = (arg) => {
      // Over the kept rows where the argument is observed: inside l(center(x), 1), x_t may be missing on a
      // kept row whose lag exists.
      let sum = 0;
      let count = 0;
      for (let i = 0; i < n0; i++) if (keep[i] && arg[i] - arg[i] === 0) { sum += arg[i]; count++; }
      const mean = sum / count;
      return arg.map((v) => v - mean);
    };
    [finalLhs, ...finalRegs] = evaluateRegressors(source, allTerms, hooks, undefined, reference);
  }

  // Like X: the fit and the sums of squares read y through `rows`; the copy is made only if asked for.
  let y: Float64Array | null = all ? finalLhs.values : null;
  const [ymin, ymax] = range(finalLhs.values, keep);
  if (ymin === ymax) {
    throw new EstimationError(`the outcome ${finalLhs.name} is constant (${ymin}) on the ${nKept} observations used; there is nothing to explain`);
  }
  // An i() column whose level (pair) never occurs on the estimation sample is left out silently, as fixest
  // builds them on its sample: it is not a finding of collinearity.
  finalRegs = finalRegs.filter((r) => !r.spec || anyNonZero(r.values, keep));
  const intercept = formula.intercept && formula.fixedEffects.length === 0;
  const names: string[] = [];
  const fullX: Float64Array[] = [];
  if (intercept) { fullX.push(new Float64Array(n0).fill(1)); names.push('(Intercept)'); }
  for (const r of finalRegs) { fullX.push(r.values); names.push(r.name); }
  // When rows are dropped, the fit reads the data columns through `rows`; the compressed copies are made
  // only if someone asks for design.X (copying every column at 10^6 rows costs more than the fit's fill).
  const X = all ? fullX : lazyCompressed(fullX, keep, nKept);

  const fixedEffects: FixedEffectCodes[] = [];
  const slopes: VaryingSlopeCodes[] = [];
  formula.fixedEffects.forEach((fe, j) => {
    const coded = compressFactor(feFactors[j], keep, nKept);
    const { codes, levels } = coded;
    if (hasIntercept[j]) fixedEffects.push({ name: fe.name, codes, levels, get labels() { return coded.labels; } });
    (fe.slopes ?? []).forEach((x, m) => {
      slopes.push({ name: `${fe.name}[[${x}]]`, fe: fe.name, variable: x, codes, levels, get labels() { return coded.labels; }, values: compress(slopeValues[j][m], keep, nKept, all) });
    });
  });
  const factorSpecs = new Map<string, FactorColumnSpec[]>();
  const factorRefs = new Map<string, readonly string[]>();
  for (const r of finalRegs) {
    if (!r.spec) continue;
    factorSpecs.set(r.term.name, [...(factorSpecs.get(r.term.name) ?? []), r.spec]);
    factorRefs.set(r.term.name, r.refs ?? []);
  }
  const clusterFactors = options.cluster.map((c) => clusterFactor(source.column(c), keep, c));
  const rows = sampleRows(keep, nKept);
  return Object.freeze({
    n: nKept,
    depvar: finalLhs.name,
    get y() { return (y ??= compress(finalLhs.values, keep, nKept, false)); },
    X,
    names,
    intercept,
    fixedEffects,
    slopes,
    factorSpecs,
    factorRefs,
    weights: weights ? compress(weights, keep, nKept, all) : null,
    clusterings: clusterings(clusterFactors, options.cluster, keep, nKept),
    clusterVars: options.cluster,
    dropped: { na, singletons, nonFinite },
    rows,
    full: all ? null : { X: fullX, y: finalLhs.values },
    panelIndex: options.panel ? panelIndex(source, options.panel, rows) : null,
    locations: options.conley ? locations(source, options.conley, rows) : null,
  });
}
