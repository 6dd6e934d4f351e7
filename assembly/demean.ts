// Fixed-effect projection of many columns at once, in coefficient space (Berge 2018, fixest).
//
// Layouts (all pointers are data addresses):
//   M      [n x s] f64 row-major, s even; demeaned in place (columns are independent problems)
//   codes  [J x n] i32, FE-major: codes[j*n + i] in 0..L_j-1 is the level of FE j at row i
//   levels [J] i32: L_j
//   w      [n] f64 observation weights, or 0 for none
//   work   f64 scratch of demeanWorkLength(s, J, Ltot, L1, Lmax) elements
//   info   [3] f64 out: iterations, converged (1/0), largest relative change at the last iteration
//
// For FE j the fixed point is alpha_j[g] = (S_j[g] - sum_{i in g} w_i sum_{h != j} alpha_h[f_h(i)]) / W_j[g],
// with S_j the level sums of the column, taken once. A sweep reads only the FE codes (with two FEs, the
// table of their pairs: crosstab.ts) and the coefficient tables, never the columns. One FE is exact after one pass. With two or more, Gauss-Seidel sweeps over the
// FEs map the coefficients of FEs 2..J to new ones; that map is accelerated with Irons and Tuck (1969),
// per column, as fixest does. Columns are processed in SIMD pairs, hence the even stride.

import { buildCrosstab, crosstabWorkLength, solveFirst, solveSecond } from './crosstab';

// Offsets into the scratch area, in f64 elements.
let oInvW: usize = 0;
let oS: usize = 0;
let oA1: usize = 0;
let oT: usize = 0;
let oX: usize = 0;
let oGX: usize = 0;
let oGGX: usize = 0;
let oCol1: usize = 0;
let oCol2: usize = 0;

/** Number of f64 scratch elements `demean` needs (n rows; the two-FE pair table is sized by n). */
export function demeanWorkLength(s: i32, J: i32, Ltot: i32, L1: i32, Lmax: i32, n: i32): i32 {
  const state = (Ltot - L1) * s;
  const base = Ltot + Ltot * s + L1 * s + Lmax * s + 3 * state + 2 * s + 2 * J;
  return J == 2 ? base + crosstabWorkLength(n, L1, Ltot - L1) : base;
}

// With two FEs the sweeps run on the pair table (crosstab.ts) rather than on the rows.
let twoWay = false;

function layout(work: usize, s: i32, Ltot: i32, L1: i32, Lmax: i32): void {
  const state = <usize>((Ltot - L1) * s);
  oInvW = work;
  oS = oInvW + (<usize>Ltot << 3);
  oA1 = oS + (<usize>(Ltot * s) << 3);
  oT = oA1 + (<usize>(L1 * s) << 3);
  oX = oT + (<usize>(Lmax * s) << 3);
  oGX = oX + (state << 3);
  oGGX = oGX + (state << 3);
  oCol1 = oGGX + (state << 3);
  oCol2 = oCol1 + (<usize>s << 3);
}

function zero(p: usize, count: usize): void {
  memory.fill(p, 0, count << 3);
}

/** Level sums S_j and inverse level weights 1/W_j of every FE, in one pass per FE. */
function levelSums(M: usize, n: i32, s: i32, codes: usize, J: i32, levels: usize, w: usize, offsets: usize): void {
  for (let j = 0; j < J; j++) {
    const L = load<i32>(levels + (<usize>j << 2));
    const off = <usize>load<i32>(offsets + (<usize>j << 2));
    const f = codes + (<usize>j * <usize>n << 2);
    const invW = oInvW + (off << 3);
    const S = oS + (off * <usize>s << 3);
    zero(invW, L);
    zero(S, <usize>L * s);
    for (let i = 0; i < n; i++) {
      const g = <usize>load<i32>(f + (<usize>i << 2));
      const row = M + (<usize>i * <usize>s << 3);
      const dst = S + (g * <usize>s << 3);
      if (w) {
        const wi = load<f64>(w + (<usize>i << 3));
        store<f64>(invW + (g << 3), load<f64>(invW + (g << 3)) + wi);
        const wv = f64x2.splat(wi);
        for (let c = 0; c < s; c += 2) {
          const o = <usize>c << 3;
          v128.store(dst + o, f64x2.add(v128.load(dst + o), f64x2.mul(wv, v128.load(row + o))));
        }
      } else {
        store<f64>(invW + (g << 3), load<f64>(invW + (g << 3)) + 1.0);
        for (let c = 0; c < s; c += 2) {
          const o = <usize>c << 3;
          v128.store(dst + o, f64x2.add(v128.load(dst + o), v128.load(row + o)));
        }
      }
    }
    for (let g = 0; g < L; g++) {
      const p = invW + (<usize>g << 3);
      store<f64>(p, 1.0 / load<f64>(p));
    }
  }
}

