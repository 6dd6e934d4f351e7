/**
 * The wild restricted efficient bootstrap (WRE) of Davidson and MacKinnon (2010), "Wild bootstrap tests for
 * IV regression", JBES 28(1), for H0: beta = r on the one endogenous regressor of `y ~ W | fe | x ~ Z`:
 * everything a draw needs, computed once, so that a draw costs O(G l^2) and never touches the rows.
 *
 * Fixed effects (FWL). The columns y, x, W, Z are demeaned once (and sqrt(w)-scaled, where 2SLS is least
 * squares). The bootstrap DGP and every refit then run on the demeaned columns, which is exact, not an
 * approximation, for these reasons (boottest does the same for ivreghdfe: WildBootTests.jl partials the
 * fixed effects out of y1, Y2, X1, X2 and corrects the bootstrap residuals when an FE is not nested in the
 * bootstrap clusters):
 *  - the restricted structural fit (y - x r on [W D]) and the efficient reduced form (x on [Z W D u~]) have,
 *    by FWL, the same coefficients and residuals u~, v~ on the demeaned columns as with the dummies D;
 *  - a bootstrap sample built with the dummies, y* = x* r + W g + D a + u~ o v, x* = Q Pi + D p + v~ o v, has
 *    the same 2SLS coefficients as the demeaned one (y*, x* without the D terms and not demeaned again),
 *    because every 2SLS cross-product goes through Q = [Z W], whose demeaned columns satisfy Q'D = 0;
 *  - its residuals are e* = M_D (y* - X* b*): M_D (u~ o v) = u~ o v when every FE level lies in one cluster
 *    (D'(u~ o v) = sum over a level's rows of u~ v_g = v_g D'u~ = 0); otherwise the difference enters only the
 *    clusters' scores Q_g'e*_g, through Q^(g)'P_D u^(h), which fe-correction.ts forms exactly (the matrix
 *    boottest builds with its "crosstab" of FE and clusters), so the t* equal those of the dummy-variable
 *    brute force (tests/golden/wre/).
 *
 * Notation (all in the demeaned, sqrt(w)-scaled space): Q = [Z W] ([n x l], the instruments, W's columns last),
 * C = Q'Q, C_g = Q_g'Q_g, the exogenous W ([n x kW]). Under H0: beta = r,
 *   (1) restricted structural fit: u~(r) = M_W (y - x r) = a - r m,   a = M_W y, m = M_W x,
 *       g~(r) = (W'W)^-1 W'(y - x r);
 *   (2) efficient reduced form (D&M's RE and WRE DGPs): x on [Q, u~]: Pi~ = C^-1 Q'(x - u~ d~),
 *       d~ = u~'M_Q x / u~'M_Q u~ (FWL), and v~ = x - Q Pi~ = v^ + d~ P_Q u~ = v^ + d~ (pa - r pm),
 *       v^ = M_Q x, pa = P_Q a, pm = P_Q m (the u~ term stays in v~, as in D&M and boottest);
 *   (3) draw: u* = u~ o v, v* = v~ o v (the same v_g per cluster), x* = Q Pi~ + v*, y* = x* r + W g~ + u*;
 *   (4) 2SLS of y* on X* = [x*, W] with instruments Q, from Q'x* = C Pi~ + sum_g v_g Fv_g and
 *       Q'y* = r Q'x* + C_W g~ + sum_g v_g Fu_g  (Fu_g = Q_g'u~_g, Fv_g = Q_g'v~_g): with pi* = C^-1 Q'x*,
 *       H = X^'X^ = [[pi*'Q'x*, (Q'x*)_W'], [(Q'x*)_W, C_WW]], h = [pi*'Q'y*, (Q'y*)_W], b* = H^-1 h;
 *   (5) residuals e* = M_D (y* - X* b*) = Q c + M_D u* + dl M_D v*, dl = r - b*_x, c = Pi~ dl + E_W (g~ - b*_W),
 *       and the clusters' scores in the direction of b*_x, th = rho_x pi* + E_W rho_W, rho = H^-1 e_x:
 *       psi_g = th'Q_g'e*_g = th'C_g c + v_g th'(Fu_g + dl Fv_g) - th'([K_u v]_g + dl [K_v v]_g),
 *       [K_w v]_g = sum_h v_h Q^(g)'P_D w^(h) (zero when every FE is nested in the clusters);
 *   (6) t* = (b*_x - r) / sqrt(kappa sum_g psi_g^2), kappa the model's CR1 factor (ssc.ts, as feols).
 * With all v_g = 1 the draw is the original sample, so the identity draw's t* is the model's t at r.
 * Everything in (1)-(2) is a fixed combination of the five vectors a, m, v^, pa, pm, so the per-cluster
 * tables and FE corrections are made for those once, and the DGP at any r (test inversion) costs O(G l).
 */
