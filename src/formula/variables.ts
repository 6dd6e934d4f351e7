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
  for (const fe of parsed.fixedEffects) names.push(...fe.variables);
  return [...new Set(names)];
}

function collectTerm(term: Term, found: { name: string; pos: number }[]): void {
  if (term.kind === 'factor') found.push({ name: term.variable, pos: term.pos });
  else for (const factor of term.factors) collectExpr(factor, found);
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