/** Address of FE h's coefficient table during the sweep that updates FE j (Gauss-Seidel order). */
@inline
function tableOf(h: i32, j: i32, inState: usize, outState: usize, offsets: usize, L1: i32, s: i32): usize {
  if (h == 0) return oA1;
  const rel = <usize>(load<i32>(offsets + (<usize>h << 2)) - L1) * <usize>s << 3;
  return (h < j ? outState : inState) + rel;
}

/** Solve for FE j's coefficients given the others: tab_j = (S_j - T) / W_j. */
function updateFe(
  j: i32, n: i32, s: i32, codes: usize, J: i32, levels: usize, w: usize, offsets: usize, L1: i32,
  inState: usize, outState: usize,
): void {
  if (twoWay) {
    const L2 = load<i32>(levels + 4);
    if (j == 0) solveFirst(L1, s, oS, oInvW, inState, oA1);
    else solveSecond(L1, L2, s, oS + (<usize>L1 * <usize>s << 3), oInvW + (<usize>L1 << 3), oA1, outState, oT);
    return;
  }
  const L = load<i32>(levels + (<usize>j << 2));
  const off = <usize>load<i32>(offsets + (<usize>j << 2));
  const fj = codes + (<usize>j * <usize>n << 2);
  const T = oT;
  zero(T, <usize>L * s);
  // Three or more FEs (two go through the pair table): one gather per other FE and row.
  for (let i = 0; i < n; i++) {
    const dst = T + (<usize>load<i32>(fj + (<usize>i << 2)) * <usize>s << 3);
    const wv = f64x2.splat(w ? load<f64>(w + (<usize>i << 3)) : 1.0);
    for (let h = 0; h < J; h++) {
      if (h == j) continue;
      const fh = codes + (<usize>h * <usize>n << 2);
      const src = tableOf(h, j, inState, outState, offsets, L1, s) + (<usize>load<i32>(fh + (<usize>i << 2)) * <usize>s << 3);
      for (let c = 0; c < s; c += 2) {
        const o = <usize>c << 3;
        v128.store(dst + o, f64x2.add(v128.load(dst + o), f64x2.mul(wv, v128.load(src + o))));
      }
    }
  }
  const S = oS + (off * <usize>s << 3);
  const invW = oInvW + (off << 3);
  const out = j == 0 ? oA1 : outState + (<usize>(off - <usize>L1) * <usize>s << 3);
  for (let g = 0; g < L; g++) {
    const iw = f64x2.splat(load<f64>(invW + (<usize>g << 3)));
    const base = <usize>g * <usize>s << 3;
    for (let c = 0; c < s; c += 2) {
      const o = base + (<usize>c << 3);
      v128.store(out + o, f64x2.mul(iw, f64x2.sub(v128.load(S + o), v128.load(T + o))));
    }
  }
}

/** One Gauss-Seidel sweep: the coefficients of FEs 2..J in `inState` -> new ones in `outState`. */
function sweep(n: i32, s: i32, codes: usize, J: i32, levels: usize, w: usize, offsets: usize, L1: i32, inState: usize, outState: usize): void {
  for (let j = 0; j < J; j++) updateFe(j, n, s, codes, J, levels, w, offsets, L1, inState, outState);
}

/**
 * Largest change between two states relative to the size of the new one, per column; returns the
 * worst column's ratio. A column whose coefficients are all zero counts as converged.
 */
