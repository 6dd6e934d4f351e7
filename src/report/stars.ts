/**
 * Significance stars: a p-value gets the symbol of the smallest threshold it is strictly below
 * (the paper's convention, "* p<0.1, ** p<0.05, *** p<0.01"), so p = 0.05 earns '*', not '**'.
 */
import { OptionError } from '../errors.js';
import { recordOf, show } from './validate.js';

/**
 * Symbol -> p threshold, e.g. `{ '*': 0.1, '**': 0.05, '***': 0.01 }`.
 *
 * @example
 * ```ts
 * const daggers: StarThresholds = { '\u2020': 0.1, '*': 0.05, '**': 0.01 };
 * ```
 */
export type StarThresholds = Readonly<Record<string, number>>;

/**
 * One entry of the star legend, loosest threshold first.
 *
 * @example
 * ```ts
 * const entry: StarLegendEntry = { symbol: '**', p: 0.05 };
 * ```
 */
export interface StarLegendEntry {
  readonly symbol: string;
  readonly p: number;
}

/**
 * Validate thresholds and return them as a legend sorted from the loosest (largest p) to the strictest.
 * Thresholds must lie in (0, 1] and be distinct, symbols non-empty.
 *
 * @example
 * ```ts
 * starLegend({ '***': 0.01, '*': 0.1, '**': 0.05 });
 * // [{ symbol: '*', p: 0.1 }, { symbol: '**', p: 0.05 }, { symbol: '***', p: 0.01 }]
 * ```
 */
export function starLegend(thresholds: StarThresholds): StarLegendEntry[] {
  const entries = Object.entries(recordOf('stars', thresholds)).map(([symbol, p]) => {
    if (symbol === '') {
      throw new OptionError(`stars: expected non-empty symbols such as '*'; got ''. Remove the empty key.`);
    }
    if (typeof p !== 'number' || !(p > 0 && p <= 1)) {
      throw new OptionError(
        `stars['${symbol}']: expected a p threshold in (0, 1], e.g. 0.05; got ${show(p)}. Use a probability.`,
      );
    }
    return { symbol, p };
  });
  const ps = entries.map((e) => e.p);
  if (new Set(ps).size !== ps.length) {
    throw new OptionError(
      `stars: expected distinct thresholds; got ${show(thresholds)}. Give each symbol its own p value.`,
    );
  }
  return entries.sort((a, b) => b.p - a.p);
}

/**
 * The star symbol earned by a p-value; '' when none (or when p is NaN).
 *
 * @example
 * ```ts
 * const legend = starLegend({ '*': 0.1, '**': 0.05, '***': 0.01 });
 * starsFor(0.003, legend); // '***'
 * starsFor(0.05, legend);  // '*'  (strictly below 0.1, not below 0.05)
 * starsFor(0.2, legend);   // ''
 * ```
 */
export function starsFor(p: number, legend: readonly StarLegendEntry[]): string {
  let symbol = '';
  for (const entry of legend) if (p < entry.p) symbol = entry.symbol; // legend runs loosest -> strictest
  return symbol;
}

/**
 * The legend as one line of plain text.
 *
 * @example
 * ```ts
 * starNote(starLegend({ '*': 0.1, '**': 0.05, '***': 0.01 })); // '* p<0.1, ** p<0.05, *** p<0.01'
 * ```
 */
export function starNote(legend: readonly StarLegendEntry[]): string {
  return legend.map((e) => `${e.symbol} p<${e.p}`).join(', ');
}
