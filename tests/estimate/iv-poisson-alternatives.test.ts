/**
 * Cross-checks against other R packages, one parametrized table (house style 11): AER::ivreg with dummies
 * (iid; sandwich's HC1 and CR1 on ivreg) for 2SLS, stats::glm(poisson) with factor dummies for fepois (its
 * inverse-information vcov lacks fixest's (n - 1)/(n - K)), and AER's textbook 1995 cigarette example,
 * including AER's weak-instrument, Wu-Hausman and Sargan diagnostics.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { feols, fepois, type FeolsOptions } from '../../src/index.js';
import { expectAllClose, expectClose, readCsv } from '../helpers.js';

/** Against R references. */
const RTOL_R = 1e-8;
const RTOL_POISSON = 1e-6;
const ATOL_R = 1e-10;

const json = (file: string) => JSON.parse(readFileSync(new URL(`../golden/fixest/${file}.json`, import.meta.url), 'utf8'));
const table = (name: string) => readCsv(new URL(`../golden/data/${name}.csv`, import.meta.url).pathname);

const ivCases: { file: string; alt: string; data: string; formula: string; options: FeolsOptions; rows?: (r: Record<string, unknown[]>) => Record<string, unknown[]> }[] = [
  { file: 'iv_cigarettes_yearfe', alt: 'aer_ivreg_dummies_iid', data: 'cigarettes', formula: 'log(packs) ~ log(rincome) | year | log(rprice) ~ tdiff', options: {} },
  { file: 'iv_cigarettes_yearfe', alt: 'aer_ivreg_dummies_vcovCL_state', data: 'cigarettes', formula: 'log(packs) ~ log(rincome) | year | log(rprice) ~ tdiff', options: { cluster: 'state' } },
  { file: 'iv_cigarettes_nofe', alt: 'aer_ivreg_iid', data: 'cigarettes', formula: 'log(packs) ~ log(rincome) | log(rprice) ~ tdiff + rtax', options: {} },
  { file: 'iv_cigarettes_nofe', alt: 'aer_ivreg_vcovHC_HC1', data: 'cigarettes', formula: 'log(packs) ~ log(rincome) | log(rprice) ~ tdiff + rtax', options: { vcov: 'hetero' } },
  { file: 'iv_cigarettes_nofe', alt: 'aer_ivreg_1995_iid', data: 'cigarettes', formula: 'log(packs) ~ log(rincome) | log(rprice) ~ tdiff + rtax', options: {},
    rows: (r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.filter((_, i) => r.year[i] === 1995)])) },
];

describe('2SLS against AER::ivreg (+ sandwich)', () => {
  for (const c of ivCases) {
    it(`${c.file} ${c.alt}`, () => {
      const alt = json(c.file).alternatives[c.alt];
      const data = c.rows ? c.rows(table(c.data)) : table(c.data);
      const fit = feols(data as Record<string, (number | string)[]>, c.formula, { ...c.options, singletons: 'keep' });
      // AER names the endogenous regressor without fixest's fit_ prefix.
      const byName = new Map(fit.coefficients.map((x) => [x.term.replace(/^fit_/, ''), x]));
      const mine = alt.coef_names.map((name: string) => byName.get(name));
      expect(mine.every(Boolean)).toBe(true);
      expectAllClose(mine.map((x: { estimate: number }) => x.estimate), alt.estimate, 'estimate', RTOL_R, ATOL_R);
      expectAllClose(mine.map((x: { stdError: number }) => x.stdError), alt.se, 'se', RTOL_R, ATOL_R);
      if (alt.diagnostics) {
        const d = fit.iv?.diagnostics;
        expectClose(d?.firstStage[0].f.stat as number, alt.diagnostics.weak_instruments.stat, 'weak instruments', RTOL_R, ATOL_R);
        expectClose(d?.wuHausman.stat as number, alt.diagnostics.wu_hausman.stat, 'Wu-Hausman', RTOL_R, ATOL_R);
        expectClose(d?.sargan?.stat as number, alt.diagnostics.sargan.stat, 'Sargan', RTOL_R, ATOL_R);
      }
    });
  }
});

const poissonCases = [
  { file: 'poisson_trade_3fe', data: 'trade', formula: 'Euros ~ log(dist_km) | Origin + Destination + Product', options: {} },
  { file: 'poisson_ships_offset', data: 'ships', formula: 'incidents ~ op75 | type + construction', options: { offset: 'log_service' } },
  { file: 'poisson_creditcard_zerofe', data: 'creditcard', formula: 'reports ~ age + income + owner | active + dependents', options: {} },
  { file: 'poisson_recreation_nofe', data: 'recreation', formula: 'trips ~ quality + ski + income + userfee + costC + costS + costH', options: {} },
];

describe('fepois against glm(family = poisson) with dummies', () => {
  for (const c of poissonCases) {
    it(c.file, () => {
      const alt = json(c.file).alternatives.glm_poisson_dummies;
      const fit = fepois(table(c.data), c.formula, { ...c.options, singletons: 'keep' });
      expectAllClose(fit.coefficients.map((x) => x.estimate), alt.estimate, 'estimate', RTOL_POISSON, ATOL_R);
      expectAllClose([fit.deviance, fit.loglik], [alt.deviance, alt.loglik], 'deviance, loglik', RTOL_POISSON, ATOL_R);
      const scale = Math.sqrt((fit.nobs - 1) / (fit.nobs - fit.vcov.k));
      expectAllClose(fit.coefficients.map((x) => x.stdError), alt.se.map((s: number) => s * scale), 'se', RTOL_POISSON, ATOL_R);
    });
  }
});
