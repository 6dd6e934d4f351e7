/**
 * Diagnostics of a 2SLS fit, as fixest 0.12's `fitstat` gives them (ivf, ivwald, wh, sargan, cd, kpr), all
 * on the demeaned, sqrt(w)-scaled columns of the shared projection (the fixed effects are already out):
 * - ivf: first-stage F = ((SSR without instruments - SSR) / L) / (SSR / (n - K_1)), K_1 the first stage's K
 *   under the model's variance (fixest's rule);
 * - ivwald: b_Z' V_ZZ^-1 b_Z / L with the first stage's variance, on F(L, n - K_1);
 * - wh (Wu-Hausman): F test of the first-stage residuals added to the OLS of y on X and W (iid), on
 *   (n_endo, n - K of that regression);
 * - sargan (over-identified): n R^2 of the structural residuals on the instruments and W, chi2(L - n_endo);
 * - cd (Cragg-Donald): (n - n_endo - L - 1) / L x c^2 / (1 - c^2), c the smallest canonical correlation of X
 *   and the instruments, both residualised on W;
 * - kpr: the Kleibergen and Paap (2006) rk Wald statistic of rank(Pi) = n_endo - 1, divided by L (fixest's
 *   F form), with the first stages' variance (iid, hetero or one-way cluster), p-value from chi2(L - n_endo + 1)
 *   applied to that F form (fixest's).
 */
import { chiSquareUpperTail, fUpperTail } from '../inference.js';
import type { Design } from '../design.js';
import { fixefParams } from '../ssc.js';
import { symmetricEigen } from '../eigen.js';
import type { ResolvedOptions } from '../options.js';
import type { IvFit, IvLayout, IvRows } from '../solvers/iv.js';
import { cholesky, Gram, hcat, invertLower, invertSpd, matmul, pick, residualOn, sumsOfSquares, transpose } from './dense.js';

/** A test statistic with its p-value and degrees of freedom (df2 null for chi-square tests). */
export interface IvTest {
  readonly stat: number;
  readonly pValue: number;
  readonly df1: number;
  readonly df2: number | null;
}

/** Per endogenous regressor: the first-stage F and its Wald form with the model's variance. */
export interface FirstStageTest {
  readonly endog: string;
  readonly f: IvTest;
  readonly wald: IvTest;
}

export interface IvDiagnostics {
  readonly firstStage: readonly FirstStageTest[];
  readonly wuHausman: IvTest;
  /** Null when exactly identified. */
  readonly sargan: IvTest | null;
  readonly craggDonald: number;
  /** Null for variances it is not defined with here (multiway clusters, HC2/HC3, NW, DK, Conley, CR3). */
  readonly kleibergenPaap: IvTest | null;
}

/** b' V^-1 b for the rows `idx` of b and V ([k x k] row-major). */
function quadForm(b: ArrayLike<number>, V: Float64Array, k: number, idx: readonly number[]): number {
  const m = idx.length;
  const sub = new Float64Array(m * m);
  idx.forEach((a, i) => idx.forEach((c, j) => { sub[i * m + j] = V[a * k + c]; }));
  const inv = invertSpd(sub, m);
  let q = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) q += b[idx[i]] * inv[i * m + j] * b[idx[j]];
  return q;
}

