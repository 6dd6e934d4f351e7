/**
 * Plain TypeScript reference implementations the WebAssembly kernels are held against. Written for clarity,
 * not speed, and by different algorithms where possible (column-space demeaning, dense Householder QR on
 * the full matrix), so agreement is evidence rather than repetition.
 */

/** Classic alternating projections in column space: subtract group means of each FE until nothing moves. */
export function demeanReference(x: Float64Array, fes: Int32Array[], levels: number[], w: Float64Array | null = null): Float64Array {
  const r = x.slice();
  const n = r.length;
  for (let iter = 0; iter < 100000; iter++) {
    let change = 0;
    fes.forEach((f, j) => {
      const sum = new Float64Array(levels[j]);
      const wt = new Float64Array(levels[j]);
      for (let i = 0; i < n; i++) { const wi = w ? w[i] : 1; sum[f[i]] += wi * r[i]; wt[f[i]] += wi; }
      for (let i = 0; i < n; i++) { const m = sum[f[i]] / wt[f[i]]; r[i] -= m; change = Math.max(change, Math.abs(m)); }
    });
    if (change < 1e-15 * (1 + Math.max(...Array.from(x, Math.abs)))) break;
  }
  return r;
}

/** Householder QR of A ([m x k], columns as arrays); returns R ([k x k] row-major) and Q'b for each b. */
export function householderQR(cols: Float64Array[], rhs: Float64Array[] = []): { R: Float64Array; qtb: Float64Array[] } {
  const A = cols.map((c) => c.slice());
  const B = rhs.map((b) => b.slice());
  const m = A[0].length;
  const k = A.length;
  for (let j = 0; j < k; j++) {
    const a = A[j];
    let norm = 0;
    for (let i = j; i < m; i++) norm += a[i] * a[i];
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const alpha = a[j] >= 0 ? -norm : norm;
    const v = new Float64Array(m);
    v[j] = a[j] - alpha;
    for (let i = j + 1; i < m; i++) v[i] = a[i];
    let vtv = 0;
    for (let i = j; i < m; i++) vtv += v[i] * v[i];
    const apply = (c: Float64Array) => {
      let d = 0;
      for (let i = j; i < m; i++) d += v[i] * c[i];
      d = (2 * d) / vtv;
      for (let i = j; i < m; i++) c[i] -= d * v[i];
    };
    for (let c = j; c < k; c++) apply(A[c]);
    B.forEach(apply);
  }
  const R = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = i; j < k; j++) R[i * k + j] = A[j][i];
  return { R, qtb: B.map((b) => b.slice(0, k)) };
}

/** Least squares by dense QR: coefficients and residuals. */
export function leastSquares(cols: Float64Array[], y: Float64Array): { beta: Float64Array; resid: Float64Array } {
  const k = cols.length;
  const { R, qtb } = householderQR(cols, [y]);
  const beta = qtb[0].slice();
  for (let i = k - 1; i >= 0; i--) {
    for (let j = i + 1; j < k; j++) beta[i] -= R[i * k + j] * beta[j];
    beta[i] /= R[i * k + i];
  }
  const resid = y.slice();
  cols.forEach((c, j) => { for (let i = 0; i < y.length; i++) resid[i] -= beta[j] * c[i]; });
  return { beta, resid };
}

/** Dummy columns of a factor, dropping level `skip` (or none with skip = -1). */
export function dummies(codes: Int32Array, levels: number, skip: number): Float64Array[] {
  const out: Float64Array[] = [];
  for (let g = 0; g < levels; g++) {
    if (g === skip) continue;
    const d = new Float64Array(codes.length);
    for (let i = 0; i < codes.length; i++) d[i] = codes[i] === g ? 1 : 0;
    out.push(d);
  }
  return out;
}

/** One fixed effect of `demeanSlopesReference`: codes, levels, the level's intercept or not, slope variables. */
export interface SlopeBlockReference {
  codes: Int32Array;
  levels: number;
  intercept: boolean;
  slopes: Float64Array[];
}

/**
 * Varying slopes by plain alternating projections in column space, without acceleration: per block and
 * level, the weighted least-squares fit on [1, x...] within the level by normal equations solved with
 * Gaussian elimination (partial pivoting), subtracted, until nothing moves.
 */
export function demeanSlopesReference(x: Float64Array, blocks: SlopeBlockReference[], w: Float64Array | null = null): Float64Array {
  const r = x.slice();
  const n = r.length;
  const scale = 1 + Math.max(...Array.from(x, Math.abs));
  for (let iter = 0; iter < 200000; iter++) {
    let change = 0;
    for (const b of blocks) {
      const q = (b.intercept ? 1 : 0) + b.slopes.length;
      const u = (i: number) => [...(b.intercept ? [1] : []), ...b.slopes.map((s) => s[i])];
      const G = Array.from({ length: b.levels }, () => Array.from({ length: q }, () => new Array<number>(q + 1).fill(0)));
      for (let i = 0; i < n; i++) {
        const ui = u(i), wi = w ? w[i] : 1, g = G[b.codes[i]];
        for (let k = 0; k < q; k++) {
          for (let l = 0; l < q; l++) g[k][l] += wi * ui[k] * ui[l];
          g[k][q] += wi * ui[k] * r[i];
        }
      }
      const coef = G.map((A) => solveSmall(A, q));
      for (let i = 0; i < n; i++) {
        const ui = u(i), c = coef[b.codes[i]];
        let fit = 0;
        for (let k = 0; k < q; k++) fit += ui[k] * c[k];
        r[i] -= fit;
        change = Math.max(change, Math.abs(fit));
      }
    }
    if (change < 1e-14 * scale) break;
  }
  return r;
}

/** [A | b] (q rows of q + 1) -> the solution by Gaussian elimination with partial pivoting. */
function solveSmall(A: number[][], q: number): number[] {
  const M = A.map((row) => row.slice());
  for (let k = 0; k < q; k++) {
    let p = k;
    for (let i = k + 1; i < q; i++) if (Math.abs(M[i][k]) > Math.abs(M[p][k])) p = i;
    [M[k], M[p]] = [M[p], M[k]];
    for (let i = k + 1; i < q; i++) {
      const f = M[i][k] / M[k][k];
      for (let j = k; j <= q; j++) M[i][j] -= f * M[k][j];
    }
  }
  const out = new Array<number>(q).fill(0);
  for (let k = q - 1; k >= 0; k--) {
    let v = M[k][q];
    for (let j = k + 1; j < q; j++) v -= M[k][j] * out[j];
    out[k] = v / M[k][k];
  }
  return out;
}
