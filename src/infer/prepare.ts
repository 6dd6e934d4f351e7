/**
 * Everything a wild cluster bootstrap draw needs, computed once from the fit, so that a draw costs O(G k):
 * the per-cluster precomputation of Roodman, MacKinnon, Nielsen and Webb (2019), "Fast and wild: Bootstrap
 * inference in Stata using boottest", Stata Journal 19(1). The equations are numbered here, (1)-(8); the
 * derivation follows the paper's but is written out for absorbed fixed effects that need not be nested
 * (equations (5) and (6)).
 *
 * Work in the sqrt(w)-scaled space where the fit is ordinary least squares: D the FE dummies, M the
 * projection off D, X~ = M X ([n x k], the projection's columns), A = (X~'X~)^-1 (the bread), j the tested
 * coefficient, rho = A e_j, z = X~ rho ([n]), u^ = M y - X~ beta^ (the residuals).
 *
 * (1) Bootstrap DGP: y* = y_fit + v o u, one weight v_g per cluster. WCU: y_fit = X beta^ + D alpha^, u = u^.
 *     WCR: y_fit is the fit with beta_j = r imposed, u = u~(r) its residuals. Restricted least squares gives
 *     beta~(r) = beta^ - A e_j (beta^_j - r) / A_jj, hence
 *       u~(r) = u^ + (beta^_j - r) p = u0 - (r - r0) p,   p = z / A_jj,   u0 = u~(r0).
 * (2) With eps = v o u, y_fit in span(X, D) and X~'M = X~' (so y* never needs demeaning):
 *       beta*_j - beta_fit_j = rho'X~'eps = sum_g v_g a_g,   a_g = z_g'u_g.
 * (3) Bootstrap residuals: e* = M_[X D] y* = M eps - X~ A X~'eps.
 * (4) Bootstrap score of cluster g in the direction of coefficient j:
 *       psi_g = z_g'e*_g = z_g'(M eps)_g - c_g'u*,   u* = X~'eps = sum_h v_h s_h,
 *       s_h = X~_h'u_h ([k]),   c_g = A X~_g'z_g = A H_g rho ([k]).
 * (5) Fixed effects: (M eps)_g = sum_h v_h (M u^(h))_g, u^(h) = u on cluster h and 0 elsewhere, so
 *       z_g'(M eps)_g = sum_h T_gh v_h,   T_gh = z_g'(M u^(h))_g = a_g [g = h] - W_gh,   W_gh = z^(g)'P_D u^(h).
 *     If every level of every FE lies inside one cluster, D'u^(h) = 0 (each level's sum of u is 0 and lies
 *     in one cluster), so W = 0 and psi_g = v_g a_g - c_g'u*: the paper's O(G k) draw.
 * (6) Otherwise W has rank r <= L_s, the number of levels shared between clusters: W = Wl Wr with
 *     Wl [G x r] and Wr [r x G], from r projections off the FEs (fe-correction.ts); a draw then costs
 *     O(G (k + r)). fwildclusterboot's "crosstab" correction for one projected FE is the same matrix, dense.
 * (7) CR1 variance of beta*_j: kappa sum_g psi_g^2, kappa = G/(G-1) (n-1)/(n-K) with feols's K (ssc.ts), so
 *       t* = (sum_g v_g a_g) / sqrt(kappa sum_g psi_g^2)   (WCR: minus r; WCU: minus beta^_j, both in (2)).
 * (8) With u = u0 - d p, d = r - r0, (2)-(6) are affine in d: a draw is summarised by five numbers
 *       n0 = v'a0, n1 = v'a1, S00 = sum psi0^2, S01 = sum psi0 psi1, S11 = sum psi1^2,
 *       t*(r) = (n0 - d n1) / sqrt(kappa (S00 - 2 d S01 + d^2 S11)),
 *     which give t* at every r from the same draws (test inversion at O(1) per draw and r).
 */
import { EstimationError, OptionError } from '../errors.js';
import type { Design } from '../estimate/design.js';
import type { RawFit, Projection } from '../estimate/fit.js';
import type { Ssc } from '../estimate/options.js';
import { clusterGroupings, smallSampleK } from '../estimate/ssc.js';
import { feCorrection } from './fe-correction.js';

/** What a draw needs; plain typed arrays, so it can be sent to a worker as is. */
export interface WildPrepared {
  readonly G: number;
  readonly k: number;
  /** [G x stride] row-major, per cluster: a0, a1, (s0_j, s1_j) for j < k, c[k] (zero padded). */
  readonly table: Float64Array;
  readonly stride: number;
  /** FE correction W = Wl Wr (equation (6)): Wr [rank x G x 2] (W0, W1 pairs), Wl [G x rank] or null for I. */
  readonly Wr: Float64Array | null;
  readonly Wl: Float64Array | null;
  readonly rank: number;
  readonly restricted: boolean;
  /** CR1 factor G/(G-1) (n-1)/(n-K) under the ssc switches. */
  readonly kappa: number;
  /** The null r0 the table is centred at. */
  readonly null: number;
  readonly estimate: number;
  /** CR1 standard error of the estimate, sqrt(kappa sum_g (z_g'u^_g)^2). */
  readonly stdError: number;
  /** Kernel code of the weights (rng.ts VARIATE_CODE). */
  readonly kind: number;
  readonly seed: number;
  readonly reps: number;
  /** True when the draws are the 2^G Rademacher sign vectors. */
  readonly enumerated: boolean;
}

