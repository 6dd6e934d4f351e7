/**
 * The permutation test's task, run in every thread: for each draw, rewrite the permuted column, rebuild the
 * design from the data (so interactions, transformations, lags and centring follow the new column), fit it
 * and return the coefficient of the tested term or its t statistic under the model's variance.
 *
 * The observed statistic is computed by the same code on the unpermuted column, so the identity assignment
 * reproduces it bit for bit.
 */
import { buildDesign } from '../data/sample.js';
import { rowValues, type ColumnSource } from '../data/columns.js';
import { DataError, EstimationError } from '../errors.js';
import type { Design } from '../estimate/design.js';
import { fitDesign, inTrueUnits, type FitSettings, type RawFit } from '../estimate/fit.js';
import type { ResolvedOptions } from '../estimate/options.js';
import { computeVcov, meatsFor } from '../estimate/vcov/registry.js';
import { NO_MEATS } from '../estimate/vcov/entry.js';
import type { ParsedFormula } from '../formula/ast.js';
import { parseFormula } from '../formula/parse.js';
import { registerTask } from '../parallel/registry.js';
import { streamKey } from '../parallel/rng.js';
import { decodeColumn, sharedSource, type SharedTable } from '../parallel/shared.js';
import {
  applyAssignment, drawEnumerated, drawRandom, drawScratch, type Assignment, type DrawScratch,
} from './permute-assign.js';

export type PermStat = 'coef' | 't';

/** Everything a worker needs, posted with every task; the arrays are shared, nothing large is copied. */
export interface PermuteContext {
  readonly table: SharedTable;
  readonly formula: string;
  readonly options: ResolvedOptions;
  readonly column: string;
  readonly param: string;
  readonly stat: PermStat;
  readonly seed: number;
  readonly enumerate: boolean;
  /** Observations of the observed model: every draw must keep the same sample. */
  readonly nobs: number;
  readonly assignment: Assignment;
}

/** A thread's working state for one test. */
export interface PermuteState {
  readonly context: PermuteContext;
  readonly parsed: ParsedFormula;
  readonly source: ColumnSource;
  readonly original: ArrayLike<unknown>;
  readonly target: { [i: number]: unknown };
  readonly scratch: DrawScratch;
  readonly classOfSlot: Int32Array;
}

export const PERMUTE_TASK = 'infer.permute';
export const PERMUTE_MODULE = 'infer/permute-task.js';

function writableCopy(col: ArrayLike<unknown>): { [i: number]: unknown } {
  if (col instanceof Float64Array) return Float64Array.from(col);
  if (col instanceof Int32Array) return Int32Array.from(col);
  return Array.from(col);
}

/** Decode the shared data once and allocate the scratch of this thread. */
export function preparePermute(context: PermuteContext): PermuteState {
  const original = rowValues(decodeColumn(context.table.columns[context.column]));
  const target = writableCopy(original);
  const source = sharedSource(context.table, { [context.column]: target as ArrayLike<unknown> });
  return {
    context, parsed: parseFormula(context.formula), source, original, target,
    scratch: drawScratch(context.assignment),
    classOfSlot: new Int32Array(context.assignment.slotClass.length),
  };
}

function fitOrNull(design: Design, settings: FitSettings): RawFit | null {
  try {
    return inTrueUnits(fitDesign(design, settings));
  } catch (err) {
    // Every regressor collinear under this assignment: the statistic is undefined for this draw.
    if (err instanceof EstimationError && /collinear/.test(err.message)) return null;
    throw err;
  }
}

/** The statistic on the column as it stands in `state.target`; NaN when the term is collinear. */
export function permuteStatistic(state: PermuteState): number {
  const { context: ctx, parsed, source } = state;
  const o = ctx.options;
  const design = buildDesign(source, parsed, o);
  if (design.n !== ctx.nobs) {
    throw new DataError(
      `permuting '${ctx.column}' changed the estimation sample from ${ctx.nobs} to ${design.n} observations ` +
        `(a permuted value made a term missing, e.g. through log() or a lag); drop such rows first`);
  }
  const wantT = ctx.stat === 't';
  const fit = fitOrNull(design, {
    demeanTol: o.demeanTol, demeanMaxIter: o.demeanMaxIter, collinTol: o.collinTol,
    ...(wantT ? meatsFor(o) : NO_MEATS),
  });
  if (!fit) return NaN;
  const j = fit.kept.indexOf(design.names.indexOf(ctx.param));
  if (j < 0) return NaN;
  if (!wantT) return fit.beta[j];
  const V = computeVcov(design, fit, o.vcov, o.ssc);
  const k = fit.kept.length;
  return fit.beta[j] / Math.sqrt(V.matrix[j * k + j]);
}

/** Statistics of draws [start, end). */
export function runPermute(state: PermuteState, start: number, end: number): Float64Array {
  const ctx = state.context;
  const a = ctx.assignment;
  const out = new Float64Array(end - start);
  for (let b = start; b < end; b++) {
    if (ctx.enumerate) drawEnumerated(a, b, state.scratch, state.classOfSlot);
    else drawRandom(a, streamKey(ctx.seed, b), state.scratch, state.classOfSlot);
    applyAssignment(a, state.classOfSlot, state.original, state.target);
    out[b - start] = permuteStatistic(state);
  }
  return out;
}

registerTask<PermuteContext, PermuteState>(PERMUTE_TASK, { prepare: preparePermute, run: runPermute });
