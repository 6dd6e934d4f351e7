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
import type { IvFit, IvLayout } from '../solvers/iv.js';
import { cholesky, crossprod, dot, invertLower, invertSpd, matmul, orthonormalBasis, residualize, residualSS, transpose } from './dense.js';

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
function kleibergenPaap(design: Design, RZ: Float64Array[], RX: Float64Array[], V: Float64Array[], K1: number, options: ResolvedOptions): number | null {
  const L = RZ.length, p = RX.length, n = design.n;
  const type = options.vcov;
  const clustered = type === 'cluster' && design.clusterings.length === 1;
  if (type !== 'iid' && type !== 'hetero' && !clustered) return null;
  const ZZ = crossprod(RZ, RZ);
  const B = invertSpd(ZZ, L);
  const Pi = matmul(B, crossprod(RZ, RX), L, L, p); // [L x p]
  const q = L * p;
  // Variance of vec(Pi) (columns stacked), with the first stages' small-sample factors.
  const kFactor = options.ssc.kAdj ? (n - 1) / (n - K1) : 1;
  const VPi = new Float64Array(q * q);
  if (type === 'iid') {
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
      const s = dot(V[a], V[b]) / (n - 1) * kFactor;
      for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) VPi[(a * L + i) * q + b * L + j] = s * B[i * L + j];
    }
  } else {
    // Scores s_i = vec(z_i v_i'), summed by cluster when clustered.
    const G = clustered ? design.clusterings[0].G : n;
    const codes = clustered ? design.clusterings[0].codes : null;
    const S = new Float64Array(G * q);
    for (let i = 0; i < n; i++) {
      const g = codes ? codes[i] : i;
      for (let a = 0; a < p; a++) for (let l = 0; l < L; l++) S[g * q + a * L + l] += RZ[l][i] * V[a][i];
    }
    const meat = new Float64Array(q * q);
    for (let g = 0; g < G; g++) for (let r = 0; r < q; r++) {
      const sr = S[g * q + r];
      if (sr === 0) continue;
      for (let c = 0; c < q; c++) meat[r * q + c] += sr * S[g * q + c];
    }
    const IB = new Float64Array(q * q);
    for (let a = 0; a < p; a++) for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) IB[(a * L + i) * q + a * L + j] = B[i * L + j];
    const gFactor = !options.ssc.gAdj ? 1 : clustered ? G / (G - 1) : n / (n - 1);
    const Vr = matmul(matmul(IB, meat, q, q, q), IB, q, q, q);
    for (let i = 0; i < q * q; i++) VPi[i] = Vr[i] * gFactor * kFactor;
  }
  // Theta = F Pi G with F'F = Z'Z and G G' = (X'X)^-1: its singular values are the canonical correlations.
  const F = transpose(cholesky(ZZ, L), L, L);
  const Gm = transpose(invertLower(cholesky(crossprod(RX, RX), p), p), p, p);
  const Theta = matmul(matmul(F, Pi, L, L, p), Gm, L, p, p);
  const left = symmetricEigen(matmul(Theta, transpose(Theta, L, p), L, p, L), L);
  const right = symmetricEigen(matmul(transpose(Theta, L, p), Theta, p, L, p), p);
  const m = L - p + 1;
  const order = Array.from(left.values).map((v, i) => [v, i]).sort((a, b) => a[0] - b[0]).slice(0, m).map((x) => x[1]);
  const vMin = Array.from(right.values).map((v, i) => [v, i]).sort((a, b) => a[0] - b[0])[0][1];
  const Uperp = new Float64Array(L * m);
  order.forEach((col, r) => { for (let i = 0; i < L; i++) Uperp[i * m + r] = left.vectors[i * L + col]; });
  const vperp = Float64Array.from({ length: p }, (_, i) => right.vectors[i * p + vMin]);
  // lambda = U_perp' Theta v_perp = T vec(Pi), T = (G v_perp)' kron (F' U_perp)'.
  const Gv = matmul(Gm, vperp, p, p, 1);
  const FtU = matmul(transpose(F, L, L), Uperp, L, L, m); // [L x m]
  const T = new Float64Array(m * q);
  for (let r = 0; r < m; r++) for (let a = 0; a < p; a++) for (let l = 0; l < L; l++) T[r * q + a * L + l] = Gv[a] * FtU[l * m + r];
  const lambda = matmul(T, Pi.length === q ? vecColumns(Pi, L, p) : Pi, m, q, 1);
  const Omega = matmul(matmul(T, VPi, m, q, q), transpose(T, m, q), m, q, m);
  const inv = invertSpd(Omega, m);
  let rk = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) rk += lambda[i] * inv[i * m + j] * lambda[j];
  return rk;
}

