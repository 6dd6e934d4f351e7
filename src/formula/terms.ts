/**
 * R's model algebra over terms (Wilkinson & Rogers 1973; R's `terms.formula`): `a:b` is the product
 * column, `a*b` is `a + b + a:b`, `(a + b):c` distributes, a term is a *set* of factors (`a:a` is `a`,
 * `b:a` is `a:b`), and a repeated term is kept once, at its first occurrence.
 *
 * Order: each `*` expansion is sorted by degree, stably, which is R's order (`a*b*c` gives a, b, c, a:b,
 * a:c, b:c, a:b:c). Summands separated by '+' keep the order written (R's `keep.order = TRUE`); R's default
 * would also move `x1:x2 + x3` to x3, x1:x2, but the written order is easier to predict.
 */
import type { ExprTerm, FactorTerm, FactorWith, Term } from './ast.js';
import { parseCall, type Factor } from './arithmetic.js';
import { Cursor, describe } from './lexer.js';

/** A product of factors before it becomes a Term. */
interface Monomial {
  kind: 'monomial';
  factors: Factor[];
  pos: number;
}

type Item = Monomial | FactorTerm;

/**
 * Parses one summand: atoms joined by ':' and '*', e.g. `log(x)*z` or `center(a):center(b)`.
 *
 * @example
 * parseModelProduct(new Cursor('a*b')).map((t) => t.name); // ['a', 'b', 'a:b']
 */
export function parseModelProduct(c: Cursor): Term[] {
  return toTerms(parseProduct(c));
}

/**
 * Parses summands joined by '+' (inside parentheses, and each argument of sw() / csw()).
 *
 * @example
 * parseModelSum(new Cursor('x1 + l(x2, 1:2)')).map((t) => t.name); // ['x1', 'l(x2,1)', 'l(x2,2)']
 */
export function parseModelSum(c: Cursor): Term[] {
  return toTerms(parseSum(c));
}

/**
 * Keeps the first occurrence of each term; `a:b` and `b:a` are the same term.
 *
 * @example
 * dedupeTerms([a, b, a]); // [a, b]
 */
