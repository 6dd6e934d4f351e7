/** `hdfe fit <data|-> "<formula>"`: one regression, a readable summary or --json. */
import { modelColumns } from '../data/select.js';
import { DEFAULTS } from '../defaults.js';
import { feols } from '../estimate/feols.js';
import { parseFormula } from '../formula/parse.js';
import { variablesOf } from '../formula/variables.js';
import type { FeolsOptions, VcovType } from '../estimate/options.js';
import { resultToJson } from '../estimate/result.js';
import { list, parse, parseSsc, splitTopLevel, str, UsageError } from './args.js';
import { readForCommand } from './read.js';
import { wald, type WaldResult } from '../estimate/wald.js';
import { formatSummary } from './summary.js';
import { fixef, type FixefValues } from '../estimate/fixef.js';

/** One-line usage of the command. */
export const FIT_USAGE = 'hdfe fit <data.csv|-> "<formula>" [options]';

/** Model options shared by fit, table, boot, permute: their flags and help lines. */
export const MODEL_FLAGS = {
  vcov: { type: 'string' }, cluster: { type: 'string' }, ssc: { type: 'string' }, convention: { type: 'string' },
  singletons: { type: 'string' }, weights: { type: 'string' }, panel: { type: 'string' }, lag: { type: 'string' }, format: { type: 'string' },
  lat: { type: 'string' }, lon: { type: 'string' }, cutoff: { type: 'string' }, distance: { type: 'string' },
} as const;

/** The command's --help text, with its defaults. */
/** Help lines of the shared model flags. */
export const MODEL_HELP = `  --vcov iid|hetero|HC2|HC3|NW|DK|conley|CR3   variance (hetero: HC1; NW, DK need --panel; CR3 --cluster C) [${DEFAULTS.vcov}]
  --cluster a[,b]          cluster variables (multiway: Cameron-Gelbach-Miller)
  --convention NAME        small-sample conventions of fixest, reghdfe, stata_xtreg, stata_areg, plm or lm [fixest]
  --ssc key=value[,...]    small-sample switches, over the convention's [k_adj=${DEFAULTS.ssc.kAdj},k_fixef=${DEFAULTS.ssc.kFixef},g_adj=${DEFAULTS.ssc.gAdj},g_df=${DEFAULTS.ssc.gDf},t_df=${DEFAULTS.ssc.tDf},fixef_exact=${DEFAULTS.ssc.fixefExact}]
  --singletons drop|keep   singleton observations, dropped iteratively [${DEFAULTS.singletons}]
  --weights col            observation weights
  --panel id,time          panel for l(), f(), d() and the NW and DK variances
  --lag L                  lag of NW and DK [floor(T^(1/4))]
  --lat C --lon C --cutoff KM [--distance spherical|triangular]   coordinates (degrees) and cutoff of conley [spherical]
  --format csv|tsv|json|arrow|parquet   data format [from the extension; csv for -]`;

function lagOption(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const lag = Number(str(value));
  if (!(Number.isInteger(lag) && lag >= 0)) throw new UsageError(`--lag takes a non-negative integer; got '${str(value)}'`);
  return lag;
}

function conleyOption(values: Record<string, string | boolean | undefined>): FeolsOptions['conley'] {
  const lat = str(values.lat), lon = str(values.lon), cutoff = str(values.cutoff);
  if (lat === undefined && lon === undefined && cutoff === undefined) return undefined;
  if (!lat || !lon || !cutoff) throw new UsageError('the Conley variance takes --lat COL --lon COL --cutoff KM together');
  const km = Number(cutoff);
  if (!(km > 0)) throw new UsageError(`--cutoff takes a positive distance in km; got '${cutoff}'`);
  return { lat, lon, cutoff: km, distance: str(values.distance) as 'spherical' | 'triangular' | undefined };
}

/** feols options from the shared flags. */
export function modelOptions(values: Record<string, string | boolean | undefined>): FeolsOptions {
  const panel = list(values.panel);
  if (panel && panel.length !== 2) throw new UsageError(`--panel takes two columns, id,time; got '${str(values.panel)}'`);
  const cluster = list(values.cluster);
  if (values.vcov === 'cluster' && !cluster) throw new UsageError('--vcov cluster needs --cluster a[,b]');
  if (cluster && values.vcov && values.vcov !== 'cluster' && values.vcov !== 'CR3') {
    throw new UsageError(`--cluster and --vcov ${str(values.vcov)} contradict each other; drop one`);
  }
  return {
    vcov: (str(values.vcov) as VcovType | undefined) ?? (cluster ? 'cluster' : undefined),
    cluster,
    ssc: parseSsc(values.ssc),
    convention: str(values.convention) as FeolsOptions['convention'],
    singletons: str(values.singletons) as 'drop' | 'keep' | undefined,
    weights: str(values.weights),
    panel: panel ? { id: panel[0], time: panel[1] } : undefined,
    lag: lagOption(values.lag),
    conley: conleyOption(values),
  };
}

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

/** The --json shape of a Wald test. */
function waldToJson(w: WaldResult) {
  return { terms: w.terms, stat: w.stat, p_value: w.pValue, df1: w.df1, df2: w.df2, chi2: w.chi2, chi2_p_value: w.chi2PValue, vcov: w.vcov };
}

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
  for (const w of result.warnings) process.stderr.write(`hdfe: warning: ${w}\n`);
  // Missing values found in each column the model uses (the rows they cost are in dropped.na).
  const used = [...variablesOf(parseFormula(formula)), ...(options.cluster ?? []), ...(options.weights ? [options.weights] : [])];
  const missing = Object.fromEntries([...new Set(used)].filter((c) => c in data.missing).map((c) => [c, data.missing[c]]));
  const terms = values.wald === undefined ? null : splitTopLevel(str(values.wald) ?? '', ',');
  if (terms && terms.length === 0) throw new UsageError("--wald takes the coefficients to test, as 'a,b'");
  const test = terms ? wald(result, terms) : null;
  const fixefValues = values.fixef ? fixef(result) : null;
  if (values.json) {
    return JSON.stringify({ ...resultToJson(result), missing, ...(test ? { wald: waldToJson(test) } : {}),
      ...(fixefValues ? { fixef_values: fixefValues } : {}) }, null, 2);
  }
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
