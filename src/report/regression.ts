/**
 * Models side by side, esttab / fixest etable style: one column per model, an estimate row with
 * stars and a row below it (SE, t or CI) per coefficient, then fixed-effect indicators, extra rows,
 * fit statistics and notes. Every number is formatted here, once; renderers only lay text out.
 */
import { DataError, OptionError } from '../errors.js';
import { REGRESSION_DEFAULTS } from './defaults.js';
import { formatFactor, formatInteger, formatNumber, numberFormat, type NumberFormat } from './format.js';
import type { CoefficientRow, ModelLike } from './model.js';
import { starLegend, starNote, starsFor, type StarLegendEntry, type StarThresholds } from './stars.js';
import { cell, type Cell, type Note, type Panel, type RegressionData, type Row, type Table } from './table.js';
import { checkScale, selectTerms, type TermSelection } from './terms.js';
import { arrayOf, oneOf, recordOf, show } from './validate.js';

/** Allowed values of `below`. */
export const BELOW_KINDS = ['se', 't', 'ci', 'none'] as const;
/** What goes under each estimate: standard error or t statistic in parentheses, interval in brackets, or nothing. */
export type Below = (typeof BELOW_KINDS)[number];

/** Allowed values in `stats`. */
export const STAT_NAMES = ['nobs', 'r2', 'adjR2', 'withinR2', 'adjWithinR2', 'vcov'] as const;
/** A statistic row at the foot of a regression table. */
export type StatName = (typeof STAT_NAMES)[number];

const STAT_LABELS: Readonly<Record<StatName, string>> = {
  nobs: 'N',
  r2: 'R2',
  adjR2: 'Adj. R2',
  withinR2: 'Within R2',
  adjWithinR2: 'Adj. within R2',
  vcov: 'Std. errors',
};

/**
 * A user row between the fixed effects and the statistics, e.g. `{ label: 'Controls', values: ['No', 'Yes'] }`.
 * Numbers are formatted like the table's; null prints as the missing marker.
 *
 * @example
 * ```ts
 * const row: ExtraRow = { label: 'Sample', values: ['2009-2020', '2010-2020'] };
 * ```
 */
export interface ExtraRow {
  readonly label: string;
  readonly values: readonly (string | number | null)[];
}

/**
 * Options of {@link regressionTable}; defaults in `REGRESSION_DEFAULTS`.
 *
 * @example
 * ```ts
 * const options: RegressionTableOptions = {
 *   titles: ['Baseline', 'Year FE'],
 *   labels: { 'l(Vag,1)': 'L.Vag', year: 'Year FE', '(Intercept)': '_cons' },
 *   scale: { GDP: 1e4 },
 *   stats: ['nobs', 'adjR2', 'vcov'],
 * };
 * ```
 */
export interface RegressionTableOptions extends Partial<NumberFormat>, TermSelection {
  /** One title per model, shown under (1), (2), ... */
  readonly titles?: readonly string[];
  /** Show the dependent-variable row; default true. */
  readonly depvar?: boolean;
  /** Default 'se'. */
  readonly below?: Below;
  /** Display names for terms, fixed effects and dependent variables; a fixed effect `f` defaults to 'f FE'. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Display factor per term: estimate, SE and CI are multiplied by it and the label is marked '(xk)'. */
  readonly scale?: Readonly<Record<string, number>>;
  readonly extraRows?: readonly ExtraRow[];
  /** Default ['nobs', 'r2', 'adjR2']. */
  readonly stats?: readonly StatName[];
  readonly statLabels?: Readonly<Partial<Record<StatName, string>>>;
  /** Symbol -> p threshold; default { '*': 0.1, '**': 0.05, '***': 0.01 }; false for no stars and no legend. */
  readonly stars?: StarThresholds | false;
  /** Lines appended after the automatic notes (what is below the estimates, the star legend, scaling). */
  readonly notes?: readonly string[];
  readonly caption?: string;
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
  const names = Object.keys(vcov.clusters ?? {});
  return names.length > 0 ? `Clustered (${names.join(', ')})` : 'Clustered';
}

function checkModels(models: readonly ModelLike[]): void {
  if (!Array.isArray(models) || models.length === 0) {
    throw new OptionError(`models: expected a non-empty array of estimated models; got ${show(models)}. Pass [model1, model2, ...].`);
  }
  models.forEach((m, i) => {
    if (typeof m !== 'object' || m === null || typeof m.depvar !== 'string' || !Array.isArray(m.coefficients)) {
      throw new DataError(
        `models[${i}]: expected an object with depvar and coefficients (ModelLike); got ${show(m)}. Pass an estimation result.`,
      );
    }
    const seen = new Set<string>();
    for (const c of m.coefficients) {
      if (seen.has(c.term)) {
        throw new DataError(`models[${i}]: expected each term once; got '${c.term}' twice. Rename or remove the duplicate.`);
      }
      seen.add(c.term);
    }
  });
}

