/** `hdfe index resilience|lq|potential <data>`: the study's index builders on a data file; CSV out. */
import { writeFileAtomic } from '../platform/node/output.js';
import type { LoadedColumn, LoadedData } from '../data/load.js';
import { rowValues } from '../data/columns.js';
import { factorColumn } from '../data/factor-column.js';
import { toCsv } from '../data/write.js';
import { DataError } from '../errors.js';
import { exportResilience, locationQuotient, potentialIndex, type InternalDistance } from '../indices/index.js';
import { list, parse, str, UsageError } from './args.js';

/** One-line usage of the command. */
export const INDEX_USAGE = 'hdfe index resilience|lq|potential <data|-> --panel id,time [options]';

/** The command's --help text, with its defaults. */
export const INDEX_HELP = `${INDEX_USAGE}

Add an index column to the data and write it as CSV.

  resilience   SL_it = (ln E_it - ln E_i,t-k) - (ln E_t - ln E_t-k)      (Martin 2012)
               --exports COL  [--national COL: national series, else the sum over units]  [--k 1]
  lq           (VS_it / X_it) / (sum_j VS_jt / sum_j X_jt)                 (location quotient)
               --output COL --size COL
  potential    sum_j (VS_jt / X_jt) / d_ij, with an internal distance d_ii   (distance-decay potential)
               --output COL --size COL --distance FILE (first column: unit ids; then one column per unit)
               [--internal diagonal|fraction:F|values:COL-in-distance-file]  [fraction:0.5]
               [--normalize none|max|sum]  [none]

Common options (defaults in brackets):
  --panel id,time          panel unit and time columns (as in every command)
  --name NAME              the new column's name [SL | LQ | Vag]
  --out FILE               write to FILE [stdout]
  --format csv|tsv|json|arrow|parquet   data format [from the extension; csv for -]
  -h, --help               this help
`;

function numeric(d: LoadedData, name: string | undefined, flag: string): Float64Array {
  if (!name) throw new UsageError(`${flag} COL is required; see hdfe index --help`);
  const col = d.columns[name];
  if (!col) throw new DataError(`unknown column '${name}' (${flag}); the data has: ${Object.keys(d.columns).join(', ')}`);
  if (!(col instanceof Float64Array)) throw new DataError(`column '${name}' (${flag}) is not numeric`);
  return col;
}

function ids(d: LoadedData, name: string | undefined): (string | number)[] {
  if (!name) throw new UsageError('--panel id,time is required; see hdfe index --help');
  const col = d.columns[name];
  if (!col) throw new DataError(`unknown column '${name}' (the panel id); the data has: ${Object.keys(d.columns).join(', ')}`);
  return Array.from(rowValues(col) as ArrayLike<string | number | null>, (v, i) => {
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) throw new DataError(`the panel id column '${name}' is missing on row ${i + 1}`);
    return v;
  });
}

function internal(spec: string | undefined, dist: LoadedData): InternalDistance | undefined {
  if (!spec) return undefined;
  if (spec === 'diagonal') return { kind: 'diagonal' };
  const [kind, arg] = spec.split(':');
  if (kind === 'fraction' && arg !== undefined && Number(arg) > 0) return { kind: 'fraction-of-nearest', fraction: Number(arg) };
  if (kind === 'values' && arg) return { kind: 'values', values: numeric(dist, arg, '--internal values:COL') };
  throw new UsageError(`--internal takes diagonal, fraction:F (F > 0) or values:COL; got '${spec}'`);
}

/**
 * `--panel id,time` into values.id and values.time. `--id COL --time COL`, the command's old flags, still work
 * with a note (renamed() for two flags that became one).
 */
function panelColumns(values: Record<string, string | boolean | undefined>): void {
  const panel = list(values.panel);
  if (panel) {
    if (panel.length !== 2) throw new UsageError(`--panel takes two columns, id,time; got '${str(values.panel)}'`);
    if (values.id !== undefined || values.time !== undefined) throw new UsageError('--id and --time are the old names of --panel id,time; give only --panel');
    [values.id, values.time] = panel;
  } else if (values.id !== undefined || values.time !== undefined) {
    process.stderr.write('hdfe: note: --id COL --time COL is now --panel id,time (one name in every command); the old names will be removed\n');
  }
}

