/**
 * Which coefficient rows a table shows and in what order (esttab's keep/drop/order, fixest etable's
 * keep/drop/order). A string names one term exactly; a RegExp matches any term it finds a match in.
 * A string that names no term is an error (almost always a typo), a RegExp that matches nothing is
 * not (patterns are written to be reused across tables).
 */
import { OptionError } from '../errors.js';
import { arrayOf, show } from './validate.js';

/**
 * An exact term name or a pattern.
 *
 * @example
 * ```ts
 * const lags: TermPattern = /^l\(/;   // every lag
 * const vag: TermPattern = 'Vag';     // exactly Vag
 * ```
 */
export type TermPattern = string | RegExp;

/**
 * keep -> drop -> order, in that sequence.
 *
 * @example
 * ```ts
 * const sel: TermSelection = { drop: ['(Intercept)'], order: ['Vag', /^l\(Vag/] };
 * ```
 */
export interface TermSelection {
  /** Show only terms matching one of these; undefined shows all, [] shows none. */
  readonly keep?: readonly TermPattern[];
  /** Hide terms matching one of these. */
  readonly drop?: readonly TermPattern[];
  /** Terms matching the first pattern come first, then the second, ...; the rest keep their order after. */
  readonly order?: readonly TermPattern[];
}

/** A matcher for one pattern; RegExps are copied without g/y so `test` does not carry state between calls. */
function matcher(option: string, pattern: unknown): (term: string) => boolean {
  if (typeof pattern === 'string') return (term) => term === pattern;
  if (pattern instanceof RegExp) {
    const re = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
    return (term) => re.test(term);
  }
  throw new OptionError(
    `${option}: expected term names (strings) or RegExps; got ${show(pattern)}. Pass e.g. ['Vag', /^l\\(/].`,
  );
}

/** The terms for an error message, at most 20 so the message stays one readable line. */
function termList(terms: readonly string[]): string {
  const shown = terms.slice(0, 20).map((t) => `'${t}'`);
  return terms.length > 20 ? `${shown.join(', ')}, ... (${terms.length} in all)` : shown.join(', ');
}

function matchers(option: string, patterns: unknown, terms: readonly string[]): ((t: string) => boolean)[] {
  return arrayOf(option, patterns).map((pattern) => {
    if (typeof pattern === 'string' && !terms.includes(pattern)) {
      throw new OptionError(
        `${option}: expected a term of the models (${termList(terms)}); got '${pattern}'. ` +
          `Fix the name, or use a RegExp to match optionally.`,
      );
    }
    return matcher(option, pattern);
  });
}

/**
 * Apply keep, drop and order to the terms of the models (the union, in order of first appearance).
 *
 * @example
 * ```ts
 * selectTerms(['(Intercept)', 'Vag', 'GDP', 'l(Vag,1)'], { drop: ['(Intercept)'], order: [/Vag/] });
 * // ['Vag', 'l(Vag,1)', 'GDP']
 * ```
 */
export function selectTerms(terms: readonly string[], selection: TermSelection = {}): string[] {
  let out = [...terms];
  if (selection.keep !== undefined) {
    const keep = matchers('keep', selection.keep, terms);
    out = out.filter((t) => keep.some((m) => m(t)));
  }
  if (selection.drop !== undefined) {
    const drop = matchers('drop', selection.drop, terms);
    out = out.filter((t) => !drop.some((m) => m(t)));
  }
  if (selection.order !== undefined) {
    const order = matchers('order', selection.order, terms);
    const rank = (t: string): number => {
      const i = order.findIndex((m) => m(t));
      return i === -1 ? order.length : i;
    };
    // Array.prototype.sort is stable (ES2019), so ties keep their first-appearance order.
    out = out.map((t, i) => ({ t, i, r: rank(t) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.t);
  }
  return out;
}

/**
 * Validate a display-scale dictionary: every factor finite and positive (a negative factor would swap
 * the interval's ends and flip the sign a reader expects).
 *
 * @example
 * ```ts
 * checkScale({ GDP: 1e4 }); // returns it
 * ```
 */
export function checkScale(scale: Readonly<Record<string, number>>): Readonly<Record<string, number>> {
  for (const [term, k] of Object.entries(scale)) {
    if (typeof k !== 'number' || !Number.isFinite(k) || k <= 0) {
      throw new OptionError(
        `scale['${term}']: expected a finite positive factor such as 1e4; got ${show(k)}. ` +
          `Use k to show the effect of a k-unit change.`,
      );
    }
  }
  return scale;
}
