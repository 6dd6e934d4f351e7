// Fixed effects with varying slopes (fixest's fe[x] and fe[[x]]), projected out of many columns at once.
//
// A block b is one fixed effect with q_b = intercept_b + m_b coefficients per level: its intercept (unless
// fe[[x]]) and a slope on each of its m_b variables. Projecting a column on block b is, per level g, a
// weighted least-squares fit of the column on [1, x_1, ..., x_m] within g: coefficients G_g^-1 r_g with
// G_g = sum_{i in g} w_i u_i u_i' (taken and inverted once) and r_g = sum_{i in g} w_i u_i z_i, then
// z_i -= u_i' coef_g. One sweep projects on every block in turn (alternating projections, von Neumann-Halperin);
// the sweep map is accelerated with Irons and Tuck (1969) per column, as demean.ts does in coefficient space.
// Iterates stay in z + span(blocks), so the extrapolation keeps the limit M z. Plain fixed effects never come
// here: demean.ts's coefficient-space path is faster for them.
//
// Layouts (all pointers are data addresses):
//   M      [n x s] f64 row-major, s even; demeaned in place
//   codes  [B x n] i32, block-major: codes[b*n + i] in 0..L_b-1
//   levels [B] i32: L_b
//   spec   [B x 3] i32: intercept (1/0), m_b (slopes), first slope variable's index in xs
//   xs     [P x n] f64: slope variables, variable-major
//   w      [n] f64 observation weights, or 0 for none
//   work   f64 scratch of demeanSlopesWorkLength(n, s, B, levels, spec) elements
//   info   [3] f64 out: sweeps, converged (1/0), largest relative change at the last sweep

const MAX_Q: i32 = 8;

// Offsets into the scratch area (bytes).
let oGinv: usize = 0; // per block, per level: q x q inverse Gram
let oRhs: usize = 0; // Lmax x q x s
let oGX: usize = 0; // n x s
let oGGX: usize = 0; // n x s
let oCol1: usize = 0; // s
let oCol2: usize = 0; // s
let oScale: usize = 0; // s
let oU: usize = 0; // MAX_Q
let oDiag: usize = 0; // MAX_Q
let oPair: usize = 0; // 2 MAX_Q

@inline function qOf(spec: usize, b: i32): i32 {
  return load<i32>(spec + (<usize>(b * 3) << 2)) + load<i32>(spec + (<usize>(b * 3 + 1) << 2));
}

/** Number of f64 scratch elements `demeanSlopes` needs. */
export function demeanSlopesWorkLength(n: i32, s: i32, B: i32, levels: usize, spec: usize): i32 {
  let gram = 0;
  let rhs = 0;
  for (let b = 0; b < B; b++) {
    const L = load<i32>(levels + (<usize>b << 2));
    const q = qOf(spec, b);
    gram += L * q * q;
    if (L * q * s > rhs) rhs = L * q * s;
  }
  return gram + rhs + 2 * n * s + 3 * s + 4 * MAX_Q;
}

function zero(p: usize, count: usize): void {
  memory.fill(p, 0, count << 3);
}

/** The basis u_i = [1?, x_1[i], ...] of block b at row i, into oU; returns q. */
@inline function basis(spec: usize, xs: usize, n: i32, b: i32, i: i32): i32 {
  const icpt = load<i32>(spec + (<usize>(b * 3) << 2));
  const m = load<i32>(spec + (<usize>(b * 3 + 1) << 2));
  const x0 = load<i32>(spec + (<usize>(b * 3 + 2) << 2));
  let k = 0;
  if (icpt) { store<f64>(oU, 1.0); k = 1; }
  for (let v = 0; v < m; v++) {
    store<f64>(oU + (<usize>(k + v) << 3), load<f64>(xs + ((<usize>(x0 + v) * <usize>n + <usize>i) << 3)));
  }
  return k + m;
}

