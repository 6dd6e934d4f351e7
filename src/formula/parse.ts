/**
 * `lhs ~ rhs | fe1 + fe2 + fe1^fe2` -> ParsedFormula. This file handles the formula's three parts and
 * what belongs to the regressor list as a whole (intercept control, '- term', multiple estimation);
 * terms themselves are parsed in terms.ts and arithmetic.ts.
 */
import type { ExprTerm, FixedEffect, IvPart, Multiple, MultipleOp, ParsedFormula, Term } from './ast.js';
import { MULTIPLE_OPS } from './arithmetic.js';
import { Cursor, describe } from './lexer.js';
import { dedupeTerms, parseModelProduct, parseModelSum, termKey } from './terms.js';
import { FormulaError } from '../errors.js';

/**
 * Parses a regression formula (R / fixest syntax). Throws a FormulaError pointing at the first problem.
 *
 * - lhs: one term, e.g. `y`, `log(y)`, `d(y)`.
 * - rhs: terms joined by '+': variables, `log exp sqrt abs I center` calls, interactions `a:b`, crossings
 *   `a*b`, panel operators `l(x, k)`, `f(x, k)`, `d(x, k)` with `k` an integer or a range `1:3`, factors
 *   `i(f, ref = 2009)`, intercept control `0`, `1`, `- 1`, removal `- term`, and at most one
 *   multiple-estimation operator `sw sw0 csw csw0`.
 * - fixed effects (optional): names joined by '+', `a^b` combining several; `| 0` means none.
 *
 * @example
 * const p = parseFormula('log(y) ~ x1*x2 + l(x3, 1:2) | firm + firm^year');
 * p.terms.map((t) => t.name); // ['x1', 'x2', 'x1:x2', 'l(x3,1)', 'l(x3,2)']
 * p.fixedEffects.map((fe) => fe.variables); // [['firm'], ['firm', 'year']]
 * p.intercept; // false: absorbed by the fixed effects
 */
export function parseFormula(text: string): ParsedFormula {
  if (typeof text !== 'string') {
    throw new FormulaError(`expected the formula as a string such as 'y ~ x', got ${typeof text}`, '', 0);
  }
  const c = new Cursor(text);
  const lhs = parseOutcome(c);
  const rhs = parseRegressors(c);
  let fixedEffects: FixedEffect[] = [];
  let iv: IvPart | null = null;
  if (c.accept('|')) {
    // The part holding a '~' is the instrumental-variables part: `| fe | endo ~ inst` or `| endo ~ inst`.
    if (partHasTilde(c)) iv = parseIv(c);
    else {
      fixedEffects = parseFixedEffects(c);
      if (c.accept('|')) iv = parseIv(c);
    }
  }
  expectEnd(c, fixedEffects.length > 0);
  if (iv && rhs.multiple) c.fail(`multiple estimation (${rhs.multiple.op}) cannot be combined with instrumental variables; write one model at a time`, rhs.multiple.pos);
  return {
    text,
    lhs,
    terms: rhs.terms,
    intercept: rhs.intercept && fixedEffects.length === 0,
    fixedEffects,
    multiple: rhs.multiple,
    ...(iv ? { iv } : {}),
  };
}

/** True when a '~' comes before the next '|' or the end. */
function partHasTilde(c: Cursor): boolean {
  for (let ahead = 0; ; ahead++) {
    const token = c.peek(ahead);
    if (token.kind === 'end' || c.isSymbol('|', ahead)) return false;
    if (c.isSymbol('~', ahead)) return true;
  }
}

/** `endo1 + endo2 ~ inst1 + inst2`: plain columns on both sides, at least as many instruments as endogenous. */
function parseIv(c: Cursor): IvPart {
  const start = c.peek();
  if (!partHasTilde(c)) {
    c.fail("expected the instrumental-variables part 'endo ~ instruments' after the fixed effects, e.g. 'y ~ x | fe | p ~ z'", start.pos);
  }
  const side = (what: string): ExprTerm[] => {
    const at = c.peek();
    if (c.isSymbol('~') || at.kind === 'end') c.fail(`expected the ${what} of the instrumental-variables part, got ${describe(at)}`, at.pos);
    return dedupeTerms(parseModelSum(c)).map((term) => {
      if (term.kind === 'factor') c.fail(`${term.name}: the ${what} must be columns, not factor expansions`, term.pos);
      return term as ExprTerm;
    });
  };
  const endogenous = side('endogenous regressors');
  if (!c.accept('~')) c.fail(`expected '~' between the endogenous regressors and the instruments, got ${describe(c.peek())}`, c.peek().pos);
  const instruments = side('instruments');
  if (instruments.length < endogenous.length) {
    c.fail(`the model is under-identified: ${endogenous.length} endogenous regressor(s) (${endogenous.map((t) => t.name).join(', ')}) ` +
      `but ${instruments.length} instrument(s) (${instruments.map((t) => t.name).join(', ')}); give at least one instrument per endogenous regressor`, start.pos);
  }
  const exogenous = new Set(endogenous.map(termKey));
  for (const z of instruments) {
    if (exogenous.has(termKey(z))) c.fail(`'${z.name}' is both endogenous and an instrument; an instrument must be excluded from the endogenous regressors`, z.pos);
  }
  return { endogenous, instruments, pos: start.pos };
}

