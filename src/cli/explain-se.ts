/** `hdfe explain-se <data> "<formula>" --from A --to B`: why two packages' standard errors differ. */
import { modelColumns } from '../data/select.js';
import { explainSe, type SeExplanation } from '../estimate/explain.js';
import { feols } from '../estimate/feols.js';
import type { ConventionName } from '../estimate/vcov/conventions.js';
import { parse, renamed, str, UsageError } from './args.js';
import { MODEL_FLAGS, MODEL_HELP, modelOptions } from './fit.js';
import { readForCommand } from './read.js';

export const EXPLAIN_USAGE = 'hdfe explain-se <data|-> "<formula>" --to CONVENTION [--from CONVENTION] [--param T] [options]';

export const EXPLAIN_HELP = `${EXPLAIN_USAGE}

For one coefficient, the standard errors two conventions give (fixest, reghdfe, stata_xtreg, stata_areg, plm,
lm) and the chain of factors between them: the fit's variance is moved from one convention to the other one
switch at a time (variance type, how fixed effects count in K, (n-1)/(n-K), G/(G-1), the multiway G rule),
each formed again without a refit; the factors multiply to SE(to) / SE(from). The t degrees of freedom
come last: they change p-values and intervals, not the standard error.

Options (defaults in brackets):
  --from NAME              the convention to start from [fixest]
  --to NAME                the convention to explain the gap to (required)
  --param T                the coefficient [the first] (as in boot and permute)
${MODEL_HELP}
  --json                   machine-readable result
  -h, --help               this help
`;

/** The explanation as a table a person reads. */
export function formatExplanation(e: SeExplanation): string {
  const sig = (x: number) => x.toPrecision(6);
  const p = (x: number) => (x < 1e-4 ? x.toExponential(2) : x.toPrecision(3));
  const width = Math.max(8, e.from.convention.length, e.to.convention.length);
  const lines = [
    `Standard error of '${e.term}' in ${e.formula} (n = ${e.nobs})`,
    '',
    ...[e.from, e.to].map((s) => `  ${s.convention.padEnd(width)}  se = ${sig(s.se)}   t df = ${s.dfT}   p = ${p(s.pValue)}   vcov ${s.vcov}`),
    '',
  ];
  if (e.steps.length === 0) return [...lines, '  The two conventions give the same standard error and degrees of freedom here.'].join('\n');
  const rows = e.steps.map((s) => [s.name, s.from, s.to, s.name === 't_df' ? `p ${p(e.from.pValue)} -> ${p(e.to.pValue)}` : `x ${s.factor.toPrecision(6)}`]);
  const head = ['switch', e.from.convention, e.to.convention, 'factor on se'];
  const w = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const row = (r: string[]) => '  ' + r.map((v, c) => v.padEnd(w[c])).join('   ').trimEnd();
  return [
    ...lines, row(head), '  ' + '-'.repeat(w.reduce((a, b) => a + b + 3, -3)), ...rows.map(row),
    '',
    `  product of the factors: x ${e.product.toPrecision(6)} = ${sig(e.to.se)} / ${sig(e.from.se)}`,
  ].join('\n');
}

export async function runExplainSe(argv: string[]): Promise<string> {
  const { values, positionals } = parse(argv, {
    ...MODEL_FLAGS, from: { type: 'string' }, to: { type: 'string' }, param: { type: 'string' }, term: { type: 'string' },
    json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  }, EXPLAIN_USAGE);
  renamed(values, { term: 'param' }, EXPLAIN_USAGE);
  if (values.help) return EXPLAIN_HELP;
  if (positionals.length !== 2) throw new UsageError(`explain-se takes a data file and a formula; usage: ${EXPLAIN_USAGE}`);
  const to = str(values.to);
  if (!to) throw new UsageError(`explain-se needs --to CONVENTION (fixest, reghdfe, stata_xtreg, stata_areg, plm, lm); usage: ${EXPLAIN_USAGE}`);
  if (values.convention !== undefined) throw new UsageError('explain-se takes --from and --to instead of --convention');
  const [file, formula] = positionals;
  const options = modelOptions(values);
  const data = await readForCommand(file, str(values.format), modelColumns(formula, options));
  const fit = feols(data.columns, formula, { ...options, convention: (str(values.from) ?? 'fixest') as ConventionName, keepScores: true });
  const term = str(values.param) ?? fit.coefficients[0].term;
  const variance = { vcov: options.vcov, cluster: options.cluster, ssc: options.ssc, panel: options.panel, lag: options.lag, conley: options.conley };
  const e = explainSe(fit, (str(values.from) ?? 'fixest') as ConventionName, to as ConventionName, term, variance);
  if (!values.json) return formatExplanation(e);
  const sideJson = (s: SeExplanation['from']) => ({ convention: s.convention, se: s.se, df_t: s.dfT, p_value: s.pValue, vcov: s.vcov });
  return JSON.stringify({ term: e.term, formula: e.formula, nobs: e.nobs, from: sideJson(e.from), to: sideJson(e.to), steps: e.steps, product: e.product }, null, 2);
}
