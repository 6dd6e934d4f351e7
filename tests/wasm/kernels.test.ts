/**
 * Each WebAssembly kernel against its plain TypeScript reference (tests/reference/linalg.ts).
 */
import { describe, it, expect } from 'vitest';
import { Arena } from '../../src/wasm/arena.js';
import { demeanReference, householderQR } from '../reference/linalg.js';
import { rng } from '../reference/rng.js';
import { expectAllClose, expectClose, RTOL_EXACT } from '../helpers.js';

/** Unbalanced random FE codes with every level present. */
function codes(n: number, levels: number, r: ReturnType<typeof rng>): Int32Array {
  const c = new Int32Array(n);
  for (let i = 0; i < n; i++) c[i] = i < levels ? i : r.int(levels);
  return c;
}

function demeanWasm(cols: Float64Array[], fes: Int32Array[], levels: number[], w: Float64Array | null, tol = 1e-13) {
  const arena = new Arena();
  try {
    const c = arena.core;
    const n = cols[0].length;
    const p = cols.length;
    const s = p % 2 ? p + 1 : p;
    const J = fes.length;
    const M = arena.f64(n * s);
    const cd = arena.i32(J * n);
    const lv = arena.i32(J);
    const wb = w ? arena.f64(n) : null;
    const Ltot = levels.reduce((a, b) => a + b, 0);
    const work = arena.f64(c.demeanWorkLength(s, J, Ltot, levels[0], Math.max(...levels), n));
    const info = arena.f64(3);
    const m = M.view();
    cols.forEach((col, j) => { for (let i = 0; i < n; i++) m[i * s + j] = col[i]; });
    fes.forEach((f, j) => cd.view().set(f, j * n));
    lv.view().set(levels);
    if (wb && w) wb.view().set(w);
    c.demean(M.data, n, s, cd.data, J, lv.data, wb ? wb.data : 0, work.data, tol, 10000, info.data);
    const out = cols.map((_, j) => Float64Array.from({ length: n }, (_, i) => M.view()[i * s + j]));
    return { out, info: Array.from(info.view()) };
  } finally {
    arena.release();
  }
}

describe('demean kernel', () => {
  const r = rng(7);
  const n = 500;
  const cols = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => 10 * r.normal() + 3));
  const f1 = codes(n, 40, r), f2 = codes(n, 9, r), f3 = codes(n, 5, r);
  const w = Float64Array.from({ length: n }, () => 0.2 + r.uniform());

  for (const [label, fes, levels, weights] of [
    ['one FE (exact in one pass)', [f1], [40], null],
    ['two FEs', [f1, f2], [40, 9], null],
    ['three FEs', [f1, f2, f3], [40, 9, 5], null],
    ['two FEs, weighted', [f1, f2], [40, 9], w],
  ] as const) {
    it(label, () => {
      const { out, info } = demeanWasm(cols, [...fes], [...levels], weights);
      expect(info[1]).toBe(1);
      if (fes.length === 1) expect(info[0]).toBe(1);
      cols.forEach((col, j) => expectAllClose(out[j], demeanReference(col, [...fes], [...levels], weights), `column ${j}`, 1e-9, 1e-9));
    });
  }

  it('reports non-convergence instead of pretending', () => {
    const { info } = demeanWasm(cols, [f1, f2, f3], [40, 9, 5], null, 1e-15);
    expect(info[0]).toBeGreaterThan(1);
    const capped = (() => {
      const arena = new Arena();
      try {
        const c = arena.core;
        const s = 2, J = 2, nn = n;
        const M = arena.f64(nn * s), cd = arena.i32(J * nn), lv = arena.i32(J), inf = arena.f64(3);
        const work = arena.f64(c.demeanWorkLength(s, J, 49, 40, 40, nn));
        const m = M.view();
        for (let i = 0; i < nn; i++) m[i * s] = cols[0][i];
        cd.view().set(f1, 0); cd.view().set(f2, nn); lv.view().set([40, 9]);
        return c.demean(M.data, nn, s, cd.data, J, lv.data, 0, work.data, 1e-14, 2, inf.data) && Array.from(inf.view());
      } finally { arena.release(); }
    })();
    expect(capped && capped[1]).toBe(0);
  });
});

