/**
 * The formula layer: 'y ~ x1 + l(x2, 1) + x1:z | fe1 + fe2' -> a description of the model. It never sees
 * data; evaluateExpr / evaluateTerm compute columns from columns the caller hands over.
 *
 * @example
 * import { parseFormula, expandMultiple, variablesOf } from './formula/index.js';
 * const p = parseFormula('y ~ x + csw(a, b) | firm');
 * variablesOf(p); // ['y', 'x', 'a', 'b', 'firm']
 * expandMultiple(p).length; // 2
 */
export type {
  CallFn,
  Expr,
  ExprTerm,
  FactorTerm,
  FactorWith,
  FixedEffect,
  LagOp,
  Multiple,
  MultipleOp,
  ParsedFormula,
  Term,
} from './ast.js';
export { parseFormula } from './parse.js';
export { expandMultiple } from './multiple.js';
export { formatFormula } from './format.js';
export { variablesOf } from './variables.js';
export { evaluateExpr, evaluateTerm, type ColumnReader, type EvaluateHooks } from './evaluate.js';
export { KNOWN_FUNCTIONS } from './arithmetic.js';
