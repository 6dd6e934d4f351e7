/**
 * Least squares with absorbed fixed effects, on the WebAssembly core: demean -> weight -> streaming QR ->
 * limited-pivoting QR of R -> coefficients, (X~'X~)^-1, residuals and the meat matrices the variance needs.
 */
import { EstimationError } from '../errors.js';
import { DEFAULTS } from '../defaults.js';
import { Arena, type Buffer } from '../wasm/arena.js';
import { copyElements, copyOut } from '../wasm/copy.js';
import type { SerialType } from './vcov/serial.js';
import type { ConleyDistance } from './vcov/conley.js';
import { formMeats } from './vcov/meats.js';
import type { Design } from './design.js';
import { ldexp, scaleExponent, type ColumnScale } from './scale.js';
import { coreOrder, demeanBytes, demeanInPlace } from './demean.js';

/** Numerical settings of one fit and which meat matrices to form. */
export interface FitSettings {
  demeanTol: number;
  demeanMaxIter: number;
  collinTol: number;
  /** Which meat matrices to form: heteroskedastic and/or one per clustering of the design. */
  hetero: boolean;
  clusters: boolean;
  /** HC2 or HC3: the heteroskedastic meat of leverage-scaled residuals (src/estimate/vcov/leverage.ts). */
  leverage?: 'HC2' | 'HC3' | null;
  /** Newey-West or Driscoll-Kraay meat, with its lag (null: the default rule) (src/estimate/vcov/serial.ts). */
  serial?: { readonly type: SerialType; readonly lag: number | null } | null;
  /** Conley meat with its cutoff (km) and distance (src/estimate/vcov/conley.ts). */
  conley?: { readonly cutoff: number; readonly distance: ConleyDistance } | null;
  /** The CR3 meat of the design's (one) clustering (src/estimate/vcov/cr3.ts). */
  cr3?: boolean;
  /** Keep the demeaned regressors and residuals, so another variance can be formed later without a refit. */
  keepScores?: boolean;
  /**
   * false: the residuals stay in module memory and RawFit.residuals is empty, for a fit whose residuals nobody
   * reads (the 2SLS first stages): a fresh array of n doubles costs more than its copy.
   */
  residuals?: boolean;
}

/** The meats of one fit (null: not asked for). */
export type Meats = Pick<RawFit, 'heteroMeat' | 'serialMeat' | 'conleyMeat' | 'cr3Meat' | 'clusterMeats'>;

/** Numbers of one fit; matrices [k x k] row-major over the kept regressors. */
export interface RawFit {
  readonly kept: readonly number[]; // indices into design.names, in coefficient order
  readonly collinear: readonly number[];
  readonly beta: Float64Array;
  readonly bread: Float64Array; // (X~'W X~)^-1
  readonly rss: number;
  readonly rssFeOnly: number; // sum of squares of the demeaned (weighted) y
  readonly heteroMeat: Float64Array | null;
  readonly serialMeat: { readonly meat: Float64Array; readonly lag: number } | null;
  readonly conleyMeat: Float64Array | null;
  readonly cr3Meat: Float64Array | null;
  readonly clusterMeats: readonly Float64Array[]; // aligned with design.clusterings
  readonly residuals: Float64Array; // [n] y - X beta on the original scale (unweighted); [0] with `residuals: false`
  /** With `keepScores`: the demeaned, sqrt(w)-scaled kept regressors [n x k] row-major and residuals [n]. */
  readonly scores: { readonly X: Float64Array; readonly e: Float64Array } | null;
  readonly iterations: number;
  readonly converged: boolean;
  /**
   * Present when a column of extreme magnitude was scaled (src/estimate/scale.ts): beta, bread, the meats,
   * rss and rssFeOnly are then on the scaled columns (residuals are not); `inTrueUnits` undoes it.
   */
  readonly scale?: ColumnScale;
}

/**
 * Row-major [columns...] in one pass over the n sample rows, reading data row rows[i] when the columns span
 * all data rows (rows null: they are the sample already); returns the weighted norm of every column.
 */
