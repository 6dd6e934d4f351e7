// Entry of the one-file bundle of the @stdlib distribution functions (build/distributions.cjs, made by esbuild
// in `npm run build`): the packages are about 400 CommonJS files, 0.1-0.15 s to load one by one, a few ms as one.
module.exports = {
  tCdf: require('@stdlib/stats-base-dists-t-cdf'),
  tQuantile: require('@stdlib/stats-base-dists-t-quantile'),
  betainc: require('@stdlib/math-base-special-betainc'),
  gammainc: require('@stdlib/math-base-special-gammainc'),
  gammaln: require('@stdlib/math-base-special-gammaln'),
};
