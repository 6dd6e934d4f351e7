/**
 * Two-stage least squares with absorbed fixed effects. Every column the model uses (outcome, endogenous and
 * exogenous regressors, instruments) is demeaned once, in one projection; the first stages and the second
 * stage are then least-squares fits on that projection (fitDesign with a shared Projection), so the fixed
 * effects cost one demeaning whatever the number of stages.
 *
 * The second stage regresses y on [X^, W] (X^ the fitted endogenous regressors, W the exogenous ones). Its
 * residuals must be the structural ones, e = y - X b - W c with the ORIGINAL endogenous columns (fixest,
 * AER::ivreg). Since X^ and W are orthogonal to V^ = X - X^ (the first-stage residuals), least squares of
 * y* = y - V^ b on [X^, W] has the 2SLS coefficients whatever b, and with b the 2SLS b_X (from the Gram matrix
 * of the columns) its residuals are exactly e: the variance registry then forms the bread ([X^ W]'[X^ W])^-1
 * and every meat from e and [X^, W], which is the 2SLS sandwich.
 */
import { EstimationError } from '../../errors.js';
import type { Design } from '../design.js';
import { fitDesign, project, type FitSettings, type Projection, type RawFit } from '../fit.js';
import type { ResolvedOptions } from '../options.js';
import { computeVcov, meatsFor, type Vcov } from '../vcov/registry.js';
import { NO_MEATS } from '../vcov/entry.js';
import { Gram, hcat, invertSpd, matmul, pick, residualOn, sequentialResidualNorms } from '../iv/dense.js';

/** Where each role's columns sit among the design's names. */
export interface IvLayout {
  /** '(Intercept)' when the model has one (no fixed effects), then the other exogenous regressors. */
  readonly exogenous: readonly string[];
  readonly endogenous: readonly string[];
  readonly instruments: readonly string[];
}

/** One first stage: an endogenous regressor on the instruments and the exogenous regressors. */
export interface FirstStageFit {
  readonly endog: string;
  readonly design: Design; // names: intercept, instruments, exogenous
  readonly fit: RawFit;
  readonly vcov: Vcov; // with the model's variance type
}

/** The two stages and what the diagnostics read. */
export interface IvFit {
  readonly firstStages: readonly FirstStageFit[];
  /** The second stage's design: names '(Intercept)', fit_<endog>..., exogenous. */
  readonly design: Design;
  /** 2SLS coefficients, bread, meats and the structural residuals e (original scale). */
  readonly fit: RawFit;
  /** Gram matrix of the demeaned, sqrt(w)-scaled columns A = [W, Z, X, y] (layout order). */
  readonly gram: Gram;
}

/** The name fixest gives the coefficient of an endogenous regressor. */
export function fittedName(endog: string): string {
  return `fit_${endog}`;
}

/** Settings of a fit with the meats the model's variance needs (the registry's request), or none. */
export function meatSettings(options: ResolvedOptions, meats: boolean): FitSettings {
  return {
    demeanTol: options.demeanTol, demeanMaxIter: options.demeanMaxIter, collinTol: options.collinTol,
    ...(meats ? meatsFor(options) : NO_MEATS),
  };
}

/** A design that reads its columns from a projection by name (fitDesign with a projection needs only k). */
function viewDesign(design: Design, depvar: string, names: readonly string[]): Design {
  return { ...design, depvar, names, X: names.map(() => new Float64Array(0)) };
}

/**
 * 2SLS on a design whose names hold every exogenous regressor, endogenous regressor and instrument.
 * Throws EstimationError when an instrument is collinear with the exogenous regressors or the fixed effects.
 */
