/**
 * Poisson pseudo-maximum likelihood with absorbed fixed effects by iteratively reweighted least squares
 * (Correia, Guimaraes and Zylkin 2020, ppmlhdfe; Berge 2018, fixest's feglm): each iteration demeans the
 * working variable and the regressors with weights mu on the WebAssembly kernel, started from the previous
 * iteration's fixed-effect coefficients, and solves the weighted least squares on the demeaned columns.
 */
import { coreOrder, demeanInPlace } from '../demean.js';
import { ConvergenceError, EstimationError } from '../../errors.js';
import { DEFAULTS, GLM_DEFAULTS } from '../../defaults.js';
import { Arena } from '../../wasm/arena.js';
import { copyElements, copyOut } from '../../wasm/copy.js';
import type { Design } from '../design.js';
import { fitDesign, type FitSettings, type RawFit, type ResidentProjection } from '../fit.js';

/** Numerical settings of the IRLS loop. */
export interface IrlsSettings {
  /** Stop when |dev - dev_old| / (0.1 + |dev|) is below this (glm's and fixest's criterion). */
  readonly tol: number;
  readonly maxIter: number;
  readonly demeanTol: number;
  readonly demeanMaxIter: number;
  readonly collinTol: number;
}

/** A converged Poisson fit on its design's sample. */
export interface PoissonFit {
  /**
   * The last weighted least-squares step: beta, bread (X~' W X~)^-1 with W = w mu, and the meats of the
   * scores w (y - mu) x~ (the working residual times W), x~ the regressors demeaned with weights W.
   */
  readonly raw: RawFit;
  readonly mu: Float64Array; // [n] fitted means
  readonly eta: Float64Array; // [n] linear predictor, offset included
  readonly deviance: number;
  readonly iterations: number;
  /** Demeaning sweeps summed over the iterations. */
  readonly sweeps: number;
}

/**
 * Fit a Poisson model by IRLS. `offset` ([n] or null) enters the linear predictor with coefficient one.
 * `meats` says which variance meats the last step forms. Throws ConvergenceError when the deviance does not
 * settle within `maxIter` iterations (separation is the usual cause), EstimationError when every regressor is
 * collinear.
 */
