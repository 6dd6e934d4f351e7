/**
 * Computes a term's column from data columns: elementwise arithmetic and log / exp / sqrt / abs / I here;
 * panel operators and centring are delegated to the data layer through hooks, because they need the
 * panel structure and the final estimation sample.
 *
 * Missing values are NaN and propagate. A value with no real result is NaN too: log of x <= 0 (R would
 * give -Inf for 0, and fixest then drops the row), sqrt of x < 0, 0/0. Results are finite-or-NaN: any
 * ±Infinity left at the end (x/0, exp overflow, an infinite input) is turned into NaN, so the data
 * layer's one rule "NaN is missing" covers every row fixest would drop as NA or infinite.
 */
import type { CallFn, Expr, LagOp, Term } from './ast.js';
import { DataError, HdfeError } from '../errors.js';

/** Reads a data column by name; it must hold `n` values. */
export type ColumnReader = (name: string) => Float64Array;

/**
 * What the data layer supplies for operators that need more than the rows in hand. Both receive the
 * already-evaluated argument (e.g. log(x) for l(log(x), 1)), which may be a data column itself and must
 * not be modified, and return a new array of the same length.
 *
 * - `lag(op, arg, k)`: 'l' x[t-k], 'f' x[t+k], 'd' x[t] - x[t-k] (k may be negative for 'd'),
 *   within each panel unit, NaN where the period is absent.
 * - `center(arg)`: arg minus its mean over the estimation sample.
 */
export interface EvaluateHooks {
  lag?(op: LagOp, arg: Float64Array, k: number): Float64Array;
  center?(arg: Float64Array): Float64Array;
}

/** An intermediate value: a constant, or a column we may overwrite only if we own it. */
type Value = number | { data: Float64Array; owned: boolean };

/**
 * Evaluates an expression over `n` rows. Always returns a new array the caller owns; values are finite
 * or NaN (see the file comment).
 *
 * @example
 * const x = Float64Array.of(1, 2, -1);
 * const [factor] = (parseFormula('y ~ I((x + 1)^2 / 2)').terms[0] as ExprTerm).factors;
 * evaluateExpr(factor, () => x, 3); // Float64Array [2, 4.5, 0]
 */
export function evaluateExpr(expr: Expr, column: ColumnReader, n: number, hooks: EvaluateHooks = {}): Float64Array {
  return finish(evaluate(expr, column, n, hooks), n);
}

/**
 * Evaluates a column term: the elementwise product of its factors (one factor: the factor itself).
 * Factor terms `i(f)` are expanded to dummies by the data layer and are refused here.
 *
 * @example
 * const term = parseFormula('y ~ x:z').terms[0];
 * const cols: Record<string, Float64Array> = { x: Float64Array.of(1, 2), z: Float64Array.of(3, 4) };
 * evaluateTerm(term, (name) => cols[name], 2); // Float64Array [3, 8]
 */
export function evaluateTerm(term: Term, column: ColumnReader, n: number, hooks: EvaluateHooks = {}): Float64Array {
  if (term.kind === 'factor') {
    throw new HdfeError(`${term.name} is a factor expansion: the data layer builds its dummy columns; `
      + 'evaluateTerm only computes single columns');
  }
  let product: Value = 1;
  for (const factor of term.factors) product = binary('*', product, evaluate(factor, column, n, hooks), n);
  return finish(product, n);
}

function evaluate(expr: Expr, column: ColumnReader, n: number, hooks: EvaluateHooks): Value {
  switch (expr.kind) {
    case 'num':
      return expr.value;
    case 'var':
      return { data: checked(column(expr.name), n, `column '${expr.name}'`), owned: false };
    case 'neg':
      return unary((x) => -x, evaluate(expr.arg, column, n, hooks), n);
    case 'binary':
      return binary(expr.op, evaluate(expr.left, column, n, hooks), evaluate(expr.right, column, n, hooks), n);
    case 'call':
      return call(expr.fn, evaluate(expr.arg, column, n, hooks), n, hooks);
    case 'lag': {
      if (!hooks.lag) {
        throw new DataError(`${expr.op}(..., ${expr.k}) needs panel data, but none was declared; `
          + 'lags need a panel: pass panel: { id, time }');
      }
      const arg = toArray(evaluate(expr.arg, column, n, hooks), n);
      return { data: checked(hooks.lag(expr.op, arg, expr.k), n, `the ${expr.op}() hook's result`), owned: false };
    }
  }
}

