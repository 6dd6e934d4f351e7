/** `hdfe table <data> "<formula>" [...]`: several models (formulas, or sw/csw) side by side in one table. */
import { writeFileAtomic } from '../platform/node/output.js';
import { feolsMultiple } from '../estimate/multiple.js';
import type { FepoisResult } from '../estimate/fepois.js';
import { fepoisMultiple } from '../estimate/fepois-multiple.js';
import { GLM_DEFAULTS } from '../defaults.js';
import type { FeolsOptions, VcovType } from '../estimate/options.js';
import type { FeolsResult } from '../estimate/result.js';
import { revcov, type VcovOptions } from '../estimate/revcov.js';
import { regressionTable, render, validateFormat, vcovText, type Below, type StatName } from '../report/index.js';
import { list, parse, str, UsageError } from './args.js';
import { MODEL_FLAGS, MODEL_HELP, modelOptions, separationRules } from './fit.js';
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
  --vcov 'V1;V2;...'       one variance per column, formed without refitting: as many as models, or several
                           for one model (a column each); V is iid, hetero, HC2, HC3, NW, DK, conley,
                           cluster:a[+b] or CR3:a (e.g. --vcov 'iid;hetero;cluster:firm')
  --family gaussian|poisson   least squares, or Poisson models (fixest's fepois; z statistics, and the
                           rows nobs, sqCor, pseudoR2, bic as fixest's etable shows them) [gaussian]
  --offset col             Poisson: a column added to the linear predictor
  --glm-tol T              Poisson: IRLS tolerance [${GLM_DEFAULTS.tol}]
  --glm-max-iter N         Poisson: IRLS iterations cap [${GLM_DEFAULTS.maxIter}]
  --separation RULES       Poisson: fe, relu, fe,relu or none [${GLM_DEFAULTS.separation.join(',')}]
  --output-format text|md|latex|html|csv|json   table format [text]
  --siunitx                with latex: decimal-aligned siunitx S columns (\\usepackage{siunitx})
  --out FILE               write the table to FILE [stdout]
  --labels a=A,b=B         display names of terms and fixed effects
  --below se|t|ci|none     what goes under each estimate [se]
  --stats nobs,r2,...      statistics rows [nobs,r2,adjR2; Poisson: nobs,sqCor,pseudoR2,bic]; also withinR2,
                           adjWithinR2, loglik, deviance, vcov
  --digits N               decimals [4]
  --caption TEXT           table caption
  -h, --help               this help
`;

/** Run the command; returns what goes to stdout. */
export async function runTable(argv: string[]): Promise<string> {
  const { values, positionals } = parse(argv, {
    ...MODEL_FLAGS, 'output-format': { type: 'string' }, out: { type: 'string' }, labels: { type: 'string' },
    below: { type: 'string' }, stats: { type: 'string' }, digits: { type: 'string' }, caption: { type: 'string' },
    family: { type: 'string' }, offset: { type: 'string' }, 'glm-tol': { type: 'string' }, 'glm-max-iter': { type: 'string' },
    separation: { type: 'string' },
    siunitx: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  }, TABLE_USAGE);
  if (values.help) return TABLE_HELP;
  if (positionals.length < 2) throw new UsageError(`table takes a data file and at least one formula; usage: ${TABLE_USAGE}`);
  const [file, ...formulas] = positionals;
  const format = validateFormat(str(values['output-format']) ?? 'text');
  if (values.siunitx && format !== 'latex') throw new UsageError(`--siunitx applies to --output-format latex; got --output-format ${format}`);
  const labels = Object.fromEntries((list(values.labels) ?? []).map((pair) => {
    const at = pair.indexOf('=');
    if (at < 1) throw new UsageError(`--labels takes name=Label pairs; got '${pair}'`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }));
  const digits = str(values.digits) === undefined ? undefined : Number(str(values.digits));
  if (digits !== undefined && !(Number.isInteger(digits) && digits >= 0)) throw new UsageError(`--digits takes a non-negative integer; got '${str(values.digits)}'`);
  const perColumn = columnVariances(str(values.vcov));
  const options = modelOptions(perColumn ? { ...values, vcov: undefined } : values);
  const clusters = perColumn?.flatMap((v) => (typeof v.cluster === 'string' ? [v.cluster] : v.cluster ?? [])) ?? [];
  const family = str(values.family) ?? 'gaussian';
  if (family !== 'gaussian' && family !== 'poisson') throw new UsageError(`--family takes gaussian or poisson; got '${family}'`);
  if (family === 'gaussian') {
    for (const flag of ['offset', 'glm-tol', 'glm-max-iter', 'separation']) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} applies to --family poisson only`);
    }
  }
  const offset = str(values.offset);
  const data = await readForCommand(file, str(values.format), modelColumns(formulas, { ...options, cluster: [...new Set([...(options.cluster ?? []), ...clusters])] },
    offset ? { [offset]: 'number' } : {}));
  const fitted: readonly Fitted[] = family === 'poisson'
    ? fepoisMultiple(data.columns, formulas, {
      ...options, offset, separation: separationRules(str(values.separation)),
      glmTol: positive('glm-tol', str(values['glm-tol']), false), glmMaxIter: positive('glm-max-iter', str(values['glm-max-iter']), true),
    })
    : feolsMultiple(data.columns, formulas, { ...options, keepScores: perColumn !== null }).models;
  const shared: VcovOptions = { ssc: options.ssc, convention: options.convention, panel: options.panel, lag: options.lag, conley: options.conley };
  const models = perColumn ? byColumn(fitted, perColumn.map((v) => ({ ...shared, ...v }))) : fitted;
  const stats = list(values.stats) as StatName[] | undefined;
  // Which standard errors the parentheses hold, said once under the table unless a stats row says it.
  const seKinds = [...new Set(models.map((m) => vcovText(m.vcov)))];
  const table = regressionTable(models, {
    labels, below: str(values.below) as Below | undefined,
    // Columns that differ only in their variance say which one each shows.
    stats: stats ?? (perColumn ? [...(family === 'poisson' ? ['nobs', 'sqCor', 'pseudoR2', 'bic'] as const : ['nobs', 'r2', 'adjR2'] as const), 'vcov'] : undefined),
    digits, caption: str(values.caption),
    notes: stats?.includes('vcov') || perColumn ? [] : [`Standard errors: ${seKinds.join('; ')}.`],
  });
  const text = format === 'latex' ? render(table, 'latex', { siunitx: values.siunitx === true }) : render(table, format);
  const out = str(values.out);
  if (out) { await writeFileAtomic(out, text); return ''; }
  return text;
}

