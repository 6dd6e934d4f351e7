/** `hdfe boot <data> "<formula>" --param TERM --cluster C`: wild cluster bootstrap (or pairs / cluster resampling). */
import { INFER_DEFAULTS } from '../infer/defaults.js';
import { wildBootstrapParallel } from '../infer/wild-parallel.js';
import { oneOf } from '../estimate/options.js';
import { closePool } from '../parallel/pool.js';
import { cancelOnInterrupt } from './interrupt.js';
import { progressBar } from '../parallel/progress.js';
import { list, parse, parseSsc, str, UsageError } from './args.js';
import { integer, number } from './options.js';
import { bootJson } from './json.js';
import { readForCommand } from './read.js';
import { modelColumns } from '../data/select.js';
import { clusterBootstrapParallel, pairsBootstrapParallel } from '../infer/resample-task.js';
import { QUEUE_FLAGS, QUEUE_HELP, queueBackend, queueProgressLines } from './queue-flags.js';

/** One-line usage of the command. */
export const BOOT_USAGE = 'hdfe boot <data|-> "<formula>" --param TERM --cluster C [options]';

/** The command's --help text, with its defaults. */
export const BOOT_HELP = `${BOOT_USAGE}

Wild cluster bootstrap test of H0: TERM = null, with the confidence interval that inverts it (Roodman,
MacKinnon, Nielsen and Webb 2019: each draw costs O(G k)); with Rademacher weights and 2^G <= reps every
sign vector is enumerated. --method pairs|cluster resample rows or clusters and refit instead.
On an IV formula (y ~ w | fe | x ~ z) the wild bootstrap is the restricted efficient one (WRE, Davidson and
MacKinnon 2010) of --param fit_x, the one endogenous regressor's coefficient (--type unrestricted: WUE).

Options (defaults in brackets):
  --param TERM             the coefficient, as feols names it (required)
  --null R                 the null value [${INFER_DEFAULTS.null}]
  --cluster C              the cluster variable (required for wild and cluster)
  --method wild|pairs|cluster   [wild]
  --wild-weights rademacher|webb|mammen|normal   the wild draws' distribution [${INFER_DEFAULTS.weights}]
  --type restricted|unrestricted   null imposed or not [${INFER_DEFAULTS.type}]
  --p-type symmetric|equal-tailed|lower|upper   [${INFER_DEFAULTS.pType}]
  --reps B                 draws [${INFER_DEFAULTS.reps} wild; ${INFER_DEFAULTS.resampleReps} pairs/cluster]
  --seed S                 seed of the counter-based generator [${INFER_DEFAULTS.seed}]
  --level L                confidence level [${INFER_DEFAULTS.level}]
  --workers N              worker threads [available cores]; results do not depend on it
  --weights col            observation weights of the regression (as in every command)
  --ssc key=value,...      small-sample switches of the CR1 statistic (as hdfe fit)
  --panel id,time          panel for l(), f(), d()
  --format csv|tsv|json|arrow|parquet   data format [from the extension]
  --json                   machine-readable result
${QUEUE_HELP}
  -h, --help               this help
`;