import { EstimationError, OptionError } from '../errors.js';
import type { Design } from '../estimate/design.js';
import { project } from '../estimate/fit.js';
import { invertSpd } from '../estimate/iv/dense.js';
import type { Ssc } from '../estimate/options.js';
import { fittedName, type IvFit, type IvLayout } from '../estimate/solvers/iv.js';
import { wreFeCorrection, type WreFe } from './wild-iv-fe.js';
import { cr1Factor } from './prepare.js';

/** The base vectors the DGP at every r combines: a = M_W y, m = M_W x, v^ = M_Q x, pa = P_Q a, pm = P_Q m. */
export const BASES = 5;
const A = 0, M = 1, VHAT = 2, PA = 3, PM = 4;

/** What every r shares (frozen; plain typed arrays, so it can be sent to workers). */
export interface WreBase {
  readonly G: number;
  /** Columns of Q = [Z W]; the last kW are W. */
  readonly l: number;
  readonly kW: number;
  readonly C: Float64Array; // [l x l]
  readonly Cinv: Float64Array; // [l x l]
  readonly Cg: Float64Array; // [G x l x l]
  /** Per cluster and base vector: Q_g'w_g, [G x BASES x l]. */
  readonly F: Float64Array;
  /** The FE correction K = Wl coef, or null when every FE is nested in the clusters (wild-iv-fe.ts). */
  readonly fe: WreFe | null;
  /** Q'x, Q'y ([l]). */
  readonly Qx: Float64Array;
  readonly Qy: Float64Array;
  /** (W'W)^-1 W'y and (W'W)^-1 W'x ([kW]). */
  readonly gy: Float64Array;
  readonly gx: Float64Array;
  /** y'M_Q y, y'M_Q x, x'M_Q x: the scalars of d~(r). */
  readonly yMy: number;
  readonly yMx: number;
  readonly xMx: number;
  readonly kappa: number;
  /** The 2SLS estimate of the endogenous regressor's coefficient. */
  readonly estimate: number;
}

/** The DGP at one null r: the base plus the r-specific tables a draw reads. */
export interface WreAt {
  readonly base: WreBase;
  readonly r: number;
  /** d~(r), the reduced form's coefficient on u~. */
  readonly dTilde: number;
  readonly Pi: Float64Array; // [l]
  readonly gamma: Float64Array; // [kW]
  /** C Pi~ and C_W g~ ([l]). */
  readonly CPi: Float64Array;
  readonly CWg: Float64Array;
  /** Q_g'u~_g and Q_g'v~_g, [G x l]. */
  readonly Fu: Float64Array;
  readonly Fv: Float64Array;
  /**
   * The FE correction at r, K_u = sum_b cu_b K_b and K_v likewise: low rank, Ru and Rv [rank x G] (K_j = Wl_j R),
   * or dense, Ku and Kv [l x G x G]; all null when there is no correction.
   */
  readonly Ru: Float64Array | null;
  readonly Rv: Float64Array | null;
  readonly Ku: Float64Array | null;
  readonly Kv: Float64Array | null;
}

