/**
 * Defaults of the reporting layer, in one place; option docs quote these values.
 * (The design card asks for one project-wide `src/defaults.ts`; these can move there unchanged.)
 */

/**
 * Defaults of {@link regressionTable}: 4 decimals like the paper, SE in parentheses below each
 * estimate, stars at 0.1 / 0.05 / 0.01, N, R2 and adjusted R2 at the foot.
 *
 * @example
 * ```ts
 * REGRESSION_DEFAULTS.digits; // 4
 * ```
 */
export const REGRESSION_DEFAULTS = Object.freeze({
  digits: 4,
  format: 'auto',
  significant: 4,
  thousands: true,
  missing: '\u2014',
  below: 'se',
  depvar: true,
  stats: Object.freeze(['nobs', 'r2', 'adjR2'] as const),
  stars: Object.freeze({ '*': 0.1, '**': 0.05, '***': 0.01 }),
} as const);

/**
 * Defaults of {@link descriptiveTable}: 4 significant digits, as the paper's Table 1 prints means
 * of very different magnitudes (0.0307 next to 12509).
 *
 * @example
 * ```ts
 * DESCRIPTIVE_DEFAULTS.format; // 'significant'
 * ```
 */
export const DESCRIPTIVE_DEFAULTS = Object.freeze({
  digits: 4,
  format: 'significant',
  significant: 4,
  thousands: true,
  missing: '\u2014',
} as const);
