/**
 * The grid definition: validation messages, the enumeration order and ids, drop-one samples, the common
 * sample of a group, and specifications without an estimate.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError, FormulaError, OptionError, feols } from '../../src/index.js';
import { columnSource } from '../../src/data/columns.js';
import {
  controlSubsets, expandSamples, planGrid, specificationGrid, subsetCount, validateGrid, type GridDefinition,
} from '../../src/grid/index.js';
import { expectClose, readCsv } from '../helpers.js';

const RTOL = 1e-8;
const ATOL = 1e-10;
const root = fileURLToPath(new URL('../../', import.meta.url));
const produc = readCsv(join(root, 'tests/golden/data/produc.csv'));
const base: GridDefinition = { depvar: 'log(gsp)', main: ['log(pcap)'], controls: ['log(pc)', 'unemp', 'log(emp)'], fixedEffects: [['state']] };

describe('validateGrid', () => {
  it('fills defaults', () => {
    const g = validateGrid({ depvar: 'y', main: ['x'] });
    expect(g.controls).toEqual([]);
    expect(g.maxControls).toBe(0);
    expect(g.fixedEffects).toEqual([[]]);
    expect(g.samples).toEqual(['full']);
    expect(g.vcov).toEqual([{ type: 'iid' }]);
    expect(g.panel).toBeNull();
  });

  it.each([
    [{ depvar: '', main: ['x'] }, /depvar must be a non-empty string/],
    [{ depvar: 'y', main: [] }, /main must hold at least one entry/],
    [{ depvar: 'y', main: ['x', 'x'] }, /main lists 'x' twice/],
    [{ depvar: 'y', main: ['x'], controls: ['x'] }, /'x' is both a main variant and a control/],
    [{ depvar: 'y', main: ['x'], controls: ['a'], maxControls: 2 }, /maxControls must be an integer from 0 to 1.*got 2/],
    [{ depvar: 'y', main: ['x'], fixedEffects: [] }, /fixedEffects must be a non-empty array/],
    [{ depvar: 'y', main: ['x'], fixedEffects: [['a'], ['a']] }, /fixedEffects lists \[a\] twice/],
    [{ depvar: 'y', main: ['x'], samples: ['some'] }, /samples\[0\] must be 'full', \{ dropUnit: column \} or \{ dropPeriod: column \}; got "some"/],
    [{ depvar: 'y', main: ['x'], vcov: [{ type: 'HC3' }] }, /vcov\[0\] must be \{ type: 'iid' \}/],
    [{ depvar: 'y', main: ['x'], vcov: [{ type: 'cluster', cluster: [] }] }, /vcov\[0\]\.cluster must hold at least one entry/],
    [{ depvar: 'y', main: ['x'], vcov: [{ type: 'iid' }, { type: 'iid' }] }, /vcov lists iid twice/],
    [{ depvar: 'y', main: ['x'], extra: 1 }, /unknown grid field 'extra'; known: depvar, main/],
  ])('rejects %j', (definition, message) => {
    expect(() => validateGrid(definition as unknown as GridDefinition)).toThrow(OptionError);
    expect(() => validateGrid(definition as unknown as GridDefinition)).toThrow(message);
  });
});

describe('enumeration', () => {
  it('control subsets by size, then lexicographically; counted with a size cap', () => {
    expect(controlSubsets(3, 3)).toEqual([[], [0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]]);
    expect(controlSubsets(4, 1)).toEqual([[], [0], [1], [2], [3]]);
    expect(controlSubsets(10, 10).length).toBe(1024);
    expect(subsetCount(10, 10)).toBe(1024);
    expect(subsetCount(10, 2)).toBe(1 + 10 + 45);
  });

  it('orders specifications fixed effects > sample > main > controls > variance; ids are positions', async () => {
    const res = await specificationGrid(produc, {
      ...base, main: ['log(pcap)', 'log(hwy)'], controls: ['log(pc)', 'unemp'], fixedEffects: [['state'], ['state', 'year']],
      samples: ['full', { dropPeriod: 'year' }], vcov: [{ type: 'iid' }, { type: 'cluster', cluster: ['state'] }],
    }, { workers: 1 });
    const rows = res.rows;
    expect(rows.length).toBe(2 * (1 + 17) * 2 * 4 * 2);
    expect(rows.map((r) => r.id)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.slice(0, 9).map((r) => [r.fe, r.sample, r.main, r.controls.join('+'), r.vcov])).toEqual([
      ['state', 'full', 'log(pcap)', '', 'iid'],
      ['state', 'full', 'log(pcap)', '', 'cluster(state)'],
      ['state', 'full', 'log(pcap)', 'log(pc)', 'iid'],
      ['state', 'full', 'log(pcap)', 'log(pc)', 'cluster(state)'],
      ['state', 'full', 'log(pcap)', 'unemp', 'iid'],
      ['state', 'full', 'log(pcap)', 'unemp', 'cluster(state)'],
      ['state', 'full', 'log(pcap)', 'log(pc)+unemp', 'iid'],
      ['state', 'full', 'log(pcap)', 'log(pc)+unemp', 'cluster(state)'],
      ['state', 'full', 'log(hwy)', '', 'iid'],
    ]);
    expect(rows[16].sample).toBe('drop year=1970');
    expect(rows[rows.length - 1]).toMatchObject({ fe: 'state + year', sample: 'drop year=1986', main: 'log(hwy)', vcov: 'cluster(state)' });
    expect(res.groups).toBe(2 * 18 * 2);
  });

  it('drop-one samples: one per value, sorted (numbers numerically)', () => {
    const samples = expandSamples(columnSource({ g: ['b', 'a', 'b', 'c'], t: [10, 9, 10, 100] }), ['full', { dropUnit: 'g' }, { dropPeriod: 't' }]);
    expect(samples.map((s) => s.label)).toEqual(['full', 'drop g=a', 'drop g=b', 'drop g=c', 'drop t=9', 'drop t=10', 'drop t=100']);
  });
});

describe('samples and estimability', () => {
  it('a group shares one sample: rows missing any grid variable leave every specification; N is reported', async () => {
    const unemp = (produc.unemp as number[]).map((v, i) => (i % 7 === 0 ? NaN : v));
    const data = { ...produc, unemp };
    const res = await specificationGrid(data, base, { workers: 1 });
    const dropped = unemp.filter((v) => Number.isNaN(v)).length;
    for (const r of res.rows) expect(r.nobs).toBe(816 - dropped);
    // The specification without unemp equals feols on the rows where unemp is present.
    const keep = unemp.map((v) => !Number.isNaN(v));
    const subset = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, (v as unknown[]).filter((_, i) => keep[i])]));
    const fit = feols(subset, 'log(gsp) ~ log(pcap) + log(pc) | state');
    const row = res.rows.find((r) => r.controls.join() === 'log(pc)');
    expectClose(row?.estimate ?? NaN, fit.coefficients[0].estimate, 'estimate', RTOL, ATOL);
    expectClose(row?.stdError ?? NaN, fit.coefficients[0].stdError, 'se', RTOL, ATOL);
  });

  it('a main regressor collinear with the fixed effects has no estimate, with a note; controls collinear are dropped', async () => {
    const stateMean = new Map<string, number>();
    (produc.state as string[]).forEach((s, i) => stateMean.set(s, (stateMean.get(s) ?? 0) + (produc.unemp[i] as number)));
    const constant = (produc.state as string[]).map((s) => stateMean.get(s) as number);
    const data = { ...produc, constant };
    const res = await specificationGrid(data, { depvar: 'log(gsp)', main: ['constant', 'log(pcap)'], controls: ['unemp'], fixedEffects: [['state']] }, { workers: 1 });
    const bad = res.rows.filter((r) => r.main === 'constant');
    expect(bad.every((r) => Number.isNaN(r.estimate) && r.note === 'main regressor collinear')).toBe(true);
    expect(res.summary.estimated).toBe(2);
    const asControl = await specificationGrid(data, { depvar: 'log(gsp)', main: ['log(pcap)'], controls: ['constant'], fixedEffects: [['state']] }, { workers: 1 });
    const fit = feols(data, 'log(gsp) ~ log(pcap) + constant | state');
    expect(fit.collinear).toEqual(['constant']);
    expectClose(asControl.rows[1].estimate, fit.coefficients[0].estimate, 'estimate', RTOL, ATOL);
    expectClose(asControl.rows[1].stdError, fit.coefficients[0].stdError, 'se', RTOL, ATOL);
  });

  it('errors name the culprit: unknown columns, bad terms, a main term that is not one column', () => {
    const source = columnSource(produc);
    expect(() => planGrid(source, { ...base, controls: ['unemq'] })).toThrow(DataError);
    expect(() => planGrid(source, { ...base, controls: ['unemq'] })).toThrow(/unknown column 'unemq' \(in control 'unemq'\).*did you mean 'unemp'/);
    expect(() => planGrid(source, { ...base, main: ['log(pcap'] })).toThrow(FormulaError);
    expect(() => planGrid(source, { ...base, main: ['log(pcap)*unemp'] })).toThrow(/main variant 'log\(pcap\)\*unemp' must be one term yielding one column.*gives 3 term/);
    expect(() => planGrid(source, { ...base, vcov: [{ type: 'cluster', cluster: ['region2'] }] })).toThrow(/unknown column 'region2' \(a cluster variable\)/);
    expect(() => planGrid(source, { ...base, samples: [{ dropUnit: 'county' }] })).toThrow(/unknown column 'county' \(the unit of a drop-one-unit sample\)/);
  });

  it('validates options at the boundary', async () => {
    await expect(specificationGrid(produc, base, { alpha: 1.5 })).rejects.toThrow(/alpha must be a number in \(0, 1\); got 1.5/);
    await expect(specificationGrid(produc, base, { workers: 0 })).rejects.toThrow(OptionError);
    await expect(specificationGrid(produc, base, { level: 2 })).rejects.toThrow(/level must be in \(0, 1\)/);
  });

  it('the summary counts shares among the estimated specifications', async () => {
    const res = await specificationGrid(produc, base, { workers: 1, alpha: 0.01 });
    const est = res.rows.map((r) => r.estimate).sort((a, b) => a - b);
    const s = res.summary;
    expect(s.specs).toBe(8);
    expect(s.median).toBe((est[3] + est[4]) / 2);
    expect(s.min).toBe(est[0]);
    expect(s.max).toBe(est[7]);
    expect(s.sharePositive).toBe(res.rows.filter((r) => r.estimate > 0).length / 8);
    expect(s.shareSignificant).toBe(res.rows.filter((r) => r.pValue < 0.01).length / 8);
    expect(s.alpha).toBe(0.01);
  });
});
