/**
 * Pairs and cluster bootstraps: each draw equals feols on the explicitly resampled rows, draws do not
 * depend on the chunking, and the summaries follow their definitions.
 */
import { describe, it, expect } from 'vitest';
import { feols, OptionError } from '../../src/index.js';
import { clusterBootstrap, normalQuantile, pairsBootstrap, quantile, resampleDraws, variates, type ResamplePrepared } from '../../src/infer/index.js';
import { expectClose } from '../helpers.js';
import { clusteredPanel } from './data.js';

/** A refit by feols against the same refit inside the bootstrap. */
const RTOL_REFIT = 1e-10;

const data = clusteredPanel(31, 20);
const n = data.y.length;

/** Rows of draw b, rebuilt from the generator as documented (units in draw order). */
function rowsOfDraw(b: number, scheme: 'pairs' | 'cluster'): number[] {
  const labels = [...new Set(Array.from(data.cl))];
  const count = scheme === 'pairs' ? n : labels.length;
  const u = variates(1, b + 1, 0, count, 'uniform');
  const rows: number[] = [];
  for (let j = 0; j < count; j++) {
    const unit = Math.min(Math.floor(u[j] * count), count - 1);
    if (scheme === 'pairs') rows.push(unit);
    else for (let i = 0; i < n; i++) if (data.cl[i] === labels[unit]) rows.push(i);
  }
  return rows;
}

function subset(rows: number[]) {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Float64Array.from(rows, (i) => v[i])]));
}

