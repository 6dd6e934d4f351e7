/** hdfe: fixed-effects regression for Node.js. Public API (re-exports only). */
export { feols } from './estimate/feols.js';
export { revcov, type VcovOptions } from './estimate/revcov.js';
export { explainSe, type SeExplanation, type ExplainStep } from './estimate/explain.js';
export { CONVENTIONS, type ConventionName } from './estimate/vcov/conventions.js';
export type { FeolsOptions, Ssc, VcovType } from './estimate/options.js';
export type { FeolsResult, Coefficient, VcovInfo } from './estimate/result.js';
export { resultToJson } from './estimate/result.js';
export { DEFAULTS, INDEX_DEFAULTS, REGRESSION_DEFAULTS, DESCRIPTIVE_DEFAULTS, GRID_DEFAULTS, INFER_DEFAULTS, PERMUTE_DEFAULTS } from './defaults.js';
export * from './errors.js';
export { parseFormula } from './formula/parse.js';
export { feolsMultiple, type MultipleResult } from './estimate/multiple.js';
export { wald, type WaldResult, type WaldSpec } from './estimate/wald.js';
export { pAdjust, type PAdjustMethod } from './infer/p-adjust.js';
export { simpleSlopes, johnsonNeyman, meanPlusMinusSd, type SimpleSlope, type JohnsonNeyman, type ModerationTerms } from './estimate/moderation.js';
export { permutationTest, type PermutationResult } from './infer/permute.js';
export { closePool } from './parallel/pool.js';
export { AbortError } from './parallel/errors.js';
export { wildBootstrap, wildBootstrapParallel, pairsBootstrap, clusterBootstrap, type WildResult, type WildOptions, type ParallelWildOptions, type ResampleResult } from './infer/index.js';
export { specificationGrid, writeGridFiles, rowsToCsv, specificationCurveSvg } from './grid/index.js';
export { mtest, type MtestOptions, type MtestResult, type MtestHypothesis } from './infer/mtest.js';
export { stepDown, type StepDownResult } from './infer/stepdown.js';
export { curveJointTest, type CurveJointTest, type JointTestOptions } from './grid/joint.js';
export { fixef, fixefCoefficients, type FixefValues, type FixefCoefficients } from './estimate/fixef.js';
export { predict, predictDetailed, fitted, type PredictOptions, type PredictType, type Prediction } from './estimate/predict.js';
export { IDENTITY_LINK, type Link } from './estimate/model-state.js';
export { coefplotSvg, coefplotSpec, coefplotPoints, type CoefplotOptions, type CoefplotPoint } from './report/coefplot.js';
// What the CLI can do, as a library: tables and their renderers, descriptive statistics, the study's index
// builders and the file loader.
export { regressionTable, descriptiveTable, describeColumns, render, renderText, numberFormat, formatNumber } from './report/index.js';
export type { Table, RegressionTableOptions, DescriptiveTableOptions, DescribeOptions, ColumnStats, OutputFormat, ExtraRow } from './report/index.js';
export { exportResilience, locationQuotient, potentialIndex } from './indices/index.js';
export type { ExportResilienceOptions, LocationQuotientOptions, PotentialIndexOptions, DistanceMatrix } from './indices/index.js';
export { loadData, type DataFormat, type LoadOptions } from './data/load.js';