/** Inputs: the IV design and its 2SLS fit (solvers/iv.ts), and the settings of the variance. */
export interface WreSetup {
  readonly design: Design;
  readonly layout: IvLayout;
  readonly ivFit: IvFit;
  readonly ssc: Ssc;
  readonly demean: { demeanTol: number; demeanMaxIter: number };
}

function solveSmall(S: Float64Array, k: number, b: Float64Array): Float64Array {
  const Si = invertSpd(S, k);
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) { let s = 0; for (let j = 0; j < k; j++) s += Si[i * k + j] * b[j]; out[i] = s; }
  return out;
}

/**
 * The base of the WRE for the design's one endogenous regressor. Throws OptionError for several endogenous
 * regressors or varying slopes.
 *
 * @example
 * const { design, layout } = ivDesign(source, parseFormula('y ~ w | fe | x ~ z'), options);
 * const base = prepareWre({ design, layout, ivFit: fitIv(design, layout, options), ssc: options.ssc, demean });
 * wreAt(base, 0); // the DGP under H0: beta_x = 0
 */
export function prepareWre(setup: WreSetup): WreBase {
  const { design, layout, ivFit } = setup;
  if (layout.endogenous.length !== 1) {
    throw new OptionError(`the wild bootstrap of an IV model (WRE) takes one endogenous regressor; this model has ${layout.endogenous.length} ` +
      `(${layout.endogenous.join(', ')}); keep one, or use method 'pairs' or 'cluster'`);
  }
  if (design.slopes?.length) {
    throw new OptionError(`the wild bootstrap's fixed-effect correction does not cover varying slopes (${design.slopes.map((f) => f.name).join(', ')}); ` +
      "use method 'pairs' or 'cluster' for this model");
  }
  const clustering = design.clusterings[0];
  const G = clustering.G;
  const n = design.n;
  const fit = ivFit.fit;
  const secondNames = ivFit.design.names;
  const keptNames = fit.kept.map((c) => secondNames[c]);
  const endo = layout.endogenous[0];
  const W = keptNames.filter((name) => name !== fittedName(endo));
  const kW = W.length;
  const Qnames = [...layout.instruments, ...W];
  const l = Qnames.length;

  // The same projection as the 2SLS fit (every column of the design in one demeaning).
  const names = [design.depvar, ...design.names];
  const projection = project(design, [design.y, ...design.X], names, setup.demean);
  const at = (name: string) => projection.names.indexOf(name);
  const cols = [...Qnames.map(at), at(endo), at(design.depvar)];
  // Gram matrix of [Q, x, y] (one pass; m = l + 2 is small).
  const mm = cols.length;
  const gramG = new Float64Array(mm * mm);
  {
    const row = new Float64Array(mm);
    const Zp0 = projection.Z, p0 = projection.p;
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < mm; a++) row[a] = Zp0[i * p0 + cols[a]];
      for (let a = 0; a < mm; a++) { const ra = row[a]; for (let b = 0; b <= a; b++) gramG[a * mm + b] += ra * row[b]; }
    }
    for (let a = 0; a < mm; a++) for (let b = 0; b < a; b++) gramG[b * mm + a] = gramG[a * mm + b];
  }
  const gram = { G: gramG };
  const C = new Float64Array(l * l);
  for (let i = 0; i < l; i++) for (let j = 0; j < l; j++) C[i * l + j] = gram.G[i * mm + j];
  const Qx = Float64Array.from({ length: l }, (_, i) => gram.G[i * mm + l]);
  const Qy = Float64Array.from({ length: l }, (_, i) => gram.G[i * mm + l + 1]);
  const xx = gram.G[l * mm + l], xy = gram.G[l * mm + l + 1], yy = gram.G[(l + 1) * mm + l + 1];
  let Cinv: Float64Array;
  try {
    Cinv = invertSpd(C, l);
  } catch {
    throw new EstimationError('the instruments and exogenous regressors are collinear on the demeaned sample; drop the redundant ones');
  }
  const CinvQx = solveWith(Cinv, Qx, l), CinvQy = solveWith(Cinv, Qy, l);
  let xMx = xx, yMx = xy, yMy = yy;
  for (let i = 0; i < l; i++) { xMx -= Qx[i] * CinvQx[i]; yMx -= Qy[i] * CinvQx[i]; yMy -= Qy[i] * CinvQy[i]; }

  // W'W and W'x, W'y are blocks of C, Qx, Qy (W is the last kW columns of Q).
  const WW = new Float64Array(kW * kW);
  for (let i = 0; i < kW; i++) for (let j = 0; j < kW; j++) WW[i * kW + j] = C[(l - kW + i) * l + l - kW + j];
  const gy = kW ? solveSmall(WW, kW, Qy.subarray(l - kW)) : new Float64Array(0);
  const gx = kW ? solveSmall(WW, kW, Qx.subarray(l - kW)) : new Float64Array(0);
  // Coefficients on Q of W gy (and W gx): zeros except in W's slots. P_Q a = Q C^-1 Q'a, Q'a = Q'y - C_W gy.
  const onQ = (g: Float64Array) => { const c = new Float64Array(l); c.set(g, l - kW); return c; };
  const QtA = Qy.slice(), QtM = Qx.slice();
  const Cgy = matVec(C, onQ(gy), l), Cgx = matVec(C, onQ(gx), l);
  for (let i = 0; i < l; i++) { QtA[i] -= Cgy[i]; QtM[i] -= Cgx[i]; }
  const pa = solveWith(Cinv, QtA, l), pm = solveWith(Cinv, QtM, l);

  // One pass over the rows: the five base vectors, the per-cluster tables F and C_g.
  const ids = clustering.codes;
  const Cg = new Float64Array(G * l * l);
  const F = new Float64Array(G * BASES * l);
  const base = Array.from({ length: BASES }, () => new Float64Array(n));
  const q = new Float64Array(l);
  const Zp = projection.Z, p = projection.p;
  const xAt = at(endo), yAt = at(design.depvar);
  for (let i = 0; i < n; i++) {
    const row = i * p;
    for (let j = 0; j < l; j++) q[j] = Zp[row + cols[j]];
    const x = Zp[row + xAt], y = Zp[row + yAt];
    let wy = 0, wx = 0, qa = 0, qm = 0, qx = 0;
    for (let j = 0; j < kW; j++) { const w = q[l - kW + j]; wy += w * gy[j]; wx += w * gx[j]; }
    for (let j = 0; j < l; j++) { qa += q[j] * pa[j]; qm += q[j] * pm[j]; qx += q[j] * CinvQx[j]; }
    const v = [y - wy, x - wx, x - qx, qa, qm];
    for (let b = 0; b < BASES; b++) base[b][i] = v[b];
    const g = ids[i];
    const cg = g * l * l, fg = g * BASES * l;
    for (let a = 0; a < l; a++) {
      const qa2 = q[a];
      for (let c = 0; c < l; c++) Cg[cg + a * l + c] += qa2 * q[c];
      for (let b = 0; b < BASES; b++) F[fg + b * l + a] += qa2 * v[b];
    }
  }

  // FE not nested in the clusters: K_(b,j)[g, h] = Q_j^(g)'P_D w_b^(h), one low-rank basis for all (wild-iv-fe.ts).
  const Qcols = cols.slice(0, l).map((c) => { const z = new Float64Array(n); for (let i = 0; i < n; i++) z[i] = Zp[i * p + c]; return z; });
  const fe = design.fixedEffects.length ? wreFeCorrection(design, Qcols, base, F, setup.demean) : null;

  const kept = fit.kept.length;
  const kappa = cr1Factor(ivFit.design, kept, G, setup.ssc);
  const jx = keptNames.indexOf(fittedName(endo));
  const estimate = fit.beta[jx];
  return Object.freeze({ G, l, kW, C, Cinv, Cg, F, fe, Qx, Qy, gy, gx, yMy, yMx, xMx, kappa, estimate });
}

