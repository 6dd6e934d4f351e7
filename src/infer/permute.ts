/**
 * Randomization inference for one coefficient (Fisher 1935; Young 2019, "Channeling Fisher", QJE; Heß 2017,
 * "Randomization inference with Stata: a guide and software", Stata Journal, whose ritest this follows):
 * re-assign the treatment column by permutation - of rows, or of whole units with `by`, within strata if
 * given - re-estimate the full model for every assignment, and compare the observed statistic with the
 * permutation distribution. When the distinct assignments are no more than the draws asked for, all of them
 * are enumerated and the p-value is exact.
 *
 * Orchestrates: validate, find the estimation sample, build the assignment, share the data, compute the
 * observed statistic, run the sweep on the pool (permute-task.ts), reduce in draw order.
 */
import { assertColumn, columnSource, rowValues, type ColumnSource, type DataInput } from '../data/columns.js';
import { buildDesign } from '../data/sample.js';
import { OptionError, EstimationError } from '../errors.js';
import { PERMUTE_DEFAULTS } from '../defaults.js';
import { oneOf, resolveOptions, type FeolsOptions, type ResolvedOptions } from '../estimate/options.js';
import type { ParsedFormula } from '../formula/ast.js';
import { parseFormula } from '../formula/parse.js';
import { variablesOf } from '../formula/variables.js';
import { resolveWorkers } from '../parallel/workers.js';
import type { Backend } from '../parallel/runner.js';
import { shareColumns } from '../parallel/shared.js';
import { runSweep } from '../parallel/sweep.js';
import { core } from '../wasm/module.js';
import { buildAssignment, countAssignments } from './permute-assign.js';
import { extremeCounts } from './pvalue.js';
import {
  PERMUTE_MODULE, PERMUTE_TASK, permuteStatistic, preparePermute, type PermStat, type PermuteContext,
} from './permute-task.js';

export type { PermStat } from './permute-task.js';
export { PERMUTE_DEFAULTS };

/** Which tail(s) the p-value counts. */
export type PType = 'two-sided' | 'equal-tailed' | 'lower' | 'upper';

const STATS = ['coef', 't'] as const;
const PTYPES = ['two-sided', 'equal-tailed', 'lower', 'upper'] as const;


/**
 * Draws within this relative distance of the observed statistic count as ties (as at least as extreme):
 * re-estimation reaches mathematically equal statistics by different routes (demeaning stops at a relative
 * 1e-10), and the identity assignment must count.
 */
export const PERM_TIE_RTOL = 1e-8;

export interface PermutationOptions extends FeolsOptions {
  /** The coefficient tested, as named in the fit ('treat', 'treat:post', 'i(g)::2'). */
  param: string;
  /** The column whose values are permuted (it must appear in the formula). */
  permute: string;
  /** Unit column: whole units' values are shuffled (the permuted column must be constant within units). */
  by?: string;
  /** Shuffle only within the levels of this column. */
  strata?: string;
  /** 'coef' or 't' (default; with the model's variance). */
  stat?: PermStat;
  /** Draws (default 1000); all distinct assignments when there are no more than this. */
  reps?: number;
  /** Seed, an integer in [0, 2^53) (default 1). */
  seed?: number;
  /** Workers (default: available cores); 1 runs in this thread. Results do not depend on it. */
  workers?: number;
  /** 'two-sided' (|T*| >= |T|, default), 'equal-tailed', 'lower' or 'upper'. */
  pType?: PType;
  /** Draws per task (default from the cost of the observed fit). Results do not depend on it. */
  chunkSize?: number;
  signal?: AbortSignal;
  /** Called with (draws done, total) as tasks finish. */
  onProgress?: (done: number, total: number) => void;
  /** Run the draws as BullMQ jobs on Redis (`{ redis: 'redis://host:port' }`) instead of the local pool. */
  backend?: Backend;
}

/** p-values of every type; draws whose statistic is undefined (NaN) are left out. */
export interface PermutationPValues {
  readonly twoSided: number;
  readonly equalTailed: number;
  readonly lower: number;
  readonly upper: number;
}

export interface PermutationResult {
  readonly term: string;
  /** The observed statistic. */
  readonly statistic: number;
  /** The p-value of `pType`. */
  readonly pValue: number;
  readonly pType: PType;
  readonly pValues: PermutationPValues;
  /** Draws made: `reps`, or every distinct assignment when enumerated. */
  readonly reps: number;
  readonly enumerated: boolean;
  /** Draws whose statistic is undefined (the term collinear under that assignment); not in the p-values. */
  readonly undefinedDraws: number;
  readonly seed: number;
  readonly stat: PermStat;
  readonly nobs: number;
  /** [reps] the statistic of every draw, in draw order. */
  readonly draws: Float64Array;
}

/**
 * Share of draws at least as extreme as `statistic`, for every p-value type (draws that are NaN left out):
 * two-sided P(|T*| >= |T|), lower P(T* <= T), upper P(T* >= T), equal-tailed min(1, 2 min(lower, upper)),
 * each with ties within `rtol` counted as extreme.
 * @example
 * permutationPValues(2, Float64Array.of(-3, -1, 0, 1, 2)); // { twoSided: 0.4, lower: 1, upper: 0.2, equalTailed: 0.4, defined: 5 }
 */
export function permutationPValues(statistic: number, draws: Float64Array, rtol = PERM_TIE_RTOL): PermutationPValues & { defined: number } {
  const { lower, upper, beyond, valid } = extremeCounts(draws, statistic, rtol);
  const pl = lower / valid, pu = upper / valid;
  return { twoSided: beyond / valid, equalTailed: Math.min(1, 2 * Math.min(pl, pu)), lower: pl, upper: pu, defined: valid };
}

