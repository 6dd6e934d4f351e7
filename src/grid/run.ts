/**
 * `specificationGrid`: plan the grid on the data, run its groups (one projection each) in this thread or on
 * the pool, and assemble one row per specification in enumeration order, with the curve's summary.
 */
import { columnSource, type DataInput } from '../data/columns.js';
import { OptionError } from '../errors.js';
import { AbortError } from '../parallel/errors.js';
import { shareColumns } from '../parallel/shared.js';
import { runSweep } from '../parallel/sweep.js';
import { resolveWorkers } from '../parallel/workers.js';
import { platform } from '../platform/platform.js';
import type { Backend } from '../parallel/runner.js';
import { core } from '../wasm/module.js';
import { GRID_DEFAULTS } from './defaults.js';
import { runGroup, SPEC_FIELD_COUNT } from './group.js';
import { planGrid, type GridEstimationOptions } from './plan.js';
import { assembleRows, type GridRow } from './rows.js';
import type { SampleInstance } from './samples.js';
import type { Grid, GridDefinition } from './spec.js';
import { curveSummary, type CurveSummary } from './summary.js';
import { GRID_MODULE, GRID_TASK, type GridContext } from './task.js';

export interface GridOptions extends GridEstimationOptions {
  /** Significance level of the summary's shares and the figure's colours [GRID_DEFAULTS.alpha = 0.05]. */
  alpha?: number;
  /**
   * Workers for the groups (default: the pool's default, except that a grid whose groups are quick runs in
   * this thread); 1 runs every group in this thread. Results are bit-identical either way.
   */
  workers?: number;
  signal?: AbortSignal;
  /** Run the groups as BullMQ jobs on Redis (`{ redis: 'redis://host:port' }`) instead of the local pool. */
  backend?: Backend;
  /** Called as groups finish, with the specifications done so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

export interface GridResult {
  readonly grid: Grid;
  /** The samples after expanding drop-one choices (a row's `choices.sample` indexes them). */
  readonly samples: readonly SampleInstance[];
  /** One per specification, in enumeration order (row i has id i + 1). */
  readonly rows: readonly GridRow[];
  readonly summary: CurveSummary;
  /** Groups, i.e. projections computed (one per fixed-effect set x sample x main variant). */
  readonly groups: number;
  /** Confidence level of the intervals. */
  readonly level: number;
}

/**
 * Estimate every specification of a grid. Each group of specifications sharing a fixed-effect set, sample and
 * main variant is projected once; each specification is then a small solve (see solve.ts).
 *
 * @param data an Arquero table, an array of row objects, or an object of columns
 * @example
 * const res = await specificationGrid(rows, {
 *   depvar: 'SL', main: ['Vag', 'l(Vag,1)', 'l(Vag,2)'], controls: ['GDP', 'TAX', 'CPI', 'FDI'],
 *   fixedEffects: [['year'], ['province', 'year']], panel: { id: 'province', time: 'year' },
 * });
 * res.rows.length; // 96
 * res.summary.median; // median estimate of the main regressor
 */
export async function specificationGrid(data: DataInput, definition: GridDefinition, options: GridOptions = {}): Promise<GridResult> {
  const { alpha: alphaIn, workers, signal, onProgress, backend, ...estimation } = options ?? {};
  const alpha = alphaIn ?? GRID_DEFAULTS.alpha;
  if (!(typeof alpha === 'number' && alpha > 0 && alpha < 1)) throw new OptionError(`alpha must be a number in (0, 1); got ${JSON.stringify(alphaIn)}`);
  if (workers !== undefined) resolveWorkers(workers);
  const source = columnSource(data);
  const plan = planGrid(source, definition, estimation);
  const width = plan.specsPerGroup * SPEC_FIELD_COUNT;
  const values = new Float64Array(plan.groups * width);
  const report = (groupsDone: number) => onProgress?.(groupsDone * plan.specsPerGroup, plan.specs);

  // The first group here: it checks the data on this thread (clean errors) and times a group for the pool.
  core();
  const t0 = performance.now();
  values.set(runGroup(source, plan, 0), 0);
  const msPerGroup = performance.now() - t0;
  report(1);
  if (plan.groups > 1 && workers === 1 && backend === undefined) {
    for (let g = 1; g < plan.groups; g++) {
      if (signal?.aborted) throw new AbortError(`the specification grid was cancelled (${String(signal.reason ?? 'aborted')}); no result was produced`);
      values.set(runGroup(source, plan, g), g * width);
      report(g + 1);
      await platform().yieldNow();
    }
  } else if (plan.groups > 1) {
    const context: GridContext = { table: shareColumns(source, plan.columns), plan, first: 1 };
    const rest = await runSweep({
      kind: GRID_TASK, module: GRID_MODULE, context, total: plan.groups - 1, width, workers, msPerDraw: msPerGroup, signal, backend,
      onProgress: (done) => report(done + 1), label: 'the specification grid',
    });
    values.set(rest, width);
  }
  const rows = assembleRows(plan, values);
  return Object.freeze({
    grid: plan.grid, samples: plan.samples, rows, summary: curveSummary(rows, alpha), groups: plan.groups, level: plan.settings.level,
  });
}
