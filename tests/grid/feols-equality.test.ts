/**
 * Every number of a grid specification equals feols on the same formula and options: estimate, SE, t, p,
 * CI, N and R2s, for specifications picked across every kind of choice (main variants with lags, controls
 * including a factor expanding to dummies, no FE / one / two FEs, full and drop-one samples, iid, HC1,
 * one-way and multiway clusters, weights, collinear controls).
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feols, type FeolsOptions } from '../../src/index.js';
import { parseFormula } from '../../src/formula/parse.js';
import { specificationGrid, type GridDefinition, type GridResult, type GridRow } from '../../src/grid/index.js';
import { buildStudyData } from '../../src/study/replicate.js';
import { expectClose, readCsv } from '../helpers.js';

/** Against feols, whose demeaning of each model's own columns stops at the same tolerance. */
const RTOL = 1e-8;
const ATOL = 1e-10;
/** Specifications compared per grid. */
const PICKS = 24;

const root = fileURLToPath(new URL('../../', import.meta.url));
const { data: study } = await buildStudyData(join(root, 'data'), [2009, 2020]);
const produc = readCsv(join(root, 'tests/golden/data/produc.csv'));

/** Spread picks over the grid without Math.random: the golden-ratio sequence, plus the first and last. */
function picks(count: number, specs: number): number[] {
  const ids = new Set([0, specs - 1]);
  for (let i = 1; ids.size < Math.min(count, specs); i++) ids.add(Math.floor(((i * 0.6180339887498949) % 1) * specs));
  return [...ids].sort((a, b) => a - b);
}

/** Data as feols must see it for a row's sample: the outcome missing in the left-out rows. */
function sampleData(data: Record<string, ArrayLike<unknown>>, row: GridRow, depvar: string): Record<string, ArrayLike<unknown>> {
  const m = /^drop (\w+)=(.*)$/.exec(row.sample);
  if (!m) return data;
  const [, column, level] = m;
  const y = Float64Array.from(data[depvar] as ArrayLike<number>);
  const values = data[column];
  for (let i = 0; i < y.length; i++) if (String(values[i]) === level) y[i] = NaN;
  return { ...data, [depvar]: y };
}

function vcovOptions(row: GridRow): FeolsOptions {
  if (row.vcov === 'iid') return { vcov: 'iid' };
  if (row.vcov === 'hetero') return { vcov: 'hetero' };
  return { cluster: (/^cluster\((.*)\)$/.exec(row.vcov) as RegExpExecArray)[1].split(', ') };
}

function compareWithFeols(result: GridResult, data: Record<string, ArrayLike<unknown>>, grid: GridDefinition, extra: FeolsOptions): number {
  const kinds = new Set<string>();
  for (const at of picks(PICKS, result.rows.length)) {
    const row = result.rows[at];
    expect(row.id).toBe(at + 1);
    const formula = `${grid.depvar} ~ ${[row.main, ...row.controls].join(' + ')}${row.fe === 'none' ? '' : ` | ${row.fe}`}`;
    const fit = feols(sampleData(data, row, grid.depvar), formula, { ...extra, ...vcovOptions(row), panel: grid.panel });
    const term = parseFormula(`y ~ ${row.main}`).terms[0].name;
    const c = fit.coefficients.find((x) => x.term === term);
    if (!c) throw new Error(`${formula}: no coefficient ${term}`);
    const what = `spec ${row.id} (${formula}, ${row.sample}, ${row.vcov})`;
    expect(row.nobs, `${what}: nobs`).toBe(fit.nobs);
    expect(row.dfT, `${what}: df`).toBe(fit.vcov.dfT);
    expectClose(row.estimate, c.estimate, `${what}: estimate`, RTOL, ATOL);
    expectClose(row.stdError, c.stdError, `${what}: std error`, RTOL, ATOL);
    expectClose(row.statistic, c.statistic, `${what}: t`, RTOL, ATOL);
    expectClose(row.pValue, c.pValue, `${what}: p`, RTOL, ATOL);
    expectClose(row.confLow, c.confLow, `${what}: conf low`, RTOL, ATOL);
    expectClose(row.confHigh, c.confHigh, `${what}: conf high`, RTOL, ATOL);
    expectClose(row.r2, fit.r2, `${what}: r2`, RTOL, ATOL);
    expectClose(row.adjR2, fit.adjR2, `${what}: adj r2`, RTOL, ATOL);
    if (fit.withinR2 === null) expect(row.withinR2).toBeNaN();
    else expectClose(row.withinR2, fit.withinR2, `${what}: within r2`, RTOL, ATOL);
    kinds.add(row.vcov).add(row.fe).add(row.sample.split('=')[0]).add(row.main);
  }
  return kinds.size;
}

