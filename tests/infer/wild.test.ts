/**
 * The wild cluster bootstrap's contract: t equals feols's t, draws are a pure function of (seed, draw)
 * whatever the chunking, the interval inverts the test, sampled weights agree with the enumeration up to
 * Monte Carlo error, and bad input fails with a message saying what to do.
 */
import { describe, it, expect } from 'vitest';
import { feols, EstimationError, OptionError } from '../../src/index.js';
import { wildBootstrap, wildDraws } from '../../src/infer/index.js';
import { resolveWild, type WildOptions } from '../../src/infer/options.js';
import { prepareTest } from '../../src/infer/wild.js';
import { expectClose } from '../helpers.js';
import { clusteredPanel } from './data.js';

/** Two computations of the same t (fast algebra vs feols's sandwich). */
const RTOL_T = 1e-10;
/**
 * Webb (sampled, B = 9999) against the enumerated Rademacher p-value, G = 12, at p between 0.04 and 0.2: the
 * weight distributions differ, so beyond the Monte Carlo error (sd ~ 0.0036 at p = 0.15) a small systematic
 * gap is allowed. Observed gaps: at most 0.005.
 */
const ATOL_STOCHASTIC = 0.01;

const data = clusteredPanel(2024, 12);

describe('wild bootstrap statistic', () => {
  const models: [string, string, Partial<WildOptions>][] = [
    ['no FE', 'y ~ x1 + x2', {}],
    ['FE nested', 'y ~ x1 + x2 | firm', {}],
    ['FEs not nested, weighted', 'y ~ x1 + x2 | firm + year', { obsWeights: 'w' }],
    ['null 0.3, WCU', 'y ~ x1 + x2 | year', { null: 0.3, type: 'unrestricted' }],
  ];
  for (const [label, formula, extra] of models) {
    it(`equals feols's t: ${label}`, () => {
      const fit = feols(data, formula, { cluster: 'cl', weights: extra.obsWeights });
      for (const param of ['x1', 'x2']) {
        const r = wildBootstrap(data, formula, { param, cluster: 'cl', reps: 99, ...extra });
        const c = fit.coefficients.find((cc) => cc.term === param);
        if (!c) throw new Error('missing');
        expectClose(r.statistic, (c.estimate - (extra.null ?? 0)) / c.stdError, `${param} t`, RTOL_T);
        expectClose(r.stdError, c.stdError, `${param} se`, RTOL_T);
        expect(r.estimate).toBe(c.estimate);
      }
    });
  }

  it('returns a frozen result with the documented fields', () => {
    const r = wildBootstrap(data, 'y ~ x1 + x2 | firm', { param: 'x1', cluster: 'cl', reps: 199, weights: 'webb', seed: 3 });
    expect(Object.isFrozen(r)).toBe(true);
    expect(r).toMatchObject({ term: 'x1', null: 0, reps: 199, enumerated: false, weights: 'webb', type: 'restricted', pType: 'symmetric', seed: 3, clusters: 12 });
    expect(r.draws).toBeUndefined();
    expect(r.confLow).toBeLessThan(r.estimate);
    expect(r.confHigh).toBeGreaterThan(r.estimate);
  });
});

describe('determinism', () => {
  // G = 16: 2^16 Rademacher vectors exceed the 20,000 draws, so Rademacher weights are sampled too.
  const data = clusteredPanel(99, 16);
  const formulas = ['y ~ x1 + x2 | firm', 'y ~ x1 + x2 | firm + year'];
  for (const formula of formulas) {
    for (const weights of ['rademacher', 'webb', 'mammen', 'normal'] as const) {
      it(`${formula}, ${weights}: chunkings give bit-identical draws`, () => {
        const B = 20_000; // more than one kernel chunk (8192)
        const { prepared } = prepareTest(data, formula, resolveWild({ param: 'x1', cluster: 'cl', reps: B, weights, seed: 77 }));
        expect(prepared.enumerated).toBe(false);
        const whole = new Float64Array(B);
        wildDraws(prepared, 0, B, whole);
        for (const cuts of [[0, Math.floor(B / 3), B], [0, 1, 8191, 8193, 12345, B], [0, 9999, B]]) {
          const pieces = new Float64Array(B);
          for (let c = 0; c + 1 < cuts.length; c++) wildDraws(prepared, cuts[c], cuts[c + 1], pieces.subarray(cuts[c], cuts[c + 1]));
          expect(Buffer.from(pieces.buffer).equals(Buffer.from(whole.buffer))).toBe(true);
        }
        const api = wildBootstrap(data, formula, { param: 'x1', cluster: 'cl', reps: B, weights, seed: 77, keepDraws: true, confInt: false });
        expect(Buffer.from((api.draws as Float64Array).buffer).equals(Buffer.from(whole.buffer))).toBe(true);
        const other = wildBootstrap(data, formula, { param: 'x1', cluster: 'cl', reps: B, weights, seed: 78, keepDraws: true, confInt: false });
        let same = 0;
        for (let b = 0; b < B; b++) if (other.draws?.[b] === whole[b]) same++;
        expect(same).toBeLessThan(B / 100);
      });
    }
  }
});