/** The Kleibergen-Paap rk Wald statistic (before fixest's division by L), or null when not available. */
function kleibergenPaap(g: Gram, rows: IvRows, design: Design, RZ: [Float64Array, number], RX: [Float64Array, number], V: [Float64Array, number],
  K1: number, options: ResolvedOptions): number | null {
  const L = RZ[1], p = RX[1], n = design.n, m = g.m;
  const type = options.vcov;
  const clustered = type === 'cluster' && design.clusterings.length === 1;
  if (type !== 'iid' && type !== 'hetero' && !clustered) return null;
  const ZZ = g.of(RZ[0], L);
  const B = invertSpd(ZZ, L);
  const [ZX, qzx] = hcat(m, RZ, RX);
  const Czx = g.of(ZX, qzx);
  const ZtX = new Float64Array(L * p);
  for (let i = 0; i < L; i++) for (let j = 0; j < p; j++) ZtX[i * p + j] = Czx[i * qzx + L + j];
  const Pi = matmul(B, ZtX, L, L, p); // [L x p]
  const q = L * p;
  // Variance of vec(Pi) (columns stacked), with the first stages' small-sample factors.
  const kFactor = options.ssc.kAdj ? (n - 1) / (n - K1) : 1;
  const VPi = new Float64Array(q * q);
  if (type === 'iid') {
    const VV = g.of(V[0], p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
      const s = VV[a * p + b] / (n - 1) * kFactor;
      for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) VPi[(a * L + i) * q + b * L + j] = s * B[i * L + j];
    }
  } else {
    // Scores s_i = vec(z_i v_i'), z and v the residual columns (combinations of A), summed by cluster when
    // clustered: formed over the rows in the kernel.
    const G = clustered ? design.clusterings[0].G : n;
    const meat = rows.kroneckerMeat(RZ[0], L, V[0], p, clustered ? design.clusterings[0] : null);
    const IB = new Float64Array(q * q);
    for (let a = 0; a < p; a++) for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) IB[(a * L + i) * q + a * L + j] = B[i * L + j];
    const gFactor = !options.ssc.gAdj ? 1 : clustered ? G / (G - 1) : n / (n - 1);
    const Vr = matmul(matmul(IB, meat, q, q, q), IB, q, q, q);
    for (let i = 0; i < q * q; i++) VPi[i] = Vr[i] * gFactor * kFactor;
  }
  // Theta = F Pi G with F'F = Z'Z and G G' = (X'X)^-1: its singular values are the canonical correlations.
  const F = transpose(cholesky(ZZ, L), L, L);
  const Gm = transpose(invertLower(cholesky(g.of(RX[0], p), p), p), p, p);
  const Theta = matmul(matmul(F, Pi, L, L, p), Gm, L, p, p);
  const left = symmetricEigen(matmul(Theta, transpose(Theta, L, p), L, p, L), L);
  const right = symmetricEigen(matmul(transpose(Theta, L, p), Theta, p, L, p), p);
  const mm = L - p + 1;
  const order = Array.from(left.values).map((v, i) => [v, i]).sort((a, b) => a[0] - b[0]).slice(0, mm).map((x) => x[1]);
  const vMin = Array.from(right.values).map((v, i) => [v, i]).sort((a, b) => a[0] - b[0])[0][1];
  const Uperp = new Float64Array(L * mm);
  order.forEach((col, r) => { for (let i = 0; i < L; i++) Uperp[i * mm + r] = left.vectors[i * L + col]; });
  const vperp = Float64Array.from({ length: p }, (_, i) => right.vectors[i * p + vMin]);
  // lambda = U_perp' Theta v_perp = T vec(Pi), T = (G v_perp)' kron (F' U_perp)'.
  const Gv = matmul(Gm, vperp, p, p, 1);
  const FtU = matmul(transpose(F, L, L), Uperp, L, L, mm); // [L x mm]
  const T = new Float64Array(mm * q);
  for (let r = 0; r < mm; r++) for (let a = 0; a < p; a++) for (let l = 0; l < L; l++) T[r * q + a * L + l] = Gv[a] * FtU[l * mm + r];
  const vecPi = new Float64Array(q);
  for (let j = 0; j < p; j++) for (let i = 0; i < L; i++) vecPi[j * L + i] = Pi[i * p + j];
  const lambda = matmul(T, vecPi, mm, q, 1);
  const Omega = matmul(matmul(T, VPi, mm, q, q), transpose(T, mm, q), mm, q, mm);
  const inv = invertSpd(Omega, mm);
  let rk = 0;
  for (let i = 0; i < mm; i++) for (let j = 0; j < mm; j++) rk += lambda[i] * inv[i * mm + j] * lambda[j];
  return rk;
}

