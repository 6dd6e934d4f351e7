/**
 * fixef(), fitted() and predict() of a Poisson fit against R fixest 0.12.2
 * (tests/golden/fixest/formula_trade_poisson_predict.json, made by tests/golden/fixest/scripts/formula.R):
 * Euros ~ log(dist_km) | Origin + Destination + Product on the trade data, with the link and response
 * predictions of its first ten rows. Poisson's tolerance is 1e-6 relative (IRLS stops at 1e-10).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fepois } from '../../src/estimate/fepois.js';
import { fixef, fitted, predict } from '../../src/index.js';
import { OptionError } from '../../src/errors.js';
import { runFit } from '../../src/cli/fit.js';
import { expectAllClose, readCsv } from '../helpers.js';

const RTOL = 1e-6;
const ref = JSON.parse(readFileSync(new URL('../golden/fixest/formula_trade_poisson_predict.json', import.meta.url), 'utf8'));
const trade = readCsv(new URL('../golden/data/trade.csv', import.meta.url).pathname);
const first10 = Object.fromEntries(Object.entries(trade).map(([k, v]) => [k, v.slice(0, 10)]));
const fit = fepois(trade, 'Euros ~ log(dist_km) | Origin + Destination + Product', { singletons: 'keep' });

describe('fepois: fixef, fitted and predict as fixest', () => {
  it('the coefficient, and the fixed effects with fixest\'s references (the first row\'s levels set to 0)', () => {
    expectAllClose([fit.coefficients[0].estimate], [ref.coefficient], 'coefficient', RTOL, 0);
    const fe = fixef(fit);
    for (const [name, block] of Object.entries(ref.fixef_values as Record<string, { levels: string[]; values: number[] }>)) {
      expectAllClose(block.levels.map((l) => fe[name][l]), block.values, `fixef ${name}`, RTOL, 1e-8);
    }
  });

  it('link and response predictions of new rows, and fitted values on the sample', () => {
    expectAllClose(predict(fit, first10, { type: 'link' }), ref.predict_link_first10, 'link', RTOL, 0);
    expectAllClose(predict(fit, first10), ref.predict_response_first10, 'response', RTOL, 0);
    const mu = fitted(fit);
    expect(mu.length).toBe(fit.nobs);
    expectAllClose(mu, fit.fitted, 'fitted', 1e-12, 0);
  });

  it('predict on new data of a model with an offset is refused in one line', () => {
    const withOffset = fepois({ ...trade, off: trade.Euros.map(() => 0.5) }, 'Euros ~ log(dist_km) | Origin', { offset: 'off' });
    expect(() => predict(withOffset, first10)).toThrow(OptionError);
    expect(fitted(withOffset).length).toBe(withOffset.nobs);
  });
});

describe('hdfe fit --family poisson --fixef', () => {
  it('adds fixef_values to --json', async () => {
    const path = new URL('../golden/data/trade.csv', import.meta.url).pathname;
    const j = JSON.parse(await runFit([path, 'Euros ~ log(dist_km) | Origin + Destination + Product', '--family', 'poisson', '--singletons', 'keep', '--fixef', '--json']));
    const block = ref.fixef_values.Origin as { levels: string[]; values: number[] };
    expectAllClose(block.levels.map((l) => j.fixef_values.Origin[l]), block.values, 'fixef Origin', RTOL, 1e-8);
  });
});
