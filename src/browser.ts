/**
 * hdfe in a browser page: the library of src/index.ts on the browser platform (the WebAssembly core
 * streamed by `init()`, sweeps on module Web Workers), plus reading data from a File, an ArrayBuffer or a URL.
 * Built by `npm run build` into dist/web/hdfe.js (ESM); an Arquero table or plain columns go to feols as in Node.
 *
 * @example
 * import * as hdfe from './hdfe.js';
 * await hdfe.init();
 * const data = await hdfe.loadData(fileInput.files[0], { select: hdfe.modelColumns('y ~ x | firm') });
 * const fit = hdfe.feols(data.columns, 'y ~ x | firm', { vcov: 'hetero' });
 */
import './platform/browser/index.js';
import { loadBytes, type LoadOptions } from './data/load-bytes.js';
import type { LoadedData } from './data/readers/types.js';
import { sourceBytes, type BrowserSource } from './platform/browser/files.js';

export { init, closeWorkers, type InitOptions, type WasmInput } from './platform/browser/index.js';
export { sourceBytes, baseName, type BrowserSource } from './platform/browser/files.js';
export { loadBytes, formatOf, type LoadOptions, type DataFormat } from './data/load-bytes.js';
export type { LoadedData, LoadedColumn, ColumnRole } from './data/readers/types.js';
export { modelColumns } from './data/select.js';
export { feols } from './estimate/feols.js';
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
export { AbortError } from './parallel/errors.js';
export { wildBootstrap, type WildResult } from './infer/wild.js';
export { wildBootstrapParallel, type ParallelWildOptions } from './infer/wild-parallel.js';
export type { WildOptions } from './infer/options.js';
export { pairsBootstrap, clusterBootstrap, type ResampleResult } from './infer/resample.js';
export { specificationGrid, type GridResult, type GridOptions } from './grid/run.js';
export { gridFiles, gridToJson, type GridFileOptions } from './grid/files.js';
export { rowsToCsv } from './grid/rows.js';
export { specificationCurveSvg, specificationCurveSpec } from './grid/figure.js';
export { regressionTable, descriptiveTable, describeColumns, render, type Table, type RegressionTableOptions, type OutputFormat } from './report/index.js';
export { studyTables, studyData, LABELS, type StudyInputs, type StudyResult } from './study/tables.js';
export { fitJson, bootJson } from './cli/json.js';
export { formatSummary } from './cli/summary.js';

/**
 * Read a table from a File, Blob, ArrayBuffer, bytes or URL; the format follows the name's extension
 * (a File's name, a URL's last segment, or `name`) unless `format` is given.
 * @example
 * const d = await loadData('/files/panel.csv', { select: { y: 'number', firm: 'factor' } });
 */
export async function loadData(source: BrowserSource, options: LoadOptions & { name?: string; format?: string } = {}): Promise<LoadedData> {
  const { name, format, ...load } = options;
  const { bytes, name: label } = await sourceBytes(source, name);
  return loadBytes(bytes, label, format, load);
}
