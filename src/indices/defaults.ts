/** The indices layer's defaults; defined with every other default in src/defaults.ts. */
export { INDEX_DEFAULTS } from '../defaults.js';