describe('enumeration and sampling', () => {
  it('enumerates all 2^G Rademacher vectors exactly when 2^G <= reps', () => {
    const r = wildBootstrap(data, 'y ~ x1 + x2 | firm', { param: 'x1', cluster: 'cl', reps: 9999, keepDraws: true });
    expect(r.enumerated).toBe(true);
    expect(r.reps).toBe(4096);
    // Sign-flipped vectors give t* and -t*: the enumeration is symmetric.
    const sorted = Float64Array.from(r.draws as Float64Array).sort();
    for (let b = 0; b < 4096; b++) expect(sorted[b]).toBeCloseTo(-sorted[4095 - b], 12);
    const sampled = wildBootstrap(data, 'y ~ x1 + x2 | firm', { param: 'x1', cluster: 'cl', reps: 4095 });
    expect(sampled.enumerated).toBe(false);
    expect(wildBootstrap(data, 'y ~ x1 + x2 | firm', { param: 'x1', cluster: 'cl', reps: 9999, weights: 'webb' }).enumerated).toBe(false);
  });

  for (const formula of ['y ~ x1 + x2 | firm', 'y ~ x1 + x2 | firm + year']) {
    it(`Webb with 9999 draws is within ${ATOL_STOCHASTIC} of the enumerated p-value (${formula})`, () => {
      // Nulls 1.5 and 2.2 standard errors from the estimate: p-values away from 0, where the check bites.
      const fit = feols(data, formula, { cluster: 'cl' });
      for (const c of fit.coefficients) {
        for (const shift of [-1.5, 2.2]) {
          const opts = { param: c.term, null: c.estimate + shift * c.stdError, cluster: 'cl', reps: 9999, confInt: false };
          const exact = wildBootstrap(data, formula, opts);
          const webb = wildBootstrap(data, formula, { ...opts, weights: 'webb', seed: 11 });
          expect(exact.enumerated).toBe(true);
          expect(exact.pValue).toBeGreaterThan(0.02);
          expect(Math.abs(webb.pValue - exact.pValue), `${c.term} ${shift}: webb ${webb.pValue} vs ${exact.pValue}`).toBeLessThan(ATOL_STOCHASTIC);
        }
      }
    });
  }
});

