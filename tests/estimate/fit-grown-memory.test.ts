/**
 * A fit whose residuals and scores are allocated after the demeaning can grow the WebAssembly memory, which
 * detaches every view taken before: the coefficients must be read through a fresh view. An IV fit with kept
 * scores at n = 1e5 and a clustered variance is such a fit (it threw "detached ArrayBuffer").
 */
import { expect, it } from 'vitest';
import { feols } from '../../src/index.js';

it('feols IV at n = 1e5 with 2,000 firm FEs and clustered SEs: the coefficients survive a memory growth', () => {
  const n = 100_000;
  let s = 7;
  const u = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const cols = { y: new Float64Array(n), x: new Float64Array(n), w: new Float64Array(n), z1: new Float64Array(n), firm: new Int32Array(n), cl: new Int32Array(n) };
  for (let i = 0; i < n; i++) {
    cols.firm[i] = Math.floor(u() * 2000); cols.cl[i] = cols.firm[i] % 50;
    cols.w[i] = u(); cols.z1[i] = u(); cols.x[i] = cols.z1[i] + u(); cols.y[i] = 2 * cols.x[i] + cols.w[i] + u();
  }
  const fit = feols(cols, 'y ~ w | firm | x ~ z1', { cluster: 'cl' });
  const [bx, bw] = fit.coefficients.map((c) => c.estimate);
  // The data hold y = 2 x + w + noise with x exogenous here: 2SLS is consistent, within a few SEs of 2 and 1.
  expect(Math.abs(bx - 2)).toBeLessThan(5 * fit.coefficients[0].stdError);
  expect(Math.abs(bw - 1)).toBeLessThan(5 * fit.coefficients[1].stdError);
});