function fillRows(z: Float64Array, s: number, columns: readonly Float64Array[], n: number, rows: Int32Array | null, weights: Float64Array | null,
  exponents?: readonly number[]): Float64Array {
  const p = columns.length;
  const ss = new Float64Array(p);
  // Column j times 2^e as two representable factors (2^e itself may not be: e reaches 1074 for subnormals).
  const f1 = Float64Array.from({ length: p }, (_, j) => 2 ** Math.trunc((exponents?.[j] ?? 0) / 2));
  const f2 = Float64Array.from({ length: p }, (_, j) => 2 ** ((exponents?.[j] ?? 0) - Math.trunc((exponents?.[j] ?? 0) / 2)));
  const scaled = exponents?.some((e) => e !== 0) ?? false;
  for (let i = 0; i < n; i++) {
    const base = i * s;
    const wi = weights ? weights[i] : 1;
    const row = rows ? rows[i] : i;
    for (let j = 0; j < p; j++) {
      const v = scaled ? columns[j][row] * f1[j] * f2[j] : columns[j][row];
      z[base + j] = v;
      ss[j] += wi * v * v;
    }
  }
  return ss.map(Math.sqrt);
}

/** A fit on scaled columns (RawFit.scale) restated on the original scale; other fits are returned as they are. */
export function inTrueUnits(fit: RawFit): RawFit {
  const sc = fit.scale;
  if (!sc) return fit;
  const r = fit.kept.map((col) => sc.x[col] - sc.y); // coefficient j is beta'_j 2^r[j]
  const k = r.length;
  const bread = fit.bread.map((v, at) => ldexp(v, sc.x[fit.kept[Math.floor(at / k)]] + sc.x[fit.kept[at % k]]));
  const meat = (m: Float64Array | null) => m && m.map((v, at) => ldexp(v, -2 * sc.y - sc.x[fit.kept[Math.floor(at / k)]] - sc.x[fit.kept[at % k]]));
  return Object.freeze({
    ...fit,
    beta: fit.beta.map((b, j) => ldexp(b, r[j])),
    bread,
    rss: ldexp(fit.rss, -2 * sc.y),
    rssFeOnly: ldexp(fit.rssFeOnly, -2 * sc.y),
    heteroMeat: meat(fit.heteroMeat),
    serialMeat: fit.serialMeat && { meat: meat(fit.serialMeat.meat) as Float64Array, lag: fit.serialMeat.lag },
    conleyMeat: meat(fit.conleyMeat),
    cr3Meat: meat(fit.cr3Meat),
    clusterMeats: fit.clusterMeats.map((m) => meat(m) as Float64Array),
    scores: fit.scores && {
      X: fit.scores.X.map((v, at) => ldexp(v, -sc.x[fit.kept[at % k]])),
      e: fit.scores.e.map((v) => ldexp(v, -sc.y)),
    },
    scale: undefined,
  });
}

/**
 * Columns of one sample after absorbing the fixed effects (and scaling by sqrt(w)): what several models on
 * the same sample and fixed effects can share (multiple estimation, specification grids), so the costly
 * demeaning runs once.
 */
export interface Projection {
  readonly n: number;
  readonly names: readonly string[];
  readonly p: number;
  readonly Z: Float64Array; // [n x p] row-major
  /** Weighted norms of the columns before projection (the collinearity reference). */
  readonly norms: Float64Array; // [p]
  readonly iterations: number;
}

/**
 * A projection that stays in WebAssembly memory, in the caller's arena: fits on it take their columns with a
 * kernel (selectColumns), so nothing of size n crosses into JavaScript. Z is [n x s] row-major, s >= p.
 */
export interface ResidentProjection {
  readonly n: number;
  readonly names: readonly string[];
  readonly p: number;
  readonly s: number;
  readonly Z: Buffer<Float64Array>;
  readonly norms: Float64Array;
  readonly iterations: number;
  /**
   * Built for one fit, which may take Z as its own design matrix when Z holds exactly that fit's columns
   * [X, y] in order at its stride (the 2SLS second stage, the Poisson's last step): no copy of n x s numbers.
   */
  readonly consumable?: boolean;
}

function isResident(projection: Projection | ResidentProjection): projection is ResidentProjection {
  return 's' in projection;
}

/**
 * Project named columns of a design's sample (same rows, fixed effects and weights) once, into `arena`.
 * `rows` reads the columns through the sample's rows when they span all data rows (design.full), so the
 * sample is never copied for this.
 */
