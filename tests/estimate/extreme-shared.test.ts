/**
 * Extreme magnitudes where models share one projection: multiple estimation fits such models one by one (where
 * feols rescales), so they equal feols; the computations that cannot rescale (the wild bootstrap, grids, IV)
 * refuse the column with a clear line instead of giving wrong numbers.
 */
import { describe, expect, it } from 'vitest';
import { feols } from '../../src/estimate/feols.js';
import { feolsMultiple } from '../../src/estimate/multiple.js';
import { EstimationError } from '../../src/errors.js';
import { wildBootstrap } from '../../src/infer/wild.js';
import { expectAllClose, readCsv } from '../helpers.js';

const produc = readCsv(new URL('../golden/data/produc.csv', import.meta.url).pathname);
const data = { ...produc, big: produc.pcap.map((v) => Number(v) * 1e300), tiny: produc.unemp.map((v) => Number(v) * 1e-300) };

describe('extreme magnitudes in shared projections', () => {
  it('feolsMultiple equals feols model by model', () => {
    const formulas = ['log(gsp) ~ big + tiny | state + year', 'log(gsp) ~ big | state + year'];
    const { models } = feolsMultiple(data, formulas, { cluster: 'state' });
    formulas.forEach((f, m) => {
      const alone = feols(data, f, { cluster: 'state' });
      expectAllClose(models[m].coefficients.map((c) => c.estimate), alone.coefficients.map((c) => c.estimate), 'estimate', 1e-12, 0);
      expectAllClose(models[m].coefficients.map((c) => c.stdError), alone.coefficients.map((c) => c.stdError), 'se', 1e-12, 0);
      expect(models[m].coefficients.every((c) => Number.isFinite(c.stdError) && c.stdError > 0)).toBe(true);
    });
  });

  it('the wild bootstrap refuses a column it cannot rescale', () => {
    const run = () => wildBootstrap(data, 'log(gsp) ~ big | year', { param: 'big', cluster: 'state', reps: 99, seed: 1 });
    expect(run).toThrow(EstimationError);
    expect(run).toThrow(/column 'big' has values beyond 2\^64 .* fit the model alone with feols/);
  });
});
