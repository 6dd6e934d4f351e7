/**
 * How the page prints a number: six significant digits, exponent form below 1e-4 or from 1e7, as `hdfe fit`
 * prints its summary (src/cli/summary.ts). Tests print Node's results with it to compare digit for digit.
 * @example
 * printed(0.123456789); // '0.123457'
 */
export function printed(x: number, digits = 6): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-4 || a >= 1e7) ? x.toExponential(digits - 2) : x.toPrecision(digits);
}
