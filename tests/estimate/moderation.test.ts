/**
 * Simple slopes equal the x coefficient of the model re-parametrized around z0 (y ~ x + z + x:I(z - z0)),
 * an algebraic identity; the Johnson-Neyman bounds are where the simple slope's |t| is the critical value.
 */
import { describe, it, expect } from 'vitest';
import { feols, simpleSlopes, johnsonNeyman, meanPlusMinusSd } from '../../src/index.js';
import { rng } from '../reference/rng.js';
import { expectClose } from '../helpers.js';

const RTOL = 1e-9;
const r = rng(5);
const n = 300;
const x = Float64Array.from({ length: n }, () => r.normal());
const z = Float64Array.from({ length: n }, () => 2 + r.normal());
const g = Array.from({ length: n }, (_, i) => i % 12);
const y = Float64Array.from({ length: n }, (_, i) => 0.5 * x[i] + 0.2 * z[i] - 0.3 * x[i] * z[i] + r.normal());
const data = { x, z, g, y };

describe('moderation', () => {
  const fit = feols(data, 'y ~ x * z | g', { cluster: 'g' });
  const terms = { x: 'x', xz: 'x:z' };

  it('simple slopes equal the re-parametrized model', () => {
    const at = meanPlusMinusSd(Array.from(fit.rows, (i) => z[i]));
    const slopes = simpleSlopes(fit, terms, at);
    for (const s of slopes) {
      const re = feols(data, `y ~ x + z + x:I(z - ${s.at}) | g`, { cluster: 'g' });
      const bx = re.coefficients.find((c) => c.term === 'x');
      expectClose(s.estimate, bx?.estimate as number, `estimate at ${s.at}`, RTOL);
      expectClose(s.stdError, bx?.stdError as number, `se at ${s.at}`, RTOL);
      expectClose(s.pValue, bx?.pValue as number, `p at ${s.at}`, RTOL);
    }
  });

  it('Johnson-Neyman bounds are where |t| equals the critical value', () => {
    const jn = johnsonNeyman(fit, terms);
    expect(jn.bounds.length).toBe(2);
    for (const b of jn.bounds) {
      const [s] = simpleSlopes(fit, terms, [b]);
      expectClose(Math.abs(s.statistic), jn.criticalT, `|t| at ${b}`, 1e-9);
    }
    const mid = (jn.bounds[0] + jn.bounds[1]) / 2;
    const [inside] = simpleSlopes(fit, terms, [mid]);
    expect(Math.abs(inside.statistic) > jn.criticalT).toBe(jn.significant === 'inside');
  });

  it('centring leaves the interaction, its SE and R2 unchanged and turns b_x into the effect at the mean', () => {
    const centred = feols(data, 'y ~ center(x) * center(z) | g', { cluster: 'g' });
    const raw = fit.coefficients;
    const cen = centred.coefficients;
    expectClose(cen[2].estimate, raw[2].estimate, 'b_xz', 1e-10);
    expectClose(cen[2].stdError, raw[2].stdError, 'se_xz', 1e-10);
    expectClose(centred.r2, fit.r2, 'r2', 1e-12);
    const meanZ = z.reduce((a, v) => a + v, 0) / n;
    const [atMean] = simpleSlopes(fit, terms, [meanZ]);
    expectClose(cen[0].estimate, atMean.estimate, 'b_x centred', 1e-10);
    expectClose(cen[0].stdError, atMean.stdError, 'se_x centred', 1e-9);
  });
});