/** vec() of a row-major [r x c] matrix: its columns stacked. */
function vecColumns(A: Float64Array, r: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let j = 0; j < c; j++) for (let i = 0; i < r; i++) out[j * r + i] = A[i * c + j];
  return out;
}

/** fixest's `fitstat(~ ivf + ivwald + wh + sargan + cd + kpr)` of a 2SLS fit. */
export function ivDiagnostics(iv: IvFit, layout: IvLayout, options: ResolvedOptions): IvDiagnostics {
  const design = iv.design;
  const n = design.n;
  const L = layout.instruments.length;
  const p = layout.endogenous.length;
  const W = layout.exogenous.map(iv.column);
  const Zs = layout.instruments.map(iv.column);
  const Xs = layout.endogenous.map(iv.column);
  const y = iv.column(design.depvar);
  const QW = orthonormalBasis(W);
  const QZW = orthonormalBasis(Zs, QW);
  const K1 = iv.firstStages[0].vcov.k;

  const firstStage = iv.firstStages.map((fs, j): FirstStageTest => {
    const ssrR = residualSS(Xs[j], QW);
    const ssr = fs.fit.rss;
    const df2 = n - fs.vcov.k;
    const f = ((ssrR - ssr) / L) / (ssr / df2);
    const k1 = fs.fit.kept.length;
    const idx = fs.fit.kept.map((col, at) => [col, at]).filter(([col]) => layout.instruments.includes(fs.design.names[col])).map(([, at]) => at);
    const wald = quadForm(fs.fit.beta, fs.vcov.matrix, k1, idx) / L;
    return {
      endog: fs.endog,
      f: { stat: f, pValue: fUpperTail(f, L, df2), df1: L, df2 },
      wald: { stat: wald, pValue: fUpperTail(wald, L, df2), df1: L, df2 },
    };
  });

  // Wu-Hausman: y on [W, X] against y on [W, X, V^].
  const V = iv.firstStages.map((fs) => residualize(Xs[iv.firstStages.indexOf(fs)], QZW));
  const QWX = orthonormalBasis(Xs, QW);
  const ssrR = residualSS(y, QWX);
  const ssrU = residualSS(y, orthonormalBasis(V, QWX));
  const dfWh = n - (W.length + 2 * p + fixefParams(design));
  const wh = ((ssrR - ssrU) / p) / (ssrU / dfWh);

  // Sargan: n R^2 of the structural residuals on the instruments and W.
  let sargan: IvTest | null = null;
  if (L > p) {
    const sqrtW = design.weights ? Float64Array.from(design.weights, Math.sqrt) : null;
    const e = Float64Array.from(iv.fit.residuals, (v, i) => v * (sqrtW ? sqrtW[i] : 1));
    const stat = n * (1 - residualSS(e, QZW) / dot(e, e));
    sargan = { stat, pValue: chiSquareUpperTail(stat, L - p), df1: L - p, df2: null };
  }

  // Cragg-Donald: smallest canonical correlation of X and Z given W.
  const RX = Xs.map((x) => residualize(x, QW));
  const RZ = Zs.map((z) => residualize(z, QW));
  const QRZ = orthonormalBasis(RZ);
  const A = crossprod(QRZ, RX); // [L x p]
  const M1 = matmul(transpose(A, QRZ.length, p), A, p, QRZ.length, p);
  const Ci = invertLower(cholesky(crossprod(RX, RX), p), p);
  const sym = matmul(matmul(Ci, M1, p, p, p), transpose(Ci, p, p), p, p, p);
  const c2 = Math.min(...symmetricEigen(sym, p).values);
  const craggDonald = ((n - p - L - 1) / L) * c2 / (1 - c2);

  const rk = kleibergenPaap(design, RZ, RX, V, K1, options);
  const kpDf = L - p + 1;
  const kleibergenPaap_ = rk === null ? null : { stat: rk / L, pValue: chiSquareUpperTail(rk / L, kpDf), df1: kpDf, df2: null };
  return {
    firstStage,
    wuHausman: { stat: wh, pValue: fUpperTail(wh, p, dfWh), df1: p, df2: dfWh },
    sargan,
    craggDonald,
    kleibergenPaap: kleibergenPaap_,
  };
}
