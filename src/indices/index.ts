/**
 * Study-specific index builders: export resilience, location quotient and the distance-decay potential
 * index. Each takes plain columns (one row per unit-period, any order) and returns a Float64Array aligned
 * with the input rows.
 *
 * @example
 * ```ts
 * import { exportResilience, locationQuotient, potentialIndex } from './indices/index.js';
 * ```
 */
export { exportResilience, type ExportResilienceOptions } from './export-resilience.js';
export { locationQuotient, type LocationQuotientOptions } from './location-quotient.js';
export { potentialIndex, type PotentialIndexOptions, type PotentialNormalize } from './potential-index.js';
export type { DistanceMatrix, InternalDistance } from './distance.js';
export type { IdColumn, NumericColumn } from './panel.js';
export { INDEX_DEFAULTS } from './defaults.js';
