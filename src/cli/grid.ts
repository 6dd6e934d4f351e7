/** `hdfe grid <data|-> --depvar Y --main X[,...] [--controls ...]`: a specification grid and its curve. */
import { relative } from 'node:path';
import { DEFAULTS } from '../defaults.js';
import { GRID_DEFAULTS } from '../grid/defaults.js';
import { gridToJson, writeGridFiles } from '../grid/files.js';
import { specificationGrid, type GridResult } from '../grid/run.js';
import type { SampleChoice, VcovChoice } from '../grid/spec.js';
import { closePool, defaultWorkers, progressBar } from '../parallel/index.js';
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
  --out-dir DIR            write rows.csv, rows.json, curve.svg in DIR (created) [no files]
  --no-svg                 with --out-dir, skip the figure
  --json                   the summary as JSON
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
    'out-dir': { type: 'string' }, 'no-svg': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
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
  const data = await readForCommand(positionals[0], str(values.format), gridColumns(grid, options.weights));
  const bar = progressBar('specifications');
  const controller = new AbortController();
  const onSigint = () => controller.abort('interrupted');
  process.once('SIGINT', onSigint);
  try {
    const result = await specificationGrid(data.columns, grid, { ...options, onProgress: bar.update, signal: controller.signal });
    bar.finish();
    // The sweep is done: from here Ctrl-C ends the process at once (the files are written atomically).
    process.removeListener('SIGINT', onSigint);
    const files = outDir ? await writeGridFiles(result, outDir, { figure: !values['no-svg'] }) : [];
    if (values.json) {
      const { summary, groups } = gridToJson(result) as { summary: unknown; groups: number };
      return JSON.stringify({ summary, groups, files }, null, 2);
    }
    const shown = (f: string) => { const r = relative(process.cwd(), f); return r && !r.startsWith('..') ? r : f; };
    const wrote = files.length ? `\nWrote ${files.map(shown).join(', ')}` : '';
    return formatGridSummary(result) + wrote;
  } finally {
    bar.finish();
    process.removeListener('SIGINT', onSigint);
    await closePool();
  }
}
