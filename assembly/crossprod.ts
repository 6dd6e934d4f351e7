// Residuals, meat matrices and per-cluster score sums for the sandwich variance.
//
// Z is the (demeaned, weight-scaled) design [n x s] row-major; `cols` ([k] i32) picks the kept regressors
// in coefficient order, so collinear columns never need to be removed from Z.

/** e_i = Z[i, ycol] - sum_j beta_j Z[i, cols_j]; e is [n] f64 out. */
export function residuals(Z: usize, n: i32, s: i32, cols: usize, k: i32, beta: usize, ycol: i32, e: usize): void {
  const rowBytes = <usize>s << 3;
  for (let i = 0; i < n; i++) {
    const row = Z + <usize>i * rowBytes;
    let fit = 0.0;
    for (let j = 0; j < k; j++) {
      fit += load<f64>(beta + (<usize>j << 3)) * load<f64>(row + (<usize>load<i32>(cols + (<usize>j << 2)) << 3));
    }
    store<f64>(e + (<usize>i << 3), load<f64>(row + (<usize>ycol << 3)) - fit);
  }
}

/** The kept columns of Z, compact: out[i, j] = Z[i, cols_j] ([n x k] row-major), for scores kept with a fit. */
export function gatherColumns(Z: usize, n: i32, s: i32, cols: usize, k: i32, out: usize): void {
  selectColumns(Z, n, s, cols, k, out, k);
}

/**
 * out[i, j] = Z[i, cols_j] with out's row stride `so` (>= k; columns k..so-1 are left as they are): one
 * design's columns taken from a projection that stays in module memory, so a fit on it copies nothing
 * through JavaScript.
 */
export function selectColumns(Z: usize, n: i32, s: i32, cols: usize, k: i32, out: usize, so: i32): void {
  const rowBytes = <usize>s << 3;
  const outBytes = <usize>so << 3;
  for (let i = 0; i < n; i++) {
    const row = Z + <usize>i * rowBytes;
    const dst = out + <usize>i * outBytes;
    for (let j = 0; j < k; j++) {
      store<f64>(dst + (<usize>j << 3), load<f64>(row + (<usize>load<i32>(cols + (<usize>j << 2)) << 3)));
    }
  }
}

/**
 * out[i, c] = sum_a Z[i, cols_a] T[a, c] with out's row stride `so` (>= q): q linear combinations of m columns
 * of Z (T [m x q] row-major), e.g. the 2SLS second stage's columns from the shared projection.
 */
export function combineColumns(Z: usize, n: i32, s: i32, cols: usize, m: i32, T: usize, q: i32, out: usize, so: i32): void {
  const rowBytes = <usize>s << 3;
  const outBytes = <usize>so << 3;
  for (let i = 0; i < n; i++) {
    const row = Z + <usize>i * rowBytes;
    const dst = out + <usize>i * outBytes;
    for (let c = 0; c < q; c++) {
      let acc = 0.0;
      for (let a = 0; a < m; a++) {
        const t = load<f64>(T + ((<usize>a * <usize>q + <usize>c) << 3));
        if (t != 0) acc += t * load<f64>(row + (<usize>load<i32>(cols + (<usize>a << 2)) << 3));
      }
      store<f64>(dst + (<usize>c << 3), acc);
    }
  }
}

/**
 * Gram matrix of the columns `cols` of Z: out[a, b] = sum_i Z[i, cols_a] Z[i, cols_b] ([m x m] row-major); the
 * lower triangle is summed row by row (one pass over Z) and mirrored.
 */
export function columnGram(Z: usize, n: i32, s: i32, cols: usize, m: i32, out: usize): void {
  const rowBytes = <usize>s << 3;
  const mm = <usize>m;
  memory.fill(out, 0, mm * mm << 3);
  for (let i = 0; i < n; i++) {
    const src = Z + <usize>i * rowBytes;
    for (let a: usize = 0; a < mm; a++) {
      const ra = load<f64>(src + (<usize>load<i32>(cols + (a << 2)) << 3));
      const dst = out + (a * mm << 3);
      for (let b: usize = 0; b <= a; b++) {
        const p = dst + (b << 3);
        store<f64>(p, load<f64>(p) + ra * load<f64>(src + (<usize>load<i32>(cols + (b << 2)) << 3)));
      }
    }
  }
  for (let a: usize = 0; a < mm; a++) for (let b: usize = 0; b < a; b++) store<f64>(out + ((b * mm + a) << 3), load<f64>(out + ((a * mm + b) << 3)));
}

/**
 * Scores of a product of two sets of combinations of Z's columns: with z_i = T_z' a_i ([L]) and v_i = T_v' a_i
 * ([p]), a_i = Z[i, cols] ([m]) and T = [T_z | T_v] ([m x (L + p)] row-major), out[i, j L + l] = z_il v_ij
 * ([n x L p] row-major): vec(z_i v_i'), the score of a multivariate first stage (Kleibergen-Paap's meat).
 */