export function dedupeTerms(terms: readonly Term[]): Term[] {
  const seen = new Set<string>();
  return terms.filter((term) => {
    const key = termKey(term);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Identity of a term: its factors as a set for products, its name for i().
 *
 * @example
 * termKey(parseModelProduct(new Cursor('b:a'))[0]); // 'a:b'
 */
export function termKey(term: Term): string {
  if (term.kind === 'factor') return term.name;
  return term.name.split(':').sort().join(':');
}

function parseSum(c: Cursor): Item[] {
  const items = parseProduct(c);
  while (c.accept('+')) items.push(...parseProduct(c));
  return dedupeItems(items);
}

function parseProduct(c: Cursor): Item[] {
  let left = parseInteraction(c);
  while (c.isSymbol('*')) {
    c.next();
    const right = parseInteraction(c);
    const crossed = dedupeItems([...left, ...right, ...interact(c, left, right)]);
    left = crossed.sort((a, b) => degree(a) - degree(b));
  }
  if (c.isSymbol('^')) {
    c.fail("'^' among the regressors: write I(x^2) for a power; 'a^b' combines fixed effects after '|'",
      c.peek().pos);
  }
  if (c.isSymbol('/')) {
    c.fail("'/' among the regressors: write I(a/b) for a ratio (R's nesting operator is not supported)",
      c.peek().pos);
  }
  return left;
}

function parseInteraction(c: Cursor): Item[] {
  let left = parseAtom(c);
  while (c.isSymbol(':')) {
    c.next();
    left = dedupeItems(interact(c, left, parseAtom(c)));
  }
  return left;
}

function parseAtom(c: Cursor): Item[] {
  const token = c.peek();
  if (token.kind === 'name' && c.isSymbol('(', 1)) {
    if (token.text === 'i') return [parseFactorTerm(c)];
    return parseCall(c, true).map((factor) => monomial([factor]));
  }
  if (token.kind === 'name') {
    c.next();
    const variable: Factor = {
      expr: { kind: 'var', name: token.text, pos: token.pos },
      text: token.text,
      start: token.pos,
    };
    return [monomial([variable])];
  }
  if (c.isSymbol('(')) {
    c.next();
    const items = parseSum(c);
    c.close(token.pos, "'('");
    return items;
  }
  if (token.kind === 'number') {
    c.fail(`a number among the regressors can only be 0 or 1 standing alone (intercept control, e.g. 'y ~ 0 + x'), `
      + `got '${token.text}'; write I(...) for arithmetic`, token.pos);
  }
  return c.fail(`expected a term after ${describe(c.previous())}, got ${describe(token)}`, token.pos);
}

/**
 * fixest's `i(factor, var, ref, ..., ref2)`: positional factor, interacted variable (a numeric name, or
 * `i.f2` for a second factor) and reference level(s); `ref` and `ref2` may also be named. A level is a
 * number, a quoted string, or several in `c(...)`.
 */
function parseFactorTerm(c: Cursor): FactorTerm {
  const name = c.next();
  const open = c.next();
  const variable = c.next();
  if (variable.kind !== 'name' || c.isSymbol('(')) {
    c.fail(`i() expects a factor variable name first, e.g. i(year, ref = 2009), got ${describe(variable)}`,
      variable.pos);
  }
  let withWhat: FactorWith | null = null;
  let refs: string[] | null = null;
  let refs2: string[] | null = null;
  let positional = 1;
  while (c.accept(',')) {
    const argument = c.peek();
    if (argument.kind === 'name' && c.isSymbol('=', 1)) {
      c.next();
      c.next();
      if (argument.text === 'ref' && refs === null) refs = parseLevels(c);
      else if (argument.text === 'ref2' && refs2 === null) refs2 = parseLevels(c);
      else {
        c.fail(`i() takes the arguments ref = <level> and ref2 = <level> (each once), got '${argument.text} ='`,
          argument.pos);
      }
      continue;
    }
    if (positional === 1 && refs === null) {
      if (argument.kind !== 'name' || c.isSymbol('(', 1)) {
        c.fail(`i()'s second argument is the variable to interact with, a name such as i(period, treat) or `
          + `i(period, i.group) for a second factor, got ${describe(argument)}`, argument.pos);
      }
      c.next();
      withWhat = argument.text.startsWith('i.') && argument.text.length > 2
        ? { kind: 'factor', name: argument.text.slice(2), refs: [] }
        : { kind: 'number', name: argument.text };
      if (withWhat.name === variable.text) {
        c.fail(`i(${variable.text}, ...) interacts '${variable.text}' with itself; name another variable`, argument.pos);
      }
    } else if (positional === 2 && refs === null) {
      refs = parseLevels(c);
    } else {
      c.fail(`i() takes a factor, a variable to interact with and reference levels (ref, ref2), `
        + `got a further argument ${describe(argument)}`, argument.pos);
    }
    positional++;
  }
  c.close(open.pos, "'i('");
  if (refs2 !== null && withWhat?.kind !== 'factor') {
    c.fail('ref2 applies to a second factor written i.f2, as in i(period, i.treat, ref2 = 0)', name.pos);
  }
  if (withWhat?.kind === 'factor') withWhat = { ...withWhat, refs: refs2 ?? [] };
  const shown = (levels: readonly string[]) => (levels.length === 1 ? showLevel(levels[0]) : `c(${levels.map(showLevel).join(',')})`);
  const text = [variable.text,
    ...(withWhat ? [withWhat.kind === 'factor' ? `i.${withWhat.name}` : withWhat.name] : []),
    ...(refs ? [`ref=${shown(refs)}`] : []),
    ...(refs2 ? [`ref2=${shown(refs2)}`] : [])].join(',');
  return {
    kind: 'factor', name: `i(${text})`, variable: variable.text, ref: refs?.[0] ?? null, refs: refs ?? [],
    with: withWhat, pos: name.pos,
  };
}

/** A level in a term's name: numbers bare, text quoted. */
function showLevel(level: string): string {
  return String(Number(level)) === level ? level : `"${level}"`;
}

/** One reference level, or several in c(...). */
function parseLevels(c: Cursor): string[] {
  const token = c.peek();
  if (token.kind === 'name' && token.text === 'c' && c.isSymbol('(', 1)) {
    c.next();
    const open = c.next();
    const levels = [parseLevel(c)];
    while (c.accept(',')) levels.push(parseLevel(c));
    c.close(open.pos, "'c('");
    return levels;
  }
  return [parseLevel(c)];
}

/** A reference level as text: numbers are written the way the data layer prints them (2009.0 -> '2009'). */
function parseLevel(c: Cursor): string {
  const negative = c.accept('-');
  const token = c.next();
  if (token.kind === 'string' && !negative) return token.text;
  if (token.kind === 'number') return String(negative ? -Number(token.text) : Number(token.text));
  return c.fail(`expected a reference level such as ref = 2009, ref = "2009" or ref = c(-1, -1000), got ${describe(token)}`, token.pos);
}

/** Every left item times every right item, the left varying fastest as in R: (a+b):(c+d) = a:c, b:c, a:d, b:d. */
function interact(c: Cursor, left: Item[], right: Item[]): Item[] {
  const factorTerm = [...left, ...right].find((item): item is FactorTerm => item.kind === 'factor');
  if (factorTerm) {
    c.fail(`${factorTerm.name} cannot be part of an interaction with ':' or '*'; interact inside i(), `
      + `as in i(f, x) or i(f, i.g), and write it as a term of its own`, factorTerm.pos);
  }
  const products: Item[] = [];
  for (const r of right as Monomial[]) {
    for (const l of left as Monomial[]) {
      const texts = new Set(l.factors.map((f) => f.text));
      products.push(monomial([...l.factors, ...r.factors.filter((f) => !texts.has(f.text))], l.pos));
    }
  }
  return products;
}

function monomial(factors: Factor[], pos = factors[0].start): Monomial {
  return { kind: 'monomial', factors, pos };
}

function degree(item: Item): number {
  return item.kind === 'factor' ? 1 : item.factors.length;
}

function dedupeItems(items: Item[]): Item[] {
  const terms = toTerms(items);
  const kept = new Set(dedupeTerms(terms));
  return items.filter((_, i) => kept.has(terms[i]));
}

function toTerms(items: Item[]): Term[] {
  return items.map((item): Term => {
    if (item.kind === 'factor') return item;
    const term: ExprTerm = {
      kind: 'expr',
      name: item.factors.map((f) => f.text).join(':'),
      factors: item.factors.map((f) => f.expr),
      pos: item.pos,
    };
    return term;
  });
}
