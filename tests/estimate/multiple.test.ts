/** Multiple estimation: sw/csw/csw0 and formula lists equal separate fits, with one demeaning per shared sample. */
import { describe, it, expect } from 'vitest';
import { feols, feolsMultiple } from '../../src/index.js';
import { expectAllClose, readCsv } from '../helpers.js';

const produc = readCsv(new URL('../golden/data/produc.csv', import.meta.url).pathname);
const RTOL_SHARED = 1e-9; // shared vs separate demeaning: both converged to the demeaning tolerance

describe('feolsMultiple', () => {
  it('csw() gives the cumulative models, each equal to its own fit, sharing one demeaning', () => {
    const res = feolsMultiple(produc, 'log(gsp) ~ csw(log(pcap), log(pc), unemp) | state + year', { cluster: 'state' });
    expect(res.models.map((m) => m.coefficients.map((c) => c.term))).toEqual([
      ['log(pcap)'], ['log(pcap)', 'log(pc)'], ['log(pcap)', 'log(pc)', 'unemp'],
    ]);
    expect(res.projections).toBe(1);
    const alone = feols(produc, 'log(gsp) ~ log(pcap) + log(pc) + unemp | state + year', { cluster: 'state' });
    const third = res.models[2];
    expectAllClose(third.coefficients.map((c) => c.estimate), alone.coefficients.map((c) => c.estimate), 'estimate', RTOL_SHARED);
    expectAllClose(third.coefficients.map((c) => c.stdError), alone.coefficients.map((c) => c.stdError), 'se', RTOL_SHARED);
    expect(third.r2).toBeCloseTo(alone.r2, 12);
  });

  it('csw0() starts from the model without the stepwise terms; sw() swaps them', () => {
    const c0 = feolsMultiple(produc, 'log(gsp) ~ unemp + csw0(log(pcap), log(pc)) | state');
    expect(c0.models.map((m) => m.coefficients.map((c) => c.term))).toEqual([
      ['unemp'], ['unemp', 'log(pcap)'], ['unemp', 'log(pcap)', 'log(pc)'],
    ]);
    const sw = feolsMultiple(produc, 'log(gsp) ~ sw(log(pcap), log(pc))');
    expect(sw.models.map((m) => m.coefficients.map((c) => c.term))).toEqual([['(Intercept)', 'log(pcap)'], ['(Intercept)', 'log(pc)']]);
    expect(sw.projections).toBe(0);
  });

  it('models on different samples or fixed effects are not shared', () => {
    const pc = produc.pc.map((v, i) => (i % 10 === 0 ? NaN : v));
    const res = feolsMultiple({ ...produc, pc }, ['log(gsp) ~ log(pcap) | state', 'log(gsp) ~ log(pc) | state', 'log(gsp) ~ unemp | state + year']);
    expect(res.models.map((m) => m.nobs)).toEqual([816, 816 - 82, 816]);
    expect(res.projections).toBe(3);
  });
});
