/**
 * explain-se: the chain of factors between two conventions' standard errors multiplies to their ratio, both
 * ends are the conventions' own numbers (checked against R in conventions.test.ts), and the CLI prints it.
 */
import { describe, expect, it } from 'vitest';
import { explainSe, feols, type ConventionName, type FeolsOptions } from '../../src/index.js';
import { runExplainSe } from '../../src/cli/explain-se.js';
import { OptionError } from '../../src/errors.js';
import { expectClose, readCsv } from '../helpers.js';

const path = new URL('../golden/fixest/grunfeld.csv', import.meta.url).pathname;
const data = readCsv(path);
const NAMES: ConventionName[] = ['fixest', 'reghdfe', 'stata_areg', 'plm', 'lm'];

describe('explainSe', () => {
  const variances: [string, string, FeolsOptions][] = [
    ['one-way', 'inv ~ value + capital | firm', { cluster: 'firm' }],
    ['two-way', 'inv ~ value + capital | firm + year', { cluster: ['firm', 'year'] }],
    ['hetero', 'inv ~ value + capital | firm + year', { vcov: 'hetero' }],
    ['iid', 'inv ~ value + capital', {}],
  ];
  for (const [label, formula, options] of variances) {
    it(`${label}: every pair of conventions, each end equal to a fit under that convention`, () => {
      const fit = feols(data, formula, options);
      for (const from of NAMES) {
        for (const to of NAMES) {
          const e = explainSe(fit, from, to, 'capital', options);
          const capital = (o: FeolsOptions) => feols(data, formula, o).coefficients.find((c) => c.term === 'capital')!;
          const a = capital({ ...options, convention: from });
          const b = capital({ ...options, convention: to });
          expectClose(e.from.se, a.stdError, `${from} se`, 1e-12, 0);
          expectClose(e.to.se, b.stdError, `${to} se`, 1e-12, 0);
          expectClose(e.product, b.stdError / a.stdError, `${from} -> ${to}`, 1e-12, 0);
          expect(e.to.pValue).toBe(b.pValue);
          if (from === to) expect(e.steps).toHaveLength(0);
        }
      }
    });
  }

  it('fixest to plm, clustered by firm: K, (n-1)/(n-K), G/(G-1), then the t df', () => {
    const e = explainSe(feols(data, 'inv ~ value + capital | firm', { cluster: 'firm' }), 'fixest', 'plm', 'value', { cluster: 'firm' });
    expect(e.steps.map((s) => s.name)).toEqual(['k_fixef', 'k_adj', 'g_adj', 't_df']);
    expect(e.steps[0]).toMatchObject({ from: 'nested: K = 3', to: 'full: K = 12' });
    expectClose(e.steps[0].factor, Math.sqrt((200 - 3) / (200 - 12)), 'K factor', 1e-12, 0);
    expectClose(e.steps[2].factor, Math.sqrt(9 / 10), 'G factor', 1e-12, 0);
    expect(e.steps[3]).toMatchObject({ from: 'min: df = 9', to: 'conventional: df = 188', factor: 1 });
  });

  it('xtreg robust to lm: the variance type is a step of its own', () => {
    const fit = feols(data, 'inv ~ value + capital | firm', { vcov: 'hetero' });
    const e = explainSe(fit, 'stata_xtreg', 'lm', 'value', { vcov: 'hetero' });
    expect(e.steps[0].name).toBe('vcov');
    expect(e.from.vcov).toBe('cluster (firm: G = 10)');
    expect(e.to.vcov).toBe('hetero');
  });

  it('an unknown term or convention is a clear error', () => {
    const fit = feols(data, 'inv ~ value + capital | firm');
    expect(() => explainSe(fit, 'fixest', 'plm', 'valu')).toThrow(OptionError);
    expect(() => explainSe(fit, 'fixest', 'plm', 'valu')).toThrow("no coefficient 'valu' in the model; coefficients: value, capital");
    expect(() => explainSe(fit, 'fixest', 'stata' as never, 'value')).toThrow(/unknown convention 'stata'; known: fixest, reghdfe/);
  });
});

describe('hdfe explain-se', () => {
  it('prints both standard errors and the chain; --json carries the same numbers', async () => {
    const text = await runExplainSe([path, 'inv ~ value + capital | firm', '--cluster', 'firm', '--to', 'plm']);
    expect(text).toMatch(/^Standard error of 'value' in inv ~ value \+ capital \| firm \(n = 200\)/);
    expect(text).toMatch(/k_fixef\s+nested: K = 3\s+full: K = 12\s+x 1\.02366/);
    expect(text).toMatch(/product of the factors: x 0\.943904 = 0\.0143421 \/ 0\.0151945/);
    const j = JSON.parse(await runExplainSe([path, 'inv ~ value + capital | firm', '--cluster', 'firm', '--to', 'plm', '--term', 'capital', '--json']));
    expect(j.term).toBe('capital');
    expect(j.steps.map((s: { name: string }) => s.name)).toEqual(['k_fixef', 'k_adj', 'g_adj', 't_df']);
    expectClose(j.product, j.to.se / j.from.se, 'product', 1e-12, 0);
  });

  it('needs --to, and takes --from/--to rather than --convention', async () => {
    await expect(runExplainSe([path, 'inv ~ value'])).rejects.toThrow(/needs --to CONVENTION/);
    await expect(runExplainSe([path, 'inv ~ value', '--to', 'plm', '--convention', 'lm'])).rejects.toThrow(/--from and --to instead/);
  });
});

describe('bad input around the variances', () => {
  it('a lag longer than the panel, and a Wald test of a collinear term, are clear errors', async () => {
    const { wald } = await import('../../src/index.js');
    expect(() => feols(data, 'inv ~ value | firm', { vcov: 'DK', panel: { id: 'firm', time: 'year' }, lag: 20 }))
      .toThrow("the DK lag must be smaller than the panel's 20 periods; got lag 20 (use at most 19)");
    const twice = { ...data, value2: data.value.map((v) => 2 * Number(v)) };
    const fit = feols(twice, 'inv ~ value + value2 + capital | firm');
    expect(fit.collinear).toEqual(['value2']);
    expect(() => wald(fit, ['value2', 'capital'])).toThrow("wald: 'value2' was dropped as collinear, so it has no estimate to test; leave it out of the restriction");
  });
});
