// Export surface of the WebAssembly core; kernels live in one file per idea.
export { newF64, newI32, newU8, dataStart } from './memory';
export { demean, demeanWarm, demeanWorkLength } from './demean';
export { tsqr, qrPivot, backSolve, inverseGram } from './qr';
export {
  residuals, sumSquares, heteroMeat, clusterScores, crossprod, scaleRowsBySqrt, gatherColumns, selectColumns, columnGram,
  kroneckerScores, combineColumns,
} from './crossprod';
export { rngFill, rngBits } from './rng';
export { wildMoments, wildMomentsShared } from './bootstrap';
export { clusterGram, gramScores, fourthMoments } from './grid';
export {
  csvConfigure, csvSetLine, csvParse, csvStatus, csvConsumed, csvLine, csvErrorColumn, csvErrorStart, csvErrorLength,
  csvErrorLine, csvFallbackCount, csvFallback, csvMissing, csvTextSeen, csvLevels, csvLevelBytes, csvLevelOffsets,
  csvLevelLengths,
} from './csv';
export { demeanSlopes, demeanSlopesWorkLength } from './slopes';
export { poissonStart, poissonWorking, poissonStep, poissonHalve } from './poisson';
