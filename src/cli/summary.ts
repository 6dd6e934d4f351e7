/** The readable summary of one fit, laid out like fixest's print (stars: * 0.1, ** 0.05, *** 0.01). */
import type { FeolsResult } from '../estimate/result.js';
import type { FepoisResult } from '../estimate/fepois.js';
import type { IvTest } from '../estimate/iv/diagnostics.js';

function stars(p: number): string {
  return p < 0.01 ? '***' : p < 0.05 ? '**' : p < 0.1 ? '*' : '';
}

function num(x: number, digits = 6): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-4 || a >= 1e7) ? x.toExponential(digits - 2) : x.toPrecision(digits);
}

function vcovLabel(r: Pick<FeolsResult, 'vcov'>): string {
  if (r.vcov.type === 'iid') return 'IID';
  if (r.vcov.type === 'hetero') return 'Heteroskedasticity-robust (HC1)';
  if (r.vcov.type === 'HC2' || r.vcov.type === 'HC3') return `Heteroskedasticity-robust (${r.vcov.type})`;
  if (r.vcov.type === 'NW') return `Newey-West (L=${r.vcov.lag})`;
  if (r.vcov.type === 'DK') return `Driscoll-Kraay (L=${r.vcov.lag})`;
  if (r.vcov.type === 'conley') return 'Conley';
  if (r.vcov.type === 'CR3') return `Clustered, CR3 jackknife (${Object.keys(r.vcov.clusters ?? {}).join(' & ')})`;
  return `Clustered (${Object.keys(r.vcov.clusters ?? {}).join(' & ')})`;
}

/** The coefficient table, columns aligned (t or z statistics). */
function coefficientLines(r: Pick<FeolsResult, 'coefficients'> & { readonly warnings?: readonly string[] }, stat: 't' | 'z'): string[] {
  const header = ['', 'Estimate', 'Std. Error', `${stat} value`, `Pr(>|${stat}|)`, ''];
  // An essentially perfect fit has no finding to star (its t values are rounding noise).
  const starred = !r.warnings?.length;
  const rows = r.coefficients.map((c) => [c.term, num(c.estimate), num(c.stdError), num(c.statistic, 5), num(c.pValue, 5), starred ? stars(c.pValue) : '']);
  const table = [header, ...rows];
  const widths = header.map((_, j) => Math.max(...table.map((row) => row[j].length)));
  return table.map((row) => row.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join(' ').trimEnd());
}

function pText(p: number): string {
  return p < 2.2e-16 ? '< 2.2e-16' : `= ${num(p, 4)}`;
}

function testLine(label: string, t: IvTest): string {
  return `${label.padStart(30)}: stat = ${num(t.stat, 6).padEnd(9)}, p ${pText(t.pValue)}, on ${t.df1}${t.df2 === null ? '' : ` and ${t.df2}`} DoF.`;
}

/** fixest's IV lines: first-stage F (and Wald) per endogenous regressor, Wu-Hausman, Sargan, weak-instrument statistics. */
function ivLines(r: FeolsResult): string[] {
  if (!r.iv) return [];
  const d = r.iv.diagnostics;
  const lines = d.firstStage.map((fs) => testLine(`F-test (1st stage), ${fs.endog}`, fs.f));
  lines.push(...d.firstStage.map((fs) => testLine(`Wald (1st stage), ${fs.endog}`, fs.wald)));
  lines.push(testLine('Wu-Hausman', d.wuHausman));
  if (d.sargan) lines.push(testLine('Sargan', d.sargan));
  lines.push(`${'Cragg-Donald'.padStart(30)}: ${num(d.craggDonald)}` +
    (d.kleibergenPaap ? `   Kleibergen-Paap rk Wald F: ${num(d.kleibergenPaap.stat)}` : ''));
  return lines;
}

