/**
 * The study end to end (data/README.md, "The study"): from the raw province series to the paper's Tables 1-4, plus the
 * columns the paper lacks (province-clustered SEs, province + year FE, simple slopes, Johnson-Neyman).
 * Orchestration only: every number comes from the index builders, feols and the report layer. No file
 * access: replicate.ts (Node) reads data/ and writes output/; the page fetches the same files.
 */
import type { LoadedData } from '../data/readers/types.js';
import { rowValues } from '../data/columns.js';
import { feols } from '../estimate/feols.js';
import { feolsMultiple } from '../estimate/multiple.js';
import { johnsonNeyman, meanPlusMinusSd, simpleSlopes } from '../estimate/moderation.js';
import type { FeolsResult } from '../estimate/result.js';
import { exportResilience, potentialIndex } from '../indices/index.js';
import { describeColumns, descriptiveTable, regressionTable, render, type RegressionTableOptions, type Table } from '../report/index.js';
import { DataError } from '../errors.js';
import { wildBootstrap, type WildResult } from '../infer/wild.js';
import { permutationTest, type PermutationResult } from '../infer/permute.js';
import { gridFiles } from '../grid/files.js';
import { specificationGrid, type GridResult } from '../grid/run.js';
import { curveJointTest, type CurveJointTest } from '../grid/joint.js';
import type { GridDefinition } from '../grid/spec.js';
import { GRID_DEFAULTS } from '../defaults.js';

/** The study's three inputs, read by the caller: data/province_panel.csv, province_distance.csv, province_panel.truth.json. */
export interface StudyInputs {
  readonly panel: LoadedData;
  readonly distance: LoadedData;
  readonly truth: StudyTruth;
}

/** The synthetic design's parameters (province_panel.truth.json), as far as the study uses them. */
export interface StudyTruth {
  readonly coefficients: Record<string, number>;
  readonly vag: { readonly internal_distance: { readonly fraction: number } };
}

/** Choices of the job. */
export interface StudyOptions {
  /** First and last year of the paper's tables. */
  years?: [number, number];
  /** Seed of the bootstrap and the permutation test. */
  seed?: number;
  /** Worker threads of the permutation test (results do not depend on it). */
  workers?: number;
}

/** Every output of the job, for the caller (CLI, page, tests) to print, write or check. */
export interface StudyResult {
  readonly tables: Readonly<Record<string, Table>>;
  readonly models: Readonly<Record<string, readonly FeolsResult[]>>;
  /** The files of output/, as [name, text] in the order they are written: tableN.{md,tex,html,json}, moderation.json, spec_curve_*, inference.json. */
  readonly outputs: readonly (readonly [string, string])[];
  /** Table 2 as text with the true coefficients beside column (6). */
  readonly terminal: string;
  readonly data: Readonly<Record<string, Float64Array | (string | null)[]>>;
  /** Inference on Vag in the full baseline model with 30 province clusters. */
  readonly inference: { readonly wild: WildResult; readonly permutation: PermutationResult };
  /** The specification curve: every subset of the controls x {year, province + year FE} x {Vag, L.Vag, L2.Vag}. */
  readonly curve: GridResult;
  /** The curve's joint test: median and share significant against the wild bootstrap of the whole grid under H0. */
  readonly curveJoint: CurveJointTest;
}

const CONTROLS = 'GDP + TAX + CPI + FDI';

/** The paper's row labels (its Stata names), for every table. */
export const LABELS: Readonly<Record<string, string>> = {
  '(Intercept)': '_cons', 'l(Vag,1)': 'L.Vag', 'l(Vag,2)': 'L2.Vag', RD: 'R&D', 'Vag:RD': 'XZ',
  'center(Vag):center(RD)': 'XZ_c', year: 'Year FE', province: 'Province FE',
};

function column(d: LoadedData, name: string): Float64Array {
  const c = d.columns[name];
  if (!(c instanceof Float64Array)) throw new DataError(`the bundled panel's column '${name}' should be numeric; regenerate data/ with node data/make-province-panel.mjs`);
  return c;
}

