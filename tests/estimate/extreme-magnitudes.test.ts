// Columns from 1e-300 to 1e300 and subnormals: the fit must equal the fit on ordinary magnitudes with the
// scale factors carried through (coefficients, standard errors, the vcov matrix, R², collinearity).
import { describe, expect, it } from 'vitest';
import { feols } from '../../src/estimate/feols.js';
import { expectClose, readCsv } from '../helpers.js';

const RTOL = 1e-8; // the scaled data differ from the reference by one rounding per value

const produc = readCsv(new URL('../golden/data/produc.csv', import.meta.url).pathname);
const num = (name: string) => Float64Array.from(produc[name] as number[]);
const base = { gsp: num('gsp'), pcap: num('pcap'), unemp: num('unemp'), emp: num('emp'), state: produc.state };

/** Every number that should scale: coefficient, SE (x factor), t, p (unchanged), R² (unchanged). */
function expectScaled(fit: ReturnType<typeof feols>, ref: ReturnType<typeof feols>, factors: number[], what: string): void {
  expect(fit.collinear, `${what}: collinear`).toEqual(ref.collinear);
  expect(fit.coefficients.length).toBe(ref.coefficients.length);
  fit.coefficients.forEach((c, j) => {
    const r = ref.coefficients[j];
    expectClose(c.estimate, r.estimate * factors[j], `${what}: ${c.term} estimate`, RTOL, 0);
    expectClose(c.stdError, r.stdError * factors[j], `${what}: ${c.term} SE`, RTOL, 0);
    expectClose(c.statistic, r.statistic, `${what}: ${c.term} t`, RTOL, 0);
    expectClose(c.pValue, r.pValue, `${what}: ${c.term} p`, RTOL, 1e-300);
  });
  expectClose(fit.r2, ref.r2, `${what}: R2`, RTOL, 0);
  if (ref.withinR2 !== null) expectClose(fit.withinR2 as number, ref.withinR2, `${what}: within R2`, RTOL, 0);
}

describe('extreme magnitudes', () => {
  const exponents = [-300, -250, -200, -154, -100, -20, 20, 100, 154, 200, 250, 300];
  for (const fe of [false, true]) {
    const rhs = fe ? ' | state' : '';
    const opts = fe ? { cluster: 'state' } : {};
    const ref = feols(base, `gsp ~ pcap + unemp${rhs}`, opts);
    const terms = ref.coefficients.map((c) => c.term);
    for (const e of exponents) {
      const f = 10 ** e;
      it(`outcome x 1e${e}${fe ? ' with a fixed effect' : ''}`, () => {
        const fit = feols({ ...base, gsp: base.gsp.map((v) => v * f) }, `gsp ~ pcap + unemp${rhs}`, opts);
        expectScaled(fit, ref, terms.map(() => f), `y*1e${e}`);
      });
      it(`regressor x 1e${e}${fe ? ' with a fixed effect' : ''}`, () => {
        const fit = feols({ ...base, pcap: base.pcap.map((v) => v * f) }, `gsp ~ pcap + unemp${rhs}`, opts);
        expectScaled(fit, ref, terms.map((t) => (t === 'pcap' ? 1 / f : 1)), `pcap*1e${e}`);
      });
      it(`outcome and regressor x 1e${e}${fe ? ' with a fixed effect' : ''}`, () => {
        const fit = feols({ ...base, gsp: base.gsp.map((v) => v * f), pcap: base.pcap.map((v) => v * f) }, `gsp ~ pcap + unemp${rhs}`, opts);
        expectScaled(fit, ref, terms.map((t) => (t === 'pcap' ? 1 : f)), `both*1e${e}`);
      });
    }
  }

  it('a formula transform to 1e300 (I(gsp*1e300)) matches the scaled reference', () => {
    const ref = feols(base, 'gsp ~ pcap + unemp');
    const fit = feols(base, 'I(gsp*1e300) ~ pcap + unemp');
    expectScaled(fit, ref, [1e300, 1e300, 1e300], 'I(gsp*1e300)');
    const tiny = feols(base, 'gsp ~ I(pcap*1e-300) + unemp');
    expectScaled(tiny, ref, [1, 1e300, 1], 'I(pcap*1e-300)');
  });

  it('subnormal regressors and outcomes (exact powers of two, so the reference is exact)', () => {
    // x: small integers times 2^-1074 are exact subnormals (down to 5e-324); y times 2^-1000 stays normal.
    const x = Float64Array.from(base.unemp, (v) => Math.round(v * 10));
    const ref = feols({ y: base.gsp, x, z: base.emp, state: base.state }, 'y ~ x + z | state', { cluster: 'state' });
    const sub = x.map((v) => v * 2 ** -1074);
    expect(sub.some((v) => v > 0 && v < 2.2250738585072014e-308)).toBe(true);
    const fit = feols({ y: base.gsp.map((v) => v * 2 ** -1000), x: sub, z: base.emp, state: base.state }, 'y ~ x + z | state', { cluster: 'state' });
    expectScaled(fit, ref, [2 ** 74, 2 ** -1000], 'subnormal x');
    // Both outcome and regressor of the same tiny scale.
    const both = feols({ y: Float64Array.from(base.gsp, (v) => Math.round(v / 100) * 2 ** -1074), x: sub, state: base.state }, 'y ~ x | state');
    const bothRef = feols({ y: Float64Array.from(base.gsp, (v) => Math.round(v / 100)), x, state: base.state }, 'y ~ x | state');
    expectScaled(both, bothRef, [1], 'subnormal x and y');
  });

  it('collinearity is judged on each column’s own scale', () => {
    // pcap2 = 2 pcap at 1e-300: collinear with pcap whatever the scale; unemp at 1e-300 is not collinear.
    const f = 1e-300;
    const fit = feols({ ...base, pcap: base.pcap.map((v) => v * f), pcap2: base.pcap.map((v) => 2 * v * f), unemp: base.unemp.map((v) => v * f) }, 'gsp ~ pcap + pcap2 + unemp');
    expect(fit.collinear).toEqual(['pcap2']);
    expect(fit.coefficients.map((c) => c.term)).toEqual(['(Intercept)', 'pcap', 'unemp']);
    expect(fit.coefficients.every((c) => Number.isFinite(c.stdError) && c.stdError > 0)).toBe(true);
  });
});
