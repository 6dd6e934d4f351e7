/** The report layer's defaults; defined with every other default in src/defaults.ts. */
export { REGRESSION_DEFAULTS, DESCRIPTIVE_DEFAULTS } from '../defaults.js';
