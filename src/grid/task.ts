/**
 * The grid's pool task: draw d of a sweep is group `first + d`, computed by `runGroup` on the shared data.
 * Each worker decodes the shared columns once per grid; groups are independent, so results do not depend
 * on which worker ran which group.
 */
import { registerTask } from '../parallel/registry.js';
import { sharedSource, type SharedTable } from '../parallel/shared.js';
import type { ColumnSource } from '../data/columns.js';
import { runGroup, SPEC_FIELD_COUNT } from './group.js';
import type { GridPlan } from './plan.js';

export const GRID_TASK = 'grid.group';
/** The module that registers GRID_TASK, as a worker imports it (a path under src/). */
export const GRID_MODULE = 'grid/task.js';

/** What every task of a grid sweep receives; the columns are in SharedArrayBuffers. */
export interface GridContext {
  readonly table: SharedTable;
  readonly plan: GridPlan;
  /** Group of draw 0 (the calling thread runs the first group itself, to time it). */
  readonly first: number;
}

interface GridState {
  readonly context: GridContext;
  readonly source: ColumnSource;
}

registerTask<GridContext, GridState>(GRID_TASK, {
  prepare: (context) => ({ context, source: sharedSource(context.table) }),
  run(state, start, end) {
    const { plan, first } = state.context;
    const width = plan.specsPerGroup * SPEC_FIELD_COUNT;
    const out = new Float64Array((end - start) * width);
    for (let d = start; d < end; d++) out.set(runGroup(state.source, plan, first + d), (d - start) * width);
    return out;
  },
});