export function projectResident(arena: Arena, design: Design, columns: readonly Float64Array[], names: readonly string[],
  settings: Pick<FitSettings, 'demeanTol' | 'demeanMaxIter'>, rows: Int32Array | null = null): ResidentProjection {
  const { n, weights } = design;
  // The shared projection does not rescale (only fitDesign does, src/estimate/scale.ts): a column of extreme
  // magnitude would overflow or underflow in its sums, so it is refused here rather than given wrong numbers.
  const extreme = columns.findIndex((col) => scaleExponent(col, n, rows) !== 0);
  if (extreme >= 0) {
    throw new EstimationError(
      `column '${names[extreme]}' has values beyond 2^64 (about 1.8e19) or under 2^-64 in magnitude, which this shared computation does not rescale; ` +
        'divide it by a power of ten (e.g. I(x / 1e100)), or fit the model alone with feols, which rescales it');
  }
  const fes = coreOrder(design);
  const p = columns.length;
  const s = p % 2 === 0 ? p : p + 1;
  Arena.assertFits(n * s * 8 * 2 + n * 4 * fes.length + demeanBytes(fes, n, s, design.slopes), n * s * 8, `projecting ${p} columns of ${n} observations`);
  const Z = arena.f64(n * s);
  const w = weights ? arena.f64(n) : null;
  const norms = fillRows(Z.view(), s, columns, n, rows, weights);
  if (w && weights) copyElements(w.view(), 0, weights);
  const iterations = demeanInPlace(Z, n, s, fes, w, settings, design.slopes);
  if (w) arena.core.scaleRowsBySqrt(Z.data, n, s, w.data);
  return Object.freeze({ n, names: [...names], p, s, Z, norms, iterations });
}

/** Project named columns of a design's sample (same rows, fixed effects and weights) once. */
export function project(design: Design, columns: readonly Float64Array[], names: readonly string[],
  settings: Pick<FitSettings, 'demeanTol' | 'demeanMaxIter'>): Projection {
  const arena = new Arena();
  try {
    const { n, p, s, Z, norms, iterations } = projectResident(arena, design, columns, names, settings);
    let out: Float64Array;
    if (s === p) out = copyOut(Z.view());
    else {
      // Compacted in the kernel, then one memcpy out: element reads of module memory from JavaScript are slow.
      const cols = arena.i32(p);
      const compact = arena.f64(n * p);
      cols.view().set(Array.from({ length: p }, (_, j) => j));
      arena.core.selectColumns(Z.data, n, s, cols.data, p, compact.data, p);
      out = copyOut(compact.view());
    }
    return Object.freeze({ n, names: [...names], p, Z: out, norms, iterations });
  } finally {
    arena.release();
  }
}

/**
 * Fit the design. With a projection of its sample, the demeaned columns are taken from it instead of being
 * computed again. Throws EstimationError when nothing can be estimated, ConvergenceError if demeaning stalls.
 */