function relativeChange(a: usize, b: usize, m: i32, s: i32): f64 {
  zero(oCol1, s);
  zero(oCol2, s);
  for (let r = 0; r < m; r++) {
    const base = <usize>r * <usize>s << 3;
    for (let c = 0; c < s; c++) {
      const o = base + (<usize>c << 3);
      const vb = load<f64>(b + o);
      const d = abs(load<f64>(a + o) - vb);
      const pc1 = oCol1 + (<usize>c << 3);
      const pc2 = oCol2 + (<usize>c << 3);
      if (d > load<f64>(pc1)) store<f64>(pc1, d);
      if (abs(vb) > load<f64>(pc2)) store<f64>(pc2, abs(vb));
    }
  }
  let worst = 0.0;
  for (let c = 0; c < s; c++) {
    const d = load<f64>(oCol1 + (<usize>c << 3));
    const scale = load<f64>(oCol2 + (<usize>c << 3));
    if (d == 0) continue;
    const ratio = scale > 0 ? d / scale : Infinity;
    if (ratio > worst) worst = ratio;
  }
  return worst;
}

/** Irons-Tuck extrapolation per column: X <- GGX - (<dGX, d2X> / <d2X, d2X>) dGX. */
function ironsTuck(m: i32, s: i32): void {
  zero(oCol1, s);
  zero(oCol2, s);
  for (let r = 0; r < m; r++) {
    const base = <usize>r * <usize>s << 3;
    for (let c = 0; c < s; c += 2) {
      const o = base + (<usize>c << 3);
      const x = v128.load(oX + o);
      const gx = v128.load(oGX + o);
      const ggx = v128.load(oGGX + o);
      const dgx = f64x2.sub(ggx, gx);
      const d2x = f64x2.add(f64x2.sub(dgx, gx), x);
      const co = <usize>c << 3;
      v128.store(oCol1 + co, f64x2.add(v128.load(oCol1 + co), f64x2.mul(dgx, d2x)));
      v128.store(oCol2 + co, f64x2.add(v128.load(oCol2 + co), f64x2.mul(d2x, d2x)));
    }
  }
  for (let c = 0; c < s; c++) {
    const co = oCol1 + (<usize>c << 3);
    const ssq = load<f64>(oCol2 + (<usize>c << 3));
    store<f64>(co, ssq > 0 ? load<f64>(co) / ssq : 0.0);
  }
  for (let r = 0; r < m; r++) {
    const base = <usize>r * <usize>s << 3;
    for (let c = 0; c < s; c += 2) {
      const o = base + (<usize>c << 3);
      const gx = v128.load(oGX + o);
      const ggx = v128.load(oGGX + o);
      const coef = v128.load(oCol1 + (<usize>c << 3));
      v128.store(oX + o, f64x2.sub(ggx, f64x2.mul(coef, f64x2.sub(ggx, gx))));
    }
  }
}

/** Subtract every FE's coefficients from the columns: M_i <- M_i - alpha_1[f_1(i)] - sum_h state_h[f_h(i)]. */
function subtractEffects(M: usize, n: i32, s: i32, codes: usize, J: i32, offsets: usize, L1: i32, state: usize): void {
  for (let i = 0; i < n; i++) {
    const row = M + (<usize>i * <usize>s << 3);
    for (let h = 0; h < J; h++) {
      const f = codes + (<usize>h * <usize>n << 2);
      const g = <usize>load<i32>(f + (<usize>i << 2));
      const tab = h == 0 ? oA1 : state + (<usize>(load<i32>(offsets + (<usize>h << 2)) - L1) * <usize>s << 3);
      const src = tab + (g * <usize>s << 3);
      for (let c = 0; c < s; c += 2) {
        const o = <usize>c << 3;
        v128.store(row + o, f64x2.sub(v128.load(row + o), v128.load(src + o)));
      }
    }
  }
}

/**
 * Demean the columns of M by J fixed effects in place. Returns the number of sweeps; `info` receives
 * [sweeps, converged, last relative change]. Stops when every column's largest coefficient change is at most
 * tol times its largest coefficient, or after maxIter sweeps (then converged = 0: the caller must not use M).
 */
