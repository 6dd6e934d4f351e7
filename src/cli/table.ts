/** `hdfe table <data> "<formula>" [...]`: several models (formulas, or sw/csw) side by side in one table. */
import { writeFileAtomic } from '../platform/files.js';
import { feolsMultiple } from '../estimate/multiple.js';
import { regressionTable, render, validateFormat, vcovText, type Below, type StatName } from '../report/index.js';
import { list, parse, str, UsageError } from './args.js';
import { MODEL_FLAGS, MODEL_HELP, modelOptions } from './fit.js';
import { readForCommand } from './read.js';
import { modelColumns } from '../data/select.js';

/** One-line usage of the command. */
export const TABLE_USAGE = 'hdfe table <data|-> "<formula>" ["<formula>" ...] [options]';

/** The command's --help text, with its defaults. */
export const TABLE_HELP = `${TABLE_USAGE}

Estimate every formula (a formula with sw(), csw(), csw0() gives several models) and lay them side by
side, esttab / etable style. Models on the same sample and fixed effects share one demeaning.

Options (defaults in brackets):
${MODEL_HELP}
  --output-format text|md|latex|html|csv|json   table format [text]
  --out FILE               write the table to FILE [stdout]
  --labels a=A,b=B         display names of terms and fixed effects
  --below se|t|ci|none     what goes under each estimate [se]
  --stats nobs,r2,...      statistics rows [nobs,r2,adjR2]; also withinR2, adjWithinR2, vcov
  --digits N               decimals [4]
  --caption TEXT           table caption
  -h, --help               this help
`;

/** Run the command; returns what goes to stdout. */
export async function runTable(argv: string[]): Promise<string> {
  const { values, positionals } = parse(argv, {
    ...MODEL_FLAGS, 'output-format': { type: 'string' }, out: { type: 'string' }, labels: { type: 'string' },
    below: { type: 'string' }, stats: { type: 'string' }, digits: { type: 'string' }, caption: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, TABLE_USAGE);
  if (values.help) return TABLE_HELP;
  if (positionals.length < 2) throw new UsageError(`table takes a data file and at least one formula; usage: ${TABLE_USAGE}`);
  const [file, ...formulas] = positionals;
  const format = validateFormat(str(values['output-format']) ?? 'text');
  const labels = Object.fromEntries((list(values.labels) ?? []).map((pair) => {
    const at = pair.indexOf('=');
    if (at < 1) throw new UsageError(`--labels takes name=Label pairs; got '${pair}'`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }));
  const digits = str(values.digits) === undefined ? undefined : Number(str(values.digits));
  if (digits !== undefined && !(Number.isInteger(digits) && digits >= 0)) throw new UsageError(`--digits takes a non-negative integer; got '${str(values.digits)}'`);
  const options = modelOptions(values);
  const data = await readForCommand(file, str(values.format), modelColumns(formulas, options));
  const { models } = feolsMultiple(data.columns, formulas, options);
  // Which standard errors the parentheses hold, said once under the table unless a stats row says it.
  const stats = list(values.stats) as StatName[] | undefined;
  const seKinds = [...new Set(models.map((m) => vcovText(m.vcov)))];
  const table = regressionTable(models, {
    labels, below: str(values.below) as Below | undefined, stats,
    digits, caption: str(values.caption),
    notes: stats?.includes('vcov') ? [] : [`Standard errors: ${seKinds.join('; ')}.`],
  });
  const text = render(table, format);
  const out = str(values.out);
  if (out) { writeFileAtomic(out, text); return ''; }
  return text;
}
