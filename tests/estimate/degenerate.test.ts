// Fits with no answer are refused with one clear error; an essentially perfect fit is reported with R's
// warning and no significance stars.
import { describe, expect, it } from 'vitest';
import { feols } from '../../src/estimate/feols.js';
import { feolsMultiple } from '../../src/estimate/multiple.js';
import { resultToJson } from '../../src/estimate/result.js';
import { EstimationError, OptionError } from '../../src/errors.js';
import { formatSummary } from '../../src/cli/summary.js';
import { planGrid } from '../../src/grid/plan.js';
import { columnSource } from '../../src/data/columns.js';

const n = 40;
const g = Array.from({ length: n }, (_, i) => `g${i % 5}`);
const x = Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) + i / 10);
const z = Array.from({ length: n }, (_, i) => Math.cos(i * 0.3));
const noisy = x.map((v, i) => 2 * v + Math.sin(i * 12.9898) * 0.5);
const exact = x.map((v) => 1 + 2 * v);
const data = { g, x, z, y: noisy, exact, perfectFe: x.map((v, i) => 3 * v + (i % 5)), flat: g.map(() => 7), byGroup: g.map((s) => Number(s.slice(1)) * 1.5) };

describe('degenerate fits', () => {
  it('an ordinary fit has no warnings', () => {
    const fit = feols(data, 'y ~ x + z | g');
    expect(fit.warnings).toEqual([]);
    expect(resultToJson(fit).warnings).toEqual([]);
  });

  it('a perfect fit warns as R does, in the result and the JSON, and prints no stars', () => {
    for (const formula of ['exact ~ x', 'exact ~ x + z', 'perfectFe ~ x | g']) {
      const fit = feols(data, formula);
      expect(fit.warnings, formula).toHaveLength(1);
      expect(fit.warnings[0]).toMatch(/^essentially perfect fit/);
      expect(resultToJson(fit).warnings).toEqual(fit.warnings);
      const text = formatSummary(fit);
      expect(text).not.toMatch(/\*/);
      expect(text).toMatch(/Warning: essentially perfect fit/);
    }
  });

  it('the outcome on the right-hand side is refused', () => {
    expect(() => feols(data, 'y ~ y + x')).toThrow(EstimationError);
    expect(() => feols(data, 'y ~ x + y | g')).toThrow(/the outcome 'y' is also a regressor/);
    expect(() => feolsMultiple(data, 'y ~ csw(x, y)')).toThrow(/also a regressor/);
  });

  it('an outcome constant (within the fixed effects) is refused', () => {
    expect(() => feols(data, 'flat ~ x')).toThrow(/the outcome '?flat'? is constant/);
    expect(() => feols(data, 'byGroup ~ x | g')).toThrow(/the outcome 'byGroup' is constant within the fixed effects \(g\)/);
    expect(() => feols(data, 'flat ~ x | g')).toThrow(EstimationError);
    // Constant within groups but not overall, without the fixed effect: an ordinary regression.
    expect(feols(data, 'byGroup ~ x').coefficients).toHaveLength(2);
  });

  it('a grid whose control or main variant is the outcome is refused', () => {
    const source = columnSource(data);
    expect(() => planGrid(source, { depvar: 'y', main: ['x'], controls: ['z', 'y'] })).toThrow(OptionError);
    expect(() => planGrid(source, { depvar: 'y', main: ['x'], controls: [' y '] })).toThrow(/control 'y' is the outcome itself/);
    expect(() => planGrid(source, { depvar: 'y', main: ['y'], controls: ['z'] })).toThrow(/main variant 'y' is the outcome itself/);
    expect(planGrid(source, { depvar: 'y', main: ['x'], controls: ['z'] }).specs).toBeGreaterThan(0);
  });
});