describe('streaming QR and limited pivoting', () => {
  const r = rng(11);
  const n = 1000; // several blocks of 256 rows
  const k = 5;
  const cols = Array.from({ length: k }, () => Float64Array.from({ length: n }, () => r.normal()));

  function tsqr(columns: Float64Array[]) {
    const arena = new Arena();
    try {
      const c = arena.core;
      const p = columns.length;
      const s = p % 2 ? p + 1 : p;
      const Z = arena.f64(n * s), R = arena.f64(s * s), work = arena.f64((s + 257) * s);
      const z = Z.view();
      columns.forEach((col, j) => { for (let i = 0; i < n; i++) z[i * s + j] = col[i]; });
      c.tsqr(Z.data, n, s, R.data, work.data, 256);
      return { R: R.view().slice(), s };
    } finally { arena.release(); }
  }

  it('R matches dense Householder QR (up to row signs) and R\'R = Z\'Z', () => {
    const { R, s } = tsqr(cols);
    const ref = householderQR(cols).R;
    for (let i = 0; i < k; i++) {
      const sign = Math.sign(R[i * s + i]) * Math.sign(ref[i * k + i]);
      for (let j = i; j < k; j++) expectClose(sign * R[i * s + j], ref[i * k + j], `R[${i},${j}]`, 1e-11, 1e-12);
    }
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
      let rr = 0, zz = 0;
      for (let i = 0; i < k; i++) rr += R[i * s + a] * R[i * s + b];
      for (let i = 0; i < n; i++) zz += cols[a][i] * cols[b][i];
      expectClose(rr, zz, `Z'Z[${a},${b}]`, RTOL_EXACT, 1e-10);
    }
  });

  it('drops the later of two collinear columns and keeps formula order', () => {
    const dup = cols[1].map((v, i) => 2 * v - cols[3][i]); // exactly collinear with columns 1 and 3
    const columns = [cols[0], cols[1], dup, cols[3], cols[4]];
    const { R, s } = tsqr(columns);
    const arena = new Arena();
    try {
      const c = arena.core;
      const A = arena.f64(s * s), norms = arena.f64(5), perm = arena.i32(5);
      A.view().set(R);
      norms.view().set(columns.map((col) => Math.sqrt(col.reduce((a, v) => a + v * v, 0))));
      const rank = c.qrPivot(A.data, s, 5, s, 5, norms.data, 1e-7, perm.data);
      expect(rank).toBe(4);
      // Column 2 is a combination of 1 and 3, but 3 comes later: with column order kept, 2 is reached first
      // while 1 is in and 3 is not, so 2 survives and 3 is the one found collinear, as lm and fixest do.
      expect(Array.from(perm.view())).toEqual([0, 1, 2, 4, 3]);
    } finally { arena.release(); }
  });
});

describe('sandwich kernels', () => {
  const r = rng(3);
  const n = 300, s = 4, k = 3;
  const z = Float64Array.from({ length: n * s }, () => r.normal());
  const e = Float64Array.from({ length: n }, () => r.normal());
  const ids = Int32Array.from({ length: n }, () => r.int(12));
  const cols = [0, 2, 3];

  it('hetero meat, cluster scores and their cross-product equal the plain sums', () => {
    const arena = new Arena();
    try {
      const c = arena.core;
      const Z = arena.f64(n * s), E = arena.f64(n), C = arena.i32(k), I = arena.i32(n);
      const H = arena.f64(k * k), S = arena.f64(12 * k), SS = arena.f64(k * k);
      Z.view().set(z); E.view().set(e); C.view().set(cols); I.view().set(ids);
      c.heteroMeat(Z.data, n, s, C.data, k, E.data, H.data);
      c.clusterScores(Z.data, n, s, C.data, k, E.data, I.data, 12, S.data);
      c.crossprod(S.data, 12, k, SS.data);
      const hRef = new Float64Array(k * k);
      const sRef = new Float64Array(12 * k);
      for (let i = 0; i < n; i++) for (let a = 0; a < k; a++) {
        sRef[ids[i] * k + a] += e[i] * z[i * s + cols[a]];
        for (let b = 0; b < k; b++) hRef[a * k + b] += e[i] ** 2 * z[i * s + cols[a]] * z[i * s + cols[b]];
      }
      const ssRef = new Float64Array(k * k);
      for (let g = 0; g < 12; g++) for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) ssRef[a * k + b] += sRef[g * k + a] * sRef[g * k + b];
      expectAllClose(H.view(), hRef, 'hetero meat', RTOL_EXACT, 1e-12);
      expectAllClose(S.view(), sRef, 'cluster scores', RTOL_EXACT, 1e-12);
      expectAllClose(SS.view(), ssRef, 'crossprod', RTOL_EXACT, 1e-12);
    } finally { arena.release(); }
  });
});

