// Least squares by Householder QR.
//
// The tall matrix Z = [X y] ([n x s] row-major, s even) is reduced to its triangular factor R in one
// streaming pass (sequential tall-skinny QR): each block of rows is stacked under the current R and
// reduced by Householder reflections, so no n x n or n x k orthogonal factor is formed and the accuracy is
// that of QR on Z itself, not of the normal equations. Z = Q R with Q orthogonal, so the small R carries
// everything least squares needs: rank and collinearity by a limited-pivoting QR of R (LINPACK dqrdc2, the
// rule R's lm uses, keeps formula order and moves negligible columns to the end), the coefficients by
// back-substitution, and (R'R)^-1 = (Z'Z)^-1 for the variance.

/**
 * Reduce Z to R. `R` is [s x s] row-major and may hold a previous factor to be updated (zero it for a fresh
 * start). `work` is f64 scratch of (s + b + 1) * s elements; b is the block height.
 */
export function tsqr(Z: usize, n: i32, s: i32, R: usize, work: usize, b: i32): void {
  const rowBytes = <usize>s << 3;
  const blk = work + (<usize>s * rowBytes); // block rows sit below the copy of R
  for (let start = 0; start < n; start += b) {
    const rows = min(b, n - start);
    memory.copy(work, R, <usize>s * rowBytes);
    memory.copy(blk, Z + <usize>start * rowBytes, <usize>rows * rowBytes);
    reduceBlock(work, blk, rows, s);
    memory.copy(R, work, <usize>s * rowBytes);
  }
}

/**
 * Householder reflections that zero the block under the triangular top. Reflection j involves only row j of
 * the top and the block rows (the top is already triangular), so the stacked matrix is never formed.
 */
function reduceBlock(top: usize, blk: usize, rows: i32, s: i32): void {
  const rowBytes = <usize>s << 3;
  for (let j = 0; j < s; j++) {
    const cj = <usize>j << 3;
    let ssq = 0.0;
    for (let r = 0; r < rows; r++) {
      const v = load<f64>(blk + <usize>r * rowBytes + cj);
      ssq += v * v;
    }
    if (ssq == 0) continue;
    const x0 = load<f64>(top + <usize>j * rowBytes + cj);
    const norm = Math.sqrt(x0 * x0 + ssq);
    const alpha = x0 >= 0 ? -norm : norm;
    const v0 = x0 - alpha;
    // H = I - tau v v', v = (v0 at row j, block column j), tau = 2 / v'v.
    const tau = 2.0 / (v0 * v0 + ssq);
    const c0 = (j + 1) & ~1;
    if (c0 < s) {
      // d = v' A over columns c0..s-1, then A -= tau v d'.
      const topRow = top + <usize>j * rowBytes;
      const d = top + <usize>s * rowBytes + <usize>rows * rowBytes; // scratch row after the block
      const v0v = f64x2.splat(v0);
      for (let c = c0; c < s; c += 2) {
        const o = <usize>c << 3;
        v128.store(d + o, f64x2.mul(v0v, v128.load(topRow + o)));
      }
      for (let r = 0; r < rows; r++) {
        const row = blk + <usize>r * rowBytes;
        const vr = f64x2.splat(load<f64>(row + cj));
        for (let c = c0; c < s; c += 2) {
          const o = <usize>c << 3;
          v128.store(d + o, f64x2.add(v128.load(d + o), f64x2.mul(vr, v128.load(row + o))));
        }
      }
      const t = f64x2.splat(tau);
      for (let c = c0; c < s; c += 2) {
        const o = <usize>c << 3;
        v128.store(d + o, f64x2.mul(t, v128.load(d + o)));
      }
      for (let c = c0; c < s; c += 2) {
        const o = <usize>c << 3;
        v128.store(topRow + o, f64x2.sub(v128.load(topRow + o), f64x2.mul(v0v, v128.load(d + o))));
      }
      for (let r = 0; r < rows; r++) {
        const row = blk + <usize>r * rowBytes;
        const vr = f64x2.splat(load<f64>(row + cj));
        for (let c = c0; c < s; c += 2) {
          const o = <usize>c << 3;
          v128.store(row + o, f64x2.sub(v128.load(row + o), f64x2.mul(vr, v128.load(d + o))));
        }
      }
      // Column j itself may sit in the first SIMD pair (j even): it was transformed above; set it exactly.
    }
    store<f64>(top + <usize>j * rowBytes + cj, alpha);
    for (let r = 0; r < rows; r++) store<f64>(blk + <usize>r * rowBytes + cj, 0.0);
  }
}

/**
 * Limited-pivoting Householder QR of A ([m x k] row-major, leading dimension lda), in place.
 * The first kp columns are candidates; the rest (e.g. y) are transformed but never dropped or moved.
 * A candidate whose norm, after removing the earlier kept columns, is below tol x refNorms[col] is moved
 * behind the other candidates and counted as collinear. perm ([kp] i32 out) receives the original column
 * indices in their final order, kept ones first. Returns the rank. A is left holding R in its upper
 * triangle (candidates permuted as in perm).
 */
