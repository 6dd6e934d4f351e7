/**
 * The Conley spatial variance against R fixest 0.12.2: quakes (1,000 earthquakes near Fiji, longitudes across
 * 180) without fixed effects, and Produc with each state at its centroid and state + year fixed effects, at two
 * cutoffs with both distances (tests/golden/fixest/vcov_conley_*.json, made by tests/golden/fixest/scripts/vcov.R).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { feols } from '../../src/index.js';
import { OptionError } from '../../src/errors.js';
import { expectAllClose, readCsv } from '../helpers.js';

/** Against R references (DESIGN.md, house style 7). */
const RTOL_R = 1e-8;
const ATOL_R = 1e-10;

const cases = [
  { file: 'vcov_conley_quakes.json', data: readCsv(new URL('../golden/data/quakes.csv', import.meta.url).pathname) },
  { file: 'vcov_conley_produc.json', data: readCsv(new URL('../golden/data/produc_centroids.csv', import.meta.url).pathname) },
];

for (const { file, data } of cases) {
  const ref = JSON.parse(readFileSync(new URL(`../golden/fixest/${file}`, import.meta.url), 'utf8'));
  const formula = ref.model.fixed_effects.length ? `${ref.model.formula.split('|')[0].trim()} | ${ref.model.fixed_effects.join(' + ')}` : ref.model.formula;
  describe(`${file}: ${formula}`, () => {
    for (const [label, block] of Object.entries(ref.fixest.se_variants) as [string, Record<string, never>][]) {
      const [, km, distance] = /conley_(\d+)km_(\w+)/.exec(label) as RegExpExecArray;
      it(label, () => {
        const fit = feols(data, formula, {
          vcov: 'conley', singletons: 'keep',
          conley: { lat: ref.model.lat, lon: ref.model.lon, cutoff: Number(km), distance: distance as 'spherical' | 'triangular' },
        });
        expectAllClose(fit.vcov.matrix.flat(), (block.vcov as number[][]).flat(), 'vcov', RTOL_R, ATOL_R);
        expectAllClose(fit.coefficients.map((c) => c.stdError), block.se, 'se', RTOL_R, ATOL_R);
        expectAllClose(fit.coefficients.map((c) => c.pValue), block.p, 'p', RTOL_R, ATOL_R);
        expect(fit.vcov.k).toBe(block.dof_K);
        expect(fit.vcov.dfT).toBe(block.df_t);
      });
    }
  });
}

describe('conley: what it needs', () => {
  it('coordinates and a positive cutoff', () => {
    const data = cases[0].data;
    expect(() => feols(data, 'mag ~ depth', { vcov: 'conley' })).toThrow(OptionError);
    expect(() => feols(data, 'mag ~ depth', { vcov: 'conley', conley: { lat: 'lat', lon: 'long', cutoff: 0 } })).toThrow(/positive distance in km/);
    expect(() => feols(data, 'mag ~ depth', { vcov: 'conley', conley: { lat: 'lat', lon: 'long', cutoff: 50, distance: 'manhattan' as never } })).toThrow(/'spherical', 'triangular'/);
  });
});