export function fitDesign(design: Design, settings: FitSettings, projection?: Projection | ResidentProjection): RawFit {
  const { n, X, weights } = design;
  const fes = coreOrder(design);
  const k = X.length;
  if (k === 0) throw new EstimationError('the model has no regressor to estimate; add a variable to the right-hand side');
  if (design.names.includes(design.depvar)) {
    throw new EstimationError(`the outcome '${design.depvar}' is also a regressor, so the model fits itself; remove it from the right-hand side`);
  }
  const s = (k + 1) % 2 === 0 ? k + 1 : k + 2; // even stride for SIMD pairs; column k is y
  const ycol = k;
  const J = fes.length;
  const clusterings = settings.clusters ? design.clusterings : [];
  const maxG = clusterings.reduce((a, c) => Math.max(a, c.G), 0);

  const zBytes = n * s * 8;
  Arena.assertFits(zBytes + n * (8 + 8 + 4 * (J + clusterings.length)) + (projection ? 0 : demeanBytes(fes, n, s, design.slopes)) + maxG * k * 8, Math.max(zBytes, n * 4 * J),
    `a fit with n = ${n} observations and ${k} regressors`);

  const resident = projection && isResident(projection) ? projection : null;
  const inPlace = resident?.consumable === true && resident.s === s && [...design.names, design.depvar].every((name, j) => resident.names[j] === name);
  const arena = new Arena();
  try {
    const c = arena.core;
    const Z = inPlace && resident ? resident.Z : arena.f64(n * s);
    const R = arena.f64(s * s);
    const qrWork = arena.f64((s + DEFAULTS.qrBlockRows + 1) * s);
    const w = weights && !projection ? arena.f64(n) : null;
    const refNorms = arena.f64(k);
    const perm = arena.i32(k);
    const cols = arena.i32(k);
    const beta = arena.f64(k);
    const bread = arena.f64(k * k);
    const invWork = arena.f64(k * k);
    const select = resident && !inPlace ? arena.i32(k + 1) : null;

    // Row-major [X y], and the weighted norms of the columns before any projection: collinearity with the
    // fixed effects shows as a column that demeaning nearly annihilates.
    const z = Z.view();
    const norms = refNorms.view();
    let iterations = 0;
    let scale: ColumnScale | undefined;
    if (projection) {
      const index = [...design.names, design.depvar].map((name) => {
        const at = projection.names.indexOf(name);
        if (at < 0) throw new Error(`hdfe: column '${name}' is missing from the shared projection`);
        return at;
      });
      if (resident) {
        if (select) {
          select.view().set(index);
          c.selectColumns(resident.Z.data, n, resident.s, select.data, k + 1, Z.data, s);
        }
      } else {
        const { p, Z: pz } = projection as Projection;
        for (let i = 0; i < n; i++) for (let j = 0; j <= k; j++) z[i * s + j] = pz[i * p + index[j]];
      }
      for (let j = 0; j < k; j++) norms[j] = projection.norms[index[j]];
      iterations = projection.iterations;
    } else {
      const full = design.full;
      const columns = full ? [...full.X, full.y] : [...X, design.y];
      const rows = full ? design.rows : null;
      const exponents = columns.map((col) => scaleExponent(col, n, rows));
      if (exponents.some((e) => e !== 0)) scale = Object.freeze({ y: exponents[k], x: Object.freeze(exponents.slice(0, k)) });
      norms.set(fillRows(z, s, columns, n, rows, weights, exponents).subarray(0, k));
      if (w && weights) copyElements(w.view(), 0, weights);
      iterations = demeanInPlace(Z, n, s, fes, w, settings, design.slopes);
    }
    const converged = true;
    if (w) c.scaleRowsBySqrt(Z.data, n, s, w.data);

    c.tsqr(Z.data, n, s, R.data, qrWork.data, DEFAULTS.qrBlockRows);
    const r0 = R.view();
    let rssFeOnly = 0;
    for (let i = 0; i < s; i++) rssFeOnly += r0[i * s + ycol] ** 2;

    const rank = c.qrPivot(R.data, s, k + 1, s, k, refNorms.data, settings.collinTol, perm.data);
    if (rank === 0) {
      throw new EstimationError(
        `all regressors (${design.names.join(', ')}) are collinear${J ? ' with the fixed effects' : ''}; nothing can be estimated`);
    }
    const permView = perm.view();
    const kept = Array.from(permView.subarray(0, rank));
    const collinear = Array.from(permView.subarray(rank, k)).sort((a, b) => a - b);
    // Limited pivoting keeps the survivors in formula order.
    const rv = R.view();
    const bv = beta.view();
    for (let i = 0; i < rank; i++) bv[i] = rv[i * s + ycol];
    c.backSolve(R.data, rank, s, beta.data);
    c.inverseGram(R.data, rank, s, bread.data, invWork.data);
    cols.view().set(kept);
    // Allocated after the demeaning, into the memory its scratch left (see demeanInPlace).
    const e = arena.f64(n);
    c.residuals(Z.data, n, s, cols.data, rank, beta.data, ycol, e.data);
    const rss = c.sumSquares(e.data, n);

    const meats = formMeats(arena, design, Z, s, kept, cols, e, bread.view().slice(0, rank * rank), settings);
    let scores: RawFit['scores'] = null;
    if (settings.keepScores) {
      // Gathered in the kernel and copied out whole: element reads of WebAssembly memory from JavaScript are
      // several times slower than a memcpy.
      const X = arena.f64(n * rank);
      c.gatherColumns(Z.data, n, s, cols.data, rank, X.data);
      scores = { X: copyOut(X.view()), e: copyOut(e.view()) };
    }

    // Residuals on the original scale (the weighted ones are sqrt(w) e).
    const resid = settings.residuals === false ? new Float64Array(0) : copyOut(e.view());
    if (weights && resid.length) for (let i = 0; i < n; i++) resid[i] /= Math.sqrt(weights[i]);
    if (scale) for (let i = 0; i < resid.length; i++) resid[i] = ldexp(resid[i], -scale.y);

    return Object.freeze({
      kept, collinear,
      // A fresh view: the residuals' and scores' allocations above may have grown the memory, which detaches older views.
      beta: beta.view().slice(0, rank),
      bread: bread.view().slice(0, rank * rank),
      rss, rssFeOnly, ...meats,
      residuals: resid, scores,
      iterations, converged, scale,
    });
  } finally {
    arena.release();
  }
}