export function qrPivot(A: usize, m: i32, k: i32, lda: i32, kp: i32, refNorms: usize, tol: f64, perm: usize): i32 {
  const ld = <usize>lda << 3;
  for (let c = 0; c < kp; c++) store<i32>(perm + (<usize>c << 2), c);
  let rank = 0;
  let last = kp; // candidates at positions >= last are the dropped ones
  while (rank < last) {
    const j = rank;
    const cj = <usize>j << 3;
    let ssq = 0.0;
    for (let r = j; r < m; r++) {
      const v = load<f64>(A + <usize>r * ld + cj);
      ssq += v * v;
    }
    const orig = load<f64>(refNorms + (<usize>load<i32>(perm + (<usize>j << 2)) << 3));
    if (!(Math.sqrt(ssq) > tol * orig) || j >= m) {
      // Negligible: rotate column j to the end of the candidates, shifting the others left.
      const moved = load<i32>(perm + (<usize>j << 2));
      for (let c = j; c < kp - 1; c++) {
        store<i32>(perm + (<usize>c << 2), load<i32>(perm + (<usize>(c + 1) << 2)));
        for (let r = 0; r < m; r++) {
          const p = A + <usize>r * ld;
          store<f64>(p + (<usize>c << 3), load<f64>(p + (<usize>(c + 1) << 3)));
        }
      }
      // The column is kept in its reduced form at the end; its entries no longer matter.
      store<i32>(perm + (<usize>(kp - 1) << 2), moved);
      for (let r = 0; r < m; r++) store<f64>(A + <usize>r * ld + (<usize>(kp - 1) << 3), 0.0);
      last--;
      continue;
    }
    const x0 = load<f64>(A + <usize>j * ld + cj);
    const norm = Math.sqrt(ssq);
    const alpha = x0 >= 0 ? -norm : norm;
    const v0 = x0 - alpha;
    const vtv = ssq - x0 * x0 + v0 * v0;
    if (vtv > 0) {
      const tau = 2.0 / vtv;
      for (let c = j + 1; c < k; c++) {
        const cc = <usize>c << 3;
        let d = v0 * load<f64>(A + <usize>j * ld + cc);
        for (let r = j + 1; r < m; r++) d += load<f64>(A + <usize>r * ld + cj) * load<f64>(A + <usize>r * ld + cc);
        d *= tau;
        store<f64>(A + <usize>j * ld + cc, load<f64>(A + <usize>j * ld + cc) - v0 * d);
        for (let r = j + 1; r < m; r++) {
          const p = A + <usize>r * ld + cc;
          store<f64>(p, load<f64>(p) - load<f64>(A + <usize>r * ld + cj) * d);
        }
      }
    }
    store<f64>(A + <usize>j * ld + cj, alpha);
    for (let r = j + 1; r < m; r++) store<f64>(A + <usize>r * ld + cj, 0.0);
    rank++;
  }
  return rank;
}

/** Solve R x = b in place for upper-triangular R ([r x r] of a matrix with leading dimension lda). */
export function backSolve(R: usize, r: i32, lda: i32, b: usize): void {
  const ld = <usize>lda << 3;
  for (let i = r - 1; i >= 0; i--) {
    let acc = load<f64>(b + (<usize>i << 3));
    for (let j = i + 1; j < r; j++) acc -= load<f64>(R + <usize>i * ld + (<usize>j << 3)) * load<f64>(b + (<usize>j << 3));
    store<f64>(b + (<usize>i << 3), acc / load<f64>(R + <usize>i * ld + (<usize>i << 3)));
  }
}

/**
 * (R'R)^-1 = R^-1 R^-T for upper-triangular R ([r x r], leading dimension lda) into out ([r x r] row-major).
 * `work` is f64 scratch of r * r elements (R^-1).
 */
export function inverseGram(R: usize, r: i32, lda: i32, out: usize, work: usize): void {
  const ld = <usize>lda << 3;
  const rr = <usize>r << 3;
  memory.fill(work, 0, <usize>r * rr);
  // Columns of R^-1 by back-substitution on unit vectors.
  for (let c = 0; c < r; c++) {
    for (let i = c; i >= 0; i--) {
      let acc: f64 = i == c ? 1.0 : 0.0;
      for (let j = i + 1; j <= c; j++) acc -= load<f64>(R + <usize>i * ld + (<usize>j << 3)) * load<f64>(work + <usize>j * rr + (<usize>c << 3));
      store<f64>(work + <usize>i * rr + (<usize>c << 3), acc / load<f64>(R + <usize>i * ld + (<usize>i << 3)));
    }
  }
  for (let i = 0; i < r; i++) {
    for (let j = i; j < r; j++) {
      let acc = 0.0;
      for (let l = j; l < r; l++) acc += load<f64>(work + <usize>i * rr + (<usize>l << 3)) * load<f64>(work + <usize>j * rr + (<usize>l << 3));
      store<f64>(out + <usize>i * rr + (<usize>j << 3), acc);
      store<f64>(out + <usize>j * rr + (<usize>i << 3), acc);
    }
  }
}
