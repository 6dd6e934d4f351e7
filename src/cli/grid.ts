/** `hdfe grid <data|-> --depvar Y --main X[,...] [--controls ...]`: a specification grid and its curve. */
import { QUEUE_FLAGS, QUEUE_HELP, queueBackend, queueProgressLines } from './queue-flags.js';
import { ensureDir, writeFilesAtomic } from '../platform/node/output.js';
import { join, relative } from 'node:path';
import { DEFAULTS } from '../defaults.js';
import { GRID_DEFAULTS } from '../grid/defaults.js';
import { gridFiles, gridToJson } from '../grid/files.js';
import { curveJointTest, type CurveJointTest } from '../grid/joint.js';
import { specificationGrid, type GridResult } from '../grid/run.js';
import { INFER_DEFAULTS } from '../infer/defaults.js';
import type { SampleChoice, VcovChoice } from '../grid/spec.js';
import { closePool, defaultWorkers, progressBar } from '../parallel/index.js';
import { cancelOnInterrupt } from './interrupt.js';
import { trace } from '../platform/node/trace.js';
import { list, parse, parseSsc, splitTopLevel, str, UsageError } from './args.js';
import { MODEL_HELP } from './fit.js';
import { readForCommand } from './read.js';
import { modelColumns } from '../data/select.js';
import type { ColumnRole } from '../data/load.js';

export const GRID_USAGE = 'hdfe grid <data.csv|-> --depvar Y --main X[,...] [--controls A,B,...] [options]';

/** The shared model-flag help lines that mean the same here. */
const SHARED_HELP = MODEL_HELP.split('\n').filter((l) => /^\s+--(ssc|singletons|weights|format)\b/.test(l)).join('\n');

export const GRID_HELP = `${GRID_USAGE}

Estimate every specification of a grid: each main-regressor variant x each subset of the controls x each
fixed-effect set x each sample x each variance. Specifications sharing a fixed-effect set, sample and main
variant share one sample (rows missing any of their variables are dropped for all of them) and one
demeaning; each is then a small solve. Prints the specification-curve summary; --out-dir writes rows.csv,
rows.json and curve.svg (estimates sorted with CIs over an indicator panel of the choices).

Lists are comma-separated; commas inside parentheses stay with their term (l(Vag,1)).

Options (defaults in brackets):
  --depvar Y               outcome (a column or expression such as log(y))
  --main X[,...]           variants of the main regressor, e.g. 'Vag,l(Vag,1),l(Vag,2)'
  --controls A,B,...       candidate controls; every subset is tried [none]
  --max-controls K         largest subset of the controls [all of them]
  --fe 'a;b+c'             fixed-effect sets separated by ';', FEs within a set by '+'; none = no FE [none]
  --samples LIST           full, drop-unit[=COL], drop-period[=COL]: leave out one unit (period) at a time;
                           COL defaults to the --panel id (time) [full]
  --vcov LIST              iid, hetero, cluster (with --cluster) [${GRID_DEFAULTS.vcov[0].type}]
  --cluster 'a;b,c'        clustered variances, one per ';'-separated entry, ',' for multiway; alone, only
                           these are used
  --panel id,time          panel for l(), f(), d() and the drop-one samples
${SHARED_HELP}
  --alpha A                significance level of the summary and the figure [${GRID_DEFAULTS.alpha}]
  --level L                confidence level of the intervals [${DEFAULTS.level}]
  --workers N              worker threads for the groups; 1 runs in the main thread [available cores: ${defaultWorkers()}]
  --joint-test             joint inference over the curve (Simonsohn, Simmons and Nelson 2020): the median
                           estimate and the share significant in the dominant direction against the wild
                           cluster bootstrap of the whole grid with the main coefficient 0 in every
                           specification (same cluster weights across specifications); CR1 by the joint
                           cluster, one test per FE set x sample x main x controls
  --joint-cluster C        its cluster variable [the --cluster variable, when there is one]
  --joint-reps B           its draws; all 2^G sign vectors when 2^G <= B (Rademacher) [${GRID_DEFAULTS.jointReps}]
  --joint-weights W        rademacher|webb|mammen|normal [${INFER_DEFAULTS.weights}]; with --out-dir, joint_test.json
  --seed S                 seed of the joint test's draws [${INFER_DEFAULTS.seed}]
  --out-dir DIR            write rows.csv, rows.json, curve.svg in DIR (created) [no files]
  --no-svg                 with --out-dir, skip the figure
  --json                   the summary as JSON
${QUEUE_HELP}
  -h, --help               this help

Results do not depend on --workers. Progress is shown on stderr (a terminal) for runs over a second.
`;

