/**
 * The shapes a parsed formula takes. The formula layer never sees data: these types say *what* to compute
 * (which columns, which transformations, which fixed effects); the data layer computes it.
 *
 * Every `pos` is the 0-based character offset where a node's text starts in the formula the user wrote
 * (`ParsedFormula.text`; for a binary operation, where its left operand starts), so later layers can point
 * at the culprit in their own error messages.
 */

/** Panel operators: lag `l(x, k)` = x[t-k], lead `f(x, k)` = x[t+k], difference `d(x, k)` = x[t] - x[t-k]. */
export type LagOp = 'l' | 'f' | 'd';

/** One-argument functions evaluated elementwise (`I` is the identity that shields arithmetic), or by the
 * data layer (`center`: mean-centring on the final estimation sample). */
export type CallFn = 'log' | 'exp' | 'sqrt' | 'abs' | 'I' | 'center';

/** Multiple-estimation operators (fixest): stepwise `sw`, `sw0`, and cumulative stepwise `csw`, `csw0`. */
export type MultipleOp = 'sw' | 'sw0' | 'csw' | 'csw0';

/**
 * An expression computing one column from data columns.
 *
 * Lags are normalised when parsed: `l` and `f` always carry k >= 1 (`l(x, -1)` becomes `f(x, 1)`,
 * `l(x, 0)` becomes `x`); `d` carries any non-zero integer (`d(x, -1)` = x[t] - x[t+1], as in fixest).
 *
 * @example
 * // I((x + 1)^2) parses to
 * const e: Expr = { kind: 'call', fn: 'I', pos: 0, arg: { kind: 'binary', op: '^', pos: 2,
 *   left: { kind: 'binary', op: '+', pos: 3, left: { kind: 'var', name: 'x', pos: 3 },
 *           right: { kind: 'num', value: 1, pos: 7 } },
 *   right: { kind: 'num', value: 2, pos: 10 } } };
 */
export type Expr =
  | { kind: 'var'; name: string; pos: number }
  | { kind: 'num'; value: number; pos: number }
  | { kind: 'neg'; arg: Expr; pos: number }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | '^'; left: Expr; right: Expr; pos: number }
  | { kind: 'call'; fn: CallFn; arg: Expr; pos: number }
  | { kind: 'lag'; op: LagOp; arg: Expr; k: number; pos: number };

/**
 * What `i(f, ...)` interacts its factor with: a numeric variable (`i(f, x)`: one slope of x per level of f),
 * or a second factor written `i.f2` (`i(f1, i.f2)`: one dummy per observed pair of levels), with the second
 * factor's reference levels (`ref2`).
 */
export type FactorWith =
  | { kind: 'number'; name: string }
  | { kind: 'factor'; name: string; refs: readonly string[] };

/**
 * One regressor: a column (`'expr'`, the product of its factors, so `factors.length > 1` is an interaction
 * `a:b`), or a factor expanded to columns with data (`'factor'`, fixest's `i()`): `i(f)`, `i(f, ref = 2009)`,
 * `i(f, ref = c(-1, -1000))`, `i(f, x)`, `i(f, x, ref)`, `i(f1, i.f2, ref = a, ref2 = b)`.
 * `refs` are the omitted levels as text; `ref` is the first of them, or null when none was given (then the
 * data layer omits the first level of a plain `i(f)`, and keeps every level when f interacts with something).
 * Columns are named as fixest names them: `f::level`, `f::level:x`, `f1::level:f2::level2`.
 *
 * `name` is the canonical formula text without whitespace: `log(pcap)`, `I(x^2)`, `x1:x2`, `l(Vag,1)`.
 *
 * @example
 * const t: Term = { kind: 'expr', name: 'x1:x2', pos: 4,
 *   factors: [{ kind: 'var', name: 'x1', pos: 4 }, { kind: 'var', name: 'x2', pos: 7 }] };
 * const f: Term = { kind: 'factor', name: 'i(time,treat,ref=-1)', pos: 4, variable: 'time', ref: '-1',
 *   refs: ['-1'], with: { kind: 'number', name: 'treat' } };
 */
export type Term =
  | { kind: 'expr'; name: string; factors: Expr[]; pos: number }
  | { kind: 'factor'; name: string; variable: string; ref: string | null; refs: readonly string[]; with: FactorWith | null; pos: number };

/** A term that is one column (possibly an interaction). */
export type ExprTerm = Extract<Term, { kind: 'expr' }>;

/** A term that the data layer expands to dummy columns. */
export type FactorTerm = Extract<Term, { kind: 'factor' }>;

/**
 * One fixed effect after `|`. `a^b` is a single fixed effect whose levels are the observed combinations
 * of a and b.
 *
 * @example
 * const fe: FixedEffect = { name: 'firm^year', variables: ['firm', 'year'], pos: 10 };
 * // firm[capital]: firm intercepts and a slope on capital per firm; firm[[capital]]: the slopes only
 * const vs: FixedEffect = { name: 'firm', variables: ['firm'], pos: 10, slopes: ['capital'], intercept: true };
 */
export interface FixedEffect {
  name: string;
  variables: string[];
  pos: number;
  /**
   * Varying slopes (fixest's `fe[x]` and `fe[[x]]`): the variables that get a coefficient per level of the
   * fixed effect. Absent or empty: a plain fixed effect.
   */
  slopes?: readonly string[];
  /** False for `fe[[x]]`: the slopes without the level's own intercept. Absent: true. */
  intercept?: boolean;
}

/**
 * Multiple estimation written in the regressors, e.g. `csw(a, b + c)`. `alternatives[i]` holds the terms
 * of the operator's i-th argument, as written; `expandMultiple` turns them into models. They are inserted
 * into `ParsedFormula.terms` at index `position`.
 *
 * @example
 * // y ~ x + csw(a, b) | fe
 * const m: Multiple = { op: 'csw', position: 1, pos: 8, alternatives: [[termA], [termB]] };
 */
export interface Multiple {
  op: MultipleOp;
  alternatives: Term[][];
  position: number;
  /** Offset of the operator's name in the formula text. */
  pos: number;
}

/**
 * A parsed formula `lhs ~ terms | fixedEffects`.
 *
 * `terms` are unique (the first occurrence is kept, as R does); `intercept` is true only when there are no
 * fixed effects (they absorb it) and it was not removed with `0` / `- 1`.
 *
 * @example
 * parseFormula('y ~ x1 + x2 | firm + year');
 * // { text: 'y ~ x1 + x2 | firm + year', lhs: <y>, terms: [<x1>, <x2>], intercept: false,
 * //   fixedEffects: [{ name: 'firm', ... }, { name: 'year', ... }], multiple: null }
 */
export interface ParsedFormula {
  /** The formula as the user wrote it; every `pos` points into it. */
  text: string;
  lhs: ExprTerm;
  terms: Term[];
  intercept: boolean;
  fixedEffects: FixedEffect[];
  multiple: Multiple | null;
}
