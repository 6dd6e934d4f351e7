/**
 * Demeaning on the WebAssembly core: which fixed effects are swept and in what order, the scratch a sweep
 * needs, and the in-place projection of a block of columns (plain fixed effects, or varying slopes by their
 * own kernel). fitDesign, the shared projection and the Poisson solver call it.
 */
import { ConvergenceError } from '../errors.js';
import { Arena, type Buffer } from '../wasm/arena.js';
import { copyElements } from '../wasm/copy.js';
import type { Design } from './design.js';
import type { FitSettings } from './fit.js';
import { isNested } from './ssc.js';

/**
 * The fixed effects in the order the core takes them: most levels first, so the iterated state (the
 * coefficients of FEs 2..J) is the smaller tables. Rows stay in data order: sorting them by the largest FE
 * makes each sweep read its table in order, but at 10^7 rows the permutation (sort, scattered fill,
 * un-permuting residuals) costs more than the sweeps save (measured in bench/README.md).
 */
export function coreOrder(design: Design): Design['fixedEffects'] {
  return sweptFixedEffects(design.fixedEffects).sort((a, b) => b.levels - a.levels);
}

/**
 * The fixed effects the projection needs. A fixed effect that another one is nested in (every level of the
 * other inside one of its levels: `a` beside `a^c`, a region beside its provinces) spans nothing the nested
 * one does not, so projecting on both equals projecting on the nested one alone; kept in the sweeps, its
 * coefficients are not identified and the sweeps wander without converging. Such a coarser fixed effect is
 * left out of the projection (reghdfe and fixest absorb it the same way); it still counts in the design.
 * Of two identical fixed effects the first is kept.
 */
export function sweptFixedEffects(fes: Design['fixedEffects']): Design['fixedEffects'][number][] {
  const dropped = new Set<number>();
  for (let j = 0; j < fes.length; j++) {
    for (let i = 0; i < fes.length; i++) {
      if (i === j || dropped.has(i)) continue;
      // fe i nested in fe j makes j redundant; of two identical ones (each nested in the other), drop the later.
      if (isNested(fes[i].codes, fes[i].levels, fes[j].codes) && (i < j || !isNested(fes[j].codes, fes[j].levels, fes[i].codes))) {
        dropped.add(j);
        break;
      }
    }
  }
  return fes.filter((_, j) => !dropped.has(j));
}

/** Scratch bytes of demeaning: level tables, the accelerated state and, with two FEs, the pair table. */
export function demeanBytes(fes: Design['fixedEffects'], n: number, s: number, slopes: Design['slopes'] = []): number {
  const J = fes.length;
  // The varying-slopes kernel keeps the columns in sorted row order and two more iterates, and the slope variables.
  if (slopes?.length) return 24 * n * s + 8 * n + 12 * n * (J + slopes.length) + 8 * (fes.reduce((a, f) => a + 4 * f.levels, 0) + slopes.reduce((a, f) => a + 4 * f.levels, 0)) * (s + 4);
  if (J === 0) return 0;
  const Ltot = fes.reduce((a, f) => a + f.levels, 0);
  return 8 * (Ltot * (s + 1) + 4 * Ltot * s + 2 * s) + (J === 2 ? 12 * n : 0);
}

/**
 * Demean Z in place. The codes and the sweeps' scratch live in an arena of their own, released on return, so
 * what is allocated next (the residuals) reuses that memory: at 10^7 rows, fresh pages cost more than the copy.
 */
export function demeanInPlace(
  Z: Buffer<Float64Array>, n: number, s: number, fes: Design['fixedEffects'],
  w: Buffer<Float64Array> | null, settings: Pick<FitSettings, 'demeanTol' | 'demeanMaxIter'>,
  slopes: Design['slopes'] = [],
): number {
  const J = fes.length;
  if (J === 0 && !slopes?.length) return 0;
  const arena = new Arena();
  try {
    // Varying slopes take their own kernel; plain fixed effects keep the coefficient-space fast path.
    if (slopes?.length) return demeanSlopesWith(arena, Z, n, s, slopeBlocks(fes, slopes), w, settings);
    return demeanWith(arena, Z, n, s, fes, w, settings);
  } finally {
    arena.release();
  }
}

/** See demeanSlopesWith. */
const SLOPES_TOL_FACTOR = 1e-4;