/** SL (Martin 2012, k = 1, the given national series) and Vag (the potential index, scaled to max 1). */
export function studyData(inputs: StudyInputs, years: [number, number]) {
  const { panel, distance: dist, truth } = inputs;
  const province = rowValues(panel.columns.province) as (string | null)[];
  if (province.some((p) => p === null)) throw new DataError("the bundled panel has rows without a province; regenerate data/");
  const year = column(panel, 'year');
  const SL = exportResilience({ id: province as string[], time: year, exports: column(panel, 'exports'), national: column(panel, 'national_exports'), k: 1 });
  const ids = rowValues(dist.columns.province) as (string | null)[];
  const matrix = ids.map((_, i) => ids.map((name) => column(dist, name as string)[i]));
  // Vag exists from the first year with digital-service output (2009); 2008 rows only carry exports.
  const rows = Array.from({ length: panel.n }, (_, i) => i).filter((i) => !Number.isNaN(column(panel, 'vs_output')[i]));
  const pick = <T>(values: ArrayLike<T>) => rows.map((i) => values[i]);
  const raw = potentialIndex({
    id: pick(province) as string[], time: pick(year), output: pick(column(panel, 'vs_output')), size: pick(column(panel, 'size')),
    distance: { ids: ids as string[], matrix }, internalDistance: { kind: 'fraction-of-nearest', fraction: truth.vag.internal_distance.fraction },
  });
  const scale = raw.reduce((a, v) => Math.max(a, v), 0);
  const inYears = rows.filter((i) => year[i] >= years[0] && year[i] <= years[1]);
  const at = new Map(rows.map((i, r) => [i, r]));
  const numeric = (values: ArrayLike<number>) => Float64Array.from(inYears, (i) => values[i]);
  const data: Record<string, Float64Array | (string | null)[]> = {
    province: inYears.map((i) => province[i]),
    year: numeric(year),
    SL: numeric(SL),
    Vag: Float64Array.from(inYears, (i) => raw[at.get(i) as number] / scale),
  };
  for (const name of ['GDP', 'TAX', 'CPI', 'FDI', 'RD', 'Internet']) data[name] = numeric(column(panel, name));
  return { data, truth };
}

function write(name: string, table: Table, outputs: [string, string][]): void {
  for (const [ext, format] of [['md', 'md'], ['tex', 'latex'], ['html', 'html'], ['json', 'json']] as const) {
    outputs.push([`${name}.${ext}`, render(table, format)]);
  }
}