describe('specificationGrid equals feols specification by specification', () => {
  it('province panel: lags, one and two FEs or none, drop-one samples, iid / HC1 / clustered / multiway', async () => {
    const grid: GridDefinition = {
      depvar: 'SL', main: ['Vag', 'l(Vag,1)', 'l(Vag,2)'], controls: ['GDP', 'TAX', 'CPI', 'FDI'],
      fixedEffects: [['year'], ['province', 'year'], []],
      samples: ['full', { dropUnit: 'province' }, { dropPeriod: 'year' }],
      vcov: [{ type: 'iid' }, { type: 'hetero' }, { type: 'cluster', cluster: ['province'] }, { type: 'cluster', cluster: ['province', 'year'] }],
      panel: { id: 'province', time: 'year' },
    };
    const result = await specificationGrid(study, grid, { workers: 1 });
    expect(result.rows.length).toBe(3 * (1 + 30 + 12) * 3 * 16 * 4);
    expect(result.groups).toBe(3 * 43 * 3);
    expect(result.rows.every((r) => r.note === '')).toBe(true);
    const kinds = compareWithFeols(result, study, grid, {});
    expect(kinds).toBeGreaterThanOrEqual(8);
  });

  it('Produc: weights, a factor control (collinear with state FE), multiway clusters', async () => {
    const grid: GridDefinition = {
      depvar: 'log(gsp)', main: ['log(pcap)', 'l(log(pcap),1)'], controls: ['log(pc)', 'unemp', 'i(region)', 'log(emp)'],
      fixedEffects: [[], ['state'], ['state', 'year']],
      vcov: [{ type: 'iid' }, { type: 'hetero' }, { type: 'cluster', cluster: ['state', 'year'] }],
      panel: { id: 'state', time: 'year' },
    };
    const result = await specificationGrid(produc, grid, { workers: 1, weights: 'emp' });
    expect(result.rows.length).toBe(3 * 2 * 16 * 3);
    compareWithFeols(result, produc, grid, { weights: 'emp' });
    // The factor's dummies are absorbed by the state FE: collinear there, estimated without FE.
    const withRegion = result.rows.filter((r) => r.controls.includes('i(region)'));
    expect(withRegion.every((r) => Number.isFinite(r.estimate))).toBe(true);
  });

  it.each([
    [{ kFixef: 'full', tDf: 'conventional' }],
    [{ kAdj: false, gDf: 'conventional' }],
    [{ kFixef: 'none', gAdj: false }],
  ] as const)('small-sample switches %j: clustered variances with nested fixed effects', async (ssc) => {
    const grid: GridDefinition = {
      depvar: 'SL', main: ['Vag'], controls: ['GDP', 'TAX', 'CPI'], fixedEffects: [['province', 'year'], ['year']],
      vcov: [{ type: 'cluster', cluster: ['province'] }, { type: 'cluster', cluster: ['province', 'year'] }, { type: 'iid' }],
    };
    const result = await specificationGrid(study, grid, { workers: 1, ssc });
    compareWithFeols(result, study, grid, { ssc });
  });

  it('the specifications feols shows in the paper-style table are rows of the grid', async () => {
    const grid: GridDefinition = {
      depvar: 'SL', main: ['Vag'], controls: ['GDP', 'TAX', 'CPI', 'FDI'], fixedEffects: [['year']],
      vcov: [{ type: 'cluster', cluster: ['province'] }],
    };
    const result = await specificationGrid(study, grid, { workers: 1 });
    const all = result.rows[result.rows.length - 1];
    expect(all.controls).toEqual(['GDP', 'TAX', 'CPI', 'FDI']);
    const fit = feols(study, 'SL ~ Vag + GDP + TAX + CPI + FDI | year', { cluster: 'province' });
    expectClose(all.estimate, fit.coefficients[0].estimate, 'estimate', RTOL, ATOL);
    expectClose(all.stdError, fit.coefficients[0].stdError, 'se', RTOL, ATOL);
  });
});
