/**
 * Hand-written models shaped like the paper's Tables 2 and 3 (its data are not public): a pooled
 * baseline, a year-FE model with controls whose GDP coefficient (3.1e-6) the paper printed as
 * 0.0000, and a two-way FE model with a lagged regressor and SEs clustered by province.
 * Statistic and interval are derived from estimate and SE so each row is internally consistent.
 */
import type { CoefficientRow, ModelLike } from '../../src/report/index.js';

/** t quantiles for 95% intervals: N - K = 360 - 7 (iid) and G - 1 = 29 (clustered). */
const T_IID = 1.9667;
const T_CLUSTER = 2.0452;

export function coef(term: string, estimate: number, stdError: number, pValue: number, q = T_IID): CoefficientRow {
  return {
    term,
    estimate,
    stdError,
    statistic: estimate / stdError,
    pValue,
    confLow: estimate - q * stdError,
    confHigh: estimate + q * stdError,
  };
}

export const BASELINE: ModelLike = {
  depvar: 'SL',
  coefficients: [coef('(Intercept)', 0.2204, 0.0071, 1.3e-103), coef('Vag', 0.1763, 0.0221, 2.0e-14)],
  nobs: 360,
  r2: 0.0472,
  adjR2: 0.0445,
  withinR2: null,
  adjWithinR2: null,
  fixef: {},
  vcov: { type: 'iid', clusters: null },
};

export const YEAR_FE: ModelLike = {
  depvar: 'SL',
  coefficients: [
    coef('Vag', 0.0957, 0.0309, 0.0021),
    coef('GDP', 3.1e-6, 6.4e-7, 2.0e-6),
    coef('TAX', -1.9413, 0.2866, 5.2e-11),
    coef('CPI', 0.4758, 0.093, 5.0e-7),
    coef('FDI', 0.7234, 0.741, 0.3297),
  ],
  nobs: 360,
  r2: 0.5123,
  adjR2: 0.4869,
  withinR2: 0.3391,
  adjWithinR2: 0.3295,
  fixef: { year: 12 },
  vcov: { type: 'iid', clusters: null },
};

export const LAG_TWOWAY: ModelLike = {
  depvar: 'SL',
  coefficients: [
    coef('l(Vag,1)', 0.087, 0.0374, 0.0272, T_CLUSTER),
    coef('GDP', 2.4e-6, 1.9e-6, 0.2166, T_CLUSTER),
    coef('TAX', -1.2031, 0.5512, 0.0373, T_CLUSTER),
    coef('CPI', 0.3127, 0.165, 0.0681, T_CLUSTER),
    coef('FDI', 0.441, 0.9012, 0.6283, T_CLUSTER),
    coef('R&D', 0.0069, 0.0018, 0.00063, T_CLUSTER),
  ],
  nobs: 330,
  r2: 0.8612,
  adjR2: 0.8401,
  withinR2: 0.1532,
  adjWithinR2: 0.1301,
  fixef: { province: 30, year: 11 },
  vcov: { type: 'cluster', clusters: { province: 30 } },
};

export const MODELS: readonly ModelLike[] = [BASELINE, YEAR_FE, LAG_TWOWAY];

/** Ten province-years of Table 1's variables, with one missing R&D value. */
export const COLUMNS: Readonly<Record<string, readonly number[]>> = {
  SL: [0.0672, 0.1523, 0.2011, 0.1876, 0.2504, 0.3317, 0.869, 0.1402, 0.2245, 0.1988],
  Vag: [0.000117, 0.0031, 0.0152, 0.0087, 0.0264, 0.0411, 0.974, 0.0022, 0.0125, 0.0068],
  GDP: [4287, 8512, 12509, 10233, 15870, 21004, 47118, 7650, 11321, 9876],
  'R&D': [15.78, 22.4, 29.11, NaN, 31.5, 35.2, 62.14, 18.9, 27.3, 24.6],
};
