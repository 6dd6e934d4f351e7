/** `hdfe fit <data|-> "<formula>"`: one regression, a readable summary or --json. */
import { modelColumns } from '../data/select.js';
import { GLM_DEFAULTS } from '../defaults.js';
import { feols } from '../estimate/feols.js';
import type { FeolsOptions } from '../estimate/options.js';
import { parseFormula } from '../formula/parse.js';
import { variablesOf } from '../formula/variables.js';
import { parse, splitTopLevel, str, UsageError } from './args.js';
import { fitJson, missingUsed, waldToJson } from './json.js';
import { MODEL_FLAGS, MODEL_HELP, modelOptions } from './model.js';
import { readForCommand } from './read.js';
import { wald, type WaldResult } from '../estimate/wald.js';
import { formatPoissonSummary, formatSummary } from './summary.js';
import { fepois, fepoisToJson, type SeparationRule } from '../estimate/fepois.js';
import { fixef, type FixefValues } from '../estimate/fixef.js';

/** One-line usage of the command. */
export const FIT_USAGE = 'hdfe fit <data.csv|-> "<formula>" [options]';

export { MODEL_FLAGS, MODEL_HELP, modelOptions } from './model.js';

/** The command's --help text, with its defaults. */
export const FIT_HELP = `${FIT_USAGE}

Estimate y ~ x1 + x2 | fe1 + fe2 by least squares with absorbed fixed effects; y ~ x | fe | endo ~ inst by
2SLS (fixest's syntax; the fixed-effect part may be left out); with --family poisson, by Poisson
pseudo-maximum likelihood (z statistics, normal p-values; vcov iid, hetero or cluster).

Options (defaults in brackets):
${MODEL_HELP}
  --wald a,b[,...]         joint Wald test that these coefficients are zero, with the model's vcov (fixest's wald())
  --family gaussian|poisson   least squares, or Poisson pseudo-maximum likelihood (fixest's fepois) [gaussian]
  --offset col             Poisson: a column added to the linear predictor (e.g. log exposure)
  --glm-tol T              Poisson: IRLS tolerance on the relative deviance change [${GLM_DEFAULTS.tol}]
  --glm-max-iter N         Poisson: IRLS iterations before giving up [${GLM_DEFAULTS.maxIter}]
  --separation RULES       Poisson: separation rules before the fit, fe (all-zero fixed-effect levels, fixest's
                           rule), relu (the ReLU test of ppmlhdfe), or none [${GLM_DEFAULTS.separation.join(',')}]
  --fixef                  the fixed effects' values (fixest's fixef(): first FE free, the first row's level of
                           each other FE set to 0); with --json as "fixef_values": {fe: {level: value}}
  --json                   machine-readable result
  -h, --help               this help
`;

/** fixest's print of wald(): the hypothesis, then F, p and the degrees of freedom. */
export function formatWald(w: WaldResult): string {
  return `Wald test, H0: joint nullity of ${w.terms.join(', ')}\n` +
    ` stat = ${w.stat.toPrecision(5)}, p-value = ${w.pValue < 2.2e-16 ? '< 2.2e-16' : w.pValue.toPrecision(3)}, on ${w.df1} and ${w.df2} DoF, VCOV: ${w.vcov}.`;
}

/** Run the command; returns what goes to stdout. */
export async function runFit(argv: string[]): Promise<string> {
  const { values, positionals } = parse(argv, {
    ...MODEL_FLAGS, wald: { type: 'string' }, fixef: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    family: { type: 'string' }, offset: { type: 'string' }, 'glm-tol': { type: 'string' }, 'glm-max-iter': { type: 'string' },
    separation: { type: 'string' },
  }, FIT_USAGE);
  if (values.help) return FIT_HELP;
  if (positionals.length !== 2) {
    throw new UsageError(`fit takes a data file (or -) and a formula; got ${positionals.length} argument(s); usage: ${FIT_USAGE}`);
  }
  const [file, formula] = positionals;
  const options = modelOptions(values);
  const family = str(values.family) ?? 'gaussian';
  if (family !== 'gaussian' && family !== 'poisson') throw new UsageError(`--family takes gaussian or poisson; got '${family}'`);
  if (family === 'poisson') return runPoisson(file, formula, values, options);
  for (const flag of ['offset', 'glm-tol', 'glm-max-iter', 'separation']) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} applies to --family poisson only`);
  }
  const data = await readForCommand(file, str(values.format), modelColumns(formula, options));
  const result = feols(data.columns, formula, options);
  for (const w of result.warnings) process.stderr.write(`hdfe: warning: ${w}\n`);
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

function positiveNumber(flag: string, value: string | boolean | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(str(value));
  if (!(x > 0) || (integer && !Number.isInteger(x))) throw new UsageError(`--${flag} takes a positive ${integer ? 'integer' : 'number'}; got '${str(value)}'`);
  return x;
}

/** `hdfe fit --family poisson`: fepois on the model's columns (and the offset). */
async function runPoisson(file: string, formula: string, values: Record<string, string | boolean | undefined>, options: FeolsOptions): Promise<string> {
  const offset = str(values.offset);
  const data = await readForCommand(file, str(values.format), modelColumns(formula, options, offset ? { [offset]: 'number' } : {}));
  const result = fepois(data.columns, formula, {
    ...options, offset,
    glmTol: positiveNumber('glm-tol', values['glm-tol'], false), glmMaxIter: positiveNumber('glm-max-iter', values['glm-max-iter'], true),
    separation: separationRules(str(values.separation)),
  });
  for (const w of result.warnings) process.stderr.write(`hdfe: warning: ${w}\n`);
  const terms = values.wald === undefined ? null : splitTopLevel(str(values.wald) ?? '', ',');
  if (terms && terms.length === 0) throw new UsageError("--wald takes the coefficients to test, as 'a,b'");
  const test = terms ? wald(result, terms) : null;
  const used = [...variablesOf(parseFormula(formula)), ...(options.cluster ?? []), ...(options.weights ? [options.weights] : []), ...(offset ? [offset] : [])];
  const missing = Object.fromEntries([...new Set(used)].filter((c) => c in data.missing).map((c) => [c, data.missing[c]]));
  const fixefValues = values.fixef ? fixef(result) : null;
  if (values.json) {
    return JSON.stringify({ ...fepoisToJson(result), missing, ...(test ? { wald: waldToJson(test) } : {}), ...(fixefValues ? { fixef_values: fixefValues } : {}) }, null, 2);
  }
  const found = Object.entries(missing).filter(([, m]) => m > 0);
  return formatPoissonSummary(result) + (found.length ? `\nMissing values found: ${found.map(([c, m]) => `${c} ${m}`).join(', ')}` : '') +
    (test ? `\n${formatWald(test)}` : '') + (fixefValues ? `\n${formatFixef(fixefValues)}` : '');
}

/** `--separation fe,relu` -> the rules; 'none' -> none. */
export function separationRules(text: string | undefined): SeparationRule[] | undefined {
  if (text === undefined) return undefined;
  if (text.trim() === 'none') return [];
  const rules = text.split(',').map((r) => r.trim()).filter(Boolean);
  const bad = rules.find((r) => r !== 'fe' && r !== 'relu');
  if (bad !== undefined || rules.length === 0) throw new UsageError(`--separation takes fe, relu, both as 'fe,relu', or none; got '${text}'`);
  return rules as SeparationRule[];
}