/** Run the whole study on its inputs: Tables 1-7 and the extras, as tables and as the texts of output/. */
export async function studyTables(inputs: StudyInputs, options: StudyOptions = {}): Promise<StudyResult> {
  const years = options.years ?? [2009, 2020];
  const { data, truth } = studyData(inputs, years);
  const outputs: [string, string][] = [];
  const panel = { id: 'province', time: 'year' };
  // The paper's row order: the agglomeration terms first, the moderator and interaction next, then controls.
  const order = ['Vag', 'l(Vag,1)', 'l(Vag,2)', 'RD', 'Vag:RD', 'center(Vag):center(RD)', 'GDP', 'TAX', 'CPI', 'FDI']
    .map((term) => new RegExp(`^${term.replace(/[()^:,]/g, (ch) => `\\${ch}`)}$`));
  const common: RegressionTableOptions = { labels: LABELS, stats: ['nobs', 'adjR2', 'vcov'], order };

  // Table 1: descriptive statistics of the estimation sample's variables.
  const t1 = descriptiveTable(describeColumns({
    Year: data.year as Float64Array, SL: data.SL as Float64Array, Vag: data.Vag as Float64Array, GDP: data.GDP as Float64Array,
    TAX: data.TAX as Float64Array, CPI: data.CPI as Float64Array, FDI: data.FDI as Float64Array,
    Internet: data.Internet as Float64Array, 'R&D': data.RD as Float64Array,
  }), { caption: `Table 1. Descriptive statistics, ${years[0]}-${years[1]} (synthetic panel)` });

  // Table 2: the paper's six columns, conventional SEs, in one call.
  const t2m = feolsMultiple(data, ['SL ~ Vag', `SL ~ Vag + csw0(GDP, TAX, CPI, FDI) | year`]).models;
  const t2 = regressionTable(t2m, { ...common, caption: 'Table 2. Baseline: virtual agglomeration and export resilience' });

  // Table 3: lagged regressor within each province (the first one or two years drop out).
  const t3m = feolsMultiple(data, `SL ~ sw(l(Vag,1), l(Vag,2)) + ${CONTROLS} | year`, { panel }).models;
  const t3 = regressionTable(t3m, { ...common, caption: 'Table 3. Lagged virtual agglomeration' });

  // Table 4: moderation by R&D, raw and with the centred interaction.
  const t4m = feolsMultiple(data, [
    `SL ~ Vag + RD + ${CONTROLS} | year`,
    `SL ~ Vag + RD + Vag:RD + ${CONTROLS} | year`,
    `SL ~ Vag + RD + center(Vag):center(RD) + ${CONTROLS} | year`,
  ]).models;
  const t4 = regressionTable(t4m, { ...common, caption: 'Table 4. Moderation by innovation (R&D)' });

  // What the paper lacks: clustering by province and province fixed effects.
  const cluster = { cluster: 'province' };
  const t5m = [
    feols(data, `SL ~ Vag + ${CONTROLS} | year`),
    feols(data, `SL ~ Vag + ${CONTROLS} | year`, cluster),
    feols(data, `SL ~ Vag + ${CONTROLS} | province + year`, cluster),
    feols(data, `SL ~ Vag + RD + Vag:RD + ${CONTROLS} | year`, cluster),
    feols(data, `SL ~ Vag + RD + Vag:RD + ${CONTROLS} | province + year`, cluster),
  ];
  const t5 = regressionTable(t5m, {
    ...common,
    titles: ['paper (iid)', 'clustered', 'two-way FE', 'moderation', 'moderation, two-way FE'],
    caption: 'Table 5. Robustness the paper lacks: province-clustered SEs (30 clusters) and province fixed effects',
  });

  // Simple slopes of Vag at mean R&D +- 1 sd (on the final sample) and the Johnson-Neyman interval.
  const moderation = t5m[3];
  const rdOnSample = Array.from(moderation.rows, (i) => (data.RD as Float64Array)[i]);
  const terms = { x: 'Vag', xz: 'Vag:RD' };
  const slopes = simpleSlopes(moderation, terms, meanPlusMinusSd(rdOnSample));
  const jn = johnsonNeyman(moderation, terms);
  const t6 = regressionTable(slopes.map((s) => ({
    depvar: 'SL', nobs: moderation.nobs, r2: moderation.r2, adjR2: moderation.adjR2, withinR2: moderation.withinR2,
    adjWithinR2: moderation.adjWithinR2, fixef: moderation.fixef, vcov: moderation.vcov,
    coefficients: [{ term: 'Vag', estimate: s.estimate, stdError: s.stdError, statistic: s.statistic, pValue: s.pValue, confLow: s.confLow, confHigh: s.confHigh }],
  })), {
    ...common,
    titles: ['R&D = mean - sd', 'R&D = mean', 'R&D = mean + sd'],
    extraRows: [{ label: 'R&D', values: slopes.map((s) => s.at) }],
    notes: [`Johnson-Neyman (${Math.round(jn.level * 100)}%): the effect of Vag is significant ${jn.significant === 'outside' ? 'outside' : jn.significant === 'inside' ? 'inside' : jn.significant} ` +
      (jn.bounds.length ? `R&D in [${jn.bounds.map((b) => b.toFixed(3)).join(', ')}]` : '') +
      `; observed R&D range [${Math.min(...rdOnSample).toFixed(2)}, ${Math.max(...rdOnSample).toFixed(2)}].`],
    caption: 'Table 6. Simple slopes of Vag by R&D (province-clustered SEs, year FE)',
  });

  // With 30 clusters, the wild cluster bootstrap (null imposed, Webb weights: 2^30 sign vectors would not
  // be enumerable, and Webb's six points suit few clusters) and a randomization test of Vag within years.
  const seed = options.seed ?? 20261123;
  const full = `SL ~ Vag + ${CONTROLS} | year`;
  const wild = wildBootstrap(data, full, { param: 'Vag', cluster: 'province', reps: 9999, seed, weights: 'webb' });
  const permutation = await permutationTest(data, full, {
    param: 'Vag', permute: 'Vag', strata: 'year', stat: 't', cluster: 'province', reps: 999, seed, workers: options.workers,
  });
  const t7 = regressionTable([t5m[1]], {
    ...common,
    titles: ['Table 2 (6), clustered'],
    keep: [/^Vag$/],
    extraRows: [
      { label: 'Wild cluster bootstrap p', values: [drawnP(wild.pValue, wild.reps)] },
      { label: `Wild bootstrap ${Math.round(wild.level * 100)}% CI`, values: [`[${wild.confLow.toFixed(4)}, ${wild.confHigh.toFixed(4)}]`] },
      { label: 'Permutation p (within years)', values: [permutation.enumerated ? permutation.pValue : drawnP(permutation.pValue, permutation.reps)] },
    ],
    notes: [`Wild cluster bootstrap: null imposed, ${wild.weights} weights, ${wild.reps} draws, ${wild.clusters} province clusters, seed ${seed}; ` +
      `permutation test: Vag shuffled within years, t statistic with province-clustered SEs, ${permutation.reps} draws.`],
    caption: 'Table 7. Inference on Vag with 30 clusters',
  });

  // The specification curve the paper's six hand-picked columns stand in for (province-clustered SEs).
  const curveGrid: GridDefinition = {
    depvar: 'SL', main: ['Vag', 'l(Vag,1)', 'l(Vag,2)'], controls: ['GDP', 'TAX', 'CPI', 'FDI'],
    fixedEffects: [['year'], ['province', 'year']], vcov: [{ type: 'cluster', cluster: ['province'] }], panel,
  };
  const curve = await specificationGrid(data, curveGrid, { workers: options.workers });
  // Is the curve as a whole more than no effect anywhere would give? (Simonsohn, Simmons and Nelson 2020.)
  const curveJoint = await curveJointTest(data, curveGrid, {}, {
    cluster: 'province', reps: GRID_DEFAULTS.jointReps, seed, weights: 'webb', workers: options.workers,
  });

  const tables = { table1: t1, table2: t2, table3: t3, table4: t4, table5: t5, table6: t6, table7: t7 };
  for (const [name, table] of Object.entries(tables)) write(name, table, outputs);
  outputs.push(['moderation.json', JSON.stringify({ simpleSlopes: slopes, johnsonNeyman: jn }, null, 2)]);
  outputs.push(...await gridFiles(curve, { prefix: 'spec_curve_', figureOptions: { labels: LABELS } }));
  const { estimates: _e, statistics: _t, rowIds: _r, ...jointSummary } = curveJoint;
  outputs.push(['spec_curve_joint.json', JSON.stringify(jointSummary, null, 2)]);
  const { draws: _draws, ...permutationSummary } = permutation;
  outputs.push(['inference.json', JSON.stringify({ wild, permutation: permutationSummary }, null, 2)]);

  return Object.freeze({
    tables, outputs, data,
    models: { table2: t2m, table3: t3m, table4: t4m, table5: t5m },
    inference: { wild, permutation },
    curve,
    curveJoint,
    terminal: terminalTable2(t2, t2m[5], truth, rdOnSample) + '\n\n' + curveLine(curve, curveJoint),
  });
}

