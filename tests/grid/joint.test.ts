/**
 * The joint test of a specification curve: observed numbers equal the grid's rows (cluster variance), the
 * null distribution equals brute force over every sign vector (each specification's restricted fit, y*
 * built and refitted by feols per draw and specification), and random draws are bit-identical on the pool.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { closePool, feols, specificationGrid } from '../../src/index.js';
import { criticalT } from '../../src/estimate/inference.js';
import { OptionError } from '../../src/errors.js';
import { curveJointTest } from '../../src/grid/joint.js';
import type { GridDefinition } from '../../src/grid/spec.js';
import { expectClose } from '../helpers.js';
import { clusteredPanel } from '../infer/data.js';

afterAll(async () => { await closePool(); });

const RTOL_T = 1e-10;
const ATOL_T = 1e-10;
const DEMEAN_TOL = 1e-14;

type Columns = Record<string, Float64Array>;

function subset(data: Columns, keep: (i: number) => boolean): Columns {
  const rows = Array.from(data.y, (_, i) => i).filter(keep);
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Float64Array.from(rows, (i) => v[i])]));
}

const median = (v: number[]) => { const s = [...v].sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };

describe('curveJointTest', () => {
  const data = clusteredPanel(510, 6) as unknown as Columns;
  const definition: GridDefinition = {
    depvar: 'y', main: ['x1'], controls: ['x2'], fixedEffects: [[], ['year']],
    samples: ['full', { dropUnit: 'cl' }], vcov: [{ type: 'cluster', cluster: ['cl'] }],
  };
  const estimation = { demeanTol: DEMEAN_TOL };

  it('= brute-force refits of every specification over all 2^G sign vectors', async () => {
    const joint = await curveJointTest(data, definition, estimation, { cluster: 'cl', reps: 9999, workers: 1 });
    const grid = await specificationGrid(data, definition, { ...estimation, workers: 1 });
    expect(joint.enumerated).toBe(true);
    expect(joint.reps).toBe(64);
    expect(joint.specs).toBe(grid.rows.length); // 2 FE sets x 7 samples x 2 control subsets
    // Observed: the grid's own rows.
    joint.rowIds.forEach((id, s) => {
      const row = grid.rows[id - 1];
      expectClose(joint.estimates[s], row.estimate, `estimate of spec ${id}`, 1e-8, 1e-12);
      expectClose(joint.statistics[s], row.statistic, `t of spec ${id}`, 1e-8, 1e-12);
    });
    const dominant = joint.direction;
    expect(joint.significant).toBe(grid.rows.filter((r) => r.pValue < 0.05 && Math.sign(r.estimate) === dominant).length);
    expectClose(joint.median, grid.summary.median, 'median', 1e-8, 1e-12);

    // Brute force: one refit per draw and specification.
    const labels = [...new Set(data.cl)];
    const specs = grid.rows.map((row) => {
      const left = row.sample === 'full' ? null : Number(row.sample.split('=')[1]);
      const d = subset(data, (i) => left === null || data.cl[i] !== left);
      const fe = row.fe === 'none' ? '' : ` | ${row.fe}`;
      const controls = row.controls.length ? ` + ${row.controls.join(' + ')}` : '';
      const opts = { cluster: 'cl', demeanTol: DEMEAN_TOL };
      // The restricted fit (x1 = 0): the controls and fixed effects; without controls, the intercept or the
      // fixed effect alone.
      let u: Float64Array;
      if (row.controls.length) u = feols(d, `y ~ ${row.controls.join(' + ')}${fe}`, opts).residuals;
      else if (row.fe === 'none') { const m = d.y.reduce((a, v) => a + v, 0) / d.y.length; u = d.y.map((v) => v - m); }
      else u = feOnlyResiduals(d.y, d[row.fe]);
      const fitted = d.y.map((v, i) => v - u[i]);
      const bit = Array.from(d.cl, (c) => labels.indexOf(c));
      const G = new Set(d.cl).size;
      return { d, u, fitted, bit, formula: `y__ ~ x1${controls}${fe}`, opts, crit: criticalT(0.95, G - 1) };
    });
    let atLeastSig = 0, atLeastMedian = 0;
    for (let b = 0; b < 64; b++) {
      const est: number[] = [];
      let sig = 0;
      for (const s of specs) {
        const ystar = s.fitted.map((f, i) => f + (1 - 2 * ((b >> s.bit[i]) & 1)) * s.u[i]);
        const c = feols({ ...s.d, y__: ystar }, s.formula, s.opts).coefficients.find((cc) => cc.term === 'x1') as { estimate: number; stdError: number };
        est.push(c.estimate);
        if (dominant * c.estimate / c.stdError > s.crit) sig++;
      }
      if (sig >= joint.significant) atLeastSig++;
      if (dominant * median(est) >= dominant * joint.median - 1e-12 * Math.abs(joint.median)) atLeastMedian++;
    }
    expect(joint.pShareSignificant).toBe(atLeastSig / 64);
    expect(joint.pMedian).toBe(atLeastMedian / 64);
    expect(joint.pMedian).toBeGreaterThan(0); // the identity draw reproduces the observed median
    expect(joint.significant).toBeGreaterThan(0);
    expect(joint.pShareSignificant).toBeLessThan(1);
  }, 120_000);

  it('random draws: bit-identical for 1, 2 and 8 workers', async () => {
    const big = clusteredPanel(511, 12) as unknown as Columns;
    const def: GridDefinition = { depvar: 'y', main: ['x1'], controls: ['x2'], fixedEffects: [['year']] };
    const opts = { cluster: 'cl', reps: 499, seed: 3, weights: 'webb' as const };
    const one = await curveJointTest(big, def, {}, { ...opts, workers: 1 });
    expect(one.enumerated).toBe(false);
    for (const [workers, chunkSize] of [[2, 50], [8, 7]] as const) {
      const many = await curveJointTest(big, def, {}, { ...opts, workers, chunkSize });
      expect(many).toEqual(one);
    }
  }, 120_000);

  it('bad input', async () => {
    await expect(curveJointTest(data, definition, {}, {} as never)).rejects.toThrow(OptionError);
    await expect(curveJointTest(data, definition, {}, { cluster: 'nope' })).rejects.toThrow(/nope/);
    await expect(curveJointTest(data, definition, {}, { cluster: 'cl', reps: 0 })).rejects.toThrow(/reps must be/);
  });
});

/** Residuals of y on one fixed effect alone: y minus its level's mean. */
function feOnlyResiduals(y: Float64Array, fe: Float64Array): Float64Array {
  const sum = new Map<number, number>(), count = new Map<number, number>();
  y.forEach((v, i) => { sum.set(fe[i], (sum.get(fe[i]) ?? 0) + v); count.set(fe[i], (count.get(fe[i]) ?? 0) + 1); });
  return y.map((v, i) => v - (sum.get(fe[i]) as number) / (count.get(fe[i]) as number));
}