/** Union of the models' keys in order of first appearance. */
function union(lists: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  for (const list of lists) for (const x of list) if (!out.includes(x)) out.push(x);
  return out;
}

function belowText(c: CoefficientRow, below: Below, k: number, fmt: NumberFormat): string {
  if (below === 'se') return `(${formatNumber(c.stdError * k, fmt)})`;
  if (below === 't') return `(${formatNumber(c.statistic, fmt)})`; // a t statistic does not change with scale
  return `[${formatNumber(c.confLow * k, fmt)}, ${formatNumber(c.confHigh * k, fmt)}]`;
}

const BELOW_NOTE: Readonly<Record<Below, string | null>> = {
  se: 'Standard errors in parentheses.',
  t: 't statistics in parentheses.',
  ci: 'Confidence intervals in brackets.',
  none: null,
};

function statCell(m: ModelLike, stat: StatName, fmt: NumberFormat): Cell {
  if (stat === 'vcov') return cell(vcovText(m.vcov), 'center', 'text');
  const text = stat === 'nobs' ? formatInteger(m.nobs, fmt) : formatNumber(m[stat], fmt);
  return cell(text, 'center', 'number');
}

function extraCell(v: unknown, fmt: NumberFormat, where: string): Cell {
  if (typeof v === 'string') return cell(v, 'center', 'text');
  if (v === null || v === undefined) return cell(fmt.missing, 'center', 'text');
  if (typeof v === 'number') return cell(Number.isInteger(v) ? formatInteger(v, fmt) : formatNumber(v, fmt), 'center', 'number');
  throw new OptionError(`${where}: expected a string, number or null; got ${show(v)}. Convert the value to text.`);
}

/**
 * Build the neutral table for models side by side; render it with {@link render} or one renderer.
 *
 * @example
 * ```ts
 * const table = regressionTable([baseline, withYearFE], {
 *   labels: { '(Intercept)': '_cons', year: 'Year FE' },
 *   stats: ['nobs', 'adjR2'],
 * });
 * console.log(renderText(table));
 * ```
 */
