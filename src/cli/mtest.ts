/**
 * `hdfe mtest <data> "<formula>" ["<formula>" ...] --param a,b --cluster C`: multiple-testing-adjusted
 * p-values (Bonferroni, Holm, Romano-Wolf, Westfall-Young) from one wild cluster bootstrap shared by every
 * hypothesis.
 */
import { QUEUE_FLAGS, QUEUE_HELP, queueBackend } from './queue-flags.js';
import { INFER_DEFAULTS } from '../infer/defaults.js';
import { expandOutcomes } from '../formula/outcomes.js';
import { mtest, MTEST_MIN_REPS, type MtestResult } from '../infer/mtest.js';
import { closePool, defaultWorkers } from '../parallel/pool.js';
import { progressBar } from '../parallel/progress.js';
import { modelColumns } from '../data/select.js';
import { list, parse, parseSsc, renamed, splitTopLevel, str, UsageError } from './args.js';
import { readForCommand } from './read.js';
import { cancelOnInterrupt } from './interrupt.js';

export const MTEST_USAGE = 'hdfe mtest <data|-> "<formula>" ["<formula>" ...] --param a,b --cluster C [options]';

export const MTEST_HELP = `${MTEST_USAGE}

Multiple-testing-adjusted p-values for H0: TERM = null, for every TERM in every model that has it. Models:
several formulas, several outcomes ('y1 + y2 ~ x' or 'c(y1, y2) ~ x'), and sw()/csw() on the right-hand side.
Every hypothesis is tested by the same wild cluster bootstrap (Roodman et al. 2019): draw b gives each
cluster the same weight in every model, so the adjustments see how the statistics move together. With
Rademacher weights and 2^G <= reps all sign vectors over the clusters are enumerated.

Columns, one row per hypothesis:
  estimate, std_error (CR1), t, p_value   unadjusted wild bootstrap p-value (share of draws with |t*| >= |t|)
  p_bonferroni, p_holm                    R's p.adjust of p_value
  p_romano_wolf                           Romano-Wolf (2005, 2016) step-down maxT on |t|
  p_westfall_young                        Westfall-Young (1993) step-down minP (bootstrap marginal p-values)
  p_westfall_young_ss                     Westfall-Young single-step minP (in --json)

Options (defaults in brackets):
  --param a,b              coefficients to test, as feols names them (required; as in boot and permute)
  --cluster C              the one cluster variable of the bootstrap and the CR1 t (required)
  --null R                 the null value of every hypothesis [${INFER_DEFAULTS.null}]
  --reps B                 draws, at least ${MTEST_MIN_REPS} unless enumerated [${INFER_DEFAULTS.reps}]
  --seed S                 seed of the counter-based generator [${INFER_DEFAULTS.seed}]
  --wild-weights rademacher|webb|mammen|normal   distribution of the wild draws [${INFER_DEFAULTS.weights}]
  --type restricted|unrestricted   null imposed or not [${INFER_DEFAULTS.type}]
  --plus-one               (count + 1) / (B + 1) p-values, as R's wildrwolf [count / B, as boottest]
  --workers N              worker threads; 1 runs in this thread [available cores: ${defaultWorkers()}]; results do not depend on it
  --weights col            observation weights of the regressions (as in hdfe fit)
  --ssc key=value,...      small-sample switches of the CR1 statistic (as hdfe fit)
  --panel id,time          panel for l(), f(), d()
  --format csv|tsv|json|arrow|parquet   data format [from the extension]
${QUEUE_HELP}
  --json                   machine-readable result
  -h, --help               this help
`;

function integer(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (!Number.isInteger(x) || x < min) throw new UsageError(`${flag} takes an integer >= ${min}; got '${value}'`);
  return x;
}

function fmt(x: number, digits = 4): string {
  return Number.isFinite(x) ? x.toPrecision(digits) : String(x);
}

/** The result as JSON rows with the keys. */
export function mtestToJson(r: MtestResult): unknown {
  return {
    reps: r.reps, enumerated: r.enumerated, clusters: r.clusters, seed: r.seed, weights: r.weights, type: r.type,
    null: r.null, plus_one: r.plusOne,
    hypotheses: r.hypotheses.map((h) => ({
      model: h.model + 1, formula: h.formula, depvar: h.depvar, term: h.term, nobs: h.nobs, clusters: h.clusters,
      estimate: h.estimate, std_error: h.stdError, t: h.statistic, p_value: h.pValue, p_holm: h.pHolm,
      p_bonferroni: h.pBonferroni, p_romano_wolf: h.pRomanoWolf, p_westfall_young: h.pWestfallYoung,
      p_westfall_young_ss: h.pWestfallYoungSingleStep, draws: r.reps,
    })),
  };
}

