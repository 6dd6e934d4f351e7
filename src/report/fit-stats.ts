/**
 * The fit statistics at the foot of a regression table: which rows there are, their labels, the defaults
 * (least squares', fixest etable's GLM rows, or both for a mixed table) and how each model's value is shown.
 */
import { REGRESSION_DEFAULTS } from './defaults.js';
import { formatInteger, formatNumber, type NumberFormat } from './format.js';
import type { ModelLike } from './model.js';
import { cell, type Cell } from './table.js';

/**
 * Allowed values in `stats`.
 *
 * @example
 * ```ts
 * regressionTable(models, { stats: [...STAT_NAMES] }); // every statistic row
 * ```
 */
export const STAT_NAMES = ['nobs', 'r2', 'adjR2', 'withinR2', 'adjWithinR2', 'sqCor', 'pseudoR2', 'bic', 'loglik', 'deviance', 'vcov'] as const;
/**
 * A statistic row at the foot of a regression table.
 *
 * @example
 * ```ts
 * const stats: StatName[] = ['nobs', 'adjR2', 'vcov'];
 * ```
 */
export type StatName = (typeof STAT_NAMES)[number];

export const STAT_LABELS: Readonly<Record<StatName, string>> = {
  nobs: 'N',
  r2: 'R\u00b2',
  adjR2: 'Adj. R\u00b2',
  withinR2: 'Within R\u00b2',
  adjWithinR2: 'Adj. within R\u00b2',
  sqCor: 'Squared Cor.',
  pseudoR2: 'Pseudo R\u00b2',
  bic: 'BIC',
  loglik: 'Log-Likelihood',
  deviance: 'Deviance',
  vcov: 'Std. errors',
};

/** fixest etable's statistics for a Poisson model: observations, squared correlation, pseudo R2, BIC. */
const GLM_STATS: readonly StatName[] = ['nobs', 'sqCor', 'pseudoR2', 'bic'];

/** True for a Poisson (GLM) model: z statistics, pseudo R2 instead of R2. */
export const isGlm = (m: ModelLike): boolean => m.family !== undefined && m.family !== 'gaussian';

/** The default statistics rows: least squares' alone, etable's GLM rows alone, or both for a mixed table. */
export function defaultStats(models: readonly ModelLike[]): readonly StatName[] {
  const glm = models.filter(isGlm).length;
  if (glm === 0) return REGRESSION_DEFAULTS.stats;
  if (glm === models.length) return GLM_STATS;
  return [...new Set([...REGRESSION_DEFAULTS.stats, ...GLM_STATS])];
}

/**
 * How a model's standard errors were computed, in words: 'iid', 'Heteroskedastic', 'Clustered (province)'.
 *
 * @example
 * ```ts
 * vcovText({ type: 'cluster', clusters: { province: 30 } }); // 'Clustered (province)'
 * ```
 */
export function vcovText(vcov: ModelLike['vcov']): string {
  if (vcov.type === 'iid') return 'iid';
  if (vcov.type === 'hetero') return 'Heteroskedastic';
  if (vcov.type === 'HC2' || vcov.type === 'HC3') return `Heteroskedastic (${vcov.type})`;
  if (vcov.type === 'NW') return 'Newey-West';
  if (vcov.type === 'DK') return 'Driscoll-Kraay';
  if (vcov.type === 'conley') return 'Conley';
  if (vcov.type === 'CR3') return `Clustered CR3 (${Object.keys(vcov.clusters ?? {}).join(', ')})`;
  const names = Object.keys(vcov.clusters ?? {});
  return names.length > 0 ? `Clustered by ${names.join(' and ')}` : 'Clustered';
}

export function statCell(m: ModelLike, stat: StatName, fmt: NumberFormat): Cell {
  if (stat === 'vcov') return cell(vcovText(m.vcov), 'center', 'text');
  // A statistic the model does not have (R2 of a Poisson model, pseudo R2 of least squares) is missing.
  const text = stat === 'nobs' ? formatInteger(m.nobs, fmt) : formatNumber(m[stat] ?? null, fmt);
  return cell(text, 'center', 'number');
}
