/**
 * revcov: another variance for a fit without refitting equals fitting with that variance, for every variance
 * in the registry, with weights and fixed effects, and under a convention; a fit that kept no scores says so.
 */
import { describe, expect, it } from 'vitest';
import { feols, revcov, type FeolsOptions } from '../../src/index.js';
import { DataError, OptionError } from '../../src/errors.js';
import { expectAllClose, readCsv } from '../helpers.js';

/** The same sandwich by two routes that differ only in the order of the kernel's sums. */
const RTOL = 1e-12;

const grunfeld = readCsv(new URL('../golden/fixest/grunfeld.csv', import.meta.url).pathname);
const produc = readCsv(new URL('../golden/data/produc_centroids.csv', import.meta.url).pathname);
const empl = readCsv(new URL('../golden/data/empluk.csv', import.meta.url).pathname);

/** `options` by revcov on a fit with `first`, against a fit with `options`; `shared` goes to both fits. */
function same(data: Record<string, unknown>, formula: string, first: FeolsOptions, options: FeolsOptions, shared: FeolsOptions = {}): void {
  const direct = feols(data as never, formula, { ...shared, ...options });
  const again = revcov(feols(data as never, formula, { ...shared, ...first, keepScores: true }), options);
  // Without kept scores the columns are projected again: the same numbers, bit for bit.
  const projected = revcov(feols(data as never, formula, { ...shared, ...first }), options);
  expect(Array.from(projected.vcov.matrix.flat())).toEqual(Array.from(again.vcov.matrix.flat()));
  expect(again.coefficients.map((c) => c.estimate)).toEqual(direct.coefficients.map((c) => c.estimate));
  expectAllClose(again.vcov.matrix.flat(), direct.vcov.matrix.flat(), 'vcov', RTOL, 0);
  expectAllClose(again.coefficients.map((c) => c.pValue), direct.coefficients.map((c) => c.pValue), 'p', RTOL, 1e-300);
  expect(again.vcov.type).toBe(direct.vcov.type);
  expect(again.vcov.dfT).toBe(direct.vcov.dfT);
  expect(again.vcov.k).toBe(direct.vcov.k);
  expect(again.vcov.clusters).toEqual(direct.vcov.clusters);
}

describe('revcov equals a fit with that variance', () => {
  const f = 'inv ~ value + capital | firm';
  const cases: [string, FeolsOptions][] = [
    ['hetero', { vcov: 'hetero' }], ['HC2', { vcov: 'HC2' }], ['HC3', { vcov: 'HC3' }],
    ['cluster', { cluster: 'firm' }], ['two-way', { cluster: ['firm', 'year'] }],
    ['NW', { vcov: 'NW', panel: { id: 'firm', time: 'year' } }], ['DK', { vcov: 'DK', panel: { id: 'firm', time: 'year' }, lag: 2 }],
    ['plm convention', { convention: 'plm', cluster: 'firm' }], ['xtreg robust', { convention: 'stata_xtreg', vcov: 'hetero' }],
  ];
  for (const [name, options] of cases) it(`${name} (from iid)`, () => same(grunfeld, f, {}, options));

  it('CR3 with a fixed effect not nested in the clusters', () => {
    same(grunfeld, 'inv ~ value + capital | year', {}, { vcov: 'CR3', cluster: 'firm' });
  });

  it('from a clustered fit back to iid, and with weights', () => {
    same(grunfeld, f, { cluster: 'firm' }, { vcov: 'iid' });
    same(produc, 'log(gsp) ~ log(pcap) + unemp | state + year', {}, { cluster: ['state', 'year'] }, { weights: 'emp' });
    same(produc, 'log(gsp) ~ log(pcap) + unemp | year', {}, { vcov: 'HC3' }, { weights: 'emp' });
  });

  it('Conley, and NW on an unbalanced panel', () => {
    same(produc, 'log(gsp) ~ log(pcap) + unemp | year', {}, { vcov: 'conley', conley: { lat: 'lat', lon: 'lon', cutoff: 500 } });
    same(empl, 'log(emp) ~ log(wage) + log(capital) | firm + year', {}, { vcov: 'NW', panel: { id: 'firm', time: 'year' } });
  });

  it('not a result of feols, and a cluster variable missing on the sample: clear errors', () => {
    expect(() => revcov({ ...feols(grunfeld, f) }, { cluster: 'firm' })).toThrow(OptionError);
    const holes = { ...grunfeld, g: grunfeld.firm.map((v, i) => (i === 3 ? Number.NaN : v)) };
    expect(() => revcov(feols(holes, f), { cluster: 'g' })).toThrow(DataError);
    expect(() => revcov(feols(holes, f), { cluster: 'g' })).toThrow(/'g' is missing on row 4 of the estimation sample/);
  });

  it('the kept scores stay out of JSON and spreads', () => {
    const fit = feols(grunfeld, f);
    expect(Object.keys(fit)).not.toContain('scores');
    expect(JSON.stringify(fit).length).toBeGreaterThan(0);
    expect(Object.getOwnPropertySymbols({ ...fit })).toHaveLength(0);
  });
});