export function demean(
  M: usize, n: i32, s: i32, codes: usize, J: i32, levels: usize, w: usize,
  work: usize, tol: f64, maxIter: i32, info: usize,
): i32 {
  return demeanFrom(M, n, s, codes, J, levels, w, work, tol, maxIter, info, 0);
}

/**
 * `demean` started from given coefficients of FEs 2..J: `state` [(Ltot - L_1) x s] row-major (levels of FE 2,
 * then FE 3, ...; the same order and stride as the sweeps' state) holds the starting point on entry and the
 * final coefficients on return. Iterated fits on the same fixed effects (IRLS, whose weights and working
 * variable change little from one iteration to the next) start next to the answer, so they need few sweeps
 * (Berge 2018, section 3; ppmlhdfe does the same in its partialling-out).
 */
export function demeanWarm(
  M: usize, n: i32, s: i32, codes: usize, J: i32, levels: usize, w: usize,
  work: usize, tol: f64, maxIter: i32, info: usize, state: usize,
): i32 {
  return demeanFrom(M, n, s, codes, J, levels, w, work, tol, maxIter, info, state);
}

function demeanFrom(
  M: usize, n: i32, s: i32, codes: usize, J: i32, levels: usize, w: usize,
  work: usize, tol: f64, maxIter: i32, info: usize, state: usize,
): i32 {
  let Ltot = 0;
  let Lmax = 0;
  for (let j = 0; j < J; j++) {
    const L = load<i32>(levels + (<usize>j << 2));
    Ltot += L;
    if (L > Lmax) Lmax = L;
  }
  const L1 = load<i32>(levels);
  layout(work, s, Ltot, L1, Lmax);
  // FE offsets in the concatenated level tables live at the end of the scratch area.
  const offsets = oCol2 + (<usize>s << 3);
  let acc = 0;
  for (let j = 0; j < J; j++) {
    store<i32>(offsets + (<usize>j << 2), acc);
    acc += load<i32>(levels + (<usize>j << 2));
  }
  levelSums(M, n, s, codes, J, levels, w, offsets);
  twoWay = J == 2;
  if (twoWay) {
    const area = (offsets + (<usize>J << 3) + 7) & ~(<usize>7);
    buildCrosstab(codes, codes + (<usize>n << 2), n, L1, load<i32>(levels + 4), w, area);
  }

  const m = Ltot - L1; // rows of the iterated state (levels of FEs 2..J)
  if (state) memory.copy(oX, state, <usize>m * <usize>s << 3);
  else zero(oX, <usize>m * s);
  let iter = 0;
  let converged = true;
  let change = 0.0;
  let finalState = oX;
  if (J > 1) {
    converged = false;
    sweep(n, s, codes, J, levels, w, offsets, L1, oX, oGX);
    iter = 1;
    while (true) {
      change = relativeChange(oX, oGX, m, s);
      if (change <= tol) { converged = true; finalState = oGX; break; }
      if (iter >= maxIter) { finalState = oGX; break; }
      sweep(n, s, codes, J, levels, w, offsets, L1, oGX, oGGX);
      iter++;
      change = relativeChange(oGX, oGGX, m, s);
      if (change <= tol) { converged = true; finalState = oGGX; break; }
      if (iter >= maxIter) { finalState = oGGX; break; }
      ironsTuck(m, s);
      sweep(n, s, codes, J, levels, w, offsets, L1, oX, oGX);
      iter++;
    }
  }
  // FE 1's coefficients given the final state make the residuals exactly orthogonal to FE 1.
  updateFe(0, n, s, codes, J, levels, w, offsets, L1, finalState, finalState);
  subtractEffects(M, n, s, codes, J, offsets, L1, finalState);
  if (state) memory.copy(state, finalState, <usize>m * <usize>s << 3);
  store<f64>(info, <f64>(J > 1 ? iter : 1));
  store<f64>(info + 8, converged ? 1.0 : 0.0);
  store<f64>(info + 16, change);
  return J > 1 ? iter : 1;
}
