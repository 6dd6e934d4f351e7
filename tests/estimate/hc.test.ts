/**
 * HC2 and HC3: against sandwich::vcovHC on lm without fixed effects (tests/golden/fixest/vcov_hc_mtcars.json,
 * made by tests/golden/fixest/scripts/vcov.R), and with one absorbed fixed effect against the same formulas on
 * the regression with the fixed effect as dummies, computed densely here (the leverage's fixed-effect part).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { feols } from '../../src/index.js';
import { EstimationError } from '../../src/errors.js';
import { expectAllClose, readCsv } from '../helpers.js';

/** Against R references (DESIGN.md, house style 7). */
const RTOL_R = 1e-8;
const ATOL_R = 1e-10;
/** Dense dummy-variable algebra against the absorbed fit: the same numbers by another route. */
const RTOL_ALG = 1e-8;

const ref = JSON.parse(readFileSync(new URL('../golden/fixest/vcov_hc_mtcars.json', import.meta.url), 'utf8'));
const mtcars = readCsv(new URL('../golden/data/mtcars.csv', import.meta.url).pathname);

describe('HC2 and HC3 against sandwich::vcovHC (no fixed effects)', () => {
  for (const type of ['HC2', 'HC3'] as const) {
    it(type, () => {
      const block = ref.sandwich[type];
      const fit = feols(mtcars, ref.model.formula, { vcov: type });
      expect(fit.coefficients.map((c) => c.term)).toEqual(block.coef_names);
      expectAllClose(fit.coefficients.map((c) => c.stdError), block.se, 'se', RTOL_R, ATOL_R);
      expectAllClose(fit.vcov.matrix.flat(), block.vcov.flat(), 'vcov', RTOL_R, ATOL_R);
      expectAllClose(fit.coefficients.map((c) => c.statistic), block.t, 't', RTOL_R, ATOL_R);
      expectAllClose(fit.coefficients.map((c) => c.pValue), block.p, 'p', RTOL_R, ATOL_R);
      expect(fit.vcov.dfT).toBe(28);
    });
  }
});

/** (A'A)^-1 by Gauss-Jordan, A given as columns. */
function inverseGram(cols: number[][]): number[][] {
  const p = cols.length;
  const G = cols.map((a) => cols.map((b) => a.reduce((s, v, i) => s + v * b[i], 0)));
  const M = G.map((row, i) => [...row, ...Array.from({ length: p }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < p; c++) {
    let pivot = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(M[r][c]) > Math.abs(M[pivot][c])) pivot = r;
    [M[c], M[pivot]] = [M[pivot], M[c]];
    const d = M[c][c];
    for (let j = 0; j < 2 * p; j++) M[c][j] /= d;
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = M[r][c];
      for (let j = 0; j < 2 * p; j++) M[r][j] -= f * M[c][j];
    }
  }
  return M.map((row) => row.slice(p));
}

/** HC2/HC3 of the slopes from the regression with an intercept and the dummies of each of `groups` (all dense). */
function denseHc(y: number[], slopes: number[][], groups: (string | number)[][], type: 'HC2' | 'HC3'): number[] {
  const dummies = groups.flatMap((group) => [...new Set(group)].slice(1).map((l) => group.map((g) => (g === l ? 1 : 0))));
  const cols = [...slopes, y.map(() => 1), ...dummies];
  const B = inverseGram(cols);
  const p = cols.length;
  const Xty = cols.map((c) => c.reduce((s, v, i) => s + v * y[i], 0));
  const beta = B.map((row) => row.reduce((s, v, j) => s + v * Xty[j], 0));
  const n = y.length;
  const meat = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < n; i++) {
    const x = cols.map((c) => c[i]);
    const e = y[i] - x.reduce((s, v, j) => s + v * beta[j], 0);
    const h = x.reduce((s, v, a) => s + v * B[a].reduce((t, b, c) => t + b * x[c], 0), 0);
    const w = type === 'HC2' ? e * e / (1 - h) : e * e / (1 - h) ** 2;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) meat[a][b] += w * x[a] * x[b];
  }
  const BM = B.map((row) => meat[0].map((_, j) => row.reduce((s, v, m) => s + v * meat[m][j], 0)));
  const V = BM.map((row) => B[0].map((_, j) => row.reduce((s, v, m) => s + v * B[m][j], 0)));
  return slopes.flatMap((_, a) => slopes.map((__, b) => V[a][b]));
}

describe('HC2 and HC3 with absorbed fixed effects equal the dummy regression', () => {
  const y = Array.from(mtcars.mpg as ArrayLike<number>);
  const slopes = [Array.from(mtcars.wt as ArrayLike<number>), Array.from(mtcars.hp as ArrayLike<number>)];
  const col = (name: string) => Array.from(mtcars[name] as ArrayLike<number>);
  const cases: [string, string[]][] = [['cyl', ['cyl']], ['cyl + gear', ['cyl', 'gear']], ['cyl + gear + am', ['cyl', 'gear', 'am']]];
  for (const [fe, groups] of cases) {
    for (const type of ['HC2', 'HC3'] as const) {
      it(`${type}: mpg ~ wt + hp | ${fe}`, () => {
        const fit = feols(mtcars, `mpg ~ wt + hp | ${fe}`, { vcov: type });
        expectAllClose(fit.vcov.matrix.flat(), denseHc(y, slopes, groups.map(col), type), 'vcov', RTOL_ALG, 0);
      });
    }
  }

  it('an observation with leverage 1: a clear error', () => {
    expect(() => feols(mtcars, 'mpg ~ wt | carb', { vcov: 'HC3', singletons: 'keep' })).toThrow(EstimationError);
    expect(() => feols(mtcars, 'mpg ~ wt | carb', { vcov: 'HC3', singletons: 'keep' })).toThrow(/leverage 1/);
  });
});
