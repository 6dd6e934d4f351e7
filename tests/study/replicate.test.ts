/**
 * The main job end to end on the bundled panel: every table written in every format, the paper's sample
 * sizes, and the centring invariances of the moderation model.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replicate, type Replication } from '../../src/study/replicate.js';
import { closePool } from '../../src/parallel/pool.js';
import { expectClose } from '../helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const RTOL_IDENTITY = 1e-10;

describe('replicate (npm start)', () => {
  const out = mkdtempSync(join(tmpdir(), 'hdfe-replicate-'));
  let result: Replication;
  beforeAll(async () => { result = await replicate({ dataDir: join(root, 'data'), outDir: out, workers: 1 }); }, 120_000);
  afterAll(async () => { await closePool(); });

  it('writes tables 1-7 as md, tex, html and json', () => {
    for (let t = 1; t <= 7; t++) {
      for (const ext of ['md', 'tex', 'html', 'json']) expect(existsSync(join(out, `table${t}.${ext}`)), `table${t}.${ext}`).toBe(true);
    }
    const tex = readFileSync(join(out, 'table2.tex'), 'utf8');
    expect(tex).toMatch(/\\toprule/);
    expect(JSON.parse(readFileSync(join(out, 'table4.json'), 'utf8'))).toBeTypeOf('object');
  });

  it("reproduces the paper's sample sizes: 360, lags 330 and 300", () => {
    expect(result.models.table2.map((m) => m.nobs)).toEqual([360, 360, 360, 360, 360, 360]);
    expect(result.models.table3.map((m) => m.nobs)).toEqual([330, 300]);
    expect(result.models.table2.map((m) => Object.keys(m.fixef))).toEqual([[], ['year'], ['year'], ['year'], ['year'], ['year']]);
  });

  it('centring leaves XZ, its SE and R2 unchanged and makes Vag the effect at mean R&D', () => {
    const [, raw, centred] = result.models.table4;
    const get = (m: typeof raw, term: string) => m.coefficients.find((c) => c.term === term)!;
    expectClose(get(centred, 'center(Vag):center(RD)').estimate, get(raw, 'Vag:RD').estimate, 'XZ', RTOL_IDENTITY);
    expectClose(get(centred, 'center(Vag):center(RD)').stdError, get(raw, 'Vag:RD').stdError, 'SE(XZ)', RTOL_IDENTITY);
    expectClose(centred.r2, raw.r2, 'R2', RTOL_IDENTITY);
    const rd = Array.from(raw.rows, (i) => (result.data.RD as Float64Array)[i]);
    const meanRd = rd.reduce((a, v) => a + v, 0) / rd.length;
    expectClose(get(centred, 'Vag').estimate, get(raw, 'Vag').estimate + get(raw, 'Vag:RD').estimate * meanRd, 'Vag at mean', RTOL_IDENTITY);
  });

  it('prints Table 2 with the true coefficients beside column (6)', () => {
    expect(result.terminal).toMatch(/Table 2/);
    expect(result.terminal).toMatch(/TAX\s+estimate\s+-?\d.*truth -1\.900/);
  });

  it('recovers the moderation of the synthetic design (clustered, year FE) within 3 SEs', () => {
    const truth = JSON.parse(readFileSync(join(root, 'data/province_panel.truth.json'), 'utf8')).coefficients;
    const model = result.models.table5[3];
    const xz = model.coefficients.find((c) => c.term === 'Vag:RD')!;
    expect(Math.abs(xz.estimate - truth.Vag_x_RD)).toBeLessThan(3 * xz.stdError);
    expect(xz.estimate).toBeLessThan(0);
  });

  it('adds wild cluster bootstrap and permutation inference on Vag with 30 clusters', async () => {
    const { wild, permutation } = result.inference;
    expect(wild.clusters).toBe(30);
    expect(wild.enumerated).toBe(false);
    expect(wild.confLow).toBeLessThan(wild.estimate);
    expect(wild.confHigh).toBeGreaterThan(wild.estimate);
    const clustered = result.models.table5[1].coefficients.find((c) => c.term === 'Vag')!;
    expectClose(wild.statistic, clustered.statistic, 't of the bootstrap = feols clustered t', 1e-10);
    expect(permutation.reps).toBe(999);
    expect(permutation.pValue).toBeGreaterThan(0);
    // Same seed, two workers: the same permutation p-value.
    const again = await replicate({ dataDir: join(root, 'data'), outDir: mkdtempSync(join(tmpdir(), 'hdfe-replicate-')), workers: 2 });
    expect(again.inference.permutation.pValue).toBe(permutation.pValue);
    expect(again.inference.wild.pValue).toBe(wild.pValue);
  }, 120_000);

  it('writes the specification curve: 2^4 control sets x 2 FE sets x 3 regressors', () => {
    expect(result.curve.summary.specs).toBe(96);
    for (const f of ['spec_curve_rows.csv', 'spec_curve_rows.json', 'spec_curve_curve.svg']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(readFileSync(join(out, 'spec_curve_curve.svg'), 'utf8')).toMatch(/^<svg/);
    const lagged = result.curve.rows.filter((r) => r.main === 'l(Vag,2)');
    expect(new Set(lagged.map((r) => r.nobs))).toEqual(new Set([300]));
  });

  it("tests the curve jointly: every specification once, the grid's own estimates, and a p-value per summary", () => {
    const j = result.curveJoint;
    expect(j.specs).toBe(96);
    expect(j.clusters).toBe(30);
    j.rowIds.forEach((id, s) => expectClose(j.estimates[s], result.curve.rows[id - 1].estimate, `estimate of spec ${id}`, 1e-8, 1e-12));
    expectClose(j.median, result.curve.summary.median, 'median', 1e-8, 1e-12);
    expect(j.significant).toBe(result.curve.rows.filter((r) => r.pValue < 0.05 && Math.sign(r.estimate) === j.direction).length);
    for (const p of [j.pMedian, j.pShareSignificant]) expect(p >= 0 && p <= 1).toBe(true);
    const saved = JSON.parse(readFileSync(join(out, 'spec_curve_joint.json'), 'utf8'));
    expect(saved.pMedian).toBe(j.pMedian);
  });
});
