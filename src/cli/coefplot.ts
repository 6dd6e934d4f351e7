/** `hdfe coefplot <data> "<formula>"`: the coefficient plot (SVG) of the model's i() terms. */
import { writeFileAtomic } from '../platform/node/output.js';
import { modelColumns } from '../data/select.js';
import { feols } from '../estimate/feols.js';
import { coefplotSvg } from '../report/coefplot.js';
import { list, parse, str, UsageError } from './args.js';
import { MODEL_FLAGS, MODEL_HELP, modelOptions } from './fit.js';
import { readForCommand } from './read.js';
import { DEFAULTS } from '../defaults.js';

/** One-line usage of the command. */
export const COEFPLOT_USAGE = 'hdfe coefplot <data.csv|-> "<formula>" [--term NAME] [--out FILE.svg] [options]';

export const COEFPLOT_HELP = `${COEFPLOT_USAGE}

Fit the model, then draw the estimates and confidence intervals of its i() terms by level (fixest's iplot):
an event study y ~ i(time, treat, ref = -1) | id + period shows the effect by period, the reference level(s)
at zero with a hollow diamond.

Options (defaults in brackets):
  --term a[,b]             which i() terms, by their text (i(time,treat,ref=-1)) or factor (time) [all]
  --level L                confidence level of the intervals [${DEFAULTS.level}]
  --title TEXT             figure title [the outcome and the formula]
  --width PX --height PX   size of each panel [560 x 240]
  --out FILE               write the SVG to FILE [stdout]
${MODEL_HELP}
  -h, --help               this help
`;

function positive(value: string | boolean | undefined, flag: string): number | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!(v > 0)) throw new UsageError(`${flag} takes a positive number; got '${text}'`);
  return v;
}

/** Run the command; returns what goes to stdout. */
export async function runCoefplot(argv: string[]): Promise<string> {
  const { values, positionals } = parse(argv, {
    ...MODEL_FLAGS, term: { type: 'string' }, level: { type: 'string' }, title: { type: 'string' },
    width: { type: 'string' }, height: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  }, COEFPLOT_USAGE);
  if (values.help) return COEFPLOT_HELP;
  if (positionals.length !== 2) {
    throw new UsageError(`coefplot takes a data file (or -) and a formula; got ${positionals.length} argument(s); usage: ${COEFPLOT_USAGE}`);
  }
  const [file, formula] = positionals;
  const level = positive(values.level, '--level');
  if (level !== undefined && !(level < 1)) throw new UsageError(`--level takes a number in (0, 1); got '${level}'`);
  const options = { ...modelOptions(values), ...(level !== undefined ? { level } : {}) };
  const data = await readForCommand(file, str(values.format), modelColumns(formula, options));
  const fit = feols(data.columns, formula, options);
  const svg = await coefplotSvg(fit, {
    terms: list(values.term), level, title: str(values.title), width: positive(values.width, '--width'), height: positive(values.height, '--height'),
  });
  const out = str(values.out);
  if (out && out !== '-') { await writeFileAtomic(out, svg); return ''; }
  return svg;
}