/** Run the command; returns what goes to stdout. */
export async function runIndex(argv: string[]): Promise<string> {
  const { values, positionals } = parse(argv, {
    panel: { type: 'string' }, id: { type: 'string' }, time: { type: 'string' }, exports: { type: 'string' }, national: { type: 'string' },
    k: { type: 'string' }, output: { type: 'string' }, size: { type: 'string' }, distance: { type: 'string' },
    internal: { type: 'string' }, normalize: { type: 'string' }, name: { type: 'string' }, out: { type: 'string' },
    format: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  }, INDEX_USAGE);
  if (values.help || positionals.length === 0) return INDEX_HELP;
  panelColumns(values);
  const [kind, file] = positionals;
  if (!['resilience', 'lq', 'potential'].includes(kind)) throw new UsageError(`index kind must be resilience, lq or potential; got '${kind}'`);
  if (!file || positionals.length !== 2) throw new UsageError(`index ${kind} takes one data file (or -); usage: ${INDEX_USAGE}`);
  // Imported on use, not above: --help should not load the readers.
  const { loadData } = await import('../data/load.js');
  const all = await loadData(file, str(values.format));
  // The builders refuse missing inputs; rows with any missing input get an empty index value, and are counted.
  const inputs = [values.id, values.time, values.exports, values.national, values.output, values.size]
    .map(str).filter((c): c is string => c !== undefined);
  for (const c of inputs) if (!all.columns[c]) throw new DataError(`unknown column '${c}'; the data has: ${Object.keys(all.columns).join(', ')}`);
  const complete: number[] = [];
  const present = (col: LoadedColumn, i: number) => (col instanceof Float64Array ? !Number.isNaN(col[i]) : col.codes[i] >= 0);
  for (let i = 0; i < all.n; i++) if (inputs.every((c) => present(all.columns[c], i))) complete.push(i);
  const data: LoadedData = {
    n: complete.length, missing: all.missing,
    columns: Object.fromEntries(Object.entries(all.columns).map(([k, col]) => [k,
      col instanceof Float64Array ? Float64Array.from(complete, (i) => col[i]) : factorColumn(Int32Array.from(complete, (i) => col.codes[i]), col.labels)])),
  };
  const id = ids(data, str(values.id));
  const time = numeric(data, str(values.time), '--panel time');
  let result: Float64Array;
  let name: string;
  if (kind === 'resilience') {
    const k = str(values.k) === undefined ? undefined : Number(str(values.k));
    result = exportResilience({ id, time, exports: numeric(data, str(values.exports), '--exports'),
      national: str(values.national) ? numeric(data, str(values.national), '--national') : undefined, k });
    name = 'SL';
  } else if (kind === 'lq') {
    result = locationQuotient({ id, time, output: numeric(data, str(values.output), '--output'), size: numeric(data, str(values.size), '--size') });
    name = 'LQ';
  } else {
    const distFile = str(values.distance);
    if (!distFile) throw new UsageError('potential needs --distance FILE (a square matrix with unit ids in its first column)');
    const dist = await loadData(distFile);
    const first = Object.keys(dist.columns)[0];
    const units = Array.from(rowValues(dist.columns[first]) as ArrayLike<string | number>);
    const matrix = units.map((_, i) => units.map((u) => {
      const col = dist.columns[String(u)];
      if (!(col instanceof Float64Array)) throw new DataError(`the distance file has no numeric column for unit '${u}'; its columns must be the ids of its first column`);
      return col[i];
    }));
    result = potentialIndex({
      id, time, output: numeric(data, str(values.output), '--output'), size: numeric(data, str(values.size), '--size'),
      distance: { ids: units, matrix }, internalDistance: internal(str(values.internal), dist),
      normalize: str(values.normalize) as 'none' | 'max' | 'sum' | undefined,
    });
    name = 'Vag';
  }
  const full = new Float64Array(all.n).fill(NaN);
  complete.forEach((i, r) => { full[i] = result[r]; });
  if (complete.length < all.n) process.stderr.write(`hdfe: ${all.n - complete.length} row(s) with a missing input left empty\n`);
  const csv = toCsv({ ...Object.fromEntries(Object.entries(all.columns).map(([k, col]) => [k, rowValues(col)])), [str(values.name) ?? name]: full });
  const out = str(values.out);
  if (out) { await writeFileAtomic(out, csv); return ''; }
  return csv;
}