describe('small dense kernels and row operations', () => {
  const r = rng(17);

  it('backSolve and inverseGram equal the plain triangular algebra', () => {
    const k = 4;
    const Rm = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = i; j < k; j++) Rm[i * k + j] = i === j ? 1 + r.uniform() : r.normal();
    const b = Float64Array.from({ length: k }, () => r.normal());
    const arena = new Arena();
    try {
      const c = arena.core;
      const R = arena.f64(k * k), x = arena.f64(k), G = arena.f64(k * k), work = arena.f64(k * k);
      R.view().set(Rm); x.view().set(b);
      c.backSolve(R.data, k, k, x.data);
      c.inverseGram(R.data, k, k, G.data, work.data);
      // R x = b
      for (let i = 0; i < k; i++) {
        let acc = 0;
        for (let j = i; j < k; j++) acc += Rm[i * k + j] * x.view()[j];
        expectClose(acc, b[i], `(R x)[${i}]`, RTOL_EXACT, 1e-13);
      }
      // (R'R) G = I
      const RtR = new Float64Array(k * k);
      for (let a = 0; a < k; a++) for (let bb = 0; bb < k; bb++) for (let l = 0; l < k; l++) RtR[a * k + bb] += Rm[l * k + a] * Rm[l * k + bb];
      const g = G.view();
      for (let a = 0; a < k; a++) for (let bb = 0; bb < k; bb++) {
        let acc = 0;
        for (let l = 0; l < k; l++) acc += RtR[a * k + l] * g[l * k + bb];
        expectClose(acc, a === bb ? 1 : 0, `(R'R G)[${a},${bb}]`, 1e-11, 1e-11);
      }
    } finally { arena.release(); }
  });

  it('residuals, sumSquares and scaleRowsBySqrt equal their definitions', () => {
    const n = 50, s = 4;
    const z = Float64Array.from({ length: n * s }, () => r.normal());
    const w = Float64Array.from({ length: n }, () => 0.1 + r.uniform());
    const beta = [0.5, -2];
    const cols = [0, 2];
    const arena = new Arena();
    try {
      const c = arena.core;
      const Z = arena.f64(n * s), B = arena.f64(2), C = arena.i32(2), E = arena.f64(n), W = arena.f64(n);
      Z.view().set(z); B.view().set(beta); C.view().set(cols); W.view().set(w);
      c.residuals(Z.data, n, s, C.data, 2, B.data, 3, E.data);
      const e = E.view();
      let ss = 0;
      for (let i = 0; i < n; i++) {
        const ref = z[i * s + 3] - beta[0] * z[i * s] - beta[1] * z[i * s + 2];
        expectClose(e[i], ref, `e[${i}]`, RTOL_EXACT, 1e-14);
        ss += ref * ref;
      }
      expectClose(c.sumSquares(E.data, n), ss, 'sum of squares', RTOL_EXACT);
      c.scaleRowsBySqrt(Z.data, n, s, W.data);
      const zs = Z.view();
      for (let i = 0; i < n; i++) for (let j = 0; j < s; j++) expectClose(zs[i * s + j], z[i * s + j] * Math.sqrt(w[i]), `Z[${i},${j}]`, RTOL_EXACT, 0);
    } finally { arena.release(); }
  });
});

