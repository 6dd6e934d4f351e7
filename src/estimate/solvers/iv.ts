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
import { fitDesign, projectResident, type FitSettings, type RawFit, type ResidentProjection } from '../fit.js';
import { Arena } from '../../wasm/arena.js';
import { copyElements, copyOut } from '../../wasm/copy.js';
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
  /** Sums over A's rows, while the arena given to fitIv lives (null without one). */
  readonly rows: IvRows | null;
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

/**
 * A design that reads its columns from a projection by name (fitDesign with a projection needs only k). The
 * source's property descriptors are copied, not read: reading its lazy `y` would copy the outcome's sample.
 */
function viewDesign(design: Design, depvar: string, names: readonly string[]): Design {
  return Object.defineProperties({}, {
    ...Object.getOwnPropertyDescriptors(design),
    depvar: { value: depvar, enumerable: true },
    names: { value: names, enumerable: true },
    X: { value: names.map(() => new Float64Array(0)), enumerable: true },
  }) as Design;
}

/** Gram matrix of the columns `cols` of a resident projection, formed in the kernel. */
function gramOf(arena: Arena, projection: ResidentProjection, cols: readonly number[]): Gram {
  const m = cols.length;
  const at = arena.i32(m);
  const G = arena.f64(m * m);
  at.view().set(cols);
  arena.core.columnGram(projection.Z.data, projection.n, projection.s, at.data, m, G.data);
  return new Gram(m, copyOut(G.view()));
}

/**
 * Row-level sums over the columns of A, which stay in module memory: usable while the arena given to fitIv
 * lives (the diagnostics run inside it).
 */
export interface IvRows {
  /**
   * The meat of the scores s_i = vec(z_i v_i'), z_i = Tz' a_i ([L]) and v_i = Tv' a_i ([p]) combinations of A's
   * row a_i: sum_i s_i s_i', or with a clustering sum_g S_g S_g', S_g the sum over cluster g ([Lp x Lp]).
   */
  kroneckerMeat(Tz: Float64Array, L: number, Tv: Float64Array, p: number, cluster: { readonly codes: Int32Array; readonly G: number } | null): Float64Array;
}

function residentRows(arena: Arena, projection: ResidentProjection, cols: readonly number[]): IvRows {
  return {
    kroneckerMeat(Tz, L, Tv, p, cluster) {
      const { n, s } = projection;
      const m = cols.length, q = L * p;
      const at = arena.i32(m), T = arena.f64(m * (L + p)), scores = arena.f64(n * q), ones = arena.f64(n);
      const identity = arena.i32(q), meat = arena.f64(q * q);
      const S = cluster ? arena.f64(cluster.G * q) : null;
      const ids = cluster ? arena.i32(n) : null;
      // Views only after every allocation: growing the memory detaches the older ones.
      at.view().set(cols);
      const t = T.view();
      for (let a = 0; a < m; a++) {
        for (let l = 0; l < L; l++) t[a * (L + p) + l] = Tz[a * L + l];
        for (let j = 0; j < p; j++) t[a * (L + p) + L + j] = Tv[a * p + j];
      }
      ones.view().fill(1);
      identity.view().set(Array.from({ length: q }, (_, j) => j));
      const core = arena.core;
      core.kroneckerScores(projection.Z.data, n, s, at.data, m, T.data, L, p, scores.data);
      if (cluster && S && ids) {
        copyElements(ids.view(), 0, cluster.codes);
        core.clusterScores(scores.data, n, q, identity.data, q, ones.data, ids.data, cluster.G, S.data);
        core.crossprod(S.data, cluster.G, q, meat.data);
      } else {
        core.heteroMeat(scores.data, n, q, identity.data, q, ones.data, meat.data);
      }
      return meat.view().slice();
    },
  };
}

/**
 * 2SLS on a design whose names hold every exogenous regressor, endogenous regressor and instrument.
 * Every stage works on one projection that stays in WebAssembly memory: the columns are demeaned once, the
 * stages take theirs with a kernel, and the second stage's columns are formed there too. With an `arena`
 * (released by the caller) the result's `rows` reach that projection; without one, `rows` is null.
 * Throws EstimationError when an instrument is collinear with the exogenous regressors or the fixed effects.
 */