export function kroneckerScores(Z: usize, n: i32, s: i32, cols: usize, m: i32, T: usize, L: i32, p: i32, out: usize): void {
  const rowBytes = <usize>s << 3;
  const q = <usize>(L + p);
  const width = <usize>(L * p);
  for (let i = 0; i < n; i++) {
    const row = Z + <usize>i * rowBytes;
    const dst = out + (<usize>i * width << 3);
    for (let j = 0; j < p; j++) {
      let v = 0.0;
      for (let a = 0; a < m; a++) v += load<f64>(row + (<usize>load<i32>(cols + (<usize>a << 2)) << 3)) * load<f64>(T + ((<usize>a * q + <usize>(L + j)) << 3));
      for (let l = 0; l < L; l++) {
        let z = 0.0;
        for (let a = 0; a < m; a++) z += load<f64>(row + (<usize>load<i32>(cols + (<usize>a << 2)) << 3)) * load<f64>(T + ((<usize>a * q + <usize>l) << 3));
        store<f64>(dst + (<usize>(j * L + l) << 3), z * v);
      }
    }
  }
}

/** Sum of squares of e. */
export function sumSquares(e: usize, n: i32): f64 {
  let acc = 0.0;
  for (let i = 0; i < n; i++) {
    const v = load<f64>(e + (<usize>i << 3));
    acc += v * v;
  }
  return acc;
}

/** Heteroskedastic meat sum_i e_i^2 x_i x_i' into out ([k x k] row-major). */
export function heteroMeat(Z: usize, n: i32, s: i32, cols: usize, k: i32, e: usize, out: usize): void {
  const rowBytes = <usize>s << 3;
  const kk = <usize>k;
  memory.fill(out, 0, kk * kk << 3);
  for (let i = 0; i < n; i++) {
    const row = Z + <usize>i * rowBytes;
    const ei = load<f64>(e + (<usize>i << 3));
    const e2 = ei * ei;
    for (let a = 0; a < k; a++) {
      const xa = e2 * load<f64>(row + (<usize>load<i32>(cols + (<usize>a << 2)) << 3));
      const o = out + (<usize>a * kk << 3);
      for (let b = a; b < k; b++) {
        const p = o + (<usize>b << 3);
        store<f64>(p, load<f64>(p) + xa * load<f64>(row + (<usize>load<i32>(cols + (<usize>b << 2)) << 3)));
      }
    }
  }
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < a; b++) store<f64>(out + (<usize>a * kk + <usize>b << 3), load<f64>(out + (<usize>b * kk + <usize>a << 3)));
  }
}

/** Per-cluster score sums s_g = sum_{i in g} e_i x_i into S ([G x k] row-major); ids ([n] i32) in 0..G-1. */
export function clusterScores(Z: usize, n: i32, s: i32, cols: usize, k: i32, e: usize, ids: usize, G: i32, S: usize): void {
  const rowBytes = <usize>s << 3;
  const kk = <usize>k;
  memory.fill(S, 0, <usize>G * kk << 3);
  for (let i = 0; i < n; i++) {
    const row = Z + <usize>i * rowBytes;
    const ei = load<f64>(e + (<usize>i << 3));
    const dst = S + (<usize>load<i32>(ids + (<usize>i << 2)) * kk << 3);
    for (let a = 0; a < k; a++) {
      const p = dst + (<usize>a << 3);
      store<f64>(p, load<f64>(p) + ei * load<f64>(row + (<usize>load<i32>(cols + (<usize>a << 2)) << 3)));
    }
  }
}

/** S'S for S [G x k] row-major, into out ([k x k] row-major). */
export function crossprod(S: usize, G: i32, k: i32, out: usize): void {
  const kk = <usize>k;
  memory.fill(out, 0, kk * kk << 3);
  for (let g = 0; g < G; g++) {
    const row = S + (<usize>g * kk << 3);
    for (let a = 0; a < k; a++) {
      const va = load<f64>(row + (<usize>a << 3));
      if (va == 0) continue;
      const o = out + (<usize>a * kk << 3);
      for (let b = a; b < k; b++) {
        const p = o + (<usize>b << 3);
        store<f64>(p, load<f64>(p) + va * load<f64>(row + (<usize>b << 3)));
      }
    }
  }
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < a; b++) store<f64>(out + (<usize>a * kk + <usize>b << 3), load<f64>(out + (<usize>b * kk + <usize>a << 3)));
  }
}

/** Multiply every row of Z by sqrt(w_i): weighted least squares as plain least squares. */
export function scaleRowsBySqrt(Z: usize, n: i32, s: i32, w: usize): void {
  const rowBytes = <usize>s << 3;
  for (let i = 0; i < n; i++) {
    const row = Z + <usize>i * rowBytes;
    const f = f64x2.splat(Math.sqrt(load<f64>(w + (<usize>i << 3))));
    for (let c = 0; c < s; c += 2) {
      const o = <usize>c << 3;
      v128.store(row + o, f64x2.mul(f, v128.load(row + o)));
    }
  }
}