/** Inputs of the preparation: the fit and the sample it ran on. */
export interface WildSetup {
  readonly design: Design;
  readonly projection: Projection;
  readonly fit: RawFit;
  /** Position of the tested coefficient among the kept ones. */
  readonly j: number;
  readonly null: number;
  readonly restricted: boolean;
  readonly ssc: Ssc;
  readonly demean: { demeanTol: number; demeanMaxIter: number };
}

/** kappa of CR1 with feols's K (one-way: G_min = G). Throws when n <= K. */
export function cr1Factor(design: Design, k: number, G: number, ssc: Ssc): number {
  const n = design.n;
  const K = smallSampleK(design, k, ssc, clusterGroupings(design));
  if (n - K <= 0) {
    throw new EstimationError(`no residual degrees of freedom: n = ${n} observations for K = ${K} parameters; use fewer regressors or fixed effects`);
  }
  return (ssc.kAdj ? (n - 1) / (n - K) : 1) * (ssc.gAdj ? G / (G - 1) : 1);
}

/** Row vectors of the sample, in design order (sqrt(w)-scaled, FE-projected). */
interface Rows {
  readonly ids: Int32Array; // [n] cluster of each row
  readonly z: Float64Array; // [n]
  readonly u0: Float64Array; // [n]
  readonly p: Float64Array; // [n], zeros for WCU
}

/**
 * The per-cluster table (one pass over the rows), and W = Wl Wr when some FE is not nested in the clusters.
 * Returns the prepared draws minus the sampling settings (seed, kind, reps), which the caller adds.
 */
export function prepareWild(setup: WildSetup): Omit<WildPrepared, 'kind' | 'seed' | 'reps' | 'enumerated'> {
  const { design, projection, fit, j, restricted } = setup;
  if (design.slopes?.length) {
    throw new OptionError(`the wild cluster bootstrap's fixed-effect correction does not cover varying slopes (${design.slopes.map((f) => f.name).join(', ')}); `
      + "use method 'pairs' or 'cluster' for this model");
  }
  const clustering = design.clusterings[0];
  const G = clustering.G;
  const { n, p: width, Z } = projection; // rows in design order
  const k = fit.kept.length;
  const kAll = design.names.length;
  const A = fit.bread;
  const beta = fit.beta;
  const Ajj = A[j * k + j];
  const rho = Float64Array.from({ length: k }, (_, l) => A[l * k + j]);
  const shift = restricted ? beta[j] - setup.null : 0;
  const stride = (2 + 3 * k) % 2 === 0 ? 2 + 3 * k : 3 + 3 * k;
  const table = new Float64Array(G * stride);
  const hz = new Float64Array(G * k); // H_g rho = X~_g'z_g
  const aHat = new Float64Array(G); // z_g'u^_g, the scores of the original fit
  const rows: Rows = { ids: new Int32Array(n), z: new Float64Array(n), u0: new Float64Array(n), p: new Float64Array(n) };
  const x = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const at = i * width;
    let fitted = 0, zi = 0;
    for (let l = 0; l < k; l++) {
      x[l] = Z[at + fit.kept[l]];
      fitted += beta[l] * x[l];
      zi += rho[l] * x[l];
    }
    const uHat = Z[at + kAll] - fitted;
    const pi = restricted ? zi / Ajj : 0;
    const u0 = uHat + shift * pi;
    const g = clustering.codes[i];
    rows.ids[i] = g; rows.z[i] = zi; rows.u0[i] = u0; rows.p[i] = pi;
    const row = g * stride;
    table[row] += zi * u0;
    table[row + 1] += zi * pi;
    aHat[g] += zi * uHat;
    for (let l = 0; l < k; l++) {
      table[row + 2 + 2 * l] += x[l] * u0;
      table[row + 3 + 2 * l] += x[l] * pi;
      hz[g * k + l] += x[l] * zi;
    }
  }
  for (let g = 0; g < G; g++) {
    const c = g * stride + 2 + 2 * k;
    for (let a = 0; a < k; a++) {
      let acc = 0;
      for (let b = 0; b < k; b++) acc += A[a * k + b] * hz[g * k + b];
      table[c + a] = acc;
    }
  }
  const kappa = cr1Factor(design, k, G, setup.ssc);
  let meat = 0;
  for (let g = 0; g < G; g++) meat += aHat[g] * aHat[g];
  const W = feCorrection(design, rows, table, stride, restricted, setup.demean);
  return Object.freeze({
    G, k, table, stride, Wr: W ? W.Wr : null, Wl: W ? W.Wl : null, rank: W ? W.rank : 0, restricted, kappa,
    null: setup.null, estimate: beta[j], stdError: Math.sqrt(kappa * meat),
  });
}

export type { Rows };
