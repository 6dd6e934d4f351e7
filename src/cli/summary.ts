/** The readable summary of one fit, laid out like fixest's print (stars: * 0.1, ** 0.05, *** 0.01). */
import type { FeolsResult } from '../estimate/result.js';

function stars(p: number): string {
  return p < 0.01 ? '***' : p < 0.05 ? '**' : p < 0.1 ? '*' : '';
}

function num(x: number, digits = 6): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-4 || a >= 1e7) ? x.toExponential(digits - 2) : x.toPrecision(digits);
}

function vcovLabel(r: FeolsResult): string {
  if (r.vcov.type === 'iid') return 'IID';
  if (r.vcov.type === 'hetero') return 'Heteroskedasticity-robust (HC1)';
  if (r.vcov.type === 'HC2' || r.vcov.type === 'HC3') return `Heteroskedasticity-robust (${r.vcov.type})`;
  if (r.vcov.type === 'NW') return `Newey-West (L=${r.vcov.lag})`;
  if (r.vcov.type === 'DK') return `Driscoll-Kraay (L=${r.vcov.lag})`;
  if (r.vcov.type === 'conley') return 'Conley';
  if (r.vcov.type === 'CR3') return `Clustered, CR3 jackknife (${Object.keys(r.vcov.clusters ?? {}).join(' & ')})`;
  return `Clustered (${Object.keys(r.vcov.clusters ?? {}).join(' & ')})`;
}

/** The readable summary `hdfe fit` prints without --json. */
export function formatSummary(r: FeolsResult): string {
  const lines: string[] = [];
  lines.push(`OLS estimation, Dep. Var.: ${r.depvar}`);
  lines.push(`Observations: ${r.nobs}` +
    (r.dropped.na || r.dropped.singletons ? ` (dropped: ${r.dropped.na} with missing values, ${r.dropped.singletons} singletons)` : ''));
  const fe = Object.entries(r.fixef);
  if (fe.length) lines.push(`Fixed-effects: ${fe.map(([k, v]) => `${k}: ${v}`).join(',  ')}`);
  const slopes = Object.entries(r.varyingSlopes ?? {});
  if (slopes.length) lines.push(`Varying slopes: ${slopes.map(([k, v]) => `${k}: ${v}`).join(',  ')}`);
  if (r.weights) lines.push(`Weights: ${r.weights}`);
  lines.push(`Standard-errors: ${vcovLabel(r)}; K = ${r.vcov.k}, t df = ${r.vcov.dfT}`);
  const header = ['', 'Estimate', 'Std. Error', 't value', 'Pr(>|t|)', ''];
  // An essentially perfect fit has no finding to star (its t values are rounding noise).
  const starred = r.warnings.length === 0;
  const rows = r.coefficients.map((c) => [c.term, num(c.estimate), num(c.stdError), num(c.statistic, 5), num(c.pValue, 5), starred ? stars(c.pValue) : '']);
  const table = [header, ...rows];
  const widths = header.map((_, j) => Math.max(...table.map((row) => row[j].length)));
  for (const row of table) {
    lines.push(row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join(' ').trimEnd());
  }
  lines.push('---');
  if (starred) lines.push("Signif. codes: *** 0.01, ** 0.05, * 0.1");
  if (r.collinear.length) lines.push(`Collinear, removed: ${r.collinear.join(', ')}`);
  lines.push(`RMSE: ${num(Math.sqrt(r.rss / r.nobs), 6)}   R2: ${num(r.r2)}   Adj. R2: ${num(r.adjR2)}` +
    (r.withinR2 === null ? '' : `   Within R2: ${num(r.withinR2)}`));
  lines.push(`Demeaning: ${r.convergence.iterations} sweep(s), ${r.convergence.converged ? 'converged' : 'NOT converged'}`);
  for (const w of r.warnings) lines.push(`Warning: ${w}`);
  return lines.join('\n');
}
