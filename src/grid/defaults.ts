/** The grid layer's defaults; defined with every other default in src/defaults.ts. */
export { GRID_DEFAULTS } from '../defaults.js';
