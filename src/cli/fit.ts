/** `hdfe fit <data|-> "<formula>"`: one regression, a readable summary or --json. */
import { modelColumns } from '../data/select.js';
import { feols } from '../estimate/feols.js';
import { parse, splitTopLevel, str, UsageError } from './args.js';
import { fitJson, missingUsed } from './json.js';
import { MODEL_FLAGS, MODEL_HELP, modelOptions } from './model.js';
import { readForCommand } from './read.js';
import { wald, type WaldResult } from '../estimate/wald.js';
import { formatSummary } from './summary.js';
import { fixef, type FixefValues } from '../estimate/fixef.js';

/** One-line usage of the command. */
export const FIT_USAGE = 'hdfe fit <data.csv|-> "<formula>" [options]';

export { MODEL_FLAGS, MODEL_HELP, modelOptions } from './model.js';

/** The command's --help text, with its defaults. */
export const FIT_HELP = `${FIT_USAGE}

Estimate y ~ x1 + x2 | fe1 + fe2 by least squares with absorbed fixed effects.

Options (defaults in brackets):
${MODEL_HELP}
  --wald a,b[,...]         joint Wald test that these coefficients are zero, with the model's vcov (fixest's wald())
  --fixef                  the fixed effects' values (fixest's fixef(): first FE free, the first row's level of
                           each other FE set to 0); with --json as "fixef_values": {fe: {level: value}}
  --json                   machine-readable result
  -h, --help               this help
`;

/** fixest's print of wald(): the hypothesis, then F, p and the degrees of freedom. */
function formatWald(w: WaldResult): string {
  return `Wald test, H0: joint nullity of ${w.terms.join(', ')}\n` +
    ` stat = ${w.stat.toPrecision(5)}, p-value = ${w.pValue < 2.2e-16 ? '< 2.2e-16' : w.pValue.toPrecision(3)}, on ${w.df1} and ${w.df2} DoF, VCOV: ${w.vcov}.`;
}

/** Run the command; returns what goes to stdout. */
export async function runFit(argv: string[]): Promise<string> {
  const { values, positionals } = parse(argv, {
    ...MODEL_FLAGS, wald: { type: 'string' }, fixef: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  }, FIT_USAGE);
  if (values.help) return FIT_HELP;
  if (positionals.length !== 2) {
    throw new UsageError(`fit takes a data file (or -) and a formula; got ${positionals.length} argument(s); usage: ${FIT_USAGE}`);
  }
  const [file, formula] = positionals;
  const options = modelOptions(values);
  const data = await readForCommand(file, str(values.format), modelColumns(formula, options));
  const result = feols(data.columns, formula, options);
  const missing = missingUsed(data, formula, options);
  const terms = values.wald === undefined ? null : splitTopLevel(str(values.wald) ?? '', ',');
  if (terms && terms.length === 0) throw new UsageError("--wald takes the coefficients to test, as 'a,b'");
  const test = terms ? wald(result, terms) : null;
  const fixefValues = values.fixef ? fixef(result) : null;
  if (values.json) return JSON.stringify({ ...fitJson(result, missing, test), ...(fixefValues ? { fixef_values: fixefValues } : {}) }, null, 2);
  const found = Object.entries(missing).filter(([, m]) => m > 0);
  return formatSummary(result) + (found.length ? `\nMissing values found: ${found.map(([c, m]) => `${c} ${m}`).join(', ')}` : '') +
    (test ? `\n${formatWald(test)}` : '') + (fixefValues ? `\n${formatFixef(fixefValues)}` : '');
}

/** The fixed effects' values, one line per level under each fixed effect. */
function formatFixef(values: FixefValues): string {
  const lines = ['Fixed effects (fixest\'s normalisation):'];
  for (const [fe, levels] of Object.entries(values)) {
    lines.push(`${fe}:`);
    for (const [level, v] of Object.entries(levels)) lines.push(`  ${level.padEnd(12)} ${v.toPrecision(8)}`);
  }
  return lines.join('\n');
}
