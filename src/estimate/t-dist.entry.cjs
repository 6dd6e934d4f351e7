// Entry of the one-file bundle of @stdlib's t distribution (build/t-dist.cjs, made by esbuild in `npm run
// build`): the two packages are about 400 CommonJS files, 0.1-0.15 s to load one by one, a few ms as one.
module.exports = {
  cdf: require('@stdlib/stats-base-dists-t-cdf'),
  quantile: require('@stdlib/stats-base-dists-t-quantile'),
};