function parseOutcome(c: Cursor): ExprTerm {
  const first = c.peek();
  if (c.isSymbol('~') || first.kind === 'end') {
    c.fail("expected the outcome before '~', e.g. 'y ~ x'", first.pos);
  }
  if (first.kind === 'number') {
    c.fail(`the outcome must be a variable or an expression such as log(y), got ${describe(first)}`, first.pos);
  }
  const terms = parseModelProduct(c);
  const lhs = terms[0];
  if (terms.length > 1) {
    c.fail(`the outcome must be a single term, but '${c.text.slice(first.pos, c.peek().pos).trim()}' gives `
      + `${terms.length} (${terms.map((t) => t.name).join(', ')})`, first.pos);
  }
  if (lhs.kind === 'factor') c.fail(`the outcome cannot be a factor expansion, got ${lhs.name}`, lhs.pos);
  if (lhs.factors.length > 1) c.fail(`the outcome cannot be an interaction, got '${lhs.name}'`, lhs.pos);
  if (!c.isSymbol('~')) {
    const token = c.peek();
    c.fail(`expected '~' after the outcome '${lhs.name}', got ${describe(token)}; a formula reads 'y ~ x1 + x2'`,
      token.pos);
  }
  c.next();
  return lhs;
}

interface Regressors {
  terms: Term[];
  intercept: boolean;
  multiple: Multiple | null;
}

/** A term written with a leading '-': R drops it from the regressors. */
interface Removal {
  term: Term;
  pos: number;
}

function parseRegressors(c: Cursor): Regressors {
  const written: Term[] = [];
  const removals: Removal[] = [];
  let intercept = true;
  let multiple: Multiple | null = null;
  let sign = c.accept('-') ? '-' : '+';
  for (;;) {
    const token = c.peek();
    if (isInterceptControl(c)) {
      c.next();
      if (token.text === '0' && sign === '-') {
        c.fail("'- 0' is ambiguous; write '+ 0' or '- 1' to remove the intercept", token.pos);
      }
      intercept = token.text === '1' && sign === '+';
    } else if (token.kind === 'name' && isMultipleOp(token.text) && c.isSymbol('(', 1)) {
      if (multiple) {
        c.fail(`only one multiple-estimation operator (${MULTIPLE_OPS.join(', ')}) is allowed per formula; `
          + `found ${token.text}() after ${multiple.op}()`, token.pos);
      }
      if (sign === '-') c.fail(`${token.text}() cannot be subtracted; write '+ ${token.text}(...)'`, token.pos);
      multiple = parseMultiple(c, written.length);
      if (!isSummandEnd(c)) {
        c.fail(`${token.text}() must stand on its own between '+' signs, got ${describe(c.peek())} after it`,
          c.peek().pos);
      }
    } else {
      const terms = parseModelProduct(c);
      if (sign === '+') written.push(...terms);
      else removals.push(...terms.map((term) => ({ term, pos: token.pos })));
    }
    if (!c.isSymbol('+') && !c.isSymbol('-')) break;
    sign = c.next().text;
  }
  return { ...applyRemovals(c, written, removals, multiple), intercept };
}

/** `0` or `1` standing alone between '+', '-', '|' or the end. */
function isInterceptControl(c: Cursor): boolean {
  const token = c.peek();
  if (token.kind !== 'number' || (token.text !== '0' && token.text !== '1')) return false;
  const after = c.peek(1);
  return after.kind === 'end' || (after.kind === 'symbol' && '+-|'.includes(after.text));
}

function isSummandEnd(c: Cursor): boolean {
  return c.peek().kind === 'end' || c.isSymbol('+') || c.isSymbol('-') || c.isSymbol('|');
}

function isMultipleOp(name: string): name is MultipleOp {
  return (MULTIPLE_OPS as readonly string[]).includes(name);
}

/** `sw(a, b + c)`: each argument is a sum of terms; `position` is where they go among the written terms. */
function parseMultiple(c: Cursor, position: number): Multiple {
  const name = c.next();
  const op = name.text as MultipleOp;
  const open = c.next();
  if (c.isSymbol(')')) c.fail(`${op}() needs at least one alternative, e.g. ${op}(x1, x2)`, name.pos);
  const alternatives: Term[][] = [];
  do {
    alternatives.push(parseModelSum(c));
  } while (c.accept(','));
  c.close(open.pos, `'${op}('`);
  return { op, alternatives, position, pos: name.pos };
}

/**
 * Terms in R's order (stats::terms, which fixest keeps): by the number of variables in the interaction, main
 * effects first, written order within each; so 'y ~ x1:x2 + x1' has x1 first.
 */
