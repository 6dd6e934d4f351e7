/**
 * Convention profiles against the software they copy, on Grunfeld with no, one and two fixed effects: the
 * `alternatives` blocks of tests/golden/fixest/grunfeld_*.json (lm with dummies, sandwich, plm, estimatr; made by
 * the script beside them) and tests/golden/conventions/ (its own script).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { feols, type FeolsOptions } from '../../src/index.js';
import { OptionError } from '../../src/errors.js';
import { expectAllClose, readCsv } from '../helpers.js';

const RTOL = 1e-8;
const ATOL = 1e-10;
const data = readCsv(new URL('../golden/fixest/grunfeld.csv', import.meta.url).pathname);
const load = (file: string) => JSON.parse(readFileSync(new URL(`../golden/fixest/${file}`, import.meta.url), 'utf8'));

interface Alternative { coef_names: string[]; se: number[]; p: number[]; vcov: number[][]; df_t?: number; df?: number[] }

const MODELS = [
  ['grunfeld_nofe.json', 'inv ~ value + capital'],
  ['grunfeld_firmfe.json', 'inv ~ value + capital | firm'],
  ['grunfeld_twfe.json', 'inv ~ value + capital | firm + year'],
] as const;

/** Each alternative: the convention and options that reproduce it. */
const CASES: [string, FeolsOptions][] = [
  ['lm_iid', { convention: 'lm' }],
  ['sandwich_HC1_lm', { convention: 'lm', vcov: 'hetero' }],
  ['sandwich_vcovCL_firm_lm', { convention: 'lm', cluster: 'firm' }],
  ['sandwich_vcovCL_firm_year_lm', { convention: 'lm', cluster: ['firm', 'year'] }],
  ['plm_default', { convention: 'plm' }],
  ['plm_vcovHC_default', { convention: 'plm', cluster: 'firm' }],
  ['plm_vcovDC_default', { convention: 'plm', cluster: ['firm', 'year'] }],
  ['estimatr_stata_cluster_firm', { convention: 'stata_areg', cluster: 'firm' }],
];

describe('convention profiles reproduce lm/sandwich, plm and estimatr (Stata) on Grunfeld', () => {
  for (const [file, formula] of MODELS) {
    const alternatives = load(file).alternatives as Record<string, Alternative>;
    for (const [name, options] of CASES) {
      it(`${formula}: ${name}`, () => {
        const ref = alternatives[name];
        const fit = feols(data, formula, { singletons: 'keep', ...options });
        const at = fit.coefficients.map((c) => ref.coef_names.indexOf(c.term === '(Intercept)' ? '(Intercept)' : c.term));
        expect(at.every((i) => i >= 0)).toBe(true);
        expectAllClose(fit.coefficients.map((c) => c.stdError), at.map((i) => ref.se[i]), 'se', RTOL, ATOL);
        expectAllClose(fit.coefficients.map((c) => c.pValue), at.map((i) => ref.p[i]), 'p', RTOL, ATOL);
        expect(fit.vcov.dfT).toBe(ref.df_t ?? ref.df?.[0]);
        expect(fit.vcov.convention).toBe(options.convention);
      });
    }
  }
});

describe('Stata xtreg and reghdfe', () => {
  it("xtreg's robust variance is clustered by the panel unit", () => {
    const robust = feols(data, 'inv ~ value + capital | firm', { convention: 'stata_xtreg', vcov: 'hetero' });
    const clustered = feols(data, 'inv ~ value + capital | firm', { cluster: 'firm' });
    expect(robust.vcov.type).toBe('cluster');
    expect(robust.vcov.clusters).toEqual({ firm: 10 });
    expectAllClose(robust.coefficients.map((c) => c.stdError), clustered.coefficients.map((c) => c.stdError), 'se', 1e-14, 0);
    expect(() => feols(data, 'inv ~ value + capital | firm + year', { convention: 'stata_xtreg', vcov: 'hetero' })).toThrow(/one fixed effect/);
  });

  it('an explicit ssc switch overrides the profile', () => {
    const fit = feols(data, 'inv ~ value + capital | firm', { convention: 'plm', cluster: 'firm', ssc: { gAdj: true } });
    const plm = feols(data, 'inv ~ value + capital | firm', { convention: 'plm', cluster: 'firm' });
    expectAllClose(fit.coefficients.map((c) => c.stdError ** 2), plm.coefficients.map((c) => (c.stdError ** 2 * 10) / 9), 'var', 1e-13, 0);
  });

  it('an unknown convention lists the known ones', () => {
    expect(() => feols(data, 'inv ~ value', { convention: 'stata' as never })).toThrow(OptionError);
    expect(() => feols(data, 'inv ~ value', { convention: 'stata' as never }))
      .toThrow("unknown convention 'stata'; known: fixest, reghdfe, stata_xtreg, stata_areg, plm, lm");
  });
});

