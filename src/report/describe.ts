/**
 * Descriptive statistics (the paper's Table 1: Variable, N, Mean, SD, Min, Max) and their table.
 * NaN, null and undefined are missing: skipped and counted per column, never silently turned into
 * zeros. SD uses the n-1 denominator; quantiles are Hyndman-Fan type 7, R's default, so numbers
 * match `quantile()` and `summary()` in R.
 */
import { DataError, OptionError } from '../errors.js';
import { DESCRIPTIVE_DEFAULTS } from './defaults.js';
import { formatInteger, formatNumber, numberFormat, type NumberFormat } from './format.js';
import { cell, type Cell, type DescriptiveData, type Note, type Row, type Table } from './table.js';
import { arrayOf, oneOf, recordOf, show } from './validate.js';

/**
 * @example
 * ```ts
 * const o: DescribeOptions = { median: true, quantiles: [0.25, 0.75] };
 * ```
 */
export interface DescribeOptions {
  /** Also compute the median; default false. */
  readonly median?: boolean;
  /** Probabilities in [0, 1] of extra quantiles; default none. */
  readonly quantiles?: readonly number[];
}

/**
 * Summary of one column. With n = 0 every statistic is NaN; with n = 1 the SD is NaN.
 *
 * @example
 * ```ts
 * const s: ColumnStats = { variable: 'SL', n: 360, missing: 0, mean: 0.226, sd: 0.129, min: 0.0672, max: 0.869 };
 * ```
 */
export interface ColumnStats {
  readonly variable: string;
  /** Non-missing values. */
  readonly n: number;
  /** NaN / null / undefined values skipped. */
  readonly missing: number;
  readonly mean: number;
  /** Sample standard deviation, denominator n - 1. */
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  readonly median?: number;
  readonly quantiles?: readonly { readonly p: number; readonly value: number }[];
}

/**
 * Quantile of sorted values, type 7 (R's default): linear interpolation between order statistics
 * at h = (n - 1) p.
 *
 * @example
 * ```ts
 * quantile([1, 2, 3, 4], 0.25); // 1.75
 * quantile([1, 2, 3, 4], 0.5);  // 2.5
 * ```
 */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function checkProbabilities(ps: readonly unknown[]): number[] {
  return ps.map((p, i) => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new OptionError(
        `quantiles[${i}]: expected a probability in [0, 1]; got ${show(p)}. Use e.g. 0.25 for the first quartile.`,
      );
    }
    return p;
  });
}

function describeOne(variable: string, values: ArrayLike<number>, median: boolean, ps: readonly number[]): ColumnStats {
  const x: number[] = [];
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as unknown;
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) {
      missing++;
    } else if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new DataError(
        `column '${variable}': expected finite numbers (NaN or null for missing); got ${show(v)} at row ${i + 1}. ` +
          `Convert or drop that value.`,
      );
    } else {
      x.push(v);
    }
  }
  const n = x.length;
  // Two passes: the mean, then squared deviations from it, refined by the mean residual, which keeps
  // the SD accurate when the mean is large relative to the spread (e.g. Year: mean 2014, sd 3.5).
  let sum = 0;
  for (const v of x) sum += v;
  let mean = sum / n;
  let dev = 0;
  let ss = 0;
  for (const v of x) {
    dev += v - mean;
    ss += (v - mean) * (v - mean);
  }
  mean += dev / n;
  const sd = n > 1 ? Math.sqrt((ss - (dev * dev) / n) / (n - 1)) : NaN;
  const sorted = Float64Array.from(x).sort();
  const stats: ColumnStats = {
    variable,
    n,
    missing,
    mean: n > 0 ? mean : NaN,
    sd,
    min: n > 0 ? sorted[0] : NaN,
    max: n > 0 ? sorted[n - 1] : NaN,
    ...(median ? { median: quantile(sorted, 0.5) } : {}),
    ...(ps.length > 0 ? { quantiles: ps.map((p) => ({ p, value: quantile(sorted, p) })) } : {}),
  };
  return stats;
}

/**
 * Summarise named numeric columns (plain arrays or typed arrays), in the order given.
 *
 * @example
 * ```ts
 * describeColumns({ SL: [0.1, 0.3, NaN, 0.2] }, { median: true });
 * // [{ variable: 'SL', n: 3, missing: 1, mean: 0.2, sd: 0.1, min: 0.1, max: 0.3, median: 0.2 }]
 * ```
 */
export function describeColumns(
  columns: Readonly<Record<string, ArrayLike<number>>>,
  options: DescribeOptions = {},
): ColumnStats[] {
  const cols = recordOf('columns', columns);
  const ps = checkProbabilities(arrayOf('quantiles', options.quantiles ?? []));
  return Object.entries(cols).map(([name, values]) => {
    if (typeof values !== 'object' || values === null || typeof (values as ArrayLike<number>).length !== 'number') {
      throw new DataError(
        `column '${name}': expected an array of numbers; got ${show(values)}. Pass an array or typed array.`,
      );
    }
    return describeOne(name, values as ArrayLike<number>, options.median ?? false, ps);
  });
}

/**
 * Allowed entries of `statistics`.
 *
 * @example
 * ```ts
 * descriptiveTable(stats, { statistics: DESCRIBE_STATS.filter((s) => s !== 'missing') });
 * ```
 */
