/**
 * Boundary checks for report options. Each throws an {@link OptionError} whose one-line message says
 * what was expected, what came, and how to fix it, so the CLI can print it unchanged.
 */
import { OptionError } from '../errors.js';

/**
 * `value` as a short, unambiguous string for an error message ('abc' quoted, arrays and objects as
 * JSON, cut to 80 characters so that passing a whole model by mistake still gives a one-line message).
 *
 * @example
 * ```ts
 * show('pdf');     // "'pdf'"
 * show([1, 2]);    // '[1,2]'
 * ```
 */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value instanceof RegExp) return String(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value); // cyclic objects
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Check that `value` is one of `allowed` (a string-literal union's runtime list) and narrow its type.
 *
 * @example
 * ```ts
 * const below = oneOf('below', userInput, ['se', 't', 'ci', 'none'] as const);
 * ```
 */
export function oneOf<T extends string>(option: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const list = allowed.map((a) => `'${a}'`).join(', ');
  throw new OptionError(`${option}: expected one of ${list}; got ${show(value)}. Pass one of the listed values.`);
}

/**
 * Check that `value` is an integer in [min, max].
 *
 * @example
 * ```ts
 * const digits = integerIn('digits', 4, 0, 15); // 4
 * ```
 */
export function integerIn(option: string, value: unknown, min: number, max: number): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  throw new OptionError(
    `${option}: expected an integer from ${min} to ${max}; got ${show(value)}. Pass a whole number in that range.`,
  );
}

/**
 * Check that `value` is an array (of anything); used before iterating over list options.
 *
 * @example
 * ```ts
 * const titles = arrayOf('titles', ['Baseline', 'Year FE']);
 * ```
 */
export function arrayOf(option: string, value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  throw new OptionError(`${option}: expected an array; got ${show(value)}. Wrap the value in [ ].`);
}

/**
 * Check that `value` is a plain object (a dictionary option such as `labels`).
 *
 * @example
 * ```ts
 * const labels = recordOf('labels', { 'l(Vag,1)': 'L.Vag' });
 * ```
 */
export function recordOf(option: string, value: unknown): Readonly<Record<string, unknown>> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RegExp)) {
    return value as Record<string, unknown>;
  }
  throw new OptionError(
    `${option}: expected an object such as { name: value }; got ${show(value)}. Pass a plain object.`,
  );
}
