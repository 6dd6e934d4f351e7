/**
 * Number formatting for tables.
 *
 * Rounding works on the shortest decimal string that identifies the double (what `String(x)` shows),
 * half away from zero, so 0.99995 becomes 1.0000 and 2.675 becomes 2.68: the digits a reader sees in the
 * data, not artefacts of the binary expansion (toFixed would give 2.67). A non-zero value is never
 * printed as 0.0000 or -0.0000 in the default 'auto' mode: the paper's `GDP 0.0000***` is the failure
 * this guards against.
 */
import { REGRESSION_DEFAULTS } from './defaults.js';
import { integerIn, oneOf, show } from './validate.js';
import { OptionError } from '../errors.js';

/**
 * Allowed values of the `format` option.
 *
 * @example
 * ```ts
 * FORMAT_MODES; // ['fixed', 'significant', 'auto']
 * ```
 */
export const FORMAT_MODES = ['fixed', 'significant', 'auto'] as const;

/**
 * - 'fixed': always `digits` decimals (a tiny value may print as 0.0000, without a sign).
 * - 'significant': `significant` significant digits, trailing zeros dropped (as R's `format`); every
 *   integer digit is kept, and one decimal of a non-integer (12509.3 -> '12509.3', 2014.5 -> '2014.5'); scientific below 1e-4 and from 1e15 on ('3.1e-06').
 * - 'auto': 'fixed', unless that would print only zeros for a non-zero value; then 'significant'.
 *
 * @example
 * ```ts
 * const mode: FormatMode = 'auto';
 * ```
 */
export type FormatMode = (typeof FORMAT_MODES)[number];

/**
 * How numbers become text. Missing values (NaN, null, undefined) print as `missing`; infinities as
 * 'Inf' / '-Inf'.
 *
 * @example
 * ```ts
 * const fmt: NumberFormat = { digits: 4, format: 'auto', significant: 4, thousands: true, missing: '\u2014' };
 * ```
 */
export interface NumberFormat {
  /** Decimals in fixed notation; default 4. */
  readonly digits: number;
  /** Default 'auto'. */
  readonly format: FormatMode;
  /** Significant digits when not fixed; default 4. */
  readonly significant: number;
  /** Group the digits of integers (N) by thousands with ','; default true. */
  readonly thousands: boolean;
  /** Text for a missing value; default '\u2014' (em dash). Use '' for blank cells. */
  readonly missing: string;
}

/**
 * Fill defaults and validate a partial number format once, at the boundary.
 *
 * @example
 * ```ts
 * numberFormat({ digits: 3 }); // { digits: 3, format: 'auto', significant: 4, thousands: true, missing: '\u2014' }
 * ```
 */
export function numberFormat(
  options: Partial<NumberFormat> = {},
  defaults: NumberFormat = REGRESSION_DEFAULTS,
): NumberFormat {
  const digits = integerIn('digits', options.digits ?? defaults.digits, 0, 15);
  const format = oneOf('format', options.format ?? defaults.format, FORMAT_MODES);
  // toExponential yields at most 17 significant digits of a double; more would be invented.
  const significant = integerIn('significant', options.significant ?? defaults.significant, 1, 17);
  const thousands = options.thousands ?? defaults.thousands;
  if (typeof thousands !== 'boolean') {
    throw new OptionError(`thousands: expected true or false; got ${show(thousands)}. Pass a boolean.`);
  }
  const missing = options.missing ?? defaults.missing;
  if (typeof missing !== 'string') {
    throw new OptionError(`missing: expected a string such as '' or '\u2014'; got ${show(missing)}. Pass a string.`);
  }
  return { digits, format, significant, thousands, missing };
}

/** A positive finite number as decimal digits: value = d0.d1d2... x 10^exp. Zero has no digits. */
interface Decimal {
  readonly digits: string;
  readonly exp: number;
}

const ZERO: Decimal = { digits: '', exp: 0 };

function decompose(absX: number): Decimal {
  // toExponential() without an argument gives the shortest digits that round-trip.
  const [mantissa, e] = absX.toExponential().split('e');
  return { digits: mantissa.replace('.', ''), exp: Number(e) };
}

/** Add one to a string of decimal digits ('0999' -> '1000', '99' -> '100'). */
function increment(digits: string): string {
  const out = digits.split('');
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== '9') {
      out[i] = String(Number(out[i]) + 1);
      return out.join('');
    }
    out[i] = '0';
  }
  return '1' + out.join('');
}

/** Round half away from zero so that the last kept digit sits at 10^place. */
function roundAt(d: Decimal, place: number): Decimal {
  const kept = d.exp - place + 1; // number of digits that survive
  if (kept < 0 || d.digits === '') return ZERO;
  if (kept === 0) return d.digits[0] >= '5' ? { digits: '1', exp: place } : ZERO;
  let digits = d.digits.slice(0, kept).padEnd(kept, '0');
  let exp = d.exp;
  if ((d.digits[kept] ?? '0') >= '5') {
    digits = increment(digits);
    if (digits.length > kept) exp += 1; // 9.9995 -> 10.000: one more integer digit
  }
  return /^0*$/.test(digits) ? ZERO : { digits, exp };
}

