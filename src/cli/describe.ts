/** `hdfe describe <data>`: descriptive statistics (N, mean, sd, min, max; optional median and quantiles). */
import { writeFileAtomic } from '../platform/node/output.js';
import { DataError } from '../errors.js';
import { describeColumns, descriptiveTable, render, validateFormat } from '../report/index.js';
import { list, parse, str, UsageError } from './args.js';

/** One-line usage of the command. */
export const DESCRIBE_USAGE = 'hdfe describe <data|-> [--vars a,b] [options]';

/** The command's --help text, with its defaults. */
export const DESCRIBE_HELP = `${DESCRIBE_USAGE}

Descriptive statistics of numeric columns; missing values are skipped and counted.

Options (defaults in brackets):
  --vars a,b               columns to describe [every numeric column]
  --median                 add the median
  --quantiles 0.25,0.75    add quantiles (R's type 7)
  --output-format text|md|latex|html|csv|json   [text]
  --out FILE               write to FILE [stdout]
  --format csv|tsv|json|arrow|parquet   data format [from the extension; csv for -]
  -h, --help               this help
`;

/** Run the command; returns what goes to stdout. */
export async function runDescribe(argv: string[]): Promise<string> {
  const { values, positionals } = parse(argv, {
    vars: { type: 'string' }, median: { type: 'boolean' }, quantiles: { type: 'string' },
    'output-format': { type: 'string' }, out: { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  }, DESCRIBE_USAGE);
  if (values.help) return DESCRIBE_HELP;
  if (positionals.length !== 1) throw new UsageError(`describe takes one data file (or -); usage: ${DESCRIBE_USAGE}`);
  const format = validateFormat(str(values['output-format']) ?? 'text');
  // Imported on use, not above: --help should not load the readers.
  const { loadData } = await import('../data/load.js');
  const data = await loadData(positionals[0], str(values.format));
  const numeric = Object.keys(data.columns).filter((c) => data.columns[c] instanceof Float64Array);
  const vars = list(values.vars) ?? numeric;
  const columns: Record<string, Float64Array> = {};
  for (const v of vars) {
    const col = data.columns[v];
    if (!col) throw new DataError(`unknown column '${v}'; the data has: ${Object.keys(data.columns).join(', ')}`);
    if (!(col instanceof Float64Array)) throw new DataError(`column '${v}' is not numeric; describe numeric columns only`);
    columns[v] = col;
  }
  const quantiles = list(values.quantiles)?.map(Number);
  const table = descriptiveTable(describeColumns(columns, { median: values.median === true, quantiles }));
  const text = render(table, format);
  const out = str(values.out);
  if (out) { await writeFileAtomic(out, text); return ''; }
  return text;
}