function matVec(S: Float64Array, v: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) { let s = 0; for (let j = 0; j < k; j++) s += S[i * k + j] * v[j]; out[i] = s; }
  return out;
}

function solveWith(Sinv: Float64Array, b: Float64Array, k: number): Float64Array {
  return matVec(Sinv, b, k);
}

/**
 * The DGP at null r: (1)-(2) as combinations of the base vectors, and the per-cluster tables Fu, Fv.
 *
 * @example
 * const at = wreAt(base, 0); // H0: beta = 0
 */
export function wreAt(base: WreBase, r: number): WreAt {
  const { G, l, kW, C, Cinv, F, Qx, Qy, gy, gx } = base;
  // u~'M_Q x and u~'M_Q u~ with u~ = M_W (y - x r) and M_Q M_W = M_Q (W is in Q).
  const num = base.yMx - r * base.xMx;
  const den = base.yMy - 2 * r * base.yMx + r * r * base.xMx;
  const dTilde = den > 0 ? num / den : 0;
  const gamma = Float64Array.from({ length: kW }, (_, j) => gy[j] - r * gx[j]);
  // Q'u~ = Q'y - r Q'x - C_W g~.
  const gOnQ = new Float64Array(l); gOnQ.set(gamma, l - kW);
  const CWg = matVec(C, gOnQ, l);
  const Qu = Float64Array.from({ length: l }, (_, i) => Qy[i] - r * Qx[i] - CWg[i]);
  const t = Float64Array.from({ length: l }, (_, i) => Qx[i] - dTilde * Qu[i]);
  const Pi = matVec(Cinv, t, l);
  const CPi = matVec(C, Pi, l);
  const cu = new Float64Array(BASES), cv = new Float64Array(BASES);
  cu[A] = 1; cu[M] = -r;
  cv[VHAT] = 1; cv[PA] = dTilde; cv[PM] = -dTilde * r;
  const Fu = new Float64Array(G * l), Fv = new Float64Array(G * l);
  for (let g = 0; g < G; g++) {
    for (let a = 0; a < l; a++) {
      let su = 0, sv = 0;
      for (let b = 0; b < BASES; b++) { const f = F[(g * BASES + b) * l + a]; su += cu[b] * f; sv += cv[b] * f; }
      Fu[g * l + a] = su; Fv[g * l + a] = sv;
    }
  }
  let Ru: Float64Array | null = null, Rv: Float64Array | null = null, Ku: Float64Array | null = null, Kv: Float64Array | null = null;
  const fe = base.fe;
  if (fe) {
    const q = fe.rank, M = BASES * G;
    Ru = new Float64Array(q * G); Rv = new Float64Array(q * G);
    for (let t = 0; t < q; t++) {
      for (let h = 0; h < G; h++) {
        let su = 0, sv = 0;
        for (let b = 0; b < BASES; b++) { const c = fe.coef[t * M + b * G + h]; su += cu[b] * c; sv += cv[b] * c; }
        Ru[t * G + h] = su; Rv[t * G + h] = sv;
      }
    }
    // Per draw: low rank costs about 2 q G (l + 1), dense 2 l G^2.
    if (l * G < q * (l + 1)) {
      Ku = new Float64Array(l * G * G); Kv = new Float64Array(l * G * G);
      for (let j = 0; j < l; j++) for (let g = 0; g < G; g++) for (let t = 0; t < q; t++) {
        const w = fe.Wl[(j * G + g) * q + t];
        if (w === 0) continue;
        const row = (j * G + g) * G;
        for (let h = 0; h < G; h++) { Ku[row + h] += w * Ru[t * G + h]; Kv[row + h] += w * Rv[t * G + h]; }
      }
      Ru = null; Rv = null;
    }
  }
  return Object.freeze({ base, r, dTilde, Pi, gamma, CPi, CWg, Fu, Fv, Ru, Rv, Ku, Kv });
}