describe('convention profiles on two-way and disconnected panels (tests/golden/conventions/conventions.json)', () => {
  const ref = JSON.parse(readFileSync(new URL('../golden/conventions/conventions.json', import.meta.url), 'utf8'));
  const dir = new URL('../golden/conventions/', import.meta.url);
  const sets: Record<string, [Record<string, unknown[]>, string]> = {
    grunfeld_firm: [readCsv(new URL('grunfeld.csv', dir).pathname), 'inv ~ value + capital | firm'],
    grunfeld_twfe: [readCsv(new URL('grunfeld.csv', dir).pathname), 'inv ~ value + capital | firm + year'],
    produc_twfe: [readCsv(new URL('produc.csv', dir).pathname), 'log(gsp) ~ log(pcap) + log(emp) + unemp | state + year'],
    disconnected_twfe: [readCsv(new URL('disconnected.csv', dir).pathname), 'y ~ x1 + x2 | id + t'],
  };
  for (const [model, [set, formula]] of Object.entries(sets)) {
    const [unit, time] = ref[model].fixed_effects as string[];
    const cases: [string, FeolsOptions][] = [
      ['lm_iid', { convention: 'lm' }], ['lm_hc1', { convention: 'lm', vcov: 'hetero' }],
      ['lm_cluster', { convention: 'lm', cluster: unit }],
      ['lm_cluster2', { convention: 'lm', cluster: [unit, time ?? 'year'] }],
      ['plm_iid', { convention: 'plm' }], ['plm_hc0', { convention: 'plm', vcov: 'hetero' }],
      ['plm_cluster', { convention: 'plm', cluster: unit }],
      ['stata_areg_cluster', { convention: 'stata_areg', cluster: unit }], ['stata_hc1', { convention: 'stata_areg', vcov: 'hetero' }],
      ...(time ? [['plm_dc', { convention: 'plm', cluster: [unit, time] }] as [string, FeolsOptions]] : []),
    ];
    for (const [name, options] of cases) {
      it(`${ref[model].label}: ${name}`, () => {
        const block = ref[model][name];
        const fit = feols(set as never, formula, { singletons: 'keep', ...options });
        expect(fit.coefficients.map((c) => c.term)).toEqual(block.coef_names);
        expectAllClose(fit.coefficients.map((c) => c.stdError), block.se, 'se', RTOL, ATOL);
        expectAllClose(fit.vcov.matrix.flat(), block.vcov.flat(), 'vcov', RTOL, ATOL);
        expect(fit.vcov.dfT).toBe(block.df);
        expectAllClose(fit.coefficients.map((c) => c.pValue), block.p, 'p', RTOL, ATOL);
      });
    }
  }
});

describe("Stata's regress on Petersen's test data (published results, printed to 7 decimals)", () => {
  // Petersen (2009) publishes these Stata results for his simulated panel (sandwich's PetersenCL); the test
  // holds them to the printed digits, half a unit in the last place.
  const petersen = readCsv(new URL('../golden/data/petersencl.csv', import.meta.url).pathname);
  const published: [string, FeolsOptions, number[], number[], number][] = [
    ['OLS', {}, [0.0296797, 1.034833], [0.0283593, 0.0285833], 4998],
    ['clustered by firm', { cluster: 'firm' }, [0.0296797, 1.034833], [0.0670127, 0.0505957], 499],
    ['clustered by year', { cluster: 'year' }, [0.0296797, 1.034833], [0.0233867, 0.0333889], 9],
  ];
  for (const [label, options, b, se, df] of published) {
    it(label, () => {
      const fit = feols(petersen, 'y ~ x', { convention: 'stata_areg', ...options });
      fit.coefficients.forEach((c, j) => {
        expect(Math.abs(c.estimate - b[j])).toBeLessThanOrEqual(j === 1 ? 5e-7 : 5e-8);
        expect(Math.abs(c.stdError - se[j])).toBeLessThanOrEqual(5e-8);
      });
      expect(fit.vcov.dfT).toBe(df);
    });
  }
});

describe("Stata's xtreg, fe vce(robust) on Grunfeld (published output, printed to 7 decimals)", () => {
  // `webuse grunfeld` (the same 10 firms x 20 years) then `xtreg invest mvalue kstock, fe vce(robust)`:
  // mvalue .1101238 (.0151945), kstock .3100653 (.0527518), t on 9 df.
  it('matches to the printed digits, clustered by firm with 9 df', () => {
    const fit = feols(data, 'inv ~ value + capital | firm', { convention: 'stata_xtreg', vcov: 'hetero' });
    const printed = [[0.1101238, 0.0151945], [0.3100653, 0.0527518]];
    fit.coefficients.forEach((c, j) => {
      expect(Math.abs(c.estimate - printed[j][0])).toBeLessThanOrEqual(5e-8);
      expect(Math.abs(c.stdError - printed[j][1])).toBeLessThanOrEqual(5e-8);
    });
    expect(fit.vcov.dfT).toBe(9);
  });
});