describe('confidence interval by test inversion', () => {
  for (const [type, formula, pType] of [
    ['restricted', 'y ~ x1 + x2 | firm + year', 'symmetric'],
    ['restricted', 'y ~ x1 + x2 | firm', 'equal-tailed'],
    ['unrestricted', 'y ~ x1 + x2 | firm', 'symmetric'],
    ['restricted', 'y ~ x1 + x2', 'upper'],
  ] as const) {
    it(`${type}, ${pType}: p crosses 1 - level at the endpoints (${formula})`, () => {
      const opts = { param: 'x1', cluster: 'cl', reps: 999, weights: 'webb', seed: 5, type, pType, level: 0.9 } as const;
      const r = wildBootstrap(data, formula, opts);
      const alpha = 0.1;
      const eps = 1e-4 * r.stdError;
      const pAt = (v: number) => wildBootstrap(data, formula, { ...opts, null: v, confInt: false }).pValue;
      for (const end of [r.confLow, r.confHigh]) {
        if (!Number.isFinite(end)) continue;
        const inward = end < r.estimate ? 1 : -1;
        expect(pAt(end + inward * eps), `inside ${end}`).toBeGreaterThanOrEqual(alpha);
        expect(pAt(end - inward * eps), `outside ${end}`).toBeLessThan(alpha);
      }
      if (pType === 'upper') expect(r.confHigh).toBe(Infinity);
      else expect(Number.isFinite(r.confLow) && Number.isFinite(r.confHigh)).toBe(true);
    });
  }

  it('WCU symmetric: the endpoints are estimate -+ the ceil(alpha B)-th largest |t*| times se', () => {
    const r = wildBootstrap(data, 'y ~ x1 + x2 | firm', { param: 'x1', cluster: 'cl', reps: 999, weights: 'webb', type: 'unrestricted', keepDraws: true });
    const abs = Float64Array.from(r.draws as Float64Array, Math.abs).sort();
    const c = abs[999 - Math.ceil(0.05 * 999)];
    expectClose(r.confHigh, r.estimate + c * r.stdError, 'confHigh', 0, 2e-6 * r.stdError);
    expectClose(r.confLow, r.estimate - c * r.stdError, 'confLow', 0, 2e-6 * r.stdError);
  });
});

describe('errors say what was expected and how to fix it', () => {
  const base = { param: 'x1', cluster: 'cl', reps: 99 };
  it('unknown term', () => {
    expect(() => wildBootstrap(data, 'y ~ x1 + x2', { ...base, param: 'x9' })).toThrow(OptionError);
    expect(() => wildBootstrap(data, 'y ~ x1 + x2', { ...base, param: 'x9' })).toThrow(/'x9' is not a coefficient.*'x1', 'x2'/);
  });
  it('term dropped as collinear', () => {
    const d = { ...data, x3: data.x1.map((v) => 2 * v) };
    expect(() => wildBootstrap(d, 'y ~ x1 + x2 + x3', { ...base, param: 'x3' })).toThrow(EstimationError);
    expect(() => wildBootstrap(d, 'y ~ x1 + x2 + x3', { ...base, param: 'x3' })).toThrow(/dropped as collinear/);
    const fe = { ...data, xf: data.firm.map((f) => f * 0.5) };
    expect(() => wildBootstrap(fe, 'y ~ x1 + xf | firm', { ...base, param: 'xf' })).toThrow(/dropped as collinear/);
  });
  it('fewer than 2 clusters', () => {
    const d = { ...data, one: data.cl.map(() => 1) };
    expect(() => wildBootstrap(d, 'y ~ x1 + x2', { ...base, cluster: 'one' })).toThrow(/at least 2 clusters.*'one' has 1/);
  });
  it('reps < 1 and other option values', () => {
    expect(() => wildBootstrap(data, 'y ~ x1 + x2', { ...base, reps: 0 })).toThrow(/reps must be an integer/);
    expect(() => wildBootstrap(data, 'y ~ x1 + x2', { ...base, reps: 2.5 })).toThrow(/reps must be an integer/);
    expect(() => wildBootstrap(data, 'y ~ x1 + x2', { ...base, weights: 'w' as never })).toThrow(/obsWeights/);
    expect(() => wildBootstrap(data, 'y ~ x1 + x2', { ...base, type: 'wcr' as never })).toThrow(/type must be one of 'restricted', 'unrestricted'/);
    expect(() => wildBootstrap(data, 'y ~ x1 + x2', { ...base, pType: 'two' as never })).toThrow(/pType must be one of/);
    expect(() => wildBootstrap(data, 'y ~ x1 + x2', { ...base, cluster: ['cl', 'firm'] as never })).toThrow(/one column/);
    expect(() => wildBootstrap(data, 'y ~ x1 + x2', { ...base, vcov: 'hetero' } as never)).toThrow(/CR1/);
    expect(() => wildBootstrap(data, 'y ~ x1 + x2', { ...base, level: 95 })).toThrow(/level must be/);
    expect(() => wildBootstrap(data, 'y ~ x1 + x2', { ...base, seed: -3 })).toThrow(/seed must be/);
  });
});
