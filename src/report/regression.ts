/**
 * Models side by side, esttab / fixest etable style: one column per model, an estimate row with
 * stars and a row below it (SE, t or CI) per coefficient, then fixed-effect indicators, extra rows,
 * fit statistics and notes. Every number is formatted here, once; renderers only lay text out.
 */
import { DataError, OptionError } from '../errors.js';
import { REGRESSION_DEFAULTS } from './defaults.js';
import { formatFactor, formatInteger, formatNumber, numberFormat, type NumberFormat } from './format.js';
import type { CoefficientRow, ModelLike } from './model.js';
import { defaultStats, isGlm, STAT_LABELS, STAT_NAMES, statCell, type StatName } from './fit-stats.js';
import { starLegend, starNote, starsFor, type StarLegendEntry, type StarThresholds } from './stars.js';
import { cell, type Cell, type Note, type Panel, type RegressionData, type Row, type Table } from './table.js';
import { checkScale, selectTerms, type TermSelection } from './terms.js';
import { arrayOf, oneOf, recordOf, show } from './validate.js';

export { STAT_NAMES, vcovText, type StatName } from './fit-stats.js';

/**
 * Allowed values of `below`.
 *
 * @example
 * ```ts
 * BELOW_KINDS; // ['se', 't', 'ci', 'none']
 * ```
 */
export const BELOW_KINDS = ['se', 't', 'ci', 'none'] as const;
/**
 * What goes under each estimate: standard error or t statistic in parentheses, interval in brackets, or nothing.
 *
 * @example
 * ```ts
 * regressionTable(models, { below: 'ci' }); // [0.1328, 0.2198] under 0.1763***
 * ```
 */
export type Below = (typeof BELOW_KINDS)[number];

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
  /**
   * Default true: a term whose estimates would all print in e-notation (|estimate| < 10^(1 - digits), say
   * GDP's 6.7e-06) gets a power-of-ten factor of its own, so its row keeps the table's one number format and
   * the label and a note say so ('GDP (x1e6)'). A term in `scale` keeps the factor given there.
   */
  readonly autoScale?: boolean;
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

function checkModels(models: readonly ModelLike[]): void {
  if (!Array.isArray(models) || models.length === 0) {
    throw new OptionError(
      `models: expected a non-empty array of estimated models; got ${show(models)}. Pass [model1, model2, ...].`,
    );
  }
  models.forEach((m, i) => {
    if (typeof m !== 'object' || m === null || typeof m.depvar !== 'string' || !Array.isArray(m.coefficients)) {
      throw new DataError(
        `models[${i}]: expected an object with depvar and coefficients (ModelLike); got ${show(m)}. ` +
          `Pass an estimation result.`,
      );
    }
    const seen = new Set<string>();
    for (const c of m.coefficients) {
      if (seen.has(c.term)) {
        throw new DataError(
          `models[${i}]: expected each term once; got '${c.term}' twice. Rename or remove the duplicate.`,
        );
      }
      seen.add(c.term);
    }
  });
}

/** Options after defaults and validation; what the row builders below read. */
interface Resolved {
  readonly fmt: NumberFormat;
  readonly below: Below;
  readonly labels: Readonly<Record<string, string>>;
  readonly scale: Readonly<Record<string, number>>;
  readonly stats: readonly StatName[];
  readonly statLabels: Readonly<Record<StatName, string>>;
  readonly legend: readonly StarLegendEntry[];
  readonly titles: readonly string[] | null;
}

function resolve(options: RegressionTableOptions, models: readonly ModelLike[]): Resolved {
  const nm = models.length;
  const titles = options.titles === undefined ? null : arrayOf('titles', options.titles).map(String);
  if (titles !== null && titles.length !== nm) {
    throw new OptionError(
      `titles: expected ${nm} titles (one per model); got ${titles.length}. Give one per model, '' to leave one blank.`,
    );
  }
  const statLabels = recordOf('statLabels', options.statLabels ?? {}) as Partial<Record<StatName, string>>;
  return {
    fmt: numberFormat(options, REGRESSION_DEFAULTS),
    below: oneOf('below', options.below ?? REGRESSION_DEFAULTS.below, BELOW_KINDS),
    labels: recordOf('labels', options.labels ?? {}) as Readonly<Record<string, string>>,
    scale: checkScale(recordOf('scale', options.scale ?? {}) as Readonly<Record<string, number>>),
    stats: arrayOf('stats', options.stats ?? defaultStats(models)).map((s, i) => oneOf(`stats[${i}]`, s, STAT_NAMES)),
    statLabels: { ...STAT_LABELS, ...statLabels },
    legend: options.stars === false ? [] : starLegend(options.stars ?? REGRESSION_DEFAULTS.stars),
    titles,
  };
}

