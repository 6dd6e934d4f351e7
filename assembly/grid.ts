// Cross-products a specification grid shares across its models.
//
// Every model of a grid group is a subset of the columns of one projected matrix Z ([n x s] row-major,
// s even). The per-cluster Gram blocks C_g = Z_g'Z_g hold all that a clustered variance needs: the score
// of cluster g for a model on columns `cols` with coefficients beta is X_g'e_g = C_g[cols, y] -
// C_g[cols, cols] beta, so each model costs O(G k^2) instead of a pass over the n rows.

/**
 * Per-cluster Gram blocks: C ([G x s x s], block g row-major) = sum over rows i with ids[i] = g of z_i z_i'.
 * ids ([n] i32) in 0..G-1.
 */
export function clusterGram(Z: usize, n: i32, s: i32, ids: usize, G: i32, C: usize): void {
  const ss = <usize>s * <usize>s;
  const rowBytes = <usize>s << 3;
  memory.fill(C, 0, <usize>G * ss << 3);
  for (let i = 0; i < n; i++) {
    const row = Z + <usize>i * rowBytes;
    const block = C + (<usize>load<i32>(ids + (<usize>i << 2)) * ss << 3);
    for (let a = 0; a < s; a++) {
      const za = f64x2.splat(load<f64>(row + (<usize>a << 3)));
      const out = block + <usize>a * rowBytes;
      // Upper triangle from the SIMD pair holding the diagonal; the one lower entry it touches is
      // overwritten by the mirror below.
      for (let b = a & ~1; b < s; b += 2) {
        const o = <usize>b << 3;
        v128.store(out + o, f64x2.add(v128.load(out + o), f64x2.mul(za, v128.load(row + o))));
      }
    }
  }
  for (let g = 0; g < G; g++) {
    const block = C + (<usize>g * ss << 3);
    for (let a = 1; a < s; a++) {
      for (let b = 0; b < a; b++) {
        store<f64>(block + <usize>a * rowBytes + (<usize>b << 3), load<f64>(block + <usize>b * rowBytes + (<usize>a << 3)));
      }
    }
  }
}

/**
 * Scores of one model from the Gram blocks: S[g, a] = C_g[cols_a, ycol] - sum_j C_g[cols_a, cols_j] beta_j,
 * into S ([G x k] row-major). cols ([k] i32) are the model's columns of Z in coefficient order.
 */
export function gramScores(C: usize, G: i32, s: i32, cols: usize, k: i32, ycol: i32, beta: usize, S: usize): void {
  const ss = <usize>s * <usize>s;
  const rowBytes = <usize>s << 3;
  const yo = <usize>ycol << 3;
  for (let g = 0; g < G; g++) {
    const block = C + (<usize>g * ss << 3);
    const dst = S + (<usize>g * <usize>k << 3);
    for (let a = 0; a < k; a++) {
      const row = block + <usize>load<i32>(cols + (<usize>a << 2)) * rowBytes;
      let acc = load<f64>(row + yo);
      for (let j = 0; j < k; j++) {
        acc -= load<f64>(row + (<usize>load<i32>(cols + (<usize>j << 2)) << 3)) * load<f64>(beta + (<usize>j << 3));
      }
      store<f64>(dst + (<usize>a << 3), acc);
    }
  }
}

/**
 * Fourth moments of the columns of Z: out[t] = sum_i z_ia z_ib z_ic z_id for the sorted index tuples
 * a <= b <= c <= d < p, tuple t given as two pair indices (u, v) in tuples ([T x 2] i32), pairs (a, b) with
 * a <= b numbered row by row (0,0), (0,1), ..., (0,p-1), (1,1), ... The heteroskedastic meat of any model
 * on these columns is a contraction of them: sum_i x_ia x_ib e_i^2 = sum_cd w_c w_d M_abcd with
 * w = (-beta, 1). Rows go in blocks of b (even): the block's pair products are formed once ([P x b] in
 * work), each moment adds one dot product per block, so sums are blocked (error ~ (b + n/b) eps).
 */
export function fourthMoments(Z: usize, n: i32, s: i32, p: i32, tuples: usize, T: i32, work: usize, b: i32, out: usize): void {
  const rowBytes = <usize>s << 3;
  const colBytes = <usize>b << 3;
  memory.fill(out, 0, <usize>T << 3);
  for (let start = 0; start < n; start += b) {
    const rows = min(b, n - start);
    const even = (rows + 1) & ~1;
    const block = Z + <usize>start * rowBytes;
    let u = 0;
    for (let a = 0; a < p; a++) {
      for (let c = a; c < p; c++) {
        const col = work + <usize>u * colBytes;
        for (let r = 0; r < rows; r++) {
          const row = block + <usize>r * rowBytes;
          store<f64>(col + (<usize>r << 3), load<f64>(row + (<usize>a << 3)) * load<f64>(row + (<usize>c << 3)));
        }
        if (even > rows) store<f64>(col + (<usize>rows << 3), 0.0);
        u++;
      }
    }
    for (let t = 0; t < T; t++) {
      const qu = work + <usize>load<i32>(tuples + (<usize>t << 3)) * colBytes;
      const qv = work + <usize>load<i32>(tuples + (<usize>t << 3) + 4) * colBytes;
      let acc = f64x2.splat(0.0);
      for (let r = 0; r < even; r += 2) {
        const o = <usize>r << 3;
        acc = f64x2.add(acc, f64x2.mul(v128.load(qu + o), v128.load(qv + o)));
      }
      const o = out + (<usize>t << 3);
      store<f64>(o, load<f64>(o) + (f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1)));
    }
  }
}