function demeanSlopesWith(
  arena: Arena, Z: Buffer<Float64Array>, n: number, s: number, blocks: readonly SlopeBlock[],
  w: Buffer<Float64Array> | null, settings: Pick<FitSettings, 'demeanTol' | 'demeanMaxIter'>,
): number {
  const c = arena.core;
  const B = blocks.length;
  const P = blocks.reduce((a, b) => a + b.slopes.length, 0);
  const codes = arena.i32(B * n);
  const levels = arena.i32(B);
  const spec = arena.i32(3 * B);
  const xs = arena.f64(Math.max(1, P * n));
  const info = arena.f64(3);
  const M = arena.f64(n * s);
  const wp = w ? arena.f64(n) : null;
  // Every sweep of this kernel reads the rows and the level tables; with the rows in the order of the largest
  // fixed effect its table is read in order (the others are small enough to stay in cache). At n = 1e6 with
  // 1e5 levels that is 3x faster than data order; the permutation is paid once (bench/README.md).
  const order = orderBy(blocks.reduce((a, b) => (b.levels > a.levels ? b : a)));
  const cv = codes.view(), lv = levels.view(), sv = spec.view(), xv = xs.view();
  let x0 = 0;
  blocks.forEach((b, j) => {
    const base = j * n;
    for (let r = 0; r < n; r++) cv[base + r] = b.codes[order[r]];
    lv[j] = b.levels;
    sv.set([b.intercept ? 1 : 0, b.slopes.length, x0], 3 * j);
    for (const x of b.slopes) { const xb = (x0++) * n; for (let r = 0; r < n; r++) xv[xb + r] = x[order[r]]; }
  });
  permuteRows(Z.view(), M.view(), order, s, false);
  if (w && wp) { const src = w.view(), dst = wp.view(); for (let r = 0; r < n; r++) dst[r] = src[order[r]]; }
  const scratch = arena.f64(c.demeanSlopesWorkLength(n, s, B, levels.data, spec.data));
  // The kernel's iterates are the columns themselves, and a sweep's change understates their distance to the
  // limit by 1 / (1 - rate): it stops 10^4 times tighter than the coefficient-space path, which keeps the
  // residuals (hence fixef() values) at the precision the plain path gives.
  c.demeanSlopes(M.data, n, s, codes.data, B, levels.data, spec.data, xs.data, wp ? wp.data : 0, scratch.data,
    Math.max(settings.demeanTol * SLOPES_TOL_FACTOR, 1e-15), settings.demeanMaxIter, info.data);
  permuteRows(M.view(), Z.view(), order, s, true);
  return checkConvergence(info.view(), settings);
}

/** Rows ordered by a block's level (a counting sort, stable): order[r] is the data row placed at r. */
function orderBy(block: SlopeBlock): Int32Array {
  const n = block.codes.length;
  const start = new Int32Array(block.levels + 1);
  for (let i = 0; i < n; i++) start[block.codes[i] + 1]++;
  for (let g = 0; g < block.levels; g++) start[g + 1] += start[g];
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[start[block.codes[i]]++] = i;
  return order;
}

/** dst row r = src row order[r] (or, back, dst row order[r] = src row r), rows of s values. */
function permuteRows(src: Float64Array, dst: Float64Array, order: Int32Array, s: number, back: boolean): void {
  const n = order.length;
  for (let r = 0; r < n; r++) {
    const a = back ? r * s : order[r] * s;
    const b = back ? order[r] * s : r * s;
    for (let j = 0; j < s; j++) dst[b + j] = src[a + j];
  }
}

function checkConvergence(info: Float64Array, settings: Pick<FitSettings, 'demeanTol'>): number {
  const [iters, conv, change] = info;
  if (conv !== 1) {
    throw new ConvergenceError(
      `demeaning did not converge in ${iters} sweeps (relative change ${change.toExponential(2)} > tol ${settings.demeanTol}); ` +
        'raise demeanMaxIter or demeanTol, or check for a poorly connected fixed-effect structure');
  }
  return iters;
}

/** One block of the varying-slopes kernel: a fixed effect's codes, its intercept or not, its slope variables. */
interface SlopeBlock {
  readonly codes: Int32Array;
  readonly levels: number;
  readonly intercept: boolean;
  readonly slopes: readonly Float64Array[];
}

/**
 * fe[x] is projected as one block (intercept and slope fitted jointly per level, so one pass is exact for a
 * single fe[x]); fe[[x]] without its fixed effect is a slope-only block; other fixed effects are
 * intercept-only blocks.
 */
function slopeBlocks(fes: Design['fixedEffects'], slopes: NonNullable<Design['slopes']>): SlopeBlock[] {
  const blocks = fes.map((fe) => ({ codes: fe.codes, levels: fe.levels, intercept: true, slopes: [] as Float64Array[] }));
  for (const sl of slopes) {
    const home = blocks.find((b) => b.codes === sl.codes);
    if (home) home.slopes.push(sl.values);
    else blocks.push({ codes: sl.codes, levels: sl.levels, intercept: false, slopes: [sl.values] });
  }
  return blocks;
}

function demeanWith(
  arena: Arena, Z: Buffer<Float64Array>, n: number, s: number, fes: Design['fixedEffects'],
  w: Buffer<Float64Array> | null, settings: Pick<FitSettings, 'demeanTol' | 'demeanMaxIter'>,
): number {
  const c = arena.core;
  const J = fes.length;
  const Ltot = fes.reduce((a, f) => a + f.levels, 0);
  const Lmax = fes.reduce((a, f) => Math.max(a, f.levels), 0);
  const codes = arena.i32(J * n);
  const levels = arena.i32(J);
  const info = arena.f64(3);
  const work = arena.f64(c.demeanWorkLength(s, J, Ltot, fes[0].levels, Lmax, n));
  const cv = codes.view();
  const lv = levels.view();
  fes.forEach((fe, j) => {
    copyElements(cv, j * n, fe.codes);
    lv[j] = fe.levels;
  });
  c.demean(Z.data, n, s, codes.data, J, levels.data, w ? w.data : 0, work.data, settings.demeanTol, settings.demeanMaxIter, info.data);
  const [iters, conv, change] = info.view();
  if (conv !== 1) {
    throw new ConvergenceError(
      `demeaning did not converge in ${iters} sweeps (relative change ${change.toExponential(2)} > tol ${settings.demeanTol}); ` +
        'raise demeanMaxIter or demeanTol, or check for a poorly connected fixed-effect structure');
  }
  return iters;
}