/** Power-of-ten factors for the terms whose every estimate is below 10^(1 - digits) in magnitude. */
function autoScales(byTerm: readonly Map<string, CoefficientRow>[], terms: readonly string[], digits: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const term of terms) {
    const max = Math.max(0, ...byTerm.map((m) => Math.abs(m.get(term)?.estimate ?? 0)).filter(Number.isFinite));
    if (max > 0 && max < 10 ** (1 - digits)) out[term] = 10 ** Math.ceil(-Math.log10(max) - 1e-12);
  }
  return out;
}

/** Union of the models' keys in order of first appearance. */
function union(lists: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  for (const list of lists) for (const x of list) if (!out.includes(x)) out.push(x);
  return out;
}

const blank = (): Cell => cell('', 'center', 'empty');
const labelCell = (text: string): Cell => cell(text, 'left', 'label');

function headerRows(models: readonly ModelLike[], r: Resolved, depvar: boolean): Row[] {
  const rows: Row[] = [
    { role: 'numbers', cells: [cell('', 'left', 'empty'), ...models.map((_, j) => cell(`(${j + 1})`, 'center', 'header'))] },
  ];
  if (r.titles !== null) {
    rows.push({ role: 'titles', cells: [cell('', 'left', 'empty'), ...r.titles.map((t) => cell(t, 'center', 'header'))] });
  }
  if (depvar) {
    const names = models.map((m) => cell(r.labels[m.depvar] ?? m.depvar, 'center', 'header'));
    rows.push({ role: 'depvar', cells: [labelCell('Dependent var.'), ...names] });
  }
  return rows;
}

function belowText(c: CoefficientRow, below: Below, k: number, fmt: NumberFormat): string {
  if (below === 'se') return `(${formatNumber(c.stdError * k, fmt)})`;
  if (below === 't') return `(${formatNumber(c.statistic, fmt)})`; // a t statistic does not change with scale
  return `[${formatNumber(c.confLow * k, fmt)}, ${formatNumber(c.confHigh * k, fmt)}]`;
}

const BELOW_ROLE = { se: 'se', t: 'tstat', ci: 'ci' } as const;

function coefficientRows(byTerm: readonly Map<string, CoefficientRow>[], terms: readonly string[], r: Resolved): Row[] {
  const rows: Row[] = [];
  for (const term of terms) {
    const k = r.scale[term] ?? 1;
    const label = r.labels[term] ?? term;
    const found = byTerm.map((map) => map.get(term));
    const estimate = (c: CoefficientRow): Cell =>
      cell(formatNumber(c.estimate * k, r.fmt), 'center', 'estimate', starsFor(c.pValue, r.legend));
    rows.push({
      role: 'estimate',
      term,
      cells: [labelCell(k === 1 ? label : `${label} (x${formatFactor(k)})`), ...found.map((c) => (c ? estimate(c) : blank()))],
    });
    if (r.below === 'none') continue;
    const below = r.below;
    const under = (c: CoefficientRow): Cell => cell(belowText(c, below, k, r.fmt), 'center', BELOW_ROLE[below]);
    rows.push({ role: 'below', term, cells: [cell('', 'left', 'empty'), ...found.map((c) => (c ? under(c) : blank()))] });
  }
  return rows;
}

function fixefRows(models: readonly ModelLike[], r: Resolved): Row[] {
  return union(models.map((m) => Object.keys(m.fixef ?? {}))).map((f) => ({
    role: 'fixef',
    cells: [
      labelCell(r.labels[f] ?? `${f} FE`),
      ...models.map((m) => cell(f in (m.fixef ?? {}) ? 'Yes' : 'No', 'center', 'text')),
    ],
  }));
}

function extraCell(v: unknown, fmt: NumberFormat, where: string): Cell {
  if (typeof v === 'string') return cell(v, 'center', 'text');
  if (v === null || v === undefined) return cell(fmt.missing, 'center', 'text');
  if (typeof v === 'number') {
    return cell(Number.isInteger(v) ? formatInteger(v, fmt) : formatNumber(v, fmt), 'center', 'number');
  }
  throw new OptionError(`${where}: expected a string, number or null; got ${show(v)}. Convert the value to text.`);
}

