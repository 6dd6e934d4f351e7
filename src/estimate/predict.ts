/**
 * Fitted values and predictions (fixest's `fitted()` and `predict()`): X b plus the fixed effects' values
 * (and varying slopes) of each row's levels, through the fit's link. On new data, a row whose fixed-effect
 * level the fit never saw, or with a missing value, has no prediction (NaN), and both are counted, as fixest
 * gives NA.
 */
import { assertColumn, columnSource, isMissing, numericColumn, type ColumnSource, type ColumnValues, type DataInput } from '../data/columns.js';
import { evaluateRegressors } from '../data/sample.js';
import { isFactorColumn } from '../data/factor-column.js';
import { DataError, OptionError } from '../errors.js';
import type { ParsedFormula } from '../formula/ast.js';
import { parseFormula } from '../formula/parse.js';
import { variablesOf } from '../formula/variables.js';
import { fixefCoefficients, type FixefBlock } from './fixef.js';
import { modelOf } from './model-state.js';

/** 'link': the linear predictor; 'response': through the inverse link (the same for least squares). */
export type PredictType = 'link' | 'response';

/** Options of `predict`. */
export interface PredictOptions {
  /** ['response'] */
  type?: PredictType;
}

/** Predictions with what could not be predicted. */
export interface Prediction {
  /** One per row of the new data (NaN where there is no prediction). */
  readonly values: Float64Array;
  /** Rows with a missing value in a variable the model uses. */
  readonly missing: number;
  /** Rows whose level of a fixed effect the fit never saw, by fixed effect (a row counts once, at the first). */
  readonly unseen: Readonly<Record<string, number>>;
}

const TYPES: readonly PredictType[] = ['link', 'response'];

function checkType(type: string): PredictType {
  if (!(TYPES as readonly string[]).includes(type)) {
    throw new OptionError(`predict type must be one of ${TYPES.join(', ')}; got '${type}'`);
  }
  return type as PredictType;
}

/**
 * Fitted values on the estimation sample (one per observation used, in `fit.rows` order).
 *
 * @example
 * const fit = feols(data, 'y ~ x | firm');
 * fitted(fit)[0] + fit.residuals[0]; // y of the first observation used
 */
export function fitted(fit: object, options: PredictOptions = {}): Float64Array {
  const state = modelOf(fit);
  const type = checkType(options.type ?? 'response');
  const eta = state.linearPredictor();
  return type === 'link' ? eta : eta.map((v) => state.link.inverse(v));
}

/**
 * fixest's `predict()`: without new data, the fitted values on the estimation sample; with new data, one
 * prediction per row (NaN for an unseen fixed-effect level or a missing value; `predictDetailed` counts them).
 *
 * @example
 * const fit = feols(data, 'inv ~ value + capital | firm + year');
 * predict(fit, { value: [1000], capital: [200], firm: [1], year: [1950] }); // Float64Array [ ... ]
 */
export function predict(fit: object, newdata?: DataInput, options: PredictOptions = {}): Float64Array {
  return newdata === undefined ? fitted(fit, options) : predictDetailed(fit, newdata, options).values;
}

/**
 * Predictions on new data with the count of rows that have none.
 *
 * @example
 * const { values, unseen, missing } = predictDetailed(fit, newRows);
 */
export function predictDetailed(fit: object, newdata: DataInput, options: PredictOptions = {}): Prediction {
  const state = modelOf(fit);
  const type = checkType(options.type ?? 'response');
  if (state.offset) {
    throw new OptionError('predict on new data of a model with an offset would need the offset of the new rows, which it does not take yet; predict without new data, or fit without the offset');
  }
  const design = state.design;
  const parsed = parseFormula((fit as { formula: string }).formula);
  const source = columnSource(newdata);
  checkColumns(source, parsed);
  const n = source.n;
  const eta = new Float64Array(n);
  const unseen: Record<string, number> = {};
  // X b: the kept regressors rebuilt on the new rows (i() terms with the fit's levels).
  const refuse = (what: string) => () => {
    throw new DataError(`predict on new data cannot compute ${what} terms (they depend on the fit's panel or sample); `
      + 'add the computed column to both data sets and use it by name');
  };
  const regs = evaluateRegressors(source, parsed.terms, { lag: refuse('l(), f() and d()'), center: refuse('center()') }, design.factorSpecs);
  const byName = new Map(regs.map((r) => [r.name, r.values]));
  state.kept.forEach((col, j) => {
    const name = design.names[col];
    const b = state.beta[j];
    if (name === '(Intercept)') { for (let i = 0; i < n; i++) eta[i] += b; return; }
    const x = byName.get(name);
    if (!x) throw new DataError(`predict: the coefficient '${name}' has no column in the new data; check the formula's terms`);
    for (let i = 0; i < n; i++) eta[i] += b * x[i];
  });
  // Fixed effects and varying slopes by the levels' labels.
  const dropped = new Uint8Array(n);
  for (const block of fixefCoefficients(fit).blocks) addBlock(source, parsed, block, eta, dropped, unseen);
  let missing = 0;
  for (let i = 0; i < n; i++) {
    if (dropped[i]) { eta[i] = NaN; continue; }
    if (Number.isNaN(eta[i])) missing++;
  }
  const values = type === 'link' ? eta : eta.map((v) => state.link.inverse(v));
  return Object.freeze({ values, missing, unseen });
}

/** Every variable the right-hand side and the fixed effects use must be in the new data (the outcome need not). */
function checkColumns(source: ColumnSource, parsed: ParsedFormula): void {
  const rhs = variablesOf({ ...parsed, lhs: { kind: 'expr', name: '', factors: [], pos: 0 } });
  for (const v of rhs) assertColumn(source, v, 'needed to predict: the new data must hold every regressor and fixed effect');
}

/** A row's text for a fixed-effect column, as the fit's levels are named; null when missing. */
function labelReader(col: ColumnValues): (i: number) => string | null {
  if (isFactorColumn(col)) return (i) => (col.codes[i] < 0 ? null : col.labels[col.codes[i]]);
  if (col instanceof Float64Array || col instanceof Int32Array) return (i) => (Number.isNaN(col[i]) ? null : String(col[i]));
  const arr = col as ArrayLike<unknown>;
  return (i) => (isMissing(arr[i]) ? null : String(arr[i]));
}

function addBlock(source: ColumnSource, parsed: ParsedFormula, b: FixefBlock, eta: Float64Array, dropped: Uint8Array,
  unseen: Record<string, number>): void {
  const fe = parsed.fixedEffects.find((f) => f.name === b.fe);
  if (!fe) throw new DataError(`predict: the fixed effect '${b.fe}' is not in the formula`);
  const readers = fe.variables.map((v) => labelReader(source.column(v)));
  const slopes = b.slopeNames.map((x) => numericColumn(source, x, `the varying slope in ${b.fe}[${x}]`));
  const codeOf = new Map(b.labels.map((l, g) => [l, g]));
  const q = (b.intercept ? 1 : 0) + b.slopes.length;
  const n = eta.length;
  for (let i = 0; i < n; i++) {
    if (dropped[i]) continue;
    const parts = readers.map((read) => read(i));
    if (parts.some((p) => p === null)) { eta[i] = NaN; continue; }
    const g = codeOf.get(parts.join('_'));
    if (g === undefined) { dropped[i] = 1; unseen[b.fe] = (unseen[b.fe] ?? 0) + 1; continue; }
    let k = 0;
    if (b.intercept) eta[i] += b.coef[g * q + k++];
    for (const x of slopes) eta[i] += b.coef[g * q + k++] * x[i];
  }
}
