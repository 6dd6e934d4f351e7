/** The infer layer's defaults; defined with every other default in src/defaults.ts. */
export { INFER_DEFAULTS } from '../defaults.js';