/** fixest's `fitstat(~ ivf + ivwald + wh + sargan + cd + kpr)` of a 2SLS fit. */
export function ivDiagnostics(iv: IvFit, layout: IvLayout, options: ResolvedOptions): IvDiagnostics {
  const design = iv.design;
  const n = design.n;
  const L = layout.instruments.length;
  const p = layout.endogenous.length;
  const kW = layout.exogenous.length;
  // A = [W, Z, X, y] (the solver's Gram matrix); the structural residual e = y - X b_X - W b_W is a combination of A.
  const g = iv.gram;
  const m = g.m;
  const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
  const W: [Float64Array, number] = [pick(m, range(0, kW)), kW];
  const Z: [Float64Array, number] = [pick(m, range(kW, L)), L];
  const X: [Float64Array, number] = [pick(m, range(kW + L, p)), p];
  const y: [Float64Array, number] = [pick(m, [m - 1]), 1];
  const eWeights = new Float64Array(m);
  eWeights[m - 1] = 1;
  iv.fit.kept.forEach((col, j) => {
    const name = design.names[col];
    const a = name.startsWith('fit_') && layout.endogenous.includes(name.slice(4))
      ? kW + L + layout.endogenous.indexOf(name.slice(4)) : layout.exogenous.indexOf(name);
    eWeights[a] -= iv.fit.beta[j];
  });
  const E: [Float64Array, number] = [eWeights, 1];
  const ZW = hcat(m, Z, W);
  const K1 = iv.firstStages[0].vcov.k;

  const ssrNoInst = sumsOfSquares(g, residualOn(g, X, W));
  const firstStage = iv.firstStages.map((fs, j): FirstStageTest => {
    const ssr = fs.fit.rss;
    const df2 = n - fs.vcov.k;
    const f = ((ssrNoInst[j] - ssr) / L) / (ssr / df2);
    const k1 = fs.fit.kept.length;
    const idx = fs.fit.kept.map((col, at) => [col, at]).filter(([col]) => layout.instruments.includes(fs.design.names[col])).map(([, at]) => at);
    const wald = quadForm(fs.fit.beta, fs.vcov.matrix, k1, idx) / L;
    return {
      endog: fs.endog,
      f: { stat: f, pValue: fUpperTail(f, L, df2), df1: L, df2 },
      wald: { stat: wald, pValue: fUpperTail(wald, L, df2), df1: L, df2 },
    };
  });

  // Wu-Hausman: y on [W, X] against y on [W, X, V^], V^ the first-stage residuals.
  const V = residualOn(g, X, ZW);
  const WX = hcat(m, W, X);
  const [ssrR] = sumsOfSquares(g, residualOn(g, y, WX));
  const [ssrU] = sumsOfSquares(g, residualOn(g, y, hcat(m, WX, V)));
  const dfWh = n - (kW + 2 * p + fixefParams(design));
  const wh = ((ssrR - ssrU) / p) / (ssrU / dfWh);

  // Sargan: n R^2 of the structural residuals on the instruments and W.
  let sargan: IvTest | null = null;
  if (L > p) {
    const [ee] = sumsOfSquares(g, E);
    const [ssrE] = sumsOfSquares(g, residualOn(g, E, ZW));
    const stat = n * (1 - ssrE / ee);
    sargan = { stat, pValue: chiSquareUpperTail(stat, L - p), df1: L - p, df2: null };
  }

  // Cragg-Donald: smallest canonical correlation of X and Z, both residualised on W.
  const RX = residualOn(g, X, W);
  const RZ = residualOn(g, Z, W);
  const [both, qb] = hcat(m, RZ, RX);
  const C = g.of(both, qb);
  const Szz = new Float64Array(L * L), Szx = new Float64Array(L * p), Sxx = new Float64Array(p * p);
  for (let i = 0; i < L; i++) { for (let j = 0; j < L; j++) Szz[i * L + j] = C[i * qb + j]; for (let j = 0; j < p; j++) Szx[i * p + j] = C[i * qb + L + j]; }
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) Sxx[i * p + j] = C[(L + i) * qb + L + j];
  const M1 = matmul(matmul(transpose(Szx, L, p), invertSpd(Szz, L), p, L, L), Szx, p, L, p);
  const Ci = invertLower(cholesky(Sxx, p), p);
  const sym = matmul(matmul(Ci, M1, p, p, p), transpose(Ci, p, p), p, p, p);
  const c2 = Math.min(...symmetricEigen(sym, p).values);
  const craggDonald = ((n - p - L - 1) / L) * c2 / (1 - c2);

  if (!iv.rows) throw new Error('hdfe: the IV diagnostics need the fit\'s rows (fitIv with an arena)');
  const rk = kleibergenPaap(g, iv.rows, design, RZ, RX, V, K1, options);
  const kpDf = L - p + 1;
  return {
    firstStage,
    wuHausman: { stat: wh, pValue: fUpperTail(wh, p, dfWh), df1: p, df2: dfWh },
    sargan,
    craggDonald,
    kleibergenPaap: rk === null ? null : { stat: rk / L, pValue: chiSquareUpperTail(rk / L, kpDf), df1: kpDf, df2: null },
  };
}
