/** `hdfe permute <data|-> "<formula>" --param TERM --permute COL`: randomization inference for one coefficient. */
import { QUEUE_FLAGS, QUEUE_HELP, queueBackend, queueProgressLines } from './queue-flags.js';
import { DEFAULTS } from '../defaults.js';
import type { FeolsOptions } from '../estimate/options.js';
import { PERMUTE_DEFAULTS, permutationTest, type PermStat, type PermutationResult, type PType } from '../infer/permute.js';
import { closePool, defaultWorkers } from '../parallel/pool.js';
import { cancelOnInterrupt } from './interrupt.js';
import { progressBar } from '../parallel/progress.js';
import { parse, str, UsageError } from './args.js';
import { modelOptions } from './fit.js';
import { readForCommand } from './read.js';
import { modelColumns } from '../data/select.js';

export const PERMUTE_USAGE = 'hdfe permute <data.csv|-> "<formula>" --param TERM --permute COL [options]';

export const PERMUTE_HELP = `${PERMUTE_USAGE}

Permutation (randomization-inference) test of one coefficient: re-assign COL by permutation, re-estimate
the model for every assignment and compare the statistic with its permutation distribution. When the
distinct assignments are no more than --reps, all are enumerated (an exact p-value).

Options (defaults in brackets):
  --param TERM             coefficient tested, as the fit names it (e.g. treat, treat:post)
  --permute COL            column whose values are permuted; it must appear in the formula
  --by UNIT                permute whole units (COL constant within each unit)
  --strata COL             permute only within the levels of COL
  --stat coef|t            statistic [${PERMUTE_DEFAULTS.stat}]
  --p-type TYPE            two-sided|equal-tailed|lower|upper [${PERMUTE_DEFAULTS.pType}]
  --reps B                 permutations drawn [${PERMUTE_DEFAULTS.reps}]
  --seed S                 seed, an integer in [0, 2^53) [${PERMUTE_DEFAULTS.seed}]
  --workers N              worker threads; 1 runs in the main thread [available cores: ${defaultWorkers()}]
  --vcov iid|hetero|HC2|HC3   variance for the t statistic [${DEFAULTS.vcov}]
  --cluster a[,b]          cluster variables for the t statistic
  --ssc key=value[,...]    small-sample switches [k_adj=${DEFAULTS.ssc.kAdj},k_fixef=${DEFAULTS.ssc.kFixef},g_adj=${DEFAULTS.ssc.gAdj},g_df=${DEFAULTS.ssc.gDf},t_df=${DEFAULTS.ssc.tDf}]
  --singletons drop|keep   singleton observations [${DEFAULTS.singletons}]
  --weights col            observation weights
  --panel id,time          panel for l(), f(), d()
  --format csv|tsv|json|arrow|parquet   data format [from the extension; csv for -]
  --json                   machine-readable result
  -h, --help               this help

Results do not depend on --workers. Progress is shown on stderr (a terminal) for runs over a second.
`;

function count(option: string, value: string | boolean | undefined, min: number): number | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(v) || v < min) {
    throw new UsageError(`${option} takes an integer >= ${min}; got '${text}'`);
  }
  return v;
}

/** The JSON contract: snake_case. */
export function permutationToJson(r: PermutationResult): Record<string, unknown> {
  return {
    term: r.term, stat: r.stat, statistic: r.statistic, p_value: r.pValue, p_type: r.pType,
    p_values: { two_sided: r.pValues.twoSided, equal_tailed: r.pValues.equalTailed, lower: r.pValues.lower, upper: r.pValues.upper },
    reps: r.reps, enumerated: r.enumerated, undefined_draws: r.undefinedDraws, seed: r.seed, nobs: r.nobs,
  };
}

function num(x: number, digits = 6): string {
  return x === 0 ? '0' : Number.isFinite(x) ? x.toPrecision(digits) : String(x);
}

/** A p-value of 0 from B random draws is only known to be below 1/B (exact enumeration: it is 0). */
function pText(p: number, r: PermutationResult): string {
  return p === 0 && !r.enumerated ? `< ${Number((1 / r.reps).toPrecision(2))}` : num(p, 4);
}