/** Plain notation with exactly `decimals` decimals. */
function plain(d: Decimal, decimals: number): string {
  const digitAt = (p: number): string => {
    const i = d.exp - p;
    return d.digits !== '' && i >= 0 && i < d.digits.length ? d.digits[i] : '0';
  };
  let int = '';
  for (let p = Math.max(d.exp, 0); p >= 0; p--) int += digitAt(p);
  int = int.replace(/^0+(?=\d)/, '');
  let frac = '';
  for (let p = -1; p >= -decimals; p--) frac += digitAt(p);
  return decimals > 0 ? `${int}.${frac}` : int;
}

/** Scientific notation as C and R print it: '3.1e-06', '1.235e+20'. */
function scientific(d: Decimal): string {
  const rest = d.digits.slice(1).replace(/0+$/, '');
  const mantissa = rest === '' ? d.digits[0] : `${d.digits[0]}.${rest}`;
  const sign = d.exp < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(d.exp)).padStart(2, '0')}`;
}

function fixedText(absX: number, digits: number): { text: string; zero: boolean } {
  const r = roundAt(decompose(absX), -digits);
  return { text: plain(r, digits), zero: r.digits === '' };
}

function significantText(absX: number, significant: number): string {
  const d = decompose(absX);
  const asSci = roundAt(d, d.exp - significant + 1);
  // Outside [1e-4, 1e15) plain notation is mostly zeros; decide on the rounded exponent so that
  // 9.99996e-5 (which rounds to 1e-4) prints as 0.0001.
  if (asSci.exp < -4 || asSci.exp >= 15) return scientific(asSci);
  // Like R, never round away integer digits: 12509.3 at 4 significant digits is not 12510. Where the integer
  // digits use up the significant ones, one decimal stays, so that a mean year of 2014.5 is not shown as 2015.
  const place = Math.min(d.exp - significant + 1, absX === Math.trunc(absX) ? 0 : -1);
  const text = plain(roundAt(d, place), -place);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * Format one number for a table cell.
 *
 * @example
 * ```ts
 * formatNumber(0.17634);                                // '0.1763'
 * formatNumber(3.1e-6);                                 // '3.1e-06' (never '0.0000')
 * formatNumber(0.99995);                                // '1.0000'
 * formatNumber(-0);                                     // '0.0000'
 * formatNumber(NaN);                                    // '\u2014'
 * formatNumber(12509.3, { format: 'significant' });     // '12509.3'
 * formatNumber(3.1e-6, { format: 'fixed' });            // '0.0000' (asked for)
 * ```
 */
export function formatNumber(x: number | null | undefined, options: Partial<NumberFormat> = {}): string {
  const fmt = numberFormat(options);
  if (x === null || x === undefined || Number.isNaN(x)) return fmt.missing;
  if (x === Infinity) return 'Inf';
  if (x === -Infinity) return '-Inf';
  const sign = x < 0 ? '-' : '';
  const absX = Math.abs(x);
  if (fmt.format !== 'significant') {
    const fixed = fixedText(absX, fmt.digits);
    // A true zero (also -0) prints as zero; a rounded-away non-zero value switches notation in 'auto'.
    if (fixed.zero && (absX === 0 || fmt.format === 'fixed')) return fixed.text;
    if (!fixed.zero) return sign + fixed.text;
  }
  if (absX === 0) return '0';
  return sign + significantText(absX, fmt.significant);
}

/**
 * Format a count such as N, rounded to an integer, with thousands separators unless turned off.
 *
 * @example
 * ```ts
 * formatInteger(360);                             // '360'
 * formatInteger(1234567);                         // '1,234,567'
 * formatInteger(1234567, { thousands: false });   // '1234567'
 * ```
 */
export function formatInteger(x: number | null | undefined, options: Partial<NumberFormat> = {}): string {
  const fmt = numberFormat(options);
  if (x === null || x === undefined || Number.isNaN(x)) return fmt.missing;
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : '-Inf';
  const { text, zero } = fixedText(Math.abs(x), 0);
  const grouped = fmt.thousands ? text.replace(/\B(?=(\d{3})+$)/g, ',') : text;
  return x < 0 && !zero ? `-${grouped}` : grouped;
}

/**
 * A display factor as a short label: powers of ten from 1e3 (or 1e-3) on in exponent form, anything
 * else as JavaScript prints it. Used to mark rescaled terms, e.g. 'GDP (x1e4)'.
 *
 * @example
 * ```ts
 * formatFactor(10000); // '1e4'
 * formatFactor(100);   // '100'
 * formatFactor(0.001); // '1e-3'
 * ```
 */
export function formatFactor(k: number): string {
  const e = Math.round(Math.log10(k));
  if (Math.abs(e) >= 3 && 10 ** e === k) return `1e${e}`;
  return String(k);
}