const VARIANCE_NAMES: readonly VcovType[] = ['iid', 'hetero', 'HC2', 'HC3', 'NW', 'DK', 'conley', 'cluster', 'CR3'];

/** `--vcov 'iid;hetero;cluster:firm+year'` -> one variance per column; null for a plain --vcov. */
function columnVariances(text: string | undefined): VcovOptions[] | null {
  if (text === undefined || !text.includes(';')) return null;
  return text.split(';').map((part) => {
    const [name, groups] = part.trim().split(':').map((s) => s.trim());
    if (!(VARIANCE_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`--vcov takes variances separated by ';', each one of ${VARIANCE_NAMES.join(', ')} (cluster:a[+b], CR3:a); got '${part.trim()}'`);
    }
    const cluster = groups ? groups.split('+').map((g) => g.trim()).filter(Boolean) : undefined;
    if ((name === 'cluster' || name === 'CR3') && !cluster?.length) throw new UsageError(`--vcov ${name} takes its cluster variables as ${name}:a[+b]; got '${part.trim()}'`);
    if (cluster && name !== 'cluster' && name !== 'CR3') throw new UsageError(`--vcov ${name} takes no cluster variables; got '${part.trim()}'`);
    return { vcov: name as VcovType, cluster } satisfies FeolsOptions;
  });
}

/** A model of the table: least squares or Poisson. */
type Fitted = FeolsResult | FepoisResult;

/** The model under another variance, whichever estimator fitted it. */
function again(m: Fitted, v: VcovOptions): Fitted {
  return 'family' in m ? revcov(m, v) : revcov(m, v);
}

function positive(flag: string, text: string | undefined, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (!(x > 0) || (integer && !Number.isInteger(x))) throw new UsageError(`--${flag} takes a positive ${integer ? 'integer' : 'number'}; got '${text}'`);
  return x;
}

/** One variance per model, or every variance for a single model (a column each). */
function byColumn(models: readonly Fitted[], variances: readonly VcovOptions[]): Fitted[] {
  if (models.length === 1) return variances.map((v) => again(models[0], v));
  if (models.length === variances.length) return models.map((m, i) => again(m, variances[i]));
  throw new UsageError(`--vcov gives ${variances.length} variances for ${models.length} models; give one per model, or several for one model`);
}