function extraRows(extra: unknown, nm: number, fmt: NumberFormat): Row[] {
  return arrayOf('extraRows', extra ?? []).map((x, i) => {
    const row = recordOf(`extraRows[${i}]`, x);
    const values = arrayOf(`extraRows[${i}].values`, row.values);
    if (values.length !== nm) {
      throw new OptionError(
        `extraRows[${i}].values: expected ${nm} values (one per model); got ${values.length}. Use null for a blank.`,
      );
    }
    const cells = values.map((v, j) => extraCell(v, fmt, `extraRows[${i}].values[${j}]`));
    return { role: 'extra', cells: [labelCell(String(row.label ?? '')), ...cells] };
  });
}

const BELOW_NOTE: Readonly<Record<Below, string | null>> = {
  se: 'Standard errors in parentheses.',
  t: 't statistics in parentheses.',
  ci: 'Confidence intervals in brackets.',
  none: null,
};

function tableNotes(r: Resolved, scaled: readonly string[], userNotes: unknown, models: readonly ModelLike[]): Note[] {
  const notes: Note[] = [];
  // Poisson models carry z statistics (normal p-values), least squares t statistics.
  const glm = models.filter(isGlm).length;
  const statNote = glm === 0 ? BELOW_NOTE.t : glm === models.length ? 'z statistics in parentheses.' : 't statistics (z for Poisson models) in parentheses.';
  const belowNote = r.below === 't' ? statNote : BELOW_NOTE[r.below];
  if (belowNote !== null) notes.push({ text: belowNote });
  if (r.legend.length > 0) notes.push({ text: starNote(r.legend), stars: r.legend });
  if (scaled.length > 0) {
    const what = r.below === 'se' ? 'estimate and standard error' : r.below === 'ci' ? 'estimate and interval' : 'estimate';
    notes.push({ text: `(xk): ${what} multiplied by k, i.e. the effect of a k-unit change.` });
  }
  for (const n of arrayOf('notes', userNotes ?? [])) notes.push({ text: String(n) });
  return notes;
}

function rawData(
  models: readonly ModelLike[],
  byTerm: readonly Map<string, CoefficientRow>[],
  terms: readonly string[],
  r: Resolved,
  scaled: readonly string[],
): RegressionData {
  return {
    kind: 'regression',
    scale: Object.fromEntries(scaled.map((t) => [t, r.scale[t]])),
    models: models.map((m, j) => ({
      column: `(${j + 1})`,
      title: r.titles?.[j] ?? null,
      depvar: m.depvar,
      nobs: m.nobs,
      r2: m.r2,
      adjR2: m.adjR2,
      withinR2: m.withinR2,
      adjWithinR2: m.adjWithinR2,
      ...(isGlm(m) ? { family: m.family, pseudoR2: m.pseudoR2, sqCor: m.sqCor, bic: m.bic, loglik: m.loglik, deviance: m.deviance } : {}),
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
  const resolved = resolve(options, models);
  const byTerm = models.map((m) => new Map(m.coefficients.map((c) => [c.term, c])));
  const terms = selectTerms(union(models.map((m) => m.coefficients.map((c) => c.term))), options);
  const r: Resolved = (options.autoScale ?? true) && resolved.fmt.format === 'auto'
    ? { ...resolved, scale: { ...autoScales(byTerm, terms, resolved.fmt.digits), ...resolved.scale } } : resolved;
  const scaled = terms.filter((t) => (r.scale[t] ?? 1) !== 1);

  const panels: Panel[] = [{ kind: 'coefficients', rows: coefficientRows(byTerm, terms, r) }];
  const fixef = fixefRows(models, r);
  if (fixef.length > 0) panels.push({ kind: 'fixef', rows: fixef });
  const extra = extraRows(options.extraRows, models.length, r.fmt);
  if (extra.length > 0) panels.push({ kind: 'extra', rows: extra });
  if (r.stats.length > 0) {
    const statRow = (s: StatName): Row => ({
      role: 'stat',
      cells: [labelCell(r.statLabels[s]), ...models.map((m) => statCell(m, s, r.fmt))],
    });
    panels.push({ kind: 'stats', rows: r.stats.map(statRow) });
  }

  return {
    kind: 'regression',
    caption: options.caption ?? null,
    columns: ['left', ...models.map(() => 'center' as const)],
    header: headerRows(models, r, options.depvar ?? REGRESSION_DEFAULTS.depvar),
    panels,
    notes: tableNotes(r, scaled, options.notes, models),
    data: rawData(models, byTerm, terms, r, scaled),
  };
}