describe('column kernels of the shared projection (2SLS)', () => {
  const r = rng(41);
  const n = 60, s = 6;
  const z = Float64Array.from({ length: n * s }, () => r.normal());
  const zAt = (i: number, j: number) => z[i * s + j];

  it('selectColumns, columnGram and combineColumns equal their definitions', () => {
    const cols = [4, 0, 3];
    const m = cols.length, q = 2, so = 4;
    const T = Float64Array.from([1, 0.5, 0, -2, 3, 0.25]); // [m x q]
    const arena = new Arena();
    try {
      const c = arena.core;
      const Z = arena.f64(n * s), C = arena.i32(m), S = arena.f64(n * so), G = arena.f64(m * m), TT = arena.f64(m * q), O = arena.f64(n * so);
      Z.view().set(z); C.view().set(cols); TT.view().set(T);
      S.view().fill(7); // columns beyond m must be left as they are
      c.selectColumns(Z.data, n, s, C.data, m, S.data, so);
      c.columnGram(Z.data, n, s, C.data, m, G.data);
      c.combineColumns(Z.data, n, s, C.data, m, TT.data, q, O.data, so);
      const sel = S.view(), g = G.view(), o = O.view();
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < m; j++) expect(sel[i * so + j]).toBe(zAt(i, cols[j]));
        expect(sel[i * so + m]).toBe(7);
        for (let b = 0; b < q; b++) {
          let ref = 0;
          for (let a = 0; a < m; a++) ref += zAt(i, cols[a]) * T[a * q + b];
          expectClose(o[i * so + b], ref, `combination[${i},${b}]`, RTOL_EXACT, 1e-14);
        }
      }
      for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
        let ref = 0;
        for (let i = 0; i < n; i++) ref += zAt(i, cols[a]) * zAt(i, cols[b]);
        expectClose(g[a * m + b], ref, `G[${a},${b}]`, RTOL_EXACT, 1e-13);
      }
    } finally { arena.release(); }
  });

  it('kroneckerScores: vec(z_i v_i\') of two sets of combinations', () => {
    const cols = [1, 2, 5];
    const m = cols.length, L = 2, p = 2;
    const T = Float64Array.from({ length: m * (L + p) }, () => r.normal()); // [m x (L + p)]
    const arena = new Arena();
    try {
      const c = arena.core;
      const Z = arena.f64(n * s), C = arena.i32(m), TT = arena.f64(m * (L + p)), O = arena.f64(n * L * p);
      Z.view().set(z); C.view().set(cols); TT.view().set(T);
      c.kroneckerScores(Z.data, n, s, C.data, m, TT.data, L, p, O.data);
      const o = O.view();
      const comb = (i: number, col: number) => cols.reduce((acc, src, a) => acc + zAt(i, src) * T[a * (L + p) + col], 0);
      for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) for (let l = 0; l < L; l++) {
        expectClose(o[i * L * p + j * L + l], comb(i, l) * comb(i, L + j), `s[${i}][${j},${l}]`, 1e-13, 1e-14);
      }
    } finally { arena.release(); }
  });
});