function call(fn: CallFn, arg: Value, n: number, hooks: EvaluateHooks): Value {
  switch (fn) {
    case 'I':
      return arg;
    case 'log':
      return unary((x) => (x > 0 ? Math.log(x) : NaN), arg, n);
    case 'exp':
      return unary(Math.exp, arg, n);
    case 'sqrt':
      return unary(Math.sqrt, arg, n);
    case 'abs':
      return unary(Math.abs, arg, n);
    case 'center': {
      if (!hooks.center) {
        throw new DataError('center() is computed on the final estimation sample by the data layer; '
          + 'pass hooks.center to evaluate it');
      }
      const data = hooks.center(toArray(arg, n));
      return { data: checked(data, n, "the center() hook's result"), owned: false };
    }
  }
}

function unary(f: (x: number) => number, v: Value, n: number): Value {
  if (typeof v === 'number') return f(v);
  const out = v.owned ? v.data : new Float64Array(n);
  const a = v.data;
  for (let i = 0; i < n; i++) out[i] = f(a[i]);
  return { data: out, owned: true };
}

function binary(op: '+' | '-' | '*' | '/' | '^', left: Value, right: Value, n: number): Value {
  if (typeof left === 'number' && typeof right === 'number') return apply(op, left, right);
  // Reuse a buffer we own; constants are read as scalars so they never become columns.
  const out = typeof left !== 'number' && left.owned ? left.data
    : typeof right !== 'number' && right.owned ? right.data : new Float64Array(n);
  const L = typeof left === 'number' ? null : left.data;
  const R = typeof right === 'number' ? null : right.data;
  const l = typeof left === 'number' ? left : 0;
  const r = typeof right === 'number' ? right : 0;
  switch (op) {
    case '+':
      for (let i = 0; i < n; i++) out[i] = (L ? L[i] : l) + (R ? R[i] : r);
      break;
    case '-':
      for (let i = 0; i < n; i++) out[i] = (L ? L[i] : l) - (R ? R[i] : r);
      break;
    case '*':
      for (let i = 0; i < n; i++) out[i] = (L ? L[i] : l) * (R ? R[i] : r);
      break;
    case '/':
      for (let i = 0; i < n; i++) out[i] = (L ? L[i] : l) / (R ? R[i] : r);
      break;
    case '^':
      for (let i = 0; i < n; i++) out[i] = power(L ? L[i] : l, R ? R[i] : r);
      break;
  }
  return { data: out, owned: true };
}

function apply(op: '+' | '-' | '*' | '/' | '^', a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '^':
      return power(a, b);
  }
}

/** x^2 as x*x: correctly rounded, the common case in I(x^2). Missing in, missing out: NaN^0 and 1^NaN
 * are NaN here (R and JavaScript give 1, which would turn a missing row into an observed one). */
function power(a: number, b: number): number {
  if (b === 2) return a * a;
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  return a ** b;
}

function toArray(v: Value, n: number): Float64Array {
  if (typeof v === 'number') return new Float64Array(n).fill(v);
  return v.data;
}

/** Returns an owned array with every ±Infinity replaced by NaN. */
function finish(v: Value, n: number): Float64Array {
  const out = typeof v === 'number' ? new Float64Array(n).fill(v) : v.owned ? v.data : Float64Array.from(v.data);
  for (let i = 0; i < n; i++) if (out[i] === Infinity || out[i] === -Infinity) out[i] = NaN;
  return out;
}

function checked(data: Float64Array, n: number, what: string): Float64Array {
  if (!(data instanceof Float64Array) || data.length !== n) {
    const got = data instanceof Float64Array ? `${data.length} values` : String(data);
    throw new DataError(`${what} should be a Float64Array of ${n} values, got ${got}; `
      + 'every column must cover the same rows');
  }
  return data;
}
