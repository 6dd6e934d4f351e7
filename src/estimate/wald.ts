/**
 * Joint Wald tests of linear restrictions R b = r with the model's variance, as fixest's `wald()`:
 * F = (R b - r)' (R V R')^-1 (R b - r) / q on (q, n - K) degrees of freedom, where K counts every parameter
 * (slopes and fixed-effect levels) whatever the variance type, and the chi-square form q F on q. fixest
 * tests a Poisson model (fepois) the same way: F on (q, n - nparams), not a chi-square, so `stat` and
 * `pValue` are that F for both; `chi2` is there for those who want the asymptotic form.
 */
import { OptionError } from '../errors.js';
import { chiSquareUpperTail, fUpperTail } from './inference.js';
import type { FeolsResult } from './result.js';

/** What a Wald test reads from a fit: a feols or fepois result. */
export interface WaldModel {
  readonly coefficients: FeolsResult['coefficients'];
  readonly collinear: readonly string[];
  /** n - K with K every parameter (fixest's `nobs - nparams`). */
  readonly dfResid: number;
  readonly vcov: { readonly type: FeolsResult['vcov']['type']; readonly matrix: readonly (readonly number[])[] };
}
/** Which restrictions: coefficient names (each = 0), a regular expression over the names, or R and r. */
export type WaldSpec =
  | readonly string[]
  | { readonly terms: readonly string[] }
  | { readonly regex: string | RegExp }
  | { readonly R: readonly (readonly number[])[]; readonly r?: readonly number[] };

/** The test's statistics; `terms` are the coefficients the restrictions involve. */
export interface WaldResult {
  readonly terms: readonly string[];
  readonly q: number;
  readonly stat: number;
  readonly pValue: number;
  readonly df1: number;
  readonly df2: number;
  readonly chi2: number;
  readonly chi2PValue: number;
  readonly vcov: FeolsResult['vcov']['type'];
}

function isTermList(spec: WaldSpec): spec is readonly string[] {
  return Array.isArray(spec);
}

/** The restriction matrix [q x k] and right-hand side of a spec, over the fit's coefficients. */
function restrictions(fit: WaldModel, spec: WaldSpec): { R: number[][]; r: number[]; terms: string[] } {
  const names = fit.coefficients.map((c) => c.term);
  const k = names.length;
  const unitRows = (terms: readonly string[]) => {
    const unknown = terms.filter((t) => !names.includes(t));
    const dropped = unknown.find((t) => fit.collinear.includes(t));
    if (dropped) {
      throw new OptionError(`wald: '${dropped}' was dropped as collinear, so it has no estimate to test; leave it out of the restriction`);
    }
    if (unknown.length) {
      throw new OptionError(`wald: '${unknown[0]}' is not a coefficient of the model; its coefficients are ${names.join(', ')}`);
    }
    const unique = [...new Set(terms)];
    return { R: unique.map((t) => names.map((n) => (n === t ? 1 : 0))), r: unique.map(() => 0), terms: unique };
  };
  if (isTermList(spec)) return unitRows(spec);
  if ('terms' in spec) return unitRows(spec.terms);
  if ('regex' in spec) {
    const re = typeof spec.regex === 'string' ? new RegExp(spec.regex) : spec.regex;
    const terms = names.filter((n) => re.test(n));
    if (terms.length === 0) throw new OptionError(`wald: no coefficient matches ${re}; the coefficients are ${names.join(', ')}`);
    return unitRows(terms);
  }
  const R = spec.R.map((row) => [...row]);
  if (R.length === 0 || R.some((row) => row.length !== k)) {
    throw new OptionError(`wald: R must have one column per coefficient (${k}: ${names.join(', ')}) and at least one row`);
  }
  const r = spec.r ? [...spec.r] : R.map(() => 0);
  if (r.length !== R.length) throw new OptionError(`wald: r must have one value per row of R (${R.length}); got ${r.length}`);
  return { R, r, terms: names.filter((_, j) => R.some((row) => row[j] !== 0)) };
}

/** Solve A x = b for symmetric positive definite A by Cholesky; null when A is not positive definite. */
function solveSpd(A: number[][], b: number[]): number[] | null {
  const q = b.length;
  const L = A.map(() => new Array<number>(q).fill(0));
  for (let i = 0; i < q; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let m = 0; m < j; m++) s -= L[i][m] * L[j][m];
      if (i === j) {
        if (!(s > 1e-14 * Math.abs(A[i][i]))) return null;
        L[i][i] = Math.sqrt(s);
      } else L[i][j] = s / L[j][j];
    }
  }
  const y = new Array<number>(q);
  for (let i = 0; i < q; i++) { let s = b[i]; for (let m = 0; m < i; m++) s -= L[i][m] * y[m]; y[i] = s / L[i][i]; }
  const x = new Array<number>(q);
  for (let i = q - 1; i >= 0; i--) { let s = y[i]; for (let m = i + 1; m < q; m++) s -= L[m][i] * x[m]; x[i] = s / L[i][i]; }
  return x;
}

/**
 * Joint test that the chosen coefficients are zero (or that R b = r).
 * @example
 * const fit = feols(data, 'y ~ x1 + x2 + x3 | firm');
 * wald(fit, ['x1', 'x2']).pValue; // F test of x1 = x2 = 0 with the fit's vcov
 * wald(fit, { R: [[1, -1, 0]] });  // x1 = x2
 */
export function wald(fit: WaldModel, spec: WaldSpec): WaldResult {
  const { R, r, terms } = restrictions(fit, spec);
  const b = fit.coefficients.map((c) => c.estimate);
  const V = fit.vcov.matrix;
  const k = b.length;
  const q = R.length;
  const d = R.map((row, i) => row.reduce((s, v, j) => s + v * b[j], 0) - r[i]);
  const RV = R.map((row) => Array.from({ length: k }, (_, j) => row.reduce((s, v, m) => s + v * V[m][j], 0)));
  const M = RV.map((row) => R.map((other) => row.reduce((s, v, j) => s + v * other[j], 0)));
  const x = solveSpd(M, d);
  if (!x) {
    throw new OptionError(`wald: the restrictions on ${terms.join(', ')} are linearly dependent (R V R' is singular); drop the redundant ones`);
  }
  const stat = d.reduce((s, v, i) => s + v * x[i], 0) / q;
  const df2 = fit.dfResid;
  return Object.freeze({
    terms, q, stat, pValue: fUpperTail(stat, q, df2), df1: q, df2,
    chi2: q * stat, chi2PValue: chiSquareUpperTail(q * stat, q), vcov: fit.vcov.type,
  });
}
