/**
 * HC2, HC3 and CR3 with several fixed effects against R on the regression with the fixed effects as dummies
 * (tests/golden/conventions/{leverage,cr3}_multi_fe.json, made by tests/golden/conventions/make_conventions.R):
 * sandwich::vcovHC and clubSandwich::vcovCR, and the leave-one-cluster-out jackknife where a fixed effect is
 * nested in the clusters (there I - H_gg is singular and clubSandwich's solve is noise).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { feols } from '../../src/index.js';
import { expectAllClose, readCsv } from '../helpers.js';

const RTOL = 1e-8;
const ATOL = 1e-10;
const dir = new URL('../golden/conventions/', import.meta.url);
const json = (file: string) => JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
const csv = (file: string) => readCsv(new URL(file, dir).pathname);

/** The data sets with the columns the R script derived from row numbers and weights. */
const grunfeld = csv('grunfeld.csv');
grunfeld.g3 = grunfeld.inv.map((_, i) => i % 7);
const produc = csv('produc.csv');
produc.w = produc.emp.map((e) => Number(e) / 1000);
produc.c10 = produc.gsp.map((_, i) => i % 10);
const disconnected = csv('disconnected.csv');
disconnected.c6 = disconnected.y.map((_, i) => i % 6);

const PRODUC = 'log(gsp) ~ log(pcap) + log(emp) + unemp';
const MODELS: Record<string, [Record<string, unknown[]>, string, string | undefined]> = {
  grunfeld_twfe: [grunfeld, 'inv ~ value + capital | firm + year', undefined],
  produc_twfe: [produc, `${PRODUC} | state + year`, undefined],
  produc_twfe_weighted: [produc, `${PRODUC} | state + year`, 'w'],
  disconnected_twfe: [disconnected, 'y ~ x1 + x2 | id + t', undefined],
  grunfeld_threefe: [grunfeld, 'inv ~ value + capital | firm + year + g3', undefined],
};

interface Block { coef_names: string[]; se: number[]; p: number[]; vcov: number[][]; df: number }

function check(fit: ReturnType<typeof feols>, block: Block): void {
  expect(fit.coefficients).toHaveLength(block.coef_names.length);
  expectAllClose(fit.vcov.matrix.flat(), block.vcov.flat(), 'vcov', RTOL, ATOL);
  expectAllClose(fit.coefficients.map((c) => c.stdError), block.se, 'se', RTOL, ATOL);
  expect(fit.vcov.dfT).toBe(block.df);
  expectAllClose(fit.coefficients.map((c) => c.pValue), block.p, 'p', RTOL, ATOL);
}

describe('HC2 and HC3 with several fixed effects against sandwich::vcovHC on lm with dummies', () => {
  const ref = json('leverage_multi_fe.json');
  for (const [name, [data, formula, weights]] of Object.entries(MODELS)) {
    for (const type of ['HC2', 'HC3'] as const) {
      it(`${type}: ${ref[name].label}`, () => {
        // lm's residual df counts the dummies' rank: the exact count of redundant levels.
        check(feols(data as never, formula, { vcov: type, weights, singletons: 'keep', ssc: { fixefExact: true } }), ref[name][type]);
      });
    }
  }
});

describe('CR3 with several fixed effects', () => {
  const ref = json('cr3_multi_fe.json');
  const cases: [string, string][] = [
    ['grunfeld_twfe_cl_g3', 'grunfeld_twfe'], ['produc_twfe_cl_c10', 'produc_twfe'], ['disconnected_twfe_cl_c6', 'disconnected_twfe'],
    ['grunfeld_twfe_cl_firm', 'grunfeld_twfe'], ['grunfeld_twfe_cl_year', 'grunfeld_twfe'], ['produc_twfe_cl_state', 'produc_twfe'],
    ['disconnected_twfe_cl_id', 'disconnected_twfe'],
  ];
  for (const [name, model] of cases) {
    it(ref[name].label, () => {
      const [data, formula] = MODELS[model];
      const fit = feols(data as never, formula, { vcov: 'CR3', cluster: ref[name].cluster, singletons: 'keep' });
      // clubSandwich where I - H_gg is invertible; the exact jackknife (refits) where a fixed effect is nested.
      check(fit, ref[name].CR3);
    });
  }
});
