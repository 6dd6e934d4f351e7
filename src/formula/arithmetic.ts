/**
 * Expressions that compute one column: arithmetic inside function calls, and the calls themselves
 * (log, exp, sqrt, abs, I, center, and the panel operators l, f, d). As in R, '+' and '*' inside a call's
 * parentheses are arithmetic, not model operators: `log(x + 1)` is the log of x + 1.
 *
 * Each parse returns the expression together with its canonical text (the source without whitespace,
 * lags always written `l(x,k)`), which becomes the term's name.
 */
import type { CallFn, Expr, LagOp } from './ast.js';
import { Cursor, describe, type Token } from './lexer.js';

/** An expression, its canonical text, and where that text starts (before any opening parenthesis). */
export interface Factor {
  expr: Expr;
  text: string;
  start: number;
}

const ONE_ARGUMENT: readonly CallFn[] = ['log', 'exp', 'sqrt', 'abs', 'I', 'center'];
const LAG_OPS: readonly LagOp[] = ['l', 'f', 'd'];

/** Multiple-estimation operators: they stand alone between '+' signs (see parse.ts). */
export const MULTIPLE_OPS = ['sw', 'sw0', 'csw', 'csw0'] as const;

/** Every function a formula may call, in the order error messages list them. */
export const KNOWN_FUNCTIONS: readonly string[] = [...ONE_ARGUMENT, ...LAG_OPS, 'i', ...MULTIPLE_OPS];

/**
 * Parses arithmetic with R's precedence: `+ -` < `* /` < unary minus < `^` (right-associative, so
 * -x^2 = -(x^2) and a^b^c = a^(b^c)).
 *
 * @example
 * parseArithmetic(new Cursor('(x + 1)^2 / 2')).text; // '(x+1)^2/2'
 */
export function parseArithmetic(c: Cursor): Factor {
  let left = parseProduct(c);
  while (c.isSymbol('+') || c.isSymbol('-')) {
    const op = c.next().text as '+' | '-';
    const right = parseProduct(c);
    left = binary(op, left, right);
  }
  return left;
}

function parseProduct(c: Cursor): Factor {
  let left = parseUnary(c);
  while (c.isSymbol('*') || c.isSymbol('/')) {
    const op = c.next().text as '*' | '/';
    const right = parseUnary(c);
    left = binary(op, left, right);
  }
  return left;
}

function parseUnary(c: Cursor): Factor {
  if (c.isSymbol('-')) {
    const pos = c.next().pos;
    const arg = parseUnary(c);
    return { expr: { kind: 'neg', arg: arg.expr, pos }, text: `-${arg.text}`, start: pos };
  }
  if (c.isSymbol('+')) c.next();
  return parsePower(c);
}

function parsePower(c: Cursor): Factor {
  const base = parsePrimary(c);
  if (!c.accept('^')) return base;
  // The exponent may carry its own sign (x^-1) and is itself a power: a^b^c = a^(b^c).
  const exponent = parseUnary(c);
  return binary('^', base, exponent);
}

function parsePrimary(c: Cursor): Factor {
  const token = c.peek();
  if (token.kind === 'number') {
    c.next();
    return { expr: { kind: 'num', value: Number(token.text), pos: token.pos }, text: token.text, start: token.pos };
  }
  if (token.kind === 'name') {
    if (c.isSymbol('(', 1)) {
      const [factor] = parseCall(c, false);
      return factor;
    }
    c.next();
    return { expr: { kind: 'var', name: token.text, pos: token.pos }, text: token.text, start: token.pos };
  }
  if (c.isSymbol('(')) {
    c.next();
    const inner = parseArithmetic(c);
    c.close(token.pos, "'('");
    return { expr: inner.expr, text: `(${inner.text})`, start: token.pos };
  }
  return c.fail(
    `expected a variable, a number or '(' after ${describe(c.previous())}, got ${describe(token)}`,
    token.pos,
  );
}

function binary(op: '+' | '-' | '*' | '/' | '^', left: Factor, right: Factor): Factor {
  return {
    expr: { kind: 'binary', op, left: left.expr, right: right.expr, pos: left.start },
    text: `${left.text}${op}${right.text}`,
    start: left.start,
  };
}

/**
 * Parses a call of log, exp, sqrt, abs, I, center, l, f or d, the cursor being on the function's name.
 * A lag with a range of orders, `l(x, 1:3)`, gives one factor per order, but only when `allowRange`
 * (a term standing on its own); inside arithmetic a lag takes one order.
 *
 * @example
 * parseCall(new Cursor('l(x, 1:2)'), true).map((f) => f.text); // ['l(x,1)', 'l(x,2)']
 */
