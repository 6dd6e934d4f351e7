/**
 * Which data columns a formula reads.
 */
import type { Expr, ParsedFormula, Term } from './ast.js';

/**
 * Every data column the formula needs (outcome, regressors including all multiple-estimation
 * alternatives, factor variables of i(), fixed-effect variables), each once, in order of first
 * appearance in the formula text.
 *
 * @example
 * variablesOf(parseFormula('log(y) ~ I(x^2) + x:z + i(year) | firm^year')); // ['y', 'x', 'z', 'year', 'firm']
 */
export function variablesOf(parsed: ParsedFormula): string[] {
  const found: { name: string; pos: number }[] = [];
  const terms = [parsed.lhs, ...parsed.terms, ...(parsed.multiple?.alternatives.flat() ?? [])];
  for (const term of terms) collectTerm(term, found);
  // Positions order the names as written: expansions such as a:b*c reorder terms but not the text.
  found.sort((a, b) => a.pos - b.pos);
  const names = found.map((v) => v.name);
  for (const fe of parsed.fixedEffects) names.push(...fe.variables, ...(fe.slopes ?? []));
  return [...new Set(names)];
}

function collectTerm(term: Term, found: { name: string; pos: number }[]): void {
  if (term.kind === 'factor') {
    found.push({ name: term.variable, pos: term.pos });
    if (term.with) found.push({ name: term.with.name, pos: term.pos });
  } else for (const factor of term.factors) collectExpr(factor, found);
}

function collectExpr(expr: Expr, found: { name: string; pos: number }[]): void {
  switch (expr.kind) {
    case 'var':
      found.push({ name: expr.name, pos: expr.pos });
      return;
    case 'num':
      return;
    case 'binary':
      collectExpr(expr.left, found);
      collectExpr(expr.right, found);
      return;
    case 'neg':
    case 'call':
    case 'lag':
      collectExpr(expr.arg, found);
  }
}

/** How the formula uses a column: as numbers, as a factor (i() variable, fixed effect), or both ways. */
export type VariableUse = 'number' | 'factor' | 'both';

/**
 * Each data column the formula reads with how it is used, in the order of `variablesOf`, so a reader can
 * parse numbers and factorise factors while it reads and skip every other column.
 *
 * @example
 * variableUses(parseFormula('y ~ x + i(year) | firm')); // { y: 'number', x: 'number', year: 'factor', firm: 'factor' }
 */
export function variableUses(parsed: ParsedFormula): Record<string, VariableUse> {
  const numeric: { name: string; pos: number }[] = [];
  const factors = new Set<string>();
  const terms = [parsed.lhs, ...parsed.terms, ...(parsed.multiple?.alternatives.flat() ?? [])];
  for (const term of terms) {
    if (term.kind === 'factor') {
      factors.add(term.variable);
      if (term.with?.kind === 'factor') factors.add(term.with.name);
      if (term.with?.kind === 'number') numeric.push({ name: term.with.name, pos: term.pos });
    } else for (const factor of term.factors) collectExpr(factor, numeric);
  }
  for (const fe of parsed.fixedEffects) {
    for (const v of fe.variables) factors.add(v);
    for (const v of fe.slopes ?? []) numeric.push({ name: v, pos: fe.pos });
  }
  const numbers = new Set(numeric.map((v) => v.name));
  return Object.fromEntries(variablesOf(parsed).map((name) => [name,
    numbers.has(name) && factors.has(name) ? 'both' : numbers.has(name) ? 'number' : 'factor']));
}