function number(option: string, value: string | boolean | undefined, check: (v: number) => boolean, what: string): number | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !check(v)) throw new UsageError(`${option} takes ${what}; got '${text}'`);
  return v;
}

function fixedEffectSets(value: string | boolean | undefined): string[][] | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  return text.split(';').map((s) => s.trim()).map((set) => (set === '' || set === 'none' ? [] : set.split('+').map((f) => f.trim())));
}

function samples(value: string | boolean | undefined, panel: string[] | undefined): SampleChoice[] | undefined {
  const entries = list(value);
  if (!entries) return undefined;
  return entries.map((entry) => {
    if (entry === 'full') return 'full';
    const [kind, col] = entry.split('=').map((s) => s.trim());
    if (kind !== 'drop-unit' && kind !== 'drop-period') {
      throw new UsageError(`--samples takes full, drop-unit[=COL] and drop-period[=COL]; got '${entry}'`);
    }
    const column = col || (panel ? (kind === 'drop-unit' ? panel[0] : panel[1]) : undefined);
    if (!column) throw new UsageError(`--samples ${kind} needs a column: write ${kind}=COL or give --panel id,time`);
    return kind === 'drop-unit' ? { dropUnit: column } : { dropPeriod: column };
  });
}

function variances(vcovValue: string | boolean | undefined, clusterValue: string | boolean | undefined): VcovChoice[] | undefined {
  const types = list(vcovValue);
  const clusters = str(clusterValue)?.split(';').map((s) => list(s) ?? []).filter((c) => c.length > 0);
  for (const t of types ?? []) {
    if (t !== 'iid' && t !== 'hetero' && t !== 'cluster') throw new UsageError(`--vcov takes iid, hetero and cluster; got '${t}'`);
  }
  if (types?.includes('cluster') && !clusters?.length) throw new UsageError("--vcov cluster needs --cluster 'a' (or 'a;b,c')");
  if (!types && !clusters) return undefined;
  const out: VcovChoice[] = (types ?? []).filter((t) => t !== 'cluster').map((t) => ({ type: t as 'iid' | 'hetero' }));
  for (const cluster of clusters ?? []) out.push({ type: 'cluster', cluster });
  return out;
}

/**
 * The columns a grid reads, with their roles (every main variant, control, fixed-effect set, cluster and
 * sample column), so the reader skips the others. Terms the formula parser cannot take as one model leave the
 * choice to the reader (every column).
 */
function gridColumns(grid: { depvar: string; main: readonly string[]; controls: readonly string[];
  fixedEffects?: readonly (readonly string[])[]; samples?: readonly SampleChoice[]; vcov?: readonly VcovChoice[];
  panel?: { id: string; time: string } }, weights: string | undefined): Record<string, ColumnRole> | undefined {
  const fes = (grid.fixedEffects ?? GRID_DEFAULTS.fixedEffects).flat();
  const rhs = [...grid.main, ...grid.controls].join(' + ');
  const clusters = (grid.vcov ?? []).flatMap((v) => (v.type === 'cluster' ? [...v.cluster] : []));
  const units: Record<string, ColumnRole> = {};
  for (const s of grid.samples ?? []) if (s !== 'full') units['dropUnit' in s ? s.dropUnit : s.dropPeriod] = 'factor';
  try {
    return modelColumns(`${grid.depvar} ~ ${rhs}${fes.length ? ` | ${fes.join(' + ')}` : ''}`, { cluster: clusters, weights, panel: grid.panel }, units);
  } catch {
    return undefined;
  }
}

function pct(v: number): string {
  return Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : 'NA';
}

function num(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(6) : 'NA';
}

/**
 * The readable summary.
 * @example
 * formatGridSummary(result); // 'Specification grid: SL on Vag, ...\nSpecifications: 96 (6 projections), ...'
 */
