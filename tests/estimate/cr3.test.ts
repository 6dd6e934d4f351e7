/**
 * CR3, the cluster jackknife, against clubSandwich 0.5.8 on Grunfeld clustered by firm
 * (tests/golden/fixest/vcov_cr3_grunfeld.json, made by tests/golden/fixest/scripts/vcov.R): without fixed effects,
 * and with year as an absorbed fixed effect against clubSandwich's lm with year dummies (its leverage counts).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { feols } from '../../src/index.js';
import { OptionError } from '../../src/errors.js';
import { expectAllClose, readCsv } from '../helpers.js';

/** Against R references (DESIGN.md, house style 7). */
const RTOL_R = 1e-8;
const ATOL_R = 1e-10;

const ref = JSON.parse(readFileSync(new URL('../golden/fixest/vcov_cr3_grunfeld.json', import.meta.url), 'utf8'));
const data = readCsv(new URL('../golden/fixest/grunfeld.csv', import.meta.url).pathname);

describe('CR3 against clubSandwich', () => {
  it('no fixed effects: every coefficient', () => {
    const block = ref.no_fe.CR3;
    const fit = feols(data, 'inv ~ value + capital', { vcov: 'CR3', cluster: 'firm' });
    expect(fit.coefficients.map((c) => c.term)).toEqual(block.coef_names);
    expectAllClose(fit.vcov.matrix.flat(), block.vcov.flat(), 'vcov', RTOL_R, ATOL_R);
    expectAllClose(fit.coefficients.map((c) => c.pValue), block.p, 'p', RTOL_R, ATOL_R);
    expect(fit.vcov.dfT).toBe(9);
  });

  it('year absorbed: the slopes of the year-dummy regression', () => {
    const block = ref.year_dummies.CR3;
    const fit = feols(data, 'inv ~ value + capital | year', { vcov: 'CR3', cluster: 'firm' });
    const at = ['value', 'capital'].map((t) => block.coef_names.indexOf(t));
    expectAllClose(fit.vcov.matrix.flat(), at.flatMap((i) => at.map((j) => block.vcov[i][j])), 'vcov', RTOL_R, ATOL_R);
    expectAllClose(fit.coefficients.map((c) => c.stdError), at.map((i) => block.se[i]), 'se', RTOL_R, ATOL_R);
    expectAllClose(fit.coefficients.map((c) => c.pValue), at.map((i) => block.p[i]), 'p', RTOL_R, ATOL_R);
  });

  it('one cluster variable', () => {
    expect(() => feols(data, 'inv ~ value', { vcov: 'CR3' })).toThrow(OptionError);
    expect(() => feols(data, 'inv ~ value', { vcov: 'CR3', cluster: ['firm', 'year'] })).toThrow(/one cluster variable/);
  });
});