function formatPermutation(r: PermutationResult, formula: string, how: string): string {
  const other = (['two-sided', 'equal-tailed', 'lower', 'upper'] as const).filter((t) => t !== r.pType);
  const key = { 'two-sided': 'twoSided', 'equal-tailed': 'equalTailed', lower: 'lower', upper: 'upper' } as const;
  const rule = { 'two-sided': '|T*| >= |T|', 'equal-tailed': '2 min(lower, upper)', lower: 'T* <= T', upper: 'T* >= T' }[r.pType];
  return [
    `Permutation test, ${formula}`,
    `Term: ${r.term}   ${r.stat === 't' ? 't statistic' : 'coefficient'}: ${num(r.statistic)}   Observations: ${r.nobs}`,
    `Permuted: ${how}`,
    r.enumerated
      ? `Assignments: all ${r.reps} distinct assignments enumerated (exact p-value)`
      : `Assignments: ${r.reps} random permutations, seed ${r.seed}`,
    `p-value (${r.pType}, ${rule}): ${pText(r.pValue, r)}`,
    `Other p-values: ${other.map((t) => `${t} ${pText(r.pValues[key[t]], r)}`).join(', ')}`,
    ...(r.undefinedDraws ? [`Draws without a statistic (term collinear): ${r.undefinedDraws}, left out`] : []),
    '',
  ].join('\n');
}

export async function runPermute(argv: string[]): Promise<string> {
  const { values, positionals } = parse(argv, {
    param: { type: 'string' }, permute: { type: 'string' }, by: { type: 'string' }, strata: { type: 'string' },
    stat: { type: 'string' }, 'p-type': { type: 'string' }, reps: { type: 'string' }, seed: { type: 'string' },
    workers: { type: 'string' }, vcov: { type: 'string' }, cluster: { type: 'string' }, ssc: { type: 'string' },
    singletons: { type: 'string' }, weights: { type: 'string' }, panel: { type: 'string' },
    format: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...QUEUE_FLAGS,
  }, PERMUTE_USAGE);
  if (values.help) return PERMUTE_HELP;
  if (positionals.length !== 2) {
    throw new UsageError(`permute takes a data file (or -) and a formula; got ${positionals.length} argument(s); usage: ${PERMUTE_USAGE}`);
  }
  const param = str(values.param);
  const column = str(values.permute);
  if (!param || !column) throw new UsageError(`permute needs --param TERM and --permute COL; usage: ${PERMUTE_USAGE}`);
  const [file, formula] = positionals;
  const feols: FeolsOptions = modelOptions(values);
  const by = str(values.by);
  const strata = str(values.strata);
  const units: Record<string, 'factor'> = {};
  for (const c of [by, strata]) if (c) units[c] = 'factor';
  const data = await readForCommand(file, str(values.format), modelColumns(formula, feols, units));
  const backend = queueBackend(values);
  const bar = progressBar('permutations');
  const lines = backend ? queueProgressLines('permutations') : () => undefined;
  // Ctrl-C cancels the sweep: one line on stderr, no partial result (interrupt.ts).
  const interrupt = cancelOnInterrupt(backend !== undefined);
  try {
    const result = await permutationTest(data.columns, formula, {
      ...feols, param, permute: column, by, strata,
      stat: str(values.stat) as PermStat | undefined,
      pType: str(values['p-type']) as PType | undefined,
      reps: count('--reps', values.reps, 1),
      seed: count('--seed', values.seed, 0),
      workers: count('--workers', values.workers, 1),
      onProgress: (done, total) => { bar.update(done, total); lines(done, total); },
      signal: interrupt.signal, backend,
    });
    const how = `${column}${by ? `, whole units of ${by}` : ', rows of the estimation sample'}${strata ? `, within ${strata}` : ''}`;
    return values.json ? JSON.stringify(permutationToJson(result), null, 2) : formatPermutation(result, formula, how);
  } finally {
    interrupt.dispose();
    bar.finish();
    // Interrupted: the process ends by the signal, threads and all.
    if (!interrupt.signal.aborted) await closePool();
  }
}