/** A p-value from B random draws: 0 is only known to be below 1/B, and is printed so (`< 0.001`). */
function drawnP(p: number, reps: number): number | string {
  return p === 0 ? `< ${Number((1 / reps).toPrecision(2))}` : p;
}

/** Table 2 for the terminal, with the synthetic design's true coefficients beside column (6). */
function terminalTable2(table: Table, full: FeolsResult, truth: StudyTruth, rd: number[]): string {
  const c = truth.coefficients;
  const meanRd = rd.reduce((a, v) => a + v, 0) / rd.length;
  const truthOf: Record<string, number> = {
    Vag: c.Vag + c.Vag_x_RD * meanRd, GDP: c.GDP, TAX: c.TAX, CPI: c.CPI, FDI: c.FDI,
  };
  const fmt = (x: number) => (Math.abs(x) < 1e-3 ? x.toExponential(3) : x.toPrecision(4));
  const lines = full.coefficients.map((co) => {
    const t = truthOf[co.term];
    return `  ${co.term.padEnd(4)} estimate ${fmt(co.estimate).padStart(10)}  (SE ${fmt(co.stdError).padStart(9)})   truth ${t === undefined ? '-' : fmt(t)}`;
  });
  return [
    render(table, 'text'),
    '',
    'Column (6) against the synthetic design (data/province_panel.truth.json):',
    ...lines,
    `  (the true Vag effect in a model without the interaction is b1 + b7 x mean R&D = ${truthOf.Vag.toPrecision(4)};`,
    '   R&D is omitted from Table 2 as in the paper, so column (6) is not an unbiased estimate of it)',
  ].join('\n');
}

function curveLine(curve: GridResult, joint: CurveJointTest): string {
  const s = curve.summary;
  const p = (x: number) => (x === 0 ? `< ${(1 / joint.reps).toPrecision(2)}` : `= ${x.toPrecision(3)}`);
  return `Specification curve (${s.specs} specifications, province-clustered): median estimate ${s.median.toPrecision(3)}, ` +
    `${(100 * s.sharePositive).toFixed(0)}% positive, ${(100 * s.shareSignificant).toFixed(0)}% significant at 5% (output/spec_curve_*)\n` +
    `Joint test (wild cluster bootstrap of the whole curve under H0, ${joint.reps} draws): median p ${p(joint.pMedian)}, ` +
    `share significant (${joint.direction > 0 ? 'positive' : 'negative'}) p ${p(joint.pShareSignificant)}`;
}
