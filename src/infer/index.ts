/** Bootstrap inference: the wild cluster bootstrap, pairs and cluster resampling, and the generator they share. */
export { wildBootstrap, type WildResult } from './wild.js';
export { wildDraws, wildMoments, tFromMoments } from './draws.js';
export type { WildPrepared } from './prepare.js';
export type { WildOptions, WildWeights, WildType, PType, RegressionOptions } from './options.js';
export { bootstrapPValue, quantile } from './pvalue.js';
export {
  pairsBootstrap, clusterBootstrap, resampleDraws,
  type ResampleOptions, type ClusterResampleOptions, type ResampleResult, type ResampledCoefficient, type ResamplePrepared, type ResampleScheme,
} from './resample.js';
export { normalQuantile } from './normal.js';
export { variates, randomBits, type Variate } from './rng.js';
export { INFER_DEFAULTS } from './defaults.js';
export { wildBootstrapParallel, type ParallelWildOptions } from './wild-parallel.js';