/**
 * Inverse of a q x q symmetric positive semi-definite matrix in place, by the sweep operator (Goodnight 1979):
 * sweeping every pivot leaves -A^-1. A direction with no variation left within the level (its pivot at most
 * 1e-10 of its own diagonal: x constant or absent in the level) gets no coefficient: its row and column are
 * zeroed, which is the least-squares fit without it.
 */
function invertSmall(A: usize, q: i32): void {
  for (let k = 0; k < q; k++) store<f64>(oDiag + (<usize>k << 3), load<f64>(A + (<usize>(k * q + k) << 3)));
  for (let k = 0; k < q; k++) {
    const piv = load<f64>(A + (<usize>(k * q + k) << 3));
    if (!(piv > 1e-10 * load<f64>(oDiag + (<usize>k << 3)) && piv > 0)) {
      for (let j = 0; j < q; j++) {
        store<f64>(A + (<usize>(k * q + j) << 3), 0.0);
        store<f64>(A + (<usize>(j * q + k) << 3), 0.0);
      }
      continue;
    }
    for (let i = 0; i < q; i++) {
      if (i == k) continue;
      const aik = load<f64>(A + (<usize>(i * q + k) << 3)) / piv;
      for (let j = 0; j < q; j++) {
        if (j == k) continue;
        const p = A + (<usize>(i * q + j) << 3);
        store<f64>(p, load<f64>(p) - aik * load<f64>(A + (<usize>(k * q + j) << 3)));
      }
    }
    for (let j = 0; j < q; j++) {
      if (j == k) continue;
      const pkj = A + (<usize>(k * q + j) << 3);
      const pjk = A + (<usize>(j * q + k) << 3);
      store<f64>(pkj, load<f64>(pkj) / piv);
      store<f64>(pjk, load<f64>(pjk) / piv);
    }
    store<f64>(A + (<usize>(k * q + k) << 3), -1.0 / piv);
  }
  for (let i = 0; i < q * q; i++) {
    const p = A + (<usize>i << 3);
    store<f64>(p, -load<f64>(p));
  }
}

/** G_g^-1 of every level of every block. */
function grams(n: i32, codes: usize, B: i32, levels: usize, spec: usize, xs: usize, w: usize): void {
  let at = oGinv;
  for (let b = 0; b < B; b++) {
    const L = load<i32>(levels + (<usize>b << 2));
    const q = qOf(spec, b);
    const qq = <usize>(q * q);
    zero(at, <usize>L * qq);
    const f = codes + (<usize>b * <usize>n << 2);
    for (let i = 0; i < n; i++) {
      const g = <usize>load<i32>(f + (<usize>i << 2));
      basis(spec, xs, n, b, i);
      const wi = w ? load<f64>(w + (<usize>i << 3)) : 1.0;
      const G = at + (g * qq << 3);
      for (let k = 0; k < q; k++) {
        const uk = wi * load<f64>(oU + (<usize>k << 3));
        for (let l = 0; l < q; l++) {
          const p = G + (<usize>(k * q + l) << 3);
          store<f64>(p, load<f64>(p) + uk * load<f64>(oU + (<usize>l << 3)));
        }
      }
    }
    for (let g = 0; g < L; g++) invertSmall(at + (<usize>g * qq << 3), q);
    at += <usize>L * qq << 3;
  }
}

