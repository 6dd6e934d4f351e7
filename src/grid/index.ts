/**
 * Specification grids: every combination of main-regressor variants, control subsets, fixed-effect sets,
 * samples and variances, one projection per group of specifications sharing a sample, then small solves;
 * one row per specification, the specification-curve summary and figure.
 *
 * @example
 * import { specificationGrid, rowsToCsv, specificationCurveSvg } from './grid/index.js';
 * const res = await specificationGrid(rows, { depvar: 'y', main: ['x', 'l(x,1)'], controls: ['a', 'b', 'c'],
 *   fixedEffects: [['year'], ['unit', 'year']], panel: { id: 'unit', time: 'year' } });
 * const csv = rowsToCsv(res.rows);
 * const svg = await specificationCurveSvg(res);
 */
export { specificationGrid, type GridOptions, type GridResult } from './run.js';
export {
  validateGrid, controlSubsets, subsetCount, feLabel, vcovLabel, sampleLabelOf,
  type GridDefinition, type Grid, type SampleChoice, type VcovChoice,
} from './spec.js';
export { planGrid, groupChoices, type GridPlan, type GridEstimationOptions, type GroupChoices } from './plan.js';
export { expandSamples, leftOutRows, type SampleInstance } from './samples.js';
export { runGroup, SPEC_FIELDS, SPEC_FIELD_COUNT, SPEC_STATUS } from './group.js';
export { GroupSolver, type SubsetFit } from './solve.js';
export { assembleRows, rowToJson, rowsToCsv, type GridRow, type SpecChoices } from './rows.js';
export { curveSummary, type CurveSummary } from './summary.js';
export { GRID_DEFAULTS } from './defaults.js';
export { GRID_TASK, GRID_MODULE, type GridContext } from './task.js';
export { specificationCurveSpec, specificationCurveSvg, type CurveFigureOptions } from './figure.js';
export { writeGridFiles, gridToJson, type GridFileOptions } from './files.js';
export { varianceViews, specVariance, type VarianceView, type SpecVariance, type VarianceFailure } from './variance.js';
export { curveJointTest, type CurveJointTest, type JointTestOptions, JOINT_TASK, JOINT_MODULE } from './joint.js';