function byOrder(terms: Term[]): Term[] {
  const order = (t: Term) => (t.kind === 'expr' ? t.factors.length : 1);
  return terms.map((t, i) => ({ t, i })).sort((a, b) => order(a.t) - order(b.t) || a.i - b.i).map(({ t }) => t);
}

/** Drops repeats and '- term' removals, then moves the multiple-estimation slot to match. */
function applyRemovals(
  c: Cursor,
  written: Term[],
  removals: Removal[],
  multiple: Multiple | null,
): { terms: Term[]; multiple: Multiple | null } {
  const removed = new Set(removals.map((r) => termKey(r.term)));
  for (const { term, pos } of removals) {
    if (!written.some((t) => termKey(t) === termKey(term))) {
      c.fail(`'- ${term.name}' removes nothing: '${term.name}' is not among the regressors written with '+'`, pos);
    }
  }
  const unique = new Set(dedupeTerms(written));
  const keep = written.map((term) => unique.has(term) && !removed.has(termKey(term)));
  const terms = written.filter((_, i) => keep[i]);
  if (!multiple) return { terms: byOrder(terms), multiple };
  const position = keep.slice(0, multiple.position).filter(Boolean).length;
  return { terms, multiple: { ...multiple, position } };
}

function parseFixedEffects(c: Cursor): FixedEffect[] {
  const token = c.peek();
  if (token.kind === 'number' && token.text === '0' && c.peek(1).kind === 'end') {
    c.next();
    return [];
  }
  const fixedEffects: FixedEffect[] = [];
  const seen = new Set<string>();
  do {
    const fe = parseFixedEffect(c);
    const key = [...fe.variables].sort().join('^') + (fe.slopes ? `[${fe.intercept ? '' : '['}${fe.slopes.join(',')}]` : '');
    if (!seen.has(key)) fixedEffects.push(fe);
    seen.add(key);
  } while (c.accept('+'));
  return fixedEffects;
}

function parseFixedEffect(c: Cursor): FixedEffect {
  const pos = c.peek().pos;
  const variables = [fixedEffectName(c)];
  while (c.accept('^')) {
    const at = c.peek().pos;
    const name = fixedEffectName(c);
    if (variables.includes(name)) c.fail(`'${name}' appears twice in the combined fixed effect`, at);
    variables.push(name);
  }
  if (c.isSymbol(':') || c.isSymbol('*')) {
    c.fail(`combine fixed effects with '^', not '${c.peek().text}' (e.g. 'firm^year')`, c.peek().pos);
  }
  const name = variables.join('^');
  return c.isSymbol('[') ? { name, variables, pos, ...parseSlopes(c, name) } : { name, variables, pos };
}

/** fixest's varying slopes: `fe[x]` (intercept and slope per level), `fe[[x]]` (slope only), `fe[x1, x2]`. */
function parseSlopes(c: Cursor, fe: string): { slopes: string[]; intercept: boolean } {
  const open = c.next();
  const double = c.accept('[');
  const slopes: string[] = [];
  do {
    const token = c.next();
    if (token.kind !== 'name' || c.isSymbol('(')) {
      c.fail(`expected a numeric variable inside ${fe}[...], as in ${fe}[x] or ${fe}[[x]], got ${describe(token)}; `
        + 'create transformed variables in the data first', token.pos);
    }
    if (slopes.includes(token.text)) c.fail(`'${token.text}' appears twice in ${fe}[...]`, token.pos);
    slopes.push(token.text);
  } while (c.accept(','));
  for (const _ of double ? [0, 1] : [0]) {
    if (!c.accept(']')) {
      c.fail(`expected ']' to close ${fe}${double ? '[[' : '['}, got ${describe(c.peek())}`, c.peek().pos || open.pos);
    }
  }
  return { slopes, intercept: !double };
}

function fixedEffectName(c: Cursor): string {
  const after = describe(c.previous());
  const token = c.next();
  if (token.kind === 'name' && !c.isSymbol('(')) return token.text;
  if (token.kind === 'name') {
    c.fail(`fixed effects are plain variable names (combine them with '^'), got a call to '${token.text}()'; `
      + 'create the variable in the data first', token.pos);
  }
  const hint = token.kind === 'number' && token.text === '0' ? "; '| 0' alone means no fixed effects" : '';
  return c.fail(`expected a fixed-effect variable after ${after}, got ${describe(token)}${hint}`, token.pos);
}

function expectEnd(c: Cursor, afterFixedEffects: boolean): void {
  const token = c.peek();
  if (token.kind === 'end') return;
  const after = describe(c.previous());
  if (c.isSymbol(')')) c.fail("unbalanced parentheses: this ')' closes nothing", token.pos);
  if (c.isSymbol('~')) c.fail("a formula has one '~'; got a second one", token.pos);
  if (c.isSymbol('|')) {
    c.fail("a third '|': a formula reads 'y ~ x | fixed effects | endogenous ~ instruments'", token.pos);
  }
  const expected = afterFixedEffects ? "'+' or the end of the formula" : "'+', '|' or the end of the formula";
  c.fail(`expected ${expected} after ${after}, got ${describe(token)}`, token.pos);
}
