/**
 * Fixed-effect fits equal least squares with explicit dummy variables (fixest's own check), including the
 * residual-based quantities: RSS, R2 and the within R2 against the FE-only model.
 */
import { describe, it, expect } from 'vitest';
import { feols } from '../../src/index.js';
import { dummies, leastSquares } from '../reference/linalg.js';
import { rng } from '../reference/rng.js';
import { expectAllClose, expectClose } from '../helpers.js';

const r = rng(2024);
const n = 400;
const f1 = Int32Array.from({ length: n }, (_, i) => (i < 25 ? i : r.int(25)));
const f2 = Int32Array.from({ length: n }, (_, i) => (i < 8 ? i : r.int(8)));
const f3 = Int32Array.from({ length: n }, (_, i) => (i < 4 ? i : r.int(4)));
const x1 = Float64Array.from({ length: n }, () => r.normal());
const x2 = Float64Array.from({ length: n }, (_, i) => r.normal() + 0.3 * f1[i]);
const w = Float64Array.from({ length: n }, () => 0.5 + r.uniform());
const y = Float64Array.from({ length: n }, (_, i) => 1 + 0.5 * x1[i] - 0.25 * x2[i] + 0.1 * f1[i] - 0.2 * f2[i] + 0.3 * f3[i] + r.normal());
const data = { y, x1, x2, f1: Array.from(f1), f2: Array.from(f2), f3: Array.from(f3), w };

function weighted(cols: Float64Array[], v: Float64Array, wt: Float64Array | null) {
  if (!wt) return { cols, v };
  const s = wt.map(Math.sqrt);
  return { cols: cols.map((c) => c.map((x, i) => x * s[i])), v: v.map((x, i) => x * s[i]) };
}

describe('FE fits equal dummy-variable OLS', () => {
  for (const [label, fes, wt] of [
    ['one FE', ['f1'], null],
    ['two FEs', ['f1', 'f2'], null],
    ['three FEs', ['f1', 'f2', 'f3'], null],
    ['two FEs, weighted', ['f1', 'f2'], w],
  ] as const) {
    it(label, () => {
      const fit = feols(data, `y ~ x1 + x2 | ${fes.join(' + ')}`, { weights: wt ? 'w' : undefined });
      const feCols: Float64Array[] = [];
      const byName: Record<string, Int32Array> = { f1, f2, f3 };
      fes.forEach((name, j) => feCols.push(...dummies(byName[name], Math.max(...byName[name]) + 1, j === 0 ? -1 : 0)));
      const full = weighted([x1, x2, ...feCols], y, wt);
      const ref = leastSquares(full.cols, full.v);
      expectAllClose(fit.coefficients.map((c) => c.estimate), ref.beta.slice(0, 2), 'beta', 1e-9, 1e-12);
      const rss = ref.resid.reduce((a, e) => a + e * e, 0);
      expectClose(fit.rss, rss, 'rss', 1e-9);
      const feOnly = weighted(feCols, y, wt);
      const rssFe = leastSquares(feOnly.cols, feOnly.v).resid.reduce((a, e) => a + e * e, 0);
      expectClose(fit.withinR2 as number, 1 - rss / rssFe, 'within r2', 1e-9);
      expect(fit.convergence.converged).toBe(true);
    });
  }
});
