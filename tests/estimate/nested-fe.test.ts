// Nested, partly nested and combined (a^c) fixed effects against fixest 0.12 on random designs
// (tests/golden/nested/make_nested.R): the demeaning converges in a few sweeps and every estimate, SE and
// K is fixest's.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { feols } from '../../src/estimate/feols.js';
import { expectAllClose } from '../helpers.js';

interface Case { rep: number; formula: string; vcov: 'iid' | 'hetero' | 'cluster'; terms: string[]; estimate: number[]; se: number[]; nobs: number; k: number; iterations: number }
const golden = JSON.parse(readFileSync(new URL('../golden/nested/nested.json', import.meta.url), 'utf8')) as
  { datasets: Record<string, (string | number)[]>[]; cases: Case[] };


/** Sweeps allowed: fixest needs 1-26 on these designs; the unidentified nested sweeps used to run to the cap. */
const MAX_SWEEPS = 200;

describe('nested fixed effects (fixest 0.12 on random designs)', () => {
  it('holds every formula kind', () => {
    expect(new Set(golden.cases.map((c) => c.formula)).size).toBeGreaterThanOrEqual(8);
  });
  for (const c of golden.cases) {
    it(`design ${c.rep}: ${c.formula}, ${c.vcov}`, () => {
      const data = golden.datasets[c.rep - 1];
      const options = { vcov: c.vcov, ...(c.vcov === 'cluster' ? { cluster: 'a' } : {}), singletons: 'keep' as const, demeanTol: 1e-13 };
      if (c.nobs <= c.k) {
        // fixest prints SEs of 1e-05 when K exceeds N; there is no residual degree of freedom to estimate with.
        expect(() => feols(data, c.formula, options)).toThrow(/no residual degrees of freedom/);
        return;
      }
      const fit = feols(data, c.formula, options);
      expect(fit.convergence.iterations).toBeLessThanOrEqual(MAX_SWEEPS);
      expect(fit.nobs).toBe(c.nobs);
      expect(fit.coefficients.map((t) => t.term)).toEqual(c.terms.map((t) => t.replace(/\s/g, '')));
      expectAllClose(fit.coefficients.map((t) => t.estimate), c.estimate, 'estimate');
      // Where the cluster variable is itself a fixed effect, fixest does not test the others for nesting
      // (src/estimate/ssc.ts): K keeps them.
      expect(fit.vcov.k, 'K').toBe(c.k);
      expectAllClose(fit.coefficients.map((t) => t.stdError), c.se, 'SE');
    });
  }
});
