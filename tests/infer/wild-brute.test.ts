/**
 * The fast wild cluster bootstrap against brute force: with Rademacher weights and 2^G <= reps every sign
 * vector is enumerated, and each y* is built explicitly and refitted by feols (fixed effects absorbed
 * again), for WCR and WCU, with and without fixed effects, nested in the clusters or not, weighted or not.
 * The t* sets must agree to 1e-10 and the p-values exactly.
 */
import { describe, it, expect } from 'vitest';
import { feols } from '../../src/index.js';
import { wildBootstrap } from '../../src/infer/index.js';
import { expectAllClose, expectClose } from '../helpers.js';
import { clusteredPanel } from './data.js';
import { bruteForceWild, pValuesRef } from './reference.js';

/** Identities of the same fit computed two ways (fast algebra vs refits). */
const RTOL_TSTAR = 1e-10;
const ATOL_TSTAR = 1e-10;
/** Demeaning tight enough that iterative projections (two FEs) do not limit the comparison. */
const DEMEAN_TOL = 1e-14;

const cases = [
  { name: 'no FE, WCR', G: 8, x: ['x1', 'x2'], fe: [], type: 'restricted', r: 0 },
  { name: 'no FE, WCU', G: 8, x: ['x1', 'x2'], fe: [], type: 'unrestricted', r: 0 },
  { name: 'no FE, WCR, null 0.4, weighted', G: 7, x: ['x1', 'x2'], fe: [], type: 'restricted', r: 0.4, weights: true },
  { name: 'FE nested in the clusters, WCR', G: 7, x: ['x1', 'x2'], fe: ['firm'], type: 'restricted', r: 0.1 },
  { name: 'FE nested in the clusters, WCU', G: 6, x: ['x1', 'x2'], fe: ['firm'], type: 'unrestricted', r: 0 },
  { name: 'FE not nested, WCR', G: 6, x: ['x1', 'x2'], fe: ['year'], type: 'restricted', r: 0 },
  { name: 'FE not nested, WCU', G: 8, x: ['x1', 'x2'], fe: ['year'], type: 'unrestricted', r: 0 },
  { name: 'two FEs (one not nested), WCR', G: 10, x: ['x1', 'x2'], fe: ['firm', 'year'], type: 'restricted', r: 0 },
  { name: 'two FEs (one not nested), WCU', G: 9, x: ['x1', 'x2'], fe: ['firm', 'year'], type: 'unrestricted', r: 0.2 },
  { name: 'two FEs, WCR, weighted, null -0.5', G: 8, x: ['x1', 'x2'], fe: ['firm', 'year'], type: 'restricted', r: -0.5, weights: true },
  // 7 clusters cutting across 20 firms: more shared levels than clusters, so W is formed densely.
  { name: 'FE with every level shared (dense correction), WCR', G: 10, cluster: 'grp', x: ['x1', 'x2'], fe: ['firm'], type: 'restricted', r: 0 },
  { name: 'two FEs, every level shared, WCU, weighted', G: 10, cluster: 'grp', x: ['x1', 'x2'], fe: ['firm', 'year'], type: 'unrestricted', r: 0, weights: true },
] as const;

describe('wild cluster bootstrap = brute-force refits over all 2^G Rademacher draws', () => {
  cases.forEach((c, idx) => {
    it(c.name, () => {
      const data = clusteredPanel(100 + idx, c.G);
      const cluster = 'cluster' in c ? c.cluster : 'cl';
      const G = new Set(data[cluster]).size;
      const options = { demeanTol: DEMEAN_TOL, ...('weights' in c ? { weights: 'w' } : {}) };
      const brute = bruteForceWild({ data, y: 'y', x: [...c.x], fe: [...c.fe], cluster, param: 'x1', r: c.r, type: c.type, options });
      const formula = `y ~ ${c.x.join(' + ')}${c.fe.length ? ' | ' + c.fe.join(' + ') : ''}`;
      const fast = wildBootstrap(data, formula, {
        param: 'x1', null: c.r, cluster, reps: 2 ** G, type: c.type, keepDraws: true,
        demeanTol: DEMEAN_TOL, ...('weights' in c ? { obsWeights: 'w' } : {}),
      });
      expect(fast.enumerated).toBe(true);
      expect(fast.reps).toBe(2 ** G);
      expectClose(fast.statistic, brute.t, 'statistic', RTOL_TSTAR, ATOL_TSTAR);
      const fe = feols(data, formula, { cluster, demeanTol: DEMEAN_TOL, ...('weights' in c ? { weights: 'w' } : {}) })
        .coefficients.find((cc) => cc.term === 'x1');
      expectClose(fast.stdError, fe?.stdError as number, 'stdError vs feols', 1e-12);
      const sortedFast = Float64Array.from(fast.draws as Float64Array).sort();
      const sortedBrute = brute.tStar.slice().sort();
      expectAllClose(sortedFast, sortedBrute, 't*', RTOL_TSTAR, ATOL_TSTAR);
      const ref = pValuesRef(brute.t, brute.tStar);
      for (const pType of ['symmetric', 'equal-tailed', 'lower', 'upper'] as const) {
        const p = wildBootstrap(data, formula, {
          param: 'x1', null: c.r, cluster, reps: 2 ** G + 5, type: c.type, pType, confInt: false,
          demeanTol: DEMEAN_TOL, ...('weights' in c ? { obsWeights: 'w' } : {}),
        }).pValue;
        expect(p, pType).toBe(ref[pType]);
      }
    });
  });
});
