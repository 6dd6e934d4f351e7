/** Shared test helpers: tolerances, comparisons, a tiny CSV reader for committed fixtures. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** Against R references (DESIGN.md, house style 7). */
export const RTOL_R = 1e-8;
export const ATOL_R = 1e-10;
/** Algebraic identities. */
export const RTOL_EXACT = 1e-12;

/** |a - b| <= atol + rtol |b|, elementwise, with the path in the failure message. */
export function expectClose(actual: number, expected: number, what: string, rtol = RTOL_R, atol = ATOL_R): void {
  const ok = Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
  if (!ok) expect.fail(`${what}: got ${actual}, expected ${expected} (rel. err ${Math.abs(actual - expected) / Math.abs(expected)})`);
}

export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rtol = RTOL_R, atol = ATOL_R): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i], expected[i], `${what}[${i}]`, rtol, atol);
}

/** Columns of a plain CSV (no quoted commas); empty fields and NA are NaN; non-numeric fields stay text. */
export function readCsv(path: string): Record<string, (number | string)[]> {
  const [head, ...lines] = readFileSync(path, 'utf8').replace(/\r/g, '').trim().split('\n');
  const names = head.split(',').map((s) => s.replace(/^"|"$/g, ''));
  const cols: Record<string, (number | string)[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const line of lines) {
    line.split(',').forEach((raw, j) => {
      const v = raw.replace(/^"|"$/g, '');
      cols[names[j]].push(v === '' || v === 'NA' ? NaN : Number.isNaN(Number(v)) ? v : Number(v));
    });
  }
  return cols;
}