describe('Poisson IRLS row kernels', () => {
  const r = rng(43);
  const n = 40, k = 2, s = 4;
  const x = Float64Array.from({ length: n * s }, (_, at) => (at % s < k ? r.normal() : 0));
  const y = Float64Array.from({ length: n }, () => Math.floor(4 * r.uniform()));
  const mu = Float64Array.from({ length: n }, () => 0.2 + 2 * r.uniform());
  const eta = mu.map(Math.log);
  const off = Float64Array.from({ length: n }, () => 0.3 * r.normal());
  const pw = Float64Array.from({ length: n }, () => 0.5 + r.uniform());
  const e = Float64Array.from({ length: n }, () => 0.1 * r.normal());
  const ylogy = y.map((v) => (v > 0 ? v * Math.log(v) : 0));

  for (const [label, offset, weights] of [['plain', null, null], ['with offset and weights', off, pw]] as const) {
    it(`poissonStart, poissonWorking, poissonStep and poissonHalve equal their definitions (${label})`, () => {
      const arena = new Arena();
      try {
        const c = arena.core;
        const buf = (v: Float64Array) => { const b = arena.f64(v.length); return { b, v }; };
        const X0 = buf(x), Y = buf(y), MU = buf(mu), ETA = buf(eta), YL = buf(ylogy), E = buf(e);
        const OFF = offset ? buf(offset) : null, PW = weights ? buf(weights) : null;
        const M = arena.f64(n * s), W = arena.f64(n), Zw = arena.f64(n), norms = arena.f64(k), etaNew = arena.f64(n), muNew = arena.f64(n);
        for (const t of [X0, Y, MU, ETA, YL, E, OFF, PW]) if (t) t.b.view().set(t.v);
        const at = (t: { b: { data: number } } | null) => (t ? t.b.data : 0);
        // The start: mu = (y + ybar) / 2, eta = log mu, y log y, and the deviance there.
        const ybar = 1.3;
        const startDev = c.poissonStart(n, Y.b.data, at(PW), ybar, MU.b.data, ETA.b.data, YL.b.data);
        let startRef = 0;
        for (let i = 0; i < n; i++) {
          const m0 = (y[i] + ybar) / 2;
          expect(MU.b.view()[i]).toBe(m0);
          expectClose(ETA.b.view()[i], Math.log(m0), `log mu[${i}]`, 1e-15, 1e-16);
          expectClose(YL.b.view()[i], ylogy[i], `y log y[${i}]`, 1e-15, 0);
          startRef += (weights ? weights[i] : 1) * ((y[i] > 0 ? y[i] * Math.log(y[i] / m0) : 0) - (y[i] - m0));
        }
        expectClose(startDev, 2 * startRef, 'start deviance', 1e-12, 1e-14);
        MU.b.view().set(mu); ETA.b.view().set(eta); YL.b.view().set(ylogy);
        c.poissonWorking(X0.b.data, M.data, n, s, k, Y.b.data, MU.b.data, ETA.b.data, at(OFF), at(PW), W.data, Zw.data, norms.data);
        const m = M.view(), w = W.view(), zw = Zw.view();
        const ss = new Float64Array(k);
        const zRef = new Float64Array(n), wRef = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          wRef[i] = (weights ? weights[i] : 1) * mu[i];
          zRef[i] = eta[i] - (offset ? offset[i] : 0) + (y[i] - mu[i]) / mu[i];
          expectClose(w[i], wRef[i], `W[${i}]`, RTOL_EXACT, 0);
          expectClose(zw[i], zRef[i], `z[${i}]`, RTOL_EXACT, 1e-15);
          expect(m[i * s + k]).toBe(zw[i]);
          for (let j = 0; j < k; j++) { expect(m[i * s + j]).toBe(x[i * s + j]); ss[j] += wRef[i] * x[i * s + j] ** 2; }
        }
        expectAllClose(norms.view(), ss.map(Math.sqrt), 'norms', RTOL_EXACT, 0);
        const dev = c.poissonStep(n, E.b.data, W.data, Zw.data, at(OFF), Y.b.data, YL.b.data, at(PW), etaNew.data, muNew.data);
        let devRef = 0;
        const etaRef = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          etaRef[i] = (offset ? offset[i] : 0) + zRef[i] - e[i] / Math.sqrt(wRef[i]);
          expectClose(etaNew.view()[i], etaRef[i], `eta'[${i}]`, RTOL_EXACT, 1e-15);
          expectClose(muNew.view()[i], Math.exp(etaRef[i]), `mu'[${i}]`, 1e-14, 0);
          devRef += (weights ? weights[i] : 1) * (ylogy[i] - y[i] * etaRef[i] - (y[i] - Math.exp(etaRef[i])));
        }
        expectClose(dev, 2 * devRef, 'deviance', 1e-12, 1e-14);
        const halved = c.poissonHalve(n, ETA.b.data, Y.b.data, YL.b.data, at(PW), etaNew.data, muNew.data);
        let halfRef = 0;
        for (let i = 0; i < n; i++) {
          const et = (etaRef[i] + eta[i]) / 2;
          expectClose(etaNew.view()[i], et, `halved eta[${i}]`, RTOL_EXACT, 1e-15);
          halfRef += (weights ? weights[i] : 1) * (ylogy[i] - y[i] * et - (y[i] - Math.exp(et)));
        }
        expectClose(halved, 2 * halfRef, 'halved deviance', 1e-12, 1e-14);
      } finally { arena.release(); }
    });
  }
});

describe('wasm32 memory limits', () => {
  it('says how much memory a computation needs when it would not fit', () => {
    expect(() => Arena.assertFits(5 * 1024 ** 3, 1024, 'a fit with n = 1e8 observations')).toThrow(/needs about 5\.00 GiB .* 4 GiB wasm32/);
    expect(() => Arena.assertFits(2 * 1024 ** 3, 1.5 * 1024 ** 3, 'a fit')).toThrow(/one array of 1\.50 GiB/);
    expect(() => Arena.assertFits(1024 ** 3, 1024 ** 2, 'a fit')).not.toThrow();
  });
});