/** Data rows of the estimation sample (increasing) and the model's coefficient names. */
function estimationSample(source: ColumnSource, parsed: ParsedFormula, options: ResolvedOptions): { rows: Int32Array; names: readonly string[] } {
  const design = buildDesign(source, parsed, options);
  return { rows: design.rows, names: design.names };
}

function nonEmpty(option: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new OptionError(`${option} must be a column or term name; got ${JSON.stringify(value)}`);
  return value;
}

function integerIn(option: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new OptionError(`${option} must be an integer from ${min} to ${max}; got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Permutation (randomization-inference) p-value of one coefficient.
 *
 * @param data an Arquero table, an array of row objects, or an object of columns
 * @param formula the model, as for `feols`
 * @example
 * const r = await permutationTest(rows, 'y ~ treat + x | school', { param: 'treat', permute: 'treat', by: 'school', reps: 2000, seed: 7 });
 * r.pValue; // share of re-assignments with |t*| >= |t|
 */
export async function permutationTest(data: DataInput, formula: string | ParsedFormula, options: PermutationOptions): Promise<PermutationResult> {
  const {
    param: paramIn, permute: permuteIn, by, strata, stat: statIn, reps: repsIn, seed: seedIn, workers: workersIn,
    pType: pTypeIn, chunkSize, signal, onProgress, backend, ...feolsOptions
  } = options ?? ({} as PermutationOptions);
  const param = nonEmpty('param', paramIn);
  const column = nonEmpty('permute', permuteIn);
  const stat = statIn === undefined ? PERMUTE_DEFAULTS.stat : oneOf('stat', statIn, STATS);
  const pType = pTypeIn === undefined ? PERMUTE_DEFAULTS.pType : oneOf('pType', pTypeIn, PTYPES);
  const reps = integerIn('reps', repsIn ?? PERMUTE_DEFAULTS.reps, 1, 2 ** 31 - 1);
  const seed = integerIn('seed', seedIn ?? PERMUTE_DEFAULTS.seed, 0, Number.MAX_SAFE_INTEGER);
  resolveWorkers(workersIn); // validate now; undefined lets a tiny sweep skip starting the pool
  if (by !== undefined) nonEmpty('by', by);
  if (strata !== undefined) nonEmpty('strata', strata);
  if (by === column || strata === column) throw new OptionError(`'${column}' is the permuted column; by and strata must be other columns`);

  const resolved = resolveOptions(feolsOptions);
  const parsed = typeof formula === 'string' ? parseFormula(formula) : formula;
  if (parsed.multiple) throw new OptionError(`'${parsed.text}' holds several models (${parsed.multiple.op}); test one model at a time`);
  const source = columnSource(data);
  assertColumn(source, column, 'the permuted column');
  if (by !== undefined) assertColumn(source, by, 'the permutation unit (by)');
  if (strata !== undefined) assertColumn(source, strata, 'the strata');
  const variables = variablesOf(parsed);
  if (!variables.includes(column)) {
    throw new OptionError(`the permuted column '${column}' is not used by '${parsed.text}', so permuting it changes nothing; the formula uses ${variables.join(', ')}`);
  }

  const sample = estimationSample(source, parsed, resolved);
  if (!sample.names.includes(param)) {
    throw new OptionError(`param '${param}' is not a coefficient of '${parsed.text}'; its coefficients are ${sample.names.join(', ')}`);
  }
  const assignment = buildAssignment({
    column: rowValues(source.column(column)), columnName: column, sampleRows: sample.rows,
    unit: by === undefined ? undefined : { name: by, values: rowValues(source.column(by)) },
    strata: strata === undefined ? undefined : { name: strata, values: rowValues(source.column(strata)) },
  });
  const count = countAssignments(assignment, reps);
  const enumerate = count <= reps;
  const total = enumerate ? count : reps;

  const shared = [...variables, ...resolved.cluster];
  if (resolved.weights) shared.push(resolved.weights);
  if (resolved.panel) shared.push(resolved.panel.id, resolved.panel.time);
  const context: PermuteContext = {
    table: shareColumns(source, shared), formula: parsed.text, options: resolved, column, param, stat, seed,
    enumerate, nobs: sample.rows.length, assignment,
  };

  // The observed statistic, by the same code as the draws; its time sizes the tasks.
  core();
  const state = preparePermute(context);
  const t0 = performance.now();
  const statistic = permuteStatistic(state);
  const msPerDraw = performance.now() - t0;
  if (Number.isNaN(statistic)) {
    throw new EstimationError(`'${param}' is collinear with the other regressors or the fixed effects in '${parsed.text}'; there is no coefficient to test`);
  }

  const draws = await runSweep({
    kind: PERMUTE_TASK, module: PERMUTE_MODULE, context, total, workers: workersIn, chunkSize, msPerDraw,
    signal, onProgress, backend, label: 'the permutation test',
  });
  const p = permutationPValues(statistic, draws);
  const pValues: PermutationPValues = Object.freeze({ twoSided: p.twoSided, equalTailed: p.equalTailed, lower: p.lower, upper: p.upper });
  const pValue = pType === 'two-sided' ? p.twoSided : pType === 'equal-tailed' ? p.equalTailed : pType === 'lower' ? p.lower : p.upper;
  return Object.freeze({
    term: param, statistic, pValue, pType, pValues, reps: total, enumerated: enumerate,
    undefinedDraws: total - p.defined, seed, stat, nobs: sample.rows.length, draws,
  });
}