/** The readable summary of a Poisson fit (fixest's print of fepois). */
export function formatPoissonSummary(r: FepoisResult): string {
  const lines: string[] = [];
  lines.push(`Poisson estimation, Dep. Var.: ${r.depvar}`);
  const d = r.dropped;
  lines.push(`Observations: ${r.nobs}` + (d.na || d.singletons || d.fixefAllZero || d.separated
    ? ` (dropped: ${d.na} with missing values, ${d.singletons} singletons, ${d.fixefAllZero} in fixed-effect levels with an all-zero outcome` +
      `${d.separated ? `, ${d.separated} separated (ReLU test)` : ''})` : ''));
  const fe = Object.entries(r.fixef);
  if (fe.length) lines.push(`Fixed-effects: ${fe.map(([k, v]) => `${k}: ${v}`).join(',  ')}`);
  if (r.offset) lines.push(`Offset: ${r.offset}`);
  if (r.weights) lines.push(`Weights: ${r.weights}`);
  lines.push(`Standard-errors: ${vcovLabel(r)}; K = ${r.vcov.k}, z statistics (normal p-values)`);
  lines.push(...coefficientLines(r, 'z'));
  lines.push('---');
  lines.push('Signif. codes: *** 0.01, ** 0.05, * 0.1');
  if (r.collinear.length) lines.push(`Collinear, removed: ${r.collinear.join(', ')}`);
  lines.push(`Log-Likelihood: ${num(r.loglik, 8)}   Pseudo R2: ${num(r.pseudoR2)}   Deviance: ${num(r.deviance, 8)}`);
  lines.push(`IRLS: ${r.iterations} iterations, ${r.converged ? 'converged' : 'NOT converged'}; demeaning: ${r.demeanSweeps} sweep(s) in all` +
    (r.reluIterations ? `; ReLU separation test: ${r.reluIterations} iteration(s)` : ''));
  for (const w of r.warnings) lines.push(`Warning: ${w}`);
  return lines.join('\n');
}

/** The readable summary `hdfe fit` prints without --json. */
export function formatSummary(r: FeolsResult): string {
  const lines: string[] = [];
  if (r.iv) {
    lines.push(`TSLS estimation, Dep. Var.: ${r.depvar}, Endo.: ${r.iv.endogenous.join(', ')}, Instr.: ${r.iv.instruments.join(', ')}`);
    lines.push('Second stage:');
  } else lines.push(`OLS estimation, Dep. Var.: ${r.depvar}`);
  lines.push(`Observations: ${r.nobs}` +
    (r.dropped.na || r.dropped.singletons ? ` (dropped: ${r.dropped.na} with missing values, ${r.dropped.singletons} singletons)` : ''));
  const fe = Object.entries(r.fixef);
  if (fe.length) lines.push(`Fixed-effects: ${fe.map(([k, v]) => `${k}: ${v}`).join(',  ')}`);
  const slopes = Object.entries(r.varyingSlopes ?? {});
  if (slopes.length) lines.push(`Varying slopes: ${slopes.map(([k, v]) => `${k}: ${v}`).join(',  ')}`);
  if (r.weights) lines.push(`Weights: ${r.weights}`);
  lines.push(`Standard-errors: ${vcovLabel(r)}; K = ${r.vcov.k}, t df = ${r.vcov.dfT}`);
  lines.push(...coefficientLines(r, 't'));
  lines.push('---');
  if (r.warnings.length === 0) lines.push("Signif. codes: *** 0.01, ** 0.05, * 0.1");
  if (r.collinear.length) lines.push(`Collinear, removed: ${r.collinear.join(', ')}`);
  lines.push(`RMSE: ${num(Math.sqrt(r.rss / r.nobs), 6)}   R2: ${num(r.r2)}   Adj. R2: ${num(r.adjR2)}` +
    (r.withinR2 === null ? '' : `   Within R2: ${num(r.withinR2)}`));
  lines.push(...ivLines(r));
  lines.push(`Demeaning: ${r.convergence.iterations} sweep(s), ${r.convergence.converged ? 'converged' : 'NOT converged'}`);
  for (const w of r.warnings) lines.push(`Warning: ${w}`);
  return lines.join('\n');
}
