/**
 * Variance benchmarks (release build): on a balanced panel of 1,000 units x 1,000 periods (n = 1e6),
 * y ~ x1..x5 | unit + period, the fit with each variance (iid, clustered by unit, Driscoll-Kraay and
 * Newey-West with the default lag), and the same variances formed again from the kept scores (revcov, no
 * refit); plus what keeping the scores costs a fit. Usage: npm run bench -- variance
 */
import { feols } from '../src/estimate/feols.js';
import { revcov } from '../src/estimate/revcov.js';
import type { FeolsOptions } from '../src/estimate/options.js';
import { generate } from './generate.js';

const FORMULA = 'y ~ x1 + x2 + x3 + x4 + x5 | unit + period';

function best(runs: number, f: () => unknown): number {
  let out = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    out = Math.min(out, performance.now() - t0);
  }
  return out;
}

export function varianceBench(units = 1000, periods = 1000): string[] {
  const n = units * periods;
  const data = generate(n);
  const unit = new Int32Array(n);
  const period = new Int32Array(n);
  for (let i = 0; i < n; i++) { unit[i] = Math.floor(i / periods); period[i] = i % periods; }
  const columns = { ...data.columns, unit, period };
  const panel = { id: 'unit', time: 'period' };
  const variances: [string, FeolsOptions][] = [
    ['iid', {}], ['cluster (unit)', { cluster: 'unit' }], ['hetero', { vcov: 'hetero' }],
    ['DK', { vcov: 'DK', panel }], ['NW', { vcov: 'NW', panel }],
  ];
  const lines = [`n = ${n} (${units} units x ${periods} periods), ${FORMULA}`, '',
    '| variance | feols with it | revcov of an iid fit with kept scores | revcov of an iid fit without |', '|---|---|---|---|'];
  const kept = feols(columns, FORMULA, { keepScores: true });
  const plain = feols(columns, FORMULA);
  for (const [label, options] of variances) {
    const fit = best(5, () => feols(columns, FORMULA, options));
    const fromScores = best(5, () => revcov(kept, options));
    const projected = best(3, () => revcov(plain, options));
    lines.push(`| ${label} | ${fit.toFixed(0)} | ${fromScores.toFixed(0)} | ${projected.toFixed(0)} |`);
  }
  const keeping = best(5, () => feols(columns, FORMULA, { keepScores: true }));
  const dropped = best(5, () => feols(columns, FORMULA));
  lines.push('', `(ms, best of 5; 3 for the last column) iid fit keeping the scores: ${keeping.toFixed(0)} ms; without: ${dropped.toFixed(0)} ms`);
  return lines;
}