/** A fixed-width text table of the hypotheses. */
export function mtestToText(r: MtestResult): string {
  const head = ['model', 'depvar', 'term', 'estimate', 't', 'p_value', 'p_holm', 'p_bonferroni', 'p_romano_wolf', 'p_westfall_young'];
  const rows = r.hypotheses.map((h) => [String(h.model + 1), h.depvar, h.term, fmt(h.estimate, 5), fmt(h.statistic, 4),
    fmt(h.pValue), fmt(h.pHolm), fmt(h.pBonferroni), fmt(h.pRomanoWolf), fmt(h.pWestfallYoung)]);
  const width = head.map((c, j) => Math.max(c.length, ...rows.map((row) => row[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => (j < 3 ? c.padEnd(width[j]) : c.padStart(width[j]))).join('  ');
  const models = [...new Set(r.hypotheses.map((h) => h.model))].map((m) => {
    const h = r.hypotheses.find((x) => x.model === m) as MtestResult['hypotheses'][number];
    return `  (${m + 1}) ${h.formula}   n = ${h.nobs}, ${h.clusters} clusters`;
  });
  const draws = r.enumerated ? `all ${r.reps} = 2^${r.clusters} sign vectors enumerated` : `${r.reps} draws (${r.weights}, seed ${r.seed})`;
  return [
    `Multiple testing by the wild cluster bootstrap (${r.type}, ${draws}), ${r.clusters} clusters, H0: beta = ${r.null}`,
    ...models, '', line(head), ...rows.map(line), '',
    `${r.hypotheses.length} hypotheses; every p-value from the same ${r.reps} draws${r.plusOne ? ', as (count + 1) / (B + 1)' : ''}.`,
  ].join('\n');
}

/** Run the command; returns what goes to stdout. */
export async function runMtest(argv: string[]): Promise<string> {
  const { values, positionals } = parse(argv, {
    param: { type: 'string' }, terms: { type: 'string' }, cluster: { type: 'string' }, null: { type: 'string' }, reps: { type: 'string' },
    seed: { type: 'string' }, 'wild-weights': { type: 'string' }, weights: { type: 'string' }, type: { type: 'string' }, 'plus-one': { type: 'boolean' },
    workers: { type: 'string' }, ssc: { type: 'string' }, panel: { type: 'string' },
    format: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...QUEUE_FLAGS,
  }, MTEST_USAGE);
  renamed(values, { terms: 'param' }, MTEST_USAGE);
  if (values.help) return MTEST_HELP;
  if (positionals.length < 2) throw new UsageError(`mtest takes a data file (or -) and one or more formulas; usage: ${MTEST_USAGE}`);
  const [file, ...formulas] = positionals;
  const termsText = str(values.param);
  if (!termsText) throw new UsageError(`--param a,b is required (the coefficients to test); usage: ${MTEST_USAGE}`);
  const terms = splitTopLevel(termsText, ',');
  const cluster = str(values.cluster);
  if (!cluster) throw new UsageError(`--cluster C is required (the wild bootstrap's clusters); usage: ${MTEST_USAGE}`);
  const panel = list(values.panel);
  if (panel && panel.length !== 2) throw new UsageError(`--panel takes two columns, id,time; got '${str(values.panel)}'`);
  const nullText = str(values.null);
  const nul = nullText === undefined ? undefined : Number(nullText);
  if (nul !== undefined && !Number.isFinite(nul)) throw new UsageError(`--null takes a number; got '${nullText}'`);
  const obsWeights = str(values.weights);
  const panelOpt = panel ? { id: panel[0], time: panel[1] } : undefined;
  const data = await readForCommand(file, str(values.format),
    modelColumns(formulas.flatMap(expandOutcomes), { cluster, panel: panelOpt, weights: obsWeights }));
  const bar = progressBar('multiple testing');
  // Ctrl-C cancels the shared bootstrap (on a queue: withdraws its jobs); see interrupt.ts.
  const interrupt = cancelOnInterrupt(values.queue !== undefined);
  try {
    const r = await mtest(data.columns, formulas, {
      terms, cluster, null: nul, reps: integer(str(values.reps), '--reps', 1), seed: integer(str(values.seed), '--seed', 0),
      weights: str(values['wild-weights']) as never, type: str(values.type) as never, plusOne: values['plus-one'] === true,
      workers: integer(str(values.workers), '--workers', 1), obsWeights, ssc: parseSsc(values.ssc), panel: panelOpt,
      onProgress: bar.update, backend: queueBackend(values), signal: interrupt.signal,
    });
    return values.json ? JSON.stringify(mtestToJson(r), null, 2) : mtestToText(r);
  } finally {
    interrupt.dispose();
    bar.finish();
    if (!interrupt.signal.aborted) await closePool();
  }
}