export function fitIv(design: Design, layout: IvLayout, options: ResolvedOptions, arena?: Arena): IvFit {
  if (arena) return fitIvIn(arena, design, layout, options, true);
  const own = new Arena();
  try {
    return fitIvIn(own, design, layout, options, false);
  } finally {
    own.release();
  }
}

function fitIvIn(arena: Arena, design: Design, layout: IvLayout, options: ResolvedOptions, keepRows: boolean): IvFit {
  const n = design.n;
  const names = [design.depvar, ...design.names];
  const full = design.full;
  const columns = full ? [full.y, ...full.X] : [design.y, ...design.X];
  const projection = projectResident(arena, design, columns, names, options, full ? design.rows : null);
  const at = (name: string) => projection.names.indexOf(name);
  const kW = layout.exogenous.length, L = layout.instruments.length, nX = layout.endogenous.length;
  const A = [...layout.exogenous, ...layout.instruments, ...layout.endogenous, design.depvar];
  const gram = gramOf(arena, projection, A.map(at));
  const rows = keepRows ? residentRows(arena, projection, A.map(at)) : null;
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
    // Its residuals are not read (the second stage's columns come from A), so they stay in module memory.
    const fit = fitDesign(d1, { ...meatSettings(options, true), residuals: false }, projection);
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

  // Second stage on [X^, W] with y* = y - V^ b_X, in the projection's (demeaned, sqrt(w)-scaled) space. Every
  // column is a combination of A's: X^_f = [Z W] pi_f with pi_f the first stage's coefficients (from its QR,
  // not from the Gram matrix, so X^ is as accurate as a least-squares fit gives it), W picks A's, and
  // y* = y - sum_f b_X,f (X_f - X^_f). They are formed in the kernel from the projection, so no first-stage
  // residual is needed in JavaScript. Since V^ is orthogonal to [X^, W], b_X only moves the residuals.
  const secondNames = [...intercept, ...layout.endogenous.map(fittedName), ...others];
  const k2 = secondNames.length + 1;
  const T2 = new Float64Array(m * k2);
  const inA = (name: string) => A.indexOf(name);
  const fitted = firstStages.map((fs) => {
    const pi = new Float64Array(m);
    fs.fit.kept.forEach((col, j) => { pi[inA(fs.design.names[col])] = fs.fit.beta[j]; });
    return pi;
  });
  secondNames.forEach((name, c) => {
    const f = layout.endogenous.indexOf(name.slice(4));
    if (name.startsWith('fit_') && f >= 0) for (let a = 0; a < m; a++) T2[a * k2 + c] = fitted[f][a];
    else T2[inA(name) * k2 + c] = 1;
  });
  T2[(m - 1) * k2 + k2 - 1] = 1;
  layout.endogenous.forEach((endog, f) => {
    T2[inA(endog) * k2 + k2 - 1] -= bX[f];
    for (let a = 0; a < m; a++) T2[a * k2 + k2 - 1] += bX[f] * fitted[f][a];
  });
  const s2 = k2 % 2 === 0 ? k2 : k2 + 1;
  const Z2 = arena.f64(n * s2);
  const cols = arena.i32(m);
  const combos = arena.f64(m * k2);
  cols.view().set(A.map(at));
  combos.view().set(T2);
  arena.core.combineColumns(projection.Z.data, n, projection.s, cols.data, m, combos.data, k2, Z2.data, s2);
  const sourceOf = (name: string) => at(name.startsWith('fit_') && layout.endogenous.includes(name.slice(4)) ? name.slice(4) : name);
  const norms = Float64Array.from([...secondNames, design.depvar], (name) => projection.norms[sourceOf(name)]);
  const stage2: ResidentProjection = { n, names: [...secondNames, design.depvar], p: k2, s: s2, Z: Z2, norms, iterations: projection.iterations, consumable: true };
  const d2 = viewDesign(design, design.depvar, secondNames);
  const second = fitDesign(d2, { ...meatSettings(options, true), keepScores: options.keepScores }, stage2);
  const lost = second.collinear.map((j) => secondNames[j]).filter((name) => name.startsWith('fit_'));
  if (lost.length) {
    throw new EstimationError(`the fitted ${lost.join(', ')} is collinear with the exogenous regressors; the instruments do not identify it separately`);
  }
  const yy = gram.G[(m - 1) * m + m - 1];
  return { firstStages, design: d2, fit: { ...second, rssFeOnly: yy }, gram, rows };
}