describe('resampling bootstraps', () => {
  for (const [scheme, formula] of [['pairs', 'y ~ x1 + x2'], ['pairs', 'y ~ x1 + x2 | firm + year'], ['cluster', 'y ~ x1 + x2 | firm'], ['cluster', 'y ~ x1 + x2 | year']] as const) {
    it(`${scheme}, ${formula}: each draw is feols on the resampled rows`, () => {
      const run = scheme === 'pairs'
        ? pairsBootstrap(data, formula, { reps: 12, seed: 1, keepDraws: true, demeanTol: 1e-14 })
        : clusterBootstrap(data, formula, { cluster: 'cl', reps: 12, seed: 1, keepDraws: true, demeanTol: 1e-14 });
      const draws = run.draws as Float64Array;
      const k = run.coefficients.length;
      for (let b = 0; b < 12; b++) {
        const fit = feols(subset(rowsOfDraw(b, scheme)), formula, { demeanTol: 1e-14, singletons: 'keep' });
        run.coefficients.forEach((c, j) => {
          const ref = fit.coefficients.find((cc) => cc.term === c.term);
          expectClose(draws[b * k + j], ref?.estimate as number, `draw ${b} ${c.term}`, RTOL_REFIT, 1e-12);
        });
      }
    });
  }

  it('summaries: standard deviation, type-7 percentiles and the normal interval', () => {
    const r = clusterBootstrap(data, 'y ~ x1 + x2 | firm', { cluster: 'cl', reps: 199, seed: 4, keepDraws: true, level: 0.9 });
    const k = r.coefficients.length;
    const fit = feols(data, 'y ~ x1 + x2 | firm', { cluster: 'cl' });
    r.coefficients.forEach((c, j) => {
      const v = Array.from({ length: r.reps }, (_, b) => (r.draws as Float64Array)[b * k + j]);
      const mean = v.reduce((a, x) => a + x, 0) / v.length;
      expectClose(c.stdError, Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / (v.length - 1)), 'sd', 1e-12);
      const sorted = [...v].sort((a, b) => a - b);
      const h = 198 * 0.05;
      expectClose(c.percentileLow, sorted[Math.floor(h)] + (h - Math.floor(h)) * (sorted[Math.floor(h) + 1] - sorted[Math.floor(h)]), 'p05', 1e-12);
      expect(c.percentileHigh).toBe(quantile(v, 0.95));
      expect(c.estimate).toBe(fit.coefficients[j].estimate);
      expectClose(c.normalHigh, c.estimate + normalQuantile(0.95) * c.stdError, 'normal', 1e-14);
      // The cluster bootstrap SE estimates the clustered SE (loosely: 199 draws, 20 clusters).
      expect(c.stdError / fit.coefficients[j].stdError).toBeGreaterThan(0.6);
      expect(c.stdError / fit.coefficients[j].stdError).toBeLessThan(1.5);
    });
    expect(r.failed).toBe(0);
  });

  it('draws do not depend on the chunking; other seeds differ', () => {
    const r = pairsBootstrap(data, 'y ~ x1 + x2 | firm', { reps: 30, seed: 9, keepDraws: true });
    const k = r.coefficients.length;
    const again = pairsBootstrap(data, 'y ~ x1 + x2 | firm', { reps: 30, seed: 9, keepDraws: true });
    expect(Buffer.from((again.draws as Float64Array).buffer).equals(Buffer.from((r.draws as Float64Array).buffer))).toBe(true);
    const other = pairsBootstrap(data, 'y ~ x1 + x2 | firm', { reps: 30, seed: 10, keepDraws: true });
    expect(other.draws?.[0]).not.toBe(r.draws?.[0]);
    expect(k).toBe(2);
  });

  it('the chunk function over a split range equals one call', async () => {
    // Rebuild the prepared object the API uses, through its documented shape.
    const { buildDesign } = await import('../../src/data/sample.js');
    const { columnSource } = await import('../../src/data/columns.js');
    const { parseFormula } = await import('../../src/formula/parse.js');
    const { regressionOptions } = await import('../../src/infer/options.js');
    const design = buildDesign(columnSource(data), parseFormula('y ~ x1 + x2 | firm'), regressionOptions({}, ['cl']));
    const G = design.clusterings[0].G;
    const start = new Int32Array(G + 1), members = new Int32Array(design.n);
    for (let i = 0; i < design.n; i++) start[design.clusterings[0].codes[i] + 1]++;
    for (let g = 0; g < G; g++) start[g + 1] += start[g];
    const fill = start.slice(0, G);
    for (let i = 0; i < design.n; i++) members[fill[design.clusterings[0].codes[i]]++] = i;
    const prepared: ResamplePrepared = { design, scheme: 'cluster', start, members, columns: [0, 1], seed: 1, reps: 20,
      settings: { demeanTol: 1e-10, demeanMaxIter: 10000, collinTol: 1e-7, hetero: false, clusters: false } };
    const whole = new Float64Array(40), parts = new Float64Array(40);
    resampleDraws(prepared, 0, 20, whole);
    resampleDraws(prepared, 0, 7, parts.subarray(0, 14));
    resampleDraws(prepared, 7, 20, parts.subarray(14));
    expect(Array.from(parts)).toEqual(Array.from(whole));
    const api = clusterBootstrap(data, 'y ~ x1 + x2 | firm', { cluster: 'cl', reps: 20, seed: 1, keepDraws: true });
    expect(Array.from(api.draws as Float64Array)).toEqual(Array.from(whole));
  });

  it('errors', () => {
    expect(() => clusterBootstrap(data, 'y ~ x1', {} as never)).toThrow(OptionError);
    expect(() => pairsBootstrap(data, 'y ~ x1', { reps: 0 })).toThrow(/reps must be/);
    expect(() => clusterBootstrap({ ...data, one: data.cl.map(() => 1) }, 'y ~ x1', { cluster: 'one' })).toThrow(/at least 2 clusters/);
  });
});

describe('normal quantile', () => {
  it("agrees with R's qnorm", () => {
    // sprintf('%.17g', qnorm(p)) in R 4.2.2.
    for (const [p, q] of [[0.9, 1.2815515655446008], [0.95, 1.6448536269514715], [0.975, 1.9599639845400536], [0.995, 2.5758293035488999], [0.025, -1.9599639845400538]]) {
      expectClose(normalQuantile(p), q, `qnorm(${p})`, 2e-14);
    }
    expect(normalQuantile(0.5)).toBe(0);
  });
});