export function fitIv(design: Design, layout: IvLayout, options: ResolvedOptions): IvFit {
  const n = design.n;
  const names = [design.depvar, ...design.names];
  const projection = project(design, [design.y, ...design.names.map((_, j) => design.X[j])], names, options);
  const p = projection.p;
  const at = (name: string) => projection.names.indexOf(name);
  const kW = layout.exogenous.length, L = layout.instruments.length, nX = layout.endogenous.length;
  const A = [...layout.exogenous, ...layout.instruments, ...layout.endogenous, design.depvar];
  const gram = new Gram(projection.Z, p, A.map(at));
  const m = gram.m;

  // Each instrument must bring something the exogenous regressors, the fixed effects and the instruments
  // before it do not (against its norm before demeaning, as fitDesign's collinearity rule).
  const wz = kW + L;
  const GWZ = new Float64Array(wz * wz);
  for (let i = 0; i < wz; i++) for (let j = 0; j < wz; j++) GWZ[i * wz + j] = gram.G[i * m + j];
  const left = sequentialResidualNorms(GWZ, wz);
  layout.instruments.forEach((z, j) => {
    if (!(left[kW + j] > options.collinTol * projection.norms[at(z)])) {
      throw new EstimationError(`instrument '${z}' is collinear with the exogenous regressors${design.fixedEffects.length ? ' or the fixed effects' : ''}` +
        ' (or with the other instruments); drop it or find another instrument');
    }
  });

  // First stages, with the model's variance (fixest reports them so, and ivwald reads that variance).
  const intercept = layout.exogenous.filter((x) => x === '(Intercept)');
  const others = layout.exogenous.filter((x) => x !== '(Intercept)');
  const firstNames = [...intercept, ...layout.instruments, ...others];
  const firstStages = layout.endogenous.map((endog): FirstStageFit => {
    const d1 = viewDesign(design, endog, firstNames);
    const fit = fitDesign(d1, meatSettings(options, true), projection);
    return { endog, design: d1, fit, vcov: computeVcov(d1, fit, options.vcov, options.ssc) };
  });

  // b_X of 2SLS from the Gram matrix: y on [X^, W], X^ = X - V^ the projection of X on [Z, W].
  const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
  const W: [Float64Array, number] = [pick(m, range(0, kW)), kW];
  const ZW = hcat(m, [pick(m, range(kW, L)), L], W);
  const X: [Float64Array, number] = [pick(m, range(wz, nX)), nX];
  const V = residualOn(gram, X, ZW);
  const Xhat = X[0].slice();
  for (let i = 0; i < Xhat.length; i++) Xhat[i] -= V[0][i];
  const [T, q] = hcat(m, [Xhat, nX], W);
  const [Ty, qy] = hcat(m, [T, q], [pick(m, [m - 1]), 1]);
  const C = gram.of(Ty, qy);
  const Cxx = new Float64Array(q * q), Cxy = new Float64Array(q);
  for (let i = 0; i < q; i++) { for (let j = 0; j < q; j++) Cxx[i * q + j] = C[i * qy + j]; Cxy[i] = C[i * qy + q]; }
  let bX: Float64Array;
  try {
    bX = matmul(invertSpd(Cxx, q), Cxy, q, q, 1).subarray(0, nX);
  } catch {
    throw new EstimationError('the fitted endogenous regressors are collinear with the exogenous regressors or with each other; the instruments do not identify them separately');
  }

  // Second stage on [X^, W] with y* = y - V^ b_X, in the projection's (demeaned, sqrt(w)-scaled) space.
  const secondNames = [...intercept, ...layout.endogenous.map(fittedName), ...others];
  const source = secondNames.map((name) => (name.startsWith('fit_') && layout.endogenous.includes(name.slice(4)) ? null : at(name)));
  const endoAt = layout.endogenous.map(at);
  const resid = firstStages.map((fs) => fs.fit.residuals);
  const sqrtW = design.weights ? Float64Array.from(design.weights, Math.sqrt) : null;
  const yAt = at(design.depvar);
  const k2 = secondNames.length + 1;
  const Z2 = new Float64Array(n * k2);
  const v = new Float64Array(nX);
  for (let i = 0; i < n; i++) {
    const row = i * p;
    const sw = sqrtW ? sqrtW[i] : 1;
    for (let j = 0; j < nX; j++) v[j] = resid[j][i] * sw;
    let e = 0;
    for (let j = 0, f = 0; j < secondNames.length; j++) {
      const src = source[j];
      if (src === null) { Z2[i * k2 + j] = projection.Z[row + endoAt[f]] - v[f]; e += v[f] * bX[f]; f++; }
      else Z2[i * k2 + j] = projection.Z[row + src];
    }
    Z2[i * k2 + secondNames.length] = projection.Z[row + yAt] - e;
  }
  const normOf = (name: string) => projection.norms[name.startsWith('fit_') && layout.endogenous.includes(name.slice(4)) ? at(name.slice(4)) : at(name)];
  const norms = Float64Array.from([...secondNames, design.depvar], normOf);
  const stage2: Projection = { n, names: [...secondNames, design.depvar], p: k2, Z: Z2, norms, iterations: projection.iterations };
  const d2 = viewDesign(design, design.depvar, secondNames);
  // The second stage's scores always stay with the result: revcov forms other 2SLS variances from them (it
  // could not project this design again, whose columns live only in the projection).
  const second = fitDesign(d2, { ...meatSettings(options, true), keepScores: true }, stage2);
  const lost = second.collinear.map((j) => secondNames[j]).filter((name) => name.startsWith('fit_'));
  if (lost.length) {
    throw new EstimationError(`the fitted ${lost.join(', ')} is collinear with the exogenous regressors; the instruments do not identify it separately`);
  }
  const yy = gram.G[(m - 1) * m + m - 1];
  return { firstStages, design: d2, fit: { ...second, rssFeOnly: yy }, gram };
}
