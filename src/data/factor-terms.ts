/**
 * fixest's `i()` terms as columns: `i(f)` one dummy per level, `i(f, x)` one slope of x per level,
 * `i(f1, i.f2)` one dummy per observed pair of levels; reference levels left out. Names are fixest's:
 * `f::level`, `f::level:x`, `f1::level:f2::level2`.
 *
 * The levels a fit used are kept (`FactorColumnSpec`), so predictions on new data rebuild the same columns
 * whatever levels the new data hold.
 */
import { DataError } from '../errors.js';
import type { FactorTerm } from '../formula/ast.js';
import { assertColumn, numericColumn, type ColumnSource } from './columns.js';
import { factorize, type Factor } from './factor.js';

/** One column of an i() term: the level of f (and of the second factor) it picks out. */
export interface FactorColumnSpec {
  readonly name: string;
  readonly level: string;
  readonly level2: string | null;
}

/** A column of an expanded term with what it is. */
export interface FactorColumn {
  readonly spec: FactorColumnSpec;
  readonly values: Float64Array;
}

/** Sorted levels of a factor variable: numerically when every level is a number, else as text (R's order). */
export function sortedLevels(labels: readonly string[]): string[] {
  const numeric = labels.every((l) => l.trim() !== '' && !Number.isNaN(Number(l)));
  return [...labels].sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
}

function listLevels(levels: readonly string[]): string {
  return `${levels.slice(0, 12).join(', ')}${levels.length > 12 ? ', ...' : ''}`;
}

/** A factor of i(): text, or numbers that are whole (codes, years, event times); a measurement is refused. */
function factorOf(source: ColumnSource, variable: string, term: FactorTerm): Factor {
  assertColumn(source, variable, `the factor in ${term.name}`);
  const f = factorize(source.column(variable));
  // Text, or numbers that are all whole; a column of fractional numbers is a measurement, not a factor.
  const numbers = f.labels.map(Number);
  const fractional = f.labels.findIndex((l, c) => l.trim() !== '' && Number.isFinite(numbers[c]) && numbers[c] !== Math.round(numbers[c]));
  if (fractional >= 0 && f.labels.every((l, c) => l.trim() !== '' && !Number.isNaN(numbers[c]))) {
    throw new DataError(`${term.name}: i() expands a factor (text or whole numbers), but '${variable}' is numeric with `
      + `fractional values such as ${f.labels[fractional]}; to give a numeric variable a slope per group write `
      + `i(group, ${variable})`);
  }
  return f;
}

function checkRefs(term: FactorTerm, variable: string, refs: readonly string[], levels: readonly string[]): void {
  for (const ref of refs) {
    if (!levels.includes(ref)) {
      throw new DataError(`${term.name}: reference level '${ref}' is not a level of '${variable}'; its levels are `
        + `${listLevels(levels)}; write one of them (ref = c(a, b) for several)`);
    }
  }
}

/** The columns a term yields on the fit's data: every level (pair) except the references. */
function specsFromData(term: FactorTerm, f: Factor, g: Factor | null, reference: boolean): FactorColumnSpec[] {
  const levels = sortedLevels(f.labels);
  // Without references, a plain i(f) leaves out its first level when the model has an intercept or a fixed
  // effect (else it keeps them all); an interaction i(f, x) keeps every level, as fixest does.
  const refs = term.refs.length ? term.refs : term.with || !reference ? [] : levels.slice(0, 1);
  checkRefs(term, term.variable, refs, levels);
  const kept = levels.filter((l) => !refs.includes(l));
  const w = term.with;
  if (!w) return kept.map((level) => ({ name: `${term.variable}::${level}`, level, level2: null }));
  if (w.kind === 'number') return kept.map((level) => ({ name: `${term.variable}::${level}:${w.name}`, level, level2: null }));
  const gf = g as Factor;
  const levels2 = sortedLevels(gf.labels);
  checkRefs(term, w.name, w.refs, levels2);
  // Pairs observed in the data, f's levels outer, the second factor's inner.
  const seen = new Set<string>();
  for (let i = 0; i < f.codes.length; i++) {
    if (f.codes[i] >= 0 && gf.codes[i] >= 0) seen.add(`${f.labels[f.codes[i]]}\u0000${gf.labels[gf.codes[i]]}`);
  }
  const out: FactorColumnSpec[] = [];
  for (const level of kept) {
    for (const level2 of levels2) {
      if (w.refs.includes(level2) || !seen.has(`${level}\u0000${level2}`)) continue;
      out.push({ name: `${term.variable}::${level}:${w.name}::${level2}`, level, level2 });
    }
  }
  // Without any reference, fixest leaves out the first observed pair, as a plain i(f) leaves out its first
  // level (not a collinearity drop: it is not listed among the collinear terms).
  return term.refs.length === 0 && w.refs.length === 0 && reference ? out.slice(1) : out;
}

/**
 * Columns of an i() term on the rows of `source`: with `specs` (a fit's columns), exactly those; otherwise
 * the data's levels minus the references. A missing factor (or x) gives NaN, so the row is dropped.
 *
 * @example
 * expandFactorTerm(source, parseFormula('y ~ i(period, treat, ref = 5)').terms[0] as FactorTerm)
 *   .map((c) => c.spec.name); // ['period::1:treat', ..., 'period::4:treat', 'period::6:treat', ...]
 */
export function expandFactorTerm(source: ColumnSource, term: FactorTerm, specs?: readonly FactorColumnSpec[], reference = true): FactorColumn[] {
  return expandWithReferences(source, term, specs, reference).columns;
}

/**
 * `expandFactorTerm` with the reference levels left out of f (given, or the first level of a plain i(f) when
 * `reference`: the model has an intercept or a fixed effect).
 *
 * @example
 * expandWithReferences(source, term).refs; // ['-1']
 */
export function expandWithReferences(source: ColumnSource, term: FactorTerm, specs?: readonly FactorColumnSpec[], reference = true): { columns: FactorColumn[]; refs: readonly string[] } {
  const f = factorOf(source, term.variable, term);
  const w = term.with;
  const g = w?.kind === 'factor' ? factorOf(source, w.name, term) : null;
  if (w?.kind === 'number') assertColumn(source, w.name, `the variable interacted in ${term.name}`);
  const x = w?.kind === 'number' ? numericColumn(source, w.name, `the variable interacted in ${term.name}`) : null;
  const columns = specs ?? specsFromData(term, f, g, reference);
  const refs = term.refs.length || term.with ? term.refs : sortedLevels(f.labels).filter((l) => !columns.some((c) => c.level === l)).slice(0, 1);
  const n = source.n;
  const codeOf = new Map(f.labels.map((l, c) => [l, c]));
  const codeOf2 = g ? new Map(g.labels.map((l, c) => [l, c])) : null;
  const out = columns.map((spec) => {
    const code = codeOf.get(spec.level) ?? -2; // a level absent from these rows: the column is 0 there
    const code2 = g && spec.level2 !== null ? codeOf2?.get(spec.level2) ?? -2 : -1;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const fi = f.codes[i];
      if (fi < 0) { values[i] = NaN; continue; }
      let v = fi === code ? 1 : 0;
      if (g) {
        const gi = g.codes[i];
        if (gi < 0) { values[i] = NaN; continue; }
        if (gi !== code2) v = 0;
      }
      values[i] = x ? v * x[i] : v;
    }
    return { spec, values };
  });
  return { columns: out, refs };
}