export const DESCRIBE_STATS = ['n', 'missing', 'mean', 'sd', 'min', 'max', 'median', 'quantiles'] as const;
/**
 * A column of a descriptive table; 'quantiles' stands for one column per computed quantile.
 *
 * @example
 * ```ts
 * const cols: DescribeStat[] = ['n', 'mean', 'sd'];
 * ```
 */
export type DescribeStat = (typeof DESCRIBE_STATS)[number];

const HEADINGS: Readonly<Record<Exclude<DescribeStat, 'quantiles'>, string>> = {
  n: 'N',
  missing: 'Missing',
  mean: 'Mean',
  sd: 'SD',
  min: 'Min',
  max: 'Max',
  median: 'Median',
};

/**
 * Options of {@link descriptiveTable}; number defaults in `DESCRIPTIVE_DEFAULTS` (4 significant digits).
 *
 * @example
 * ```ts
 * const o: DescriptiveTableOptions = { labels: { 'R&D': 'R&D intensity' }, statistics: ['n', 'mean', 'sd'] };
 * ```
 */
export interface DescriptiveTableOptions extends Partial<NumberFormat> {
  /** Display names of variables. */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Columns in order. Default: n, mean, sd, min, max; then median and quantiles when every variable has
   * them; 'missing' is added after n when any variable has missing values.
   */
  readonly statistics?: readonly DescribeStat[];
  readonly caption?: string;
  readonly notes?: readonly string[];
}

/** 'P25', 'P2.5', 'P99.9': percent without floating-point noise (0.07 * 100 is 7.000000000000001). */
function percentLabel(p: number): string {
  return `P${Number((p * 100).toPrecision(12))}`;
}

/**
 * Build the neutral table for descriptive statistics; render it like any other table.
 *
 * @example
 * ```ts
 * const t = descriptiveTable(describeColumns({ SL: sl, Vag: vag }));
 * console.log(renderText(t));
 * // Variable    N    Mean      SD     Min    Max
 * // SL        360   0.226  0.1292  0.0672  0.869
 * ```
 */
export function descriptiveTable(stats: readonly ColumnStats[], options: DescriptiveTableOptions = {}): Table {
  const list = arrayOf('stats', stats) as readonly ColumnStats[];
  const fmt = numberFormat(options, DESCRIPTIVE_DEFAULTS);
  const labels = recordOf('labels', options.labels ?? {}) as Readonly<Record<string, string>>;
  const all = (f: (s: ColumnStats) => boolean): boolean => list.length > 0 && list.every(f);
  const chosen: readonly DescribeStat[] =
    options.statistics === undefined
      ? [
          'n',
          ...(list.some((s) => s.missing > 0) ? (['missing'] as const) : []),
          'mean',
          'sd',
          'min',
          'max',
          ...(all((s) => s.median !== undefined) ? (['median'] as const) : []),
          ...(all((s) => (s.quantiles?.length ?? 0) > 0) ? (['quantiles'] as const) : []),
        ]
      : arrayOf('statistics', options.statistics).map((s, i) => oneOf(`statistics[${i}]`, s, DESCRIBE_STATS));

  // Quantile columns come from the first variable; all must share its probabilities to share columns.
  const probabilities = (s: ColumnStats): string => (s.quantiles ?? []).map((q) => q.p).join();
  const ps = chosen.includes('quantiles') ? (list[0]?.quantiles ?? []).map((q) => q.p) : [];
  for (const s of list) {
    for (const stat of chosen) {
      const absent = stat === 'median' ? s.median === undefined : stat === 'quantiles' && probabilities(s) !== ps.join();
      if (absent) {
        throw new OptionError(
          `statistics: expected '${stat}' to be computed for every variable with the same settings; ` +
            `'${s.variable}' differs. Call describeColumns with { median: true } or the same quantiles for all columns.`,
        );
      }
    }
  }

  const headings: Cell[] = [cell('Variable', 'left', 'header')];
  for (const stat of chosen) {
    if (stat === 'quantiles') headings.push(...ps.map((p) => cell(percentLabel(p), 'right', 'header')));
    else headings.push(cell(HEADINGS[stat], 'right', 'header'));
  }
  const num = (x: number | undefined): Cell => cell(formatNumber(x, fmt), 'right', 'number');
  const rows: Row[] = list.map((s) => {
    const cells: Cell[] = [cell(labels[s.variable] ?? s.variable, 'left', 'label')];
    for (const stat of chosen) {
      if (stat === 'n' || stat === 'missing') cells.push(cell(formatInteger(s[stat], fmt), 'right', 'number'));
      else if (stat === 'quantiles') cells.push(...(s.quantiles ?? []).map((q) => num(q.value)));
      else cells.push(num(s[stat]));
    }
    return { role: 'variable', cells };
  });

  const notes: Note[] = arrayOf('notes', options.notes ?? []).map((n) => ({ text: String(n) }));

  const data: DescriptiveData = { kind: 'descriptive', variables: list.map((s) => ({ ...s })) };
  return {
    kind: 'descriptive',
    caption: options.caption ?? null,
    columns: headings.map((h) => h.align),
    header: [{ role: 'columns', cells: headings }],
    panels: [{ kind: 'variables', rows }],
    notes,
    data,
  };
}