export function fitPoisson(design: Design, offset: Float64Array | null, settings: IrlsSettings, meats: FitSettings): PoissonFit {
  const n = design.n;
  const y = design.y;
  const pw = design.weights;
  const k = design.X.length;
  if (k === 0) throw new EstimationError('the model has no regressor to estimate; add a variable to the right-hand side');
  const s = (k + 1) % 2 === 0 ? k + 1 : k + 2;
  const fes = coreOrder(design);
  const J = fes.length;
  const Ltot = fes.reduce((a, f) => a + f.levels, 0);
  const Lmax = fes.reduce((a, f) => Math.max(a, f.levels), 0);
  Arena.assertFits(n * s * 8 * 3 + n * (8 * 11 + 4 * J), n * s * 8, `a Poisson fit with n = ${n} observations and ${k} regressors`);

  const arena = new Arena();
  try {
    const c = arena.core;
    // Every row-length array lives in module memory: an iteration is kernels only (assembly/poisson.ts).
    const X0 = arena.f64(n * s);
    const M = arena.f64(n * s);
    const W = arena.f64(n);
    const e = arena.f64(n);
    const z = arena.f64(n);
    const yv = arena.f64(n);
    const ylogy = arena.f64(n);
    const off = offset ? arena.f64(n) : null;
    const weights = pw ? arena.f64(n) : null;
    let mu = arena.f64(n), eta = arena.f64(n), muNew = arena.f64(n), etaNew = arena.f64(n);
    const R = arena.f64(s * s);
    const qrWork = arena.f64((s + DEFAULTS.qrBlockRows + 1) * s);
    const refNorms = arena.f64(k);
    const perm = arena.i32(k);
    const cols = arena.i32(k);
    const beta = arena.f64(k);
    const info = arena.f64(3);
    const codes = J ? arena.i32(J * n) : null;
    const levels = J ? arena.i32(J) : null;
    const work = J ? arena.f64(c.demeanWorkLength(s, J, Ltot, fes[0].levels, Lmax, n)) : null;
    // The coefficients of FEs 2..J carried from one iteration to the next (the warm start).
    const state = J ? arena.f64(Math.max((Ltot - fes[0].levels) * s, 1)) : null;
    // Views only after every allocation: growing the memory detaches the older ones.
    if (codes && levels) {
      const cv = codes.view();
      const lv = levels.view();
      fes.forEach((fe, j) => { copyElements(cv, j * n, fe.codes); lv[j] = fe.levels; });
      state?.view().fill(0);
    }
    fillRegressors(X0.view(), s, design);
    copyElements(yv.view(), 0, y);
    if (off && offset) copyElements(off.view(), 0, offset);
    if (weights && pw) copyElements(weights.view(), 0, pw);

    // Start: mu = (y + mean y) / 2 (fixest's), strictly positive when y is not all zero.
    let sw = 0, swy = 0;
    for (let i = 0; i < n; i++) { const wi = pw ? pw[i] : 1; sw += wi; swy += wi * y[i]; }
    const ybar = swy / sw;
    const at = (b: { data: number } | null) => (b ? b.data : 0);
    let dev = c.poissonStart(n, yv.data, at(weights), ybar, mu.data, eta.data, ylogy.data);
    let sweeps = 0;
    let iterations = 0;
    let converged = false;
    let rank = 0;
    let lastChange = NaN;
    // Working weights W = w mu and working variable z = eta - offset + (y - mu) / mu beside the regressors,
    // demeaned with weights W from the previous coefficients, scaled by sqrt(W).
    const prepare = (tol: number): void => {
      c.poissonWorking(X0.data, M.data, n, s, k, yv.data, mu.data, eta.data, at(off), at(weights), W.data, z.data, refNorms.data);
      if (design.slopes?.length) {
        // Varying slopes: their own kernel, from a cold start each iteration (the warm-started coefficient
        // kernel absorbs plain fixed effects only).
        sweeps += demeanInPlace(M, n, s, fes, W, { demeanTol: tol, demeanMaxIter: settings.demeanMaxIter }, design.slopes);
      } else if (codes && levels && work && state) {
        c.demeanWarm(M.data, n, s, codes.data, J, levels.data, W.data, work.data, tol, settings.demeanMaxIter, info.data, state.data);
        const [iters, conv, change] = info.view();
        sweeps += iters;
        if (conv !== 1) {
          throw new ConvergenceError(`demeaning did not converge in ${iters} sweeps at IRLS iteration ${iterations} (relative change ` +
            `${change.toExponential(2)} > tol ${settings.demeanTol}); raise demeanMaxIter or check the fixed-effect structure`);
        }
      }
      c.scaleRowsBySqrt(M.data, n, s, W.data);
    };
    // Loose demeaning while the deviance still moves, tightened as it settles (GLM_DEFAULTS.startDemeanTol).
    let innerTol = Math.max(settings.demeanTol, GLM_DEFAULTS.startDemeanTol);
    while (iterations < settings.maxIter) {
      iterations++;
      prepare(innerTol);
      R.view().fill(0); // tsqr updates the factor it is given
      c.tsqr(M.data, n, s, R.data, qrWork.data, DEFAULTS.qrBlockRows);
      rank = c.qrPivot(R.data, s, k + 1, s, k, refNorms.data, settings.collinTol, perm.data);
      if (rank === 0) {
        throw new EstimationError(`all regressors (${design.names.join(', ')}) are collinear${J ? ' with the fixed effects' : ''}; nothing can be estimated`);
      }
      const rv = R.view();
      const bv = beta.view();
      for (let i = 0; i < rank; i++) bv[i] = rv[i * s + k];
      c.backSolve(R.data, rank, s, beta.data);
      cols.view().set(perm.view().subarray(0, rank));
      c.residuals(M.data, n, s, cols.data, rank, beta.data, k, e.data);
      // The fitted index without offset is z minus the working residual (the FE part included). With
      // log(mu) = eta, the deviance needs no logarithm per iteration: 2 sum w [y log y - y eta - (y - mu)].
      let devNew = c.poissonStep(n, e.data, W.data, z.data, at(off), yv.data, ylogy.data, at(weights), etaNew.data, muNew.data);
      // Step halving while the deviance is not finite (glm's and fixest's rule).
      for (let h = 0; h < 30 && !Number.isFinite(devNew); h++) {
        devNew = c.poissonHalve(n, eta.data, yv.data, ylogy.data, at(weights), etaNew.data, muNew.data);
      }
      if (!Number.isFinite(devNew)) throw new ConvergenceError(`IRLS: the deviance is not finite at iteration ${iterations}; check the outcome and the offset`);
      lastChange = Math.abs(devNew - dev) / (0.1 + Math.abs(devNew));
      [mu, muNew] = [muNew, mu];
      [eta, etaNew] = [etaNew, eta];
      dev = devNew;
      if (lastChange < settings.tol && innerTol <= settings.demeanTol) { converged = true; break; }
      innerTol = Math.max(settings.demeanTol, Math.min(innerTol, 0.1 * lastChange));
    }
    if (!converged) {
      throw new ConvergenceError(`IRLS did not converge in ${iterations} iterations (relative deviance change ${lastChange.toExponential(2)} > tol ${settings.tol}); ` +
        'raise glmMaxIter, or look for separation (a regressor that predicts zeros perfectly)');
    }
    // One more step at the converged mu, as a projection that stays in module memory: fitDesign forms the
    // coefficients, the bread and the meats from it, all at the converged weights, as glm's variance is.
    // fixest forms its variance at the weights its last IRLS step started from (irls_weights), one step
    // earlier: on a few models the two differ by about 2e-6 relative (README, where hdfe differs from fixest).
    prepare(settings.demeanTol);
    const projection: ResidentProjection = {
      n, names: [...design.names, design.depvar], p: k + 1, s, Z: M, norms: copyOut(refNorms.view()), iterations: sweeps, consumable: true,
    };
    const raw = fitDesign(withWeights(design, copyOut(W.view())), meats, projection);
    return Object.freeze({ raw, mu: copyOut(mu.view()), eta: copyOut(eta.view()), deviance: dev, iterations, sweeps });
  } finally {
    arena.release();
  }
}

/** The regressors of the design's sample, row-major with stride s, read through its rows when it has them. */
function fillRegressors(out: Float64Array, s: number, design: Design): void {
  const full = design.full;
  const k = design.X.length;
  for (let j = 0; j < k; j++) {
    const col = full ? full.X[j] : design.X[j];
    const rows = full ? design.rows : null;
    for (let i = 0; i < design.n; i++) out[i * s + j] = col[rows ? rows[i] : i];
  }
}

/** The design with other observation weights; its descriptors are copied, so no lazy column is read. */
function withWeights(design: Design, weights: Float64Array): Design {
  return Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(design), weights: { value: weights, enumerable: true } }) as Design;
}