export function regressionTable(models: readonly ModelLike[], options: RegressionTableOptions = {}): Table {
  checkModels(models);
  const fmt = numberFormat(options, REGRESSION_DEFAULTS);
  const below = oneOf('below', options.below ?? REGRESSION_DEFAULTS.below, BELOW_KINDS);
  const labels = recordOf('labels', options.labels ?? {}) as Readonly<Record<string, string>>;
  const scale = checkScale(recordOf('scale', options.scale ?? {}) as Readonly<Record<string, number>>);
  const stats = arrayOf('stats', options.stats ?? REGRESSION_DEFAULTS.stats).map((s, i) => oneOf(`stats[${i}]`, s, STAT_NAMES));
  const statLabels = { ...STAT_LABELS, ...(recordOf('statLabels', options.statLabels ?? {}) as Partial<Record<StatName, string>>) };
  const legend: StarLegendEntry[] = options.stars === false ? [] : starLegend(options.stars ?? REGRESSION_DEFAULTS.stars);
  const label = (name: string): string => labels[name] ?? name;
  const nm = models.length;
  const blank = (): Cell => cell('', 'center', 'empty');

  const header: Row[] = [
    { role: 'numbers', cells: [cell('', 'left', 'empty'), ...models.map((_, j) => cell(`(${j + 1})`, 'center', 'header'))] },
  ];
  const titles = options.titles === undefined ? null : arrayOf('titles', options.titles).map(String);
  if (titles !== null) {
    if (titles.length !== nm) {
      throw new OptionError(`titles: expected ${nm} titles (one per model); got ${titles.length}. Give one per model, '' to leave one blank.`);
    }
    header.push({ role: 'titles', cells: [cell('', 'left', 'empty'), ...titles.map((t) => cell(t, 'center', 'header'))] });
  }
  if (options.depvar ?? REGRESSION_DEFAULTS.depvar) {
    header.push({
      role: 'depvar',
      cells: [cell('Dependent var.', 'left', 'label'), ...models.map((m) => cell(label(m.depvar), 'center', 'header'))],
    });
  }

  const byTerm = models.map((m) => new Map(m.coefficients.map((c) => [c.term, c])));
  const terms = selectTerms(union(models.map((m) => m.coefficients.map((c) => c.term))), options);
  const coefRows: Row[] = [];
  for (const term of terms) {
    const k = scale[term] ?? 1;
    const name = k === 1 ? label(term) : `${label(term)} (x${formatFactor(k)})`;
    const rows = byTerm.map((map) => map.get(term));
    coefRows.push({
      role: 'estimate',
      term,
      cells: [
        cell(name, 'left', 'label'),
        ...rows.map((c) => (c ? cell(formatNumber(c.estimate * k, fmt), 'center', 'estimate', starsFor(c.pValue, legend)) : blank())),
      ],
    });
    if (below !== 'none') {
      const role = below === 'se' ? 'se' : below === 't' ? 'tstat' : 'ci';
      coefRows.push({
        role: 'below',
        term,
        cells: [cell('', 'left', 'empty'), ...rows.map((c) => (c ? cell(belowText(c, below, k, fmt), 'center', role) : blank()))],
      });
    }
  }

  const panels: Panel[] = [{ kind: 'coefficients', rows: coefRows }];
  const fixefNames = union(models.map((m) => Object.keys(m.fixef ?? {})));
  if (fixefNames.length > 0) {
    panels.push({
      kind: 'fixef',
      rows: fixefNames.map((f) => ({
        role: 'fixef' as const,
        cells: [cell(labels[f] ?? `${f} FE`, 'left', 'label'), ...models.map((m) => cell(f in (m.fixef ?? {}) ? 'Yes' : 'No', 'center', 'text'))],
      })),
    });
  }
  const extra = arrayOf('extraRows', options.extraRows ?? []).map((r, i) => {
    const row = recordOf(`extraRows[${i}]`, r);
    const values = arrayOf(`extraRows[${i}].values`, row.values);
    if (values.length !== nm) {
      throw new OptionError(`extraRows[${i}].values: expected ${nm} values (one per model); got ${values.length}. Use null for a blank.`);
    }
    return {
      role: 'extra' as const,
      cells: [cell(String(row.label ?? ''), 'left', 'label'), ...values.map((v, j) => extraCell(v, fmt, `extraRows[${i}].values[${j}]`))],
    };
  });
  if (extra.length > 0) panels.push({ kind: 'extra', rows: extra });
  if (stats.length > 0) {
    panels.push({
      kind: 'stats',
      rows: stats.map((s) => ({ role: 'stat' as const, cells: [cell(statLabels[s], 'left', 'label'), ...models.map((m) => statCell(m, s, fmt))] })),
    });
  }

  const notes: Note[] = [];
  if (BELOW_NOTE[below] !== null) notes.push({ text: BELOW_NOTE[below] });
  if (legend.length > 0) notes.push({ text: starNote(legend), stars: legend });
  const scaled = terms.filter((t) => (scale[t] ?? 1) !== 1);
  if (scaled.length > 0) {
    const what = below === 'se' ? 'estimate and standard error' : below === 'ci' ? 'estimate and interval' : 'estimate';
    notes.push({ text: `(xk): ${what} multiplied by k, i.e. the effect of a k-unit change.` });
  }
  for (const n of arrayOf('notes', options.notes ?? [])) notes.push({ text: String(n) });

  const data: RegressionData = {
    kind: 'regression',
    scale: Object.fromEntries(scaled.map((t) => [t, scale[t]])),
    models: models.map((m, j) => ({
      column: `(${j + 1})`,
      title: titles?.[j] ?? null,
      depvar: m.depvar,
      nobs: m.nobs,
      r2: m.r2,
      adjR2: m.adjR2,
      withinR2: m.withinR2,
      adjWithinR2: m.adjWithinR2,
      fixef: { ...m.fixef },
      vcov: { type: m.vcov.type, clusters: m.vcov.clusters ? { ...m.vcov.clusters } : null },
      coefficients: Object.fromEntries(
        terms.flatMap((t) => {
          const c = byTerm[j].get(t);
          if (!c) return [];
          const { estimate, stdError, statistic, pValue, confLow, confHigh } = c;
          return [[t, { estimate, stdError, statistic, pValue, confLow, confHigh }]];
        }),
      ),
    })),
  };

  return {
    kind: 'regression',
    caption: options.caption ?? null,
    columns: ['left', ...models.map(() => 'center' as const)],
    header,
    panels,
    notes,
    data,
  };
}