export function parseCall(c: Cursor, allowRange: boolean): Factor[] {
  const name = c.next();
  const fn = name.text;
  if ((ONE_ARGUMENT as readonly string[]).includes(fn)) return [parseOneArgument(c, fn as CallFn, name)];
  if ((LAG_OPS as readonly string[]).includes(fn)) return parseLag(c, fn as LagOp, name, allowRange);
  if (fn === 'i') {
    return c.fail('i() expands a factor to dummy columns, so it must stand as a term of its own', name.pos);
  }
  if ((MULTIPLE_OPS as readonly string[]).includes(fn)) {
    return c.fail(
      `${fn}() must stand on its own between '+' signs in the regressors, e.g. 'y ~ x1 + ${fn}(x2, x3)'`,
      name.pos,
    );
  }
  return c.fail(`unknown function '${fn}'; known: ${KNOWN_FUNCTIONS.join(', ')}`, name.pos);
}

function parseOneArgument(c: Cursor, fn: CallFn, name: Token): Factor {
  const open = c.next();
  if (c.isSymbol(')')) c.fail(`${fn}() takes 1 argument, got none`, c.peek().pos);
  const arg = parseArithmetic(c);
  if (c.accept(',')) {
    c.fail(`${fn}() takes 1 argument, got more; write ${fn}(expression)`, c.peek().pos);
  }
  closeCall(c, open.pos, fn);
  return { expr: { kind: 'call', fn, arg: arg.expr, pos: name.pos }, text: `${fn}(${arg.text})`, start: name.pos };
}

function parseLag(c: Cursor, op: LagOp, name: Token, allowRange: boolean): Factor[] {
  const open = c.next();
  if (c.isSymbol(')')) c.fail(`${op}() needs a variable, e.g. ${op}(x, 1)`, c.peek().pos);
  const arg = parseArithmetic(c);
  let orders = [1];
  if (c.accept(',')) {
    if (c.peek().text === 'k' && c.isSymbol('=', 1)) {
      c.next();
      c.next();
    }
    orders = parseOrders(c, op, allowRange);
  }
  if (c.accept(',')) {
    c.fail(`${op}() takes a variable and a lag order, got a third argument`, c.peek().pos);
  }
  closeCall(c, open.pos, op);
  return orders.map((k) => lag(op, arg, k, name.pos));
}

/** An integer `k`, or a range `a:b` (one order per integer from a to b, either direction). */
function parseOrders(c: Cursor, op: LagOp, allowRange: boolean): number[] {
  const from = parseInteger(c, op);
  if (!c.isSymbol(':')) return checkDifference(c, op, [from.value], from.pos);
  if (!allowRange) {
    c.fail(`a range of lag orders such as ${op}(x, 1:2) must stand as a term of its own, not inside another function`,
      c.peek().pos);
  }
  c.next();
  const to = parseInteger(c, op);
  const step = to.value >= from.value ? 1 : -1;
  const orders: number[] = [];
  for (let k = from.value; k !== to.value + step; k += step) orders.push(k);
  return checkDifference(c, op, orders, from.pos);
}

function checkDifference(c: Cursor, op: LagOp, orders: number[], pos: number): number[] {
  if (op === 'd' && orders.includes(0)) {
    c.fail('d(x, 0) is x - x, a column of zeros; use k >= 1 (or k <= -1 for a forward difference)', pos);
  }
  return orders;
}

function parseInteger(c: Cursor, op: LagOp): { value: number; pos: number } {
  const pos = c.peek().pos;
  const negative = c.accept('-');
  const token = c.next();
  const value = Number(token.text);
  if (token.kind !== 'number') {
    c.fail(`expected an integer lag order such as ${op}(x, 2) or a range such as ${op}(x, 1:3), got ${describe(token)}`,
      token.pos);
  }
  if (!Number.isSafeInteger(value)) {
    c.fail(`lag order must be an integer, got '${token.text}'`, token.pos);
  }
  return { value: negative ? -value : value, pos };
}

/** Normalises so that equal lags get equal names: l(x,-1) is f(x,1), l(x,0) is x (fixest does the same). */
function lag(op: LagOp, arg: Factor, k: number, pos: number): Factor {
  if (op !== 'd' && k === 0) return arg;
  if (op !== 'd' && k < 0) return lag(op === 'l' ? 'f' : 'l', arg, -k, pos);
  return { expr: { kind: 'lag', op, arg: arg.expr, k, pos }, text: `${op}(${arg.text},${k})`, start: pos };
}

function closeCall(c: Cursor, openPos: number, fn: string): void {
  if (c.isSymbol(':')) {
    c.fail(`':' makes an interaction, which cannot sit inside ${fn}(); write ${fn}(a):b, or I(a*b) for a product`,
      c.peek().pos);
  }
  c.close(openPos, `'${fn}('`);
}