/** Run the command; returns what goes to stdout. */
export async function runBoot(argv: string[]): Promise<string> {
  const { values, positionals } = parse(argv, {
    param: { type: 'string' }, null: { type: 'string' }, cluster: { type: 'string' }, method: { type: 'string' },
    weights: { type: 'string' }, type: { type: 'string' }, 'p-type': { type: 'string' }, reps: { type: 'string' },
    seed: { type: 'string' }, level: { type: 'string' }, workers: { type: 'string' }, 'obs-weights': { type: 'string' },
    'wild-weights': { type: 'string' },
    ssc: { type: 'string' }, panel: { type: 'string' }, format: { type: 'string' }, json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' }, ...QUEUE_FLAGS,
  }, BOOT_USAGE);
  if (values.help) return BOOT_HELP;
  if (positionals.length !== 2) throw new UsageError(`boot takes a data file (or -) and a formula; usage: ${BOOT_USAGE}`);
  const [file, formula] = positionals;
  // --weights is the observation-weight column in every command; the draws' distribution is --wild-weights.
  if (values['obs-weights'] !== undefined) throw new UsageError(`--obs-weights is now --weights col (the same name as in hdfe fit); usage: ${BOOT_USAGE}`);
  const wildWeights = ['rademacher', 'webb', 'mammen', 'normal'];
  if (wildWeights.includes(str(values.weights) ?? '')) {
    throw new UsageError(`--weights names the observation-weight column (as in hdfe fit); for the wild draws' distribution use --wild-weights ${str(values.weights)}`);
  }
  const param = str(values.param);
  if (!param) throw new UsageError(`--param TERM is required; usage: ${BOOT_USAGE}`);
  const method = oneOf('--method', str(values.method) ?? 'wild', ['wild', 'pairs', 'cluster'] as const);
  const cluster = str(values.cluster);
  if (method !== 'pairs' && !cluster) throw new UsageError(`--method ${method} needs --cluster C`);
  const panel = list(values.panel);
  if (panel && panel.length !== 2) throw new UsageError(`--panel takes two columns, id,time; got '${str(values.panel)}'`);
  const common = {
    ssc: parseSsc(values.ssc), obsWeights: str(values.weights),
    panel: panel ? { id: panel[0], time: panel[1] } : undefined,
    reps: integer(str(values.reps), '--reps', 1), seed: integer(str(values.seed), '--seed', 0),
    level: number(str(values.level), '--level'),
  };
  const backend = queueBackend(values);
  const workers = integer(str(values.workers), '--workers', 1);
  const data = await readForCommand(file, str(values.format),
    modelColumns(formula, { cluster, panel: common.panel, weights: common.obsWeights }));
  const bar = progressBar(`${method} bootstrap`);
  const lines = backend ? queueProgressLines(`${method} bootstrap`) : () => undefined;
  const onProgress = (done: number, total: number) => { bar.update(done, total); lines(done, total); };
  // Ctrl-C cancels the sweep (on the queue: withdraws its jobs): one line on stderr, no partial result.
  const interrupt = cancelOnInterrupt(backend !== undefined);
  const run = { workers, backend, onProgress, signal: interrupt.signal };
  try {
    if (method !== 'wild') {
      const r = method === 'pairs'
        ? await pairsBootstrapParallel(data.columns, formula, { ...common, ...run })
        : await clusterBootstrapParallel(data.columns, formula, { ...common, ...run, cluster: cluster as string });
      const c = r.coefficients.find((co) => co.term === param);
      if (!c) throw new UsageError(`--param '${param}' is not a coefficient; the model has ${r.coefficients.map((co) => co.term).join(', ')}`);
      const json = {
        term: c.term, method, estimate: c.estimate, std_error: c.stdError, conf_low: c.percentileLow, conf_high: c.percentileHigh,
        normal_low: c.normalLow, normal_high: c.normalHigh, reps: r.reps, failed: r.failed, level: r.level, seed: r.seed, enumerated: false,
      };
      return values.json ? JSON.stringify(json, null, 2)
        : `${method} bootstrap, ${r.reps} draws (seed ${r.seed}): ${c.term} = ${c.estimate.toPrecision(6)}, bootstrap SE ${c.stdError.toPrecision(4)}, ` +
          `${Math.round(r.level * 100)}% percentile CI [${c.percentileLow.toPrecision(5)}, ${c.percentileHigh.toPrecision(5)}]`;
    }
    const r = await wildBootstrapParallel(data.columns, formula, {
      ...common, ...run, param, cluster: cluster as string, null: number(str(values.null), '--null'),
      weights: str(values['wild-weights']) as never, type: str(values.type) as never, pType: str(values['p-type']) as never,
    });
    const title = r.method !== 'wre' ? `Wild cluster bootstrap (${r.type}`
      : r.type === 'restricted' ? 'Wild restricted efficient bootstrap of the IV coefficient (WRE' : 'Wild unrestricted efficient bootstrap of the IV coefficient (WUE';
    return values.json ? JSON.stringify({ ...bootJson(r), ...(r.method ? { method: r.method } : {}) }, null, 2)
      : `${title}, ${r.weights}${r.enumerated ? ', all 2^G draws enumerated' : `, ${r.reps} draws, seed ${r.seed}`}), ${r.clusters} clusters\n` +
        `H0: ${r.term} = ${r.null}   t = ${r.statistic.toPrecision(5)}   p = ${r.pValue === 0 ? `0 (no draw as extreme, < ${(1 / r.reps).toPrecision(2)})` : r.pValue.toPrecision(4)} (${r.pType})\n` +
        `${Math.round(r.level * 100)}% CI by test inversion: [${r.confLow.toPrecision(5)}, ${r.confHigh.toPrecision(5)}]`;
  } finally {
    interrupt.dispose();
    bar.finish();
    // Interrupted: the process ends by the signal, threads and all.
    if (!interrupt.signal.aborted) await closePool();
  }
}
