/**
 * The wild cluster bootstrap against R: tests/golden/boot/fixtures.json holds, for six cases (no FE, an FE
 * nested in the clusters, one not nested, two FEs, weights, WCR and WCU, a non-zero null), all 2^8 t* of
 * the Rademacher enumeration computed by brute force in R (lm on explicit dummies, CR1 with fixest's rules)
 * by tests/golden/boot/make_boot_fixtures.R, and the four p-values.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { wildBootstrap, type PType } from '../../src/infer/index.js';
import { expectAllClose, expectClose, readCsv } from '../helpers.js';

/** Against R (house style 7); two FEs are demeaned iteratively, so a tight demeaning tolerance is passed. */
const RTOL_R = 1e-8;
const ATOL_R = 1e-10;
const DEMEAN_TOL = 1e-14;

interface BootFixture {
  case: string;
  data: string;
  formula: string;
  options: { param: string; null: number; cluster: string; type: 'restricted' | 'unrestricted'; obs_weights: string | null };
  expected: {
    estimate: number; std_error: number; statistic: number; k: number; clusters: number; reps: number;
    symmetric: number; equal_tailed: number; lower: number; upper: number; tstar_sorted: number[];
  };
}

const dir = new URL('../golden/boot/', import.meta.url);
const fixtures: BootFixture[] = JSON.parse(readFileSync(new URL('fixtures.json', dir), 'utf8'));
const data = readCsv(new URL('wildboot.csv', dir).pathname) as Record<string, number[]>;

describe('wild cluster bootstrap against R brute force', () => {
  it('covers FEs nested and not nested, weights, WCR and WCU', () => {
    expect(fixtures.length).toBe(6);
    expect(new Set(fixtures.map((f) => f.options.type))).toEqual(new Set(['restricted', 'unrestricted']));
    expect(fixtures.some((f) => f.options.obs_weights)).toBe(true);
  });

  for (const f of fixtures) {
    it(f.case, () => {
      const e = f.expected;
      const base = {
        param: f.options.param, null: f.options.null, cluster: f.options.cluster, type: f.options.type,
        reps: e.reps, demeanTol: DEMEAN_TOL, ...(f.options.obs_weights ? { obsWeights: f.options.obs_weights } : {}),
      };
      const r = wildBootstrap(data, f.formula, { ...base, keepDraws: true });
      expect(r.enumerated).toBe(true);
      expect(r.clusters).toBe(e.clusters);
      expectClose(r.estimate, e.estimate, 'estimate', RTOL_R, ATOL_R);
      expectClose(r.stdError, e.std_error, 'std_error', RTOL_R, ATOL_R);
      expectClose(r.statistic, e.statistic, 'statistic', RTOL_R, ATOL_R);
      expectAllClose(Float64Array.from(r.draws as Float64Array).sort(), e.tstar_sorted, 't* (sorted)', RTOL_R, ATOL_R);
      const want: Record<PType, number> = { symmetric: e.symmetric, 'equal-tailed': e.equal_tailed, lower: e.lower, upper: e.upper };
      for (const pType of Object.keys(want) as PType[]) {
        expect(wildBootstrap(data, f.formula, { ...base, pType, confInt: false }).pValue, pType).toBe(want[pType]);
      }
    });
  }
});