export function formatGridSummary(r: GridResult): string {
  const s = r.summary;
  const lines = [
    `Specification grid: ${r.grid.depvar} on ${r.grid.main.join(', ')}`,
    `Specifications: ${s.specs} (${r.groups} projection${r.groups === 1 ? '' : 's'}), estimated: ${s.estimated}`,
    `Median estimate:  ${num(s.median)}`,
    `Range:            [${num(s.min)}, ${num(s.max)}]`,
    `Share positive:   ${pct(s.sharePositive)}`,
    `Share p < ${s.alpha}: ${pct(s.shareSignificant)} (positive ${pct(s.shareSignificantPositive)}, negative ${pct(s.shareSignificantNegative)})`,
  ];
  const missing = s.specs - s.estimated;
  if (missing) lines.push(`Without an estimate: ${missing} (see the note column of rows.csv)`);
  return lines.join('\n');
}

export async function runGrid(argv: string[]): Promise<string> {
  const { values, positionals } = parse(argv, {
    depvar: { type: 'string' }, main: { type: 'string' }, controls: { type: 'string' }, 'max-controls': { type: 'string' },
    fe: { type: 'string' }, samples: { type: 'string' }, vcov: { type: 'string' }, cluster: { type: 'string' },
    panel: { type: 'string' }, ssc: { type: 'string' }, singletons: { type: 'string' }, weights: { type: 'string' },
    format: { type: 'string' }, alpha: { type: 'string' }, level: { type: 'string' }, workers: { type: 'string' },
    'out-dir': { type: 'string' }, 'no-svg': { type: 'boolean' }, 'joint-test': { type: 'boolean' }, 'joint-cluster': { type: 'string' },
    'joint-reps': { type: 'string' }, 'joint-weights': { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    ...QUEUE_FLAGS,
  }, GRID_USAGE);
  if (values.help) return GRID_HELP;
  if (positionals.length !== 1) throw new UsageError(`grid takes one data file (or -); got ${positionals.length} argument(s); usage: ${GRID_USAGE}`);
  const depvar = str(values.depvar);
  const main = splitTopLevel(str(values.main) ?? '', ',');
  if (!depvar || main.length === 0) throw new UsageError(`grid needs --depvar Y and --main X[,...]; usage: ${GRID_USAGE}`);
  const panel = list(values.panel);
  if (panel && panel.length !== 2) throw new UsageError(`--panel takes two columns, id,time; got '${str(values.panel)}'`);
  const grid = {
    depvar, main,
    controls: splitTopLevel(str(values.controls) ?? '', ','),
    maxControls: number('--max-controls', values['max-controls'], (v) => Number.isInteger(v) && v >= 0, 'a non-negative integer'),
    fixedEffects: fixedEffectSets(values.fe),
    samples: samples(values.samples, panel),
    vcov: variances(values.vcov, values.cluster),
    panel: panel ? { id: panel[0], time: panel[1] } : undefined,
  };
  const options = {
    ssc: parseSsc(values.ssc),
    singletons: str(values.singletons) as 'drop' | 'keep' | undefined,
    weights: str(values.weights),
    alpha: number('--alpha', values.alpha, (v) => v > 0 && v < 1, 'a number in (0, 1)'),
    level: number('--level', values.level, (v) => v > 0 && v < 1, 'a number in (0, 1)'),
    workers: number('--workers', values.workers, (v) => Number.isInteger(v) && v >= 1, 'an integer >= 1'),
  };
  const outDir = str(values['out-dir']);
  if (values['no-svg'] && !outDir) throw new UsageError('--no-svg only applies with --out-dir DIR');
  const joint = jointOptions(values, grid.vcov);
  const readGrid = joint ? { ...grid, vcov: [...(grid.vcov ?? []), { type: 'cluster' as const, cluster: [joint.cluster] }] } : grid;
  const data = await readForCommand(positionals[0], str(values.format), gridColumns(readGrid, options.weights));
  const backend = queueBackend(values);
  const bar = progressBar('specifications');
  const lines = backend ? queueProgressLines('specifications') : () => undefined;
  // Ctrl-C cancels a running sweep (interrupt.ts); elsewhere it ends the process at once.
  const interrupt = cancelOnInterrupt(backend !== undefined);
  try {
    const result = await specificationGrid(data.columns, grid, {
      ...options, backend, signal: interrupt.signal, onProgress: (done, total) => { bar.update(done, total); lines(done, total); },
    });
    bar.finish();
    const jointTest = joint
      ? await curveJointTest(data.columns, grid, { ssc: options.ssc, singletons: options.singletons, weights: options.weights, level: options.level },
        { ...joint, alpha: options.alpha, workers: options.workers, signal: interrupt.signal, backend })
      : null;
    // The sweeps are done: from here Ctrl-C ends the process at once (the writer removes its temporaries).
    interrupt.dispose();
    // One set: the rows, the figure and the joint test appear together or not at all.
    const files: string[] = [];
    if (outDir) {
      ensureDir(outDir);
      trace('render');
      const set = await gridFiles(result, { figure: !values['no-svg'] });
      if (jointTest) set.push(['joint_test.json', JSON.stringify(jointTestToJson(jointTest), null, 2) + '\n']);
      const paths = set.map(([name, text]) => [join(outDir, name), text] as const);
      await writeFilesAtomic(paths);
      files.push(...paths.map(([path]) => path));
    }
    if (values.json) {
      const { summary, groups } = gridToJson(result) as { summary: unknown; groups: number };
      return JSON.stringify({ summary, groups, ...(jointTest ? { joint_test: jointTestToJson(jointTest) } : {}), files }, null, 2);
    }
    const shown = (f: string) => { const r = relative(process.cwd(), f); return r && !r.startsWith('..') ? r : f; };
    const wrote = files.length ? `\nWrote ${files.map(shown).join(', ')}` : '';
    return formatGridSummary(result) + (jointTest ? '\n' + formatJointTest(jointTest) : '') + wrote;
  } finally {
    bar.finish();
    interrupt.dispose();
    // Interrupted: the process ends by the signal, threads and all.
    if (!interrupt.signal.aborted) await closePool();
  }
}

/** The joint-test options from the flags, or null without --joint-test. */
function jointOptions(values: Record<string, string | boolean | undefined>, vcov: readonly VcovChoice[] | undefined):
  { cluster: string; reps?: number; seed?: number; weights?: 'rademacher' | 'webb' | 'mammen' | 'normal' } | null {
  const flags = ['joint-cluster', 'joint-reps', 'joint-weights', 'seed'].filter((f) => values[f] !== undefined);
  if (!values['joint-test']) {
    if (flags.length) throw new UsageError(`--${flags[0]} only applies with --joint-test`);
    return null;
  }
  const oneWay = [...new Set((vcov ?? []).flatMap((v) => (v.type === 'cluster' && v.cluster.length === 1 ? v.cluster : [])))];
  const cluster = str(values['joint-cluster']) ?? (oneWay.length === 1 ? oneWay[0] : undefined);
  if (!cluster) throw new UsageError('--joint-test needs --joint-cluster C (or exactly one one-way --cluster C)');
  return {
    cluster,
    reps: number('--joint-reps', values['joint-reps'], (v) => Number.isInteger(v) && v >= 1, 'an integer >= 1') ?? GRID_DEFAULTS.jointReps,
    seed: number('--seed', values.seed, (v) => Number.isSafeInteger(v) && v >= 0, 'an integer >= 0'),
    weights: str(values['joint-weights']) as never,
  };
}

/** The joint test in the CLI's JSON (snake_case). */
export function jointTestToJson(j: CurveJointTest): unknown {
  return {
    specs: j.specs, cluster: j.cluster, clusters: j.clusters, reps: j.reps, enumerated: j.enumerated, seed: j.seed, weights: j.weights,
    alpha: j.alpha, direction: j.direction, median: j.median, null_median: j.nullMedian, p_median: j.pMedian,
    significant: j.significant, share_significant: j.shareSignificant, null_share_significant: j.nullShareSignificant,
    p_share_significant: j.pShareSignificant,
  };
}

/**
 * The joint test's lines under the summary.
 * @example
 * formatJointTest(j); // 'Joint test (wild cluster bootstrap under H0, ...)\n  median estimate ...'
 */
export function formatJointTest(j: CurveJointTest): string {
  const dir = j.direction > 0 ? 'positive' : 'negative';
  const draws = j.enumerated ? `all ${j.reps} sign vectors` : `${j.reps} draws, ${j.weights}, seed ${j.seed}`;
  const p = (x: number) => (x === 0 ? `0 (< ${(1 / j.reps).toPrecision(2)})` : x.toPrecision(3));
  return [
    `Joint test over ${j.specs} specifications (wild cluster bootstrap with beta = 0 in every specification, ${j.clusters} ${j.cluster} clusters, ${draws}):`,
    `  median estimate:             ${num(j.median)}, under H0 ${num(j.nullMedian)}, p = ${p(j.pMedian)}`,
    `  significant and ${dir}: ${j.significant} (${pct(j.shareSignificant)}), under H0 ${pct(j.nullShareSignificant)}, p = ${p(j.pShareSignificant)}`,
  ].join('\n');
}