/** Project the columns of Z (in place) off block b, whose inverse Grams start at Ginv. */
function projectBlock(Z: usize, n: i32, s: i32, codes: usize, b: i32, L: i32, q: i32, spec: usize, xs: usize, w: usize, Ginv: usize): void {
  const f = codes + (<usize>b * <usize>n << 2);
  const rowBytes = <usize>s << 3;
  const levelBytes = <usize>q * rowBytes;
  zero(oRhs, <usize>L * <usize>q * <usize>s);
  for (let i = 0; i < n; i++) {
    const g = <usize>load<i32>(f + (<usize>i << 2));
    basis(spec, xs, n, b, i);
    const wi = w ? load<f64>(w + (<usize>i << 3)) : 1.0;
    const row = Z + <usize>i * rowBytes;
    const R = oRhs + g * levelBytes;
    for (let k = 0; k < q; k++) {
      const u = f64x2.splat(wi * load<f64>(oU + (<usize>k << 3)));
      const dst = R + <usize>k * rowBytes;
      for (let c = 0; c < s; c += 2) {
        const o = <usize>c << 3;
        v128.store(dst + o, f64x2.add(v128.load(dst + o), f64x2.mul(u, v128.load(row + o))));
      }
    }
  }
  // coef_g = G_g^-1 r_g, written over r_g one level and one column pair at a time.
  for (let g = 0; g < L; g++) {
    const R = oRhs + <usize>g * levelBytes;
    const Gi = Ginv + (<usize>(g * q * q) << 3);
    for (let c = 0; c < s; c += 2) {
      const o = <usize>c << 3;
      for (let k = 0; k < q; k++) v128.store(oPair + (<usize>(2 * k) << 3), v128.load(R + <usize>k * rowBytes + o));
      for (let k = 0; k < q; k++) {
        let acc = f64x2.splat(0.0);
        for (let l = 0; l < q; l++) {
          acc = f64x2.add(acc, f64x2.mul(f64x2.splat(load<f64>(Gi + (<usize>(k * q + l) << 3))), v128.load(oPair + (<usize>(2 * l) << 3))));
        }
        v128.store(R + <usize>k * rowBytes + o, acc);
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const g = <usize>load<i32>(f + (<usize>i << 2));
    basis(spec, xs, n, b, i);
    const row = Z + <usize>i * rowBytes;
    const C = oRhs + g * levelBytes;
    for (let k = 0; k < q; k++) {
      const u = f64x2.splat(load<f64>(oU + (<usize>k << 3)));
      const src = C + <usize>k * rowBytes;
      for (let c = 0; c < s; c += 2) {
        const o = <usize>c << 3;
        v128.store(row + o, f64x2.sub(v128.load(row + o), f64x2.mul(u, v128.load(src + o))));
      }
    }
  }
}

/** One sweep: dst = the projections of src off every block in turn. */
function sweep(src: usize, dst: usize, n: i32, s: i32, codes: usize, B: i32, levels: usize, spec: usize, xs: usize, w: usize): void {
  if (src != dst) memory.copy(dst, src, <usize>n * <usize>s << 3);
  let Ginv = oGinv;
  for (let b = 0; b < B; b++) {
    const L = load<i32>(levels + (<usize>b << 2));
    const q = qOf(spec, b);
    projectBlock(dst, n, s, codes, b, L, q, spec, xs, w, Ginv);
    Ginv += <usize>(L * q * q) << 3;
  }
}

/** Per column, the largest change between two iterates relative to the larger of the new iterate's size
 * and a floor from the original column (a column in the span of the blocks goes to zero); the worst ratio. */
function relativeChange(a: usize, b: usize, n: i32, s: i32): f64 {
  zero(oCol1, s);
  zero(oCol2, s);
  for (let i = 0; i < n; i++) {
    const base = <usize>i * <usize>s << 3;
    for (let c = 0; c < s; c++) {
      const o = base + (<usize>c << 3);
      const vb = load<f64>(b + o);
      const d = abs(load<f64>(a + o) - vb);
      const p1 = oCol1 + (<usize>c << 3);
      const p2 = oCol2 + (<usize>c << 3);
      if (d > load<f64>(p1)) store<f64>(p1, d);
      if (abs(vb) > load<f64>(p2)) store<f64>(p2, abs(vb));
    }
  }
  let worst = 0.0;
  for (let c = 0; c < s; c++) {
    const d = load<f64>(oCol1 + (<usize>c << 3));
    if (d == 0) continue;
    const scale = max(load<f64>(oCol2 + (<usize>c << 3)), load<f64>(oScale + (<usize>c << 3)));
    const ratio = scale > 0 ? d / scale : Infinity;
    if (ratio > worst) worst = ratio;
  }
  return worst;
}

/** Irons-Tuck per column over all n rows: X <- GGX - (<dGX, d2X> / <d2X, d2X>) dGX. */
function ironsTuck(X: usize, n: i32, s: i32): void {
  zero(oCol1, s);
  zero(oCol2, s);
  for (let i = 0; i < n; i++) {
    const base = <usize>i * <usize>s << 3;
    for (let c = 0; c < s; c += 2) {
      const o = base + (<usize>c << 3);
      const x = v128.load(X + o);
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
  for (let i = 0; i < n; i++) {
    const base = <usize>i * <usize>s << 3;
    for (let c = 0; c < s; c += 2) {
      const o = base + (<usize>c << 3);
      const gx = v128.load(oGX + o);
      const ggx = v128.load(oGGX + o);
      const coef = v128.load(oCol1 + (<usize>c << 3));
      v128.store(X + o, f64x2.sub(ggx, f64x2.mul(coef, f64x2.sub(ggx, gx))));
    }
  }
}

/**
 * Project the columns of M off B blocks (fixed effects with or without their intercepts, with varying
 * slopes) in place. Returns the number of sweeps; `info` receives [sweeps, converged, last relative change].
 * Stops when every column's largest change over a sweep is at most tol times its size, or after maxIter
 * sweeps (then converged = 0: the caller must not use M).
 */
export function demeanSlopes(
  M: usize, n: i32, s: i32, codes: usize, B: i32, levels: usize, spec: usize, xs: usize, w: usize,
  work: usize, tol: f64, maxIter: i32, info: usize,
): i32 {
  let gram = 0;
  let rhs = 0;
  for (let b = 0; b < B; b++) {
    const L = load<i32>(levels + (<usize>b << 2));
    const q = qOf(spec, b);
    gram += L * q * q;
    if (L * q * s > rhs) rhs = L * q * s;
  }
  oGinv = work;
  oRhs = oGinv + (<usize>gram << 3);
  oGX = oRhs + (<usize>rhs << 3);
  oGGX = oGX + (<usize>n * <usize>s << 3);
  oCol1 = oGGX + (<usize>n * <usize>s << 3);
  oCol2 = oCol1 + (<usize>s << 3);
  oScale = oCol2 + (<usize>s << 3);
  oU = oScale + (<usize>s << 3);
  oDiag = oU + (<usize>MAX_Q << 3);
  oPair = oDiag + (<usize>MAX_Q << 3);
  // The floor of each column's scale: 1e-6 of its size before projection.
  zero(oScale, s);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < s; c++) {
      const p = oScale + (<usize>c << 3);
      const v = abs(load<f64>(M + ((<usize>i * <usize>s + <usize>c) << 3)));
      if (v > load<f64>(p)) store<f64>(p, v);
    }
  }
  for (let c = 0; c < s; c++) { const p = oScale + (<usize>c << 3); store<f64>(p, 1e-6 * load<f64>(p)); }
  grams(n, codes, B, levels, spec, xs, w);

  let iter = 1;
  let converged = false;
  let change = 0.0;
  let final = oGX;
  sweep(M, oGX, n, s, codes, B, levels, spec, xs, w);
  while (true) {
    change = relativeChange(M, oGX, n, s);
    if (change <= tol) { converged = true; final = oGX; break; }
    if (iter >= maxIter) { final = oGX; break; }
    sweep(oGX, oGGX, n, s, codes, B, levels, spec, xs, w);
    iter++;
    change = relativeChange(oGX, oGGX, n, s);
    if (change <= tol) { converged = true; final = oGGX; break; }
    if (iter >= maxIter) { final = oGGX; break; }
    ironsTuck(M, n, s);
    sweep(M, oGX, n, s, codes, B, levels, spec, xs, w);
    iter++;
  }
  memory.copy(M, final, <usize>n * <usize>s << 3);
  store<f64>(info, <f64>iter);
  store<f64>(info + 8, converged ? 1.0 : 0.0);
  store<f64>(info + 16, change);
  return iter;
}
