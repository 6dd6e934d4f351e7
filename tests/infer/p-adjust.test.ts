/**
 * Multiple-testing adjustments against R's stats::p.adjust: the four p-values of log(pcap) in fixest's
 * four-outcome model on Produc (tests/golden/fixest/padjust_produc_multi.json, made by
 * tests/golden/fixest/scripts/vcov.R), here estimated outcome by outcome, and small cases worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { feols } from '../../src/index.js';
import { pAdjust } from '../../src/infer/p-adjust.js';
import { OptionError } from '../../src/errors.js';
import { expectAllClose, readCsv } from '../helpers.js';

/** Against R references (DESIGN.md, house style 7). */
const RTOL_R = 1e-8;
const ATOL_R = 1e-10;

const ref = JSON.parse(readFileSync(new URL('../golden/fixest/padjust_produc_multi.json', import.meta.url), 'utf8'));
const data = readCsv(new URL('../golden/data/produc.csv', import.meta.url).pathname);

describe('pAdjust against stats::p.adjust', () => {
  const p = ref.hypotheses.map((h: { outcome: string; term: string }) => {
    const fit = feols(data, `${h.outcome} ~ ${h.term} | state + year`, { cluster: 'state', singletons: 'keep' });
    return fit.coefficients.find((c) => c.term === h.term)?.pValue as number;
  });

  it('the four p-values of the multi-outcome model, then each adjustment', () => {
    expectAllClose(p, ref.p, 'p', RTOL_R, ATOL_R);
    expectAllClose(pAdjust(p, 'bonferroni'), ref.p_bonferroni, 'bonferroni', RTOL_R, ATOL_R);
    expectAllClose(pAdjust(p, 'holm'), ref.p_holm, 'holm', RTOL_R, ATOL_R);
    expectAllClose(pAdjust(p, 'hochberg'), ref.p_hochberg, 'hochberg', RTOL_R, ATOL_R);
    expectAllClose(pAdjust(p, 'BH'), ref.p_BH, 'BH', RTOL_R, ATOL_R);
  });

  it('worked by hand: ties, caps at 1, missing values, Benjamini-Yekutieli', () => {
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.04), "holm") = 0.04 0.09 0.09 0.09
    expect(pAdjust([0.01, 0.04, 0.03, 0.04], 'holm').map((x) => +x.toFixed(12))).toEqual([0.04, 0.09, 0.09, 0.09]);
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.04), "BH") = 0.04 0.04 0.04 0.04
    expect(pAdjust([0.01, 0.04, 0.03, 0.04], 'BH').map((x) => +x.toFixed(12))).toEqual([0.04, 0.04, 0.04, 0.04]);
    // R: p.adjust(c(0.01, 0.02, 0.5), "BY") = 0.055 0.055 0.9166667
    expectAllClose(pAdjust([0.01, 0.02, 0.5], 'BY'), [0.055, 0.055, 0.5 * (1 + 1 / 2 + 1 / 3)], 'BY', 1e-12, 0);
    expect(pAdjust([0.3, 0.6], 'bonferroni')).toEqual([0.6, 1]);
    const withNa = pAdjust([0.01, NaN, 0.02], 'bonferroni');
    expect(withNa[1]).toBeNaN();
    expect(withNa[0]).toBeCloseTo(0.02, 15);
    expect(() => pAdjust([0.1], 'fdr' as never)).toThrow(OptionError);
  });
});
