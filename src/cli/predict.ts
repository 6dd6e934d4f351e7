/**
 * `hdfe predict <data> "<formula>" [--newdata FILE]`: fit on the data, then one prediction per row of the new
 * data (or of the data itself), as CSV or JSON. Rows without a prediction (a fixed-effect level the fit never
 * saw, a missing value) get NA, and their count goes to stderr and into the JSON.
 */
import { writeFileAtomic } from '../platform/node/output.js';
import { modelColumns } from '../data/select.js';
import { DataError } from '../errors.js';
import { feols } from '../estimate/feols.js';
import { predictDetailed, type Prediction, type PredictType } from '../estimate/predict.js';
import { parseFormula } from '../formula/parse.js';
import { variableUses } from '../formula/variables.js';
import type { ColumnRole } from '../data/load.js';
import { list, parse, str, UsageError } from './args.js';
import { MODEL_FLAGS, MODEL_HELP, modelOptions } from './fit.js';
import { readForCommand } from './read.js';
import { isMissing, rowValues } from '../data/columns.js';

/** One-line usage of the command. */
export const PREDICT_USAGE = 'hdfe predict <data.csv|-> "<formula>" [--newdata FILE] [options]';

export const PREDICT_HELP = `${PREDICT_USAGE}

Fit the model on the data, then predict every row of the new data (fixest's predict(): X b plus the fixed
effects of the row's levels). A row whose fixed-effect level the fit never saw, or with a missing value, has
no prediction (NA); the counts are reported on stderr and in JSON.

Options (defaults in brackets):
  --newdata FILE           rows to predict (CSV, TSV, JSON, Arrow, Parquet; needs every regressor and fixed
                           effect, not the outcome) [the data itself, every row]
  --newdata-format csv|tsv|json|arrow|parquet   format of --newdata [from the extension]
  --type link|response     the linear predictor or through the link (the same for least squares) [response]
  --keep a[,b]             columns of the new data to write beside the prediction (ids) [none]
  --output-format csv|json predictions as CSV (one column 'prediction', NA where none) or JSON [csv]
  --out FILE               write the predictions to FILE [stdout]
${MODEL_HELP}
  -h, --help               this help
`;

const OUTPUT_FORMATS = ['csv', 'json'] as const;

/** The new data's columns: the right-hand side's and the fixed effects' (not the outcome), and the kept ones. */
function newdataColumns(formula: string, keep: readonly string[]): Record<string, ColumnRole> {
  const parsed = parseFormula(formula);
  const outcomeOnly = new Set(Object.keys(variableUses({ ...parsed, terms: [], fixedEffects: [], multiple: null })));
  const uses = variableUses({ ...parsed, lhs: { kind: 'expr', name: '', factors: [], pos: 0 } });
  for (const name of outcomeOnly) if (!(name in uses)) delete uses[name];
  const roles: Record<string, ColumnRole> = { ...uses };
  for (const k of keep) roles[k] ??= 'factor';
  return roles;
}

function csvField(v: unknown): string {
  const text = String(v);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function toCsv(p: Prediction, kept: Record<string, ArrayLike<unknown>>): string {
  const names = Object.keys(kept);
  const lines = [[...names, 'prediction'].map(csvField).join(',')];
  for (let i = 0; i < p.values.length; i++) {
    const v = p.values[i];
    lines.push([...names.map((k) => (isMissing(kept[k][i]) ? 'NA' : csvField(kept[k][i]))), Number.isNaN(v) ? 'NA' : String(v)].join(','));
  }
  return lines.join('\n') + '\n';
}

function summaryLine(p: Prediction): string {
  const unseen = Object.entries(p.unseen);
  const none = p.missing + unseen.reduce((a, [, c]) => a + c, 0);
  if (none === 0) return `hdfe: ${p.values.length} predictions\n`;
  const parts = [...(unseen.length ? [`fixed-effect levels not in the fit: ${unseen.map(([fe, c]) => `${fe} ${c}`).join(', ')}`] : []),
    ...(p.missing ? [`missing values: ${p.missing}`] : [])];
  return `hdfe: ${p.values.length} rows, ${none} without a prediction (NA; ${parts.join('; ')})\n`;
}

/** Run the command; returns what goes to stdout. */
export async function runPredict(argv: string[]): Promise<string> {
  const { values, positionals } = parse(argv, {
    ...MODEL_FLAGS, newdata: { type: 'string' }, 'newdata-format': { type: 'string' }, type: { type: 'string' },
    keep: { type: 'string' }, 'output-format': { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  }, PREDICT_USAGE);
  if (values.help) return PREDICT_HELP;
  if (positionals.length !== 2) {
    throw new UsageError(`predict takes a data file (or -) and a formula; got ${positionals.length} argument(s); usage: ${PREDICT_USAGE}`);
  }
  const [file, formula] = positionals;
  const format = str(values['output-format']) ?? 'csv';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--output-format takes ${OUTPUT_FORMATS.join(' or ')}; got '${format}'`);
  }
  const type = (str(values.type) ?? 'response') as PredictType;
  const keep = list(values.keep) ?? [];
  const options = modelOptions(values);
  const data = await readForCommand(file, str(values.format), modelColumns(formula, options, Object.fromEntries(keep.map((k) => [k, 'factor' as const]))));
  const fit = feols(data.columns, formula, options);
  const newdataFile = str(values.newdata);
  let rows = data.columns;
  if (newdataFile !== undefined) {
    try {
      rows = (await readForCommand(newdataFile, str(values['newdata-format']), newdataColumns(formula, keep))).columns;
    } catch (err) {
      if (err instanceof DataError) throw new DataError(`--newdata ${newdataFile}: ${err.message}; the new data need every regressor and fixed effect of the model`);
      throw err;
    }
  }
  const prediction = predictDetailed(fit, rows, { type });
  process.stderr.write(summaryLine(prediction));
  const kept = Object.fromEntries(keep.map((k) => [k, rowValues((rows as Record<string, never>)[k])]));
  const text = format === 'json'
    ? JSON.stringify({
      formula: fit.formula, type, n: prediction.values.length, missing: prediction.missing, unseen: prediction.unseen,
      ...(keep.length ? { keep: Object.fromEntries(Object.entries(kept).map(([k, v]) => [k, Array.from(v)])) } : {}),
      predictions: Array.from(prediction.values, (v) => (Number.isNaN(v) ? null : v)),
    }, null, 2) + '\n'
    : toCsv(prediction, kept);
  const out = str(values.out);
  if (out && out !== '-') { await writeFileAtomic(out, text); return ''; }
  return text;
}
