/**
 * The grid's WebAssembly kernels against plain TypeScript sums, and the group solver's small solves and
 * meats against a dense least-squares reference, by every route it has (Gram blocks or rows for clusters,
 * fourth moments or rows for HC, and the row fallback for a near-perfect fit).
 */
import { describe, it, expect } from 'vitest';
import type { Clustering } from '../../src/estimate/design.js';
import type { Projection } from '../../src/estimate/fit.js';
import { GroupSolver, heteroMethod } from '../../src/grid/solve.js';
import { Arena } from '../../src/wasm/arena.js';
import { leastSquares } from '../reference/linalg.js';
import { expectAllClose, RTOL_EXACT } from '../helpers.js';

const ATOL = 1e-12;
/**
 * Residuals of 1e-9 on data of order 1 carry ~1e-7 relative error in any method (reference included);
 * the moment contraction would be off by orders of magnitude there.
 */
const RTOL_TINY_MEAT = 1e-5;

/** Deterministic uniform(-1, 1) stream (xorshift32). */
function stream(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return (s / 4294967296) * 2 - 1;
  };
}

/** Z [n x s] row-major with p used columns (the rest zero), ids in 0..G-1. */
function fixture(n: number, p: number, G: number, seed = 7) {
  const u = stream(seed);
  const s = p % 2 === 0 ? p : p + 1;
  const Z = new Float64Array(n * s);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) Z[i * s + j] = u() + (j === 1 ? 0.5 * Z[i * s] : 0);
  const ids = Int32Array.from({ length: n }, (_, i) => (i * 7 + (i % 3)) % G);
  return { Z, s, ids };
}

describe('grid kernels', () => {
  it('clusterGram: per-cluster Z_g\'Z_g; gramScores: C_g[cols, y] - C_g[cols, cols] beta', () => {
    const n = 101, p = 5, G = 7;
    const { Z, s, ids } = fixture(n, p, G);
    const arena = new Arena();
    try {
      const c = arena.core;
      const z = arena.f64(n * s), id = arena.i32(n), C = arena.f64(G * s * s);
      const cols = arena.i32(3), beta = arena.f64(3), S = arena.f64(G * 3);
      z.view().set(Z); id.view().set(ids); cols.view().set([3, 0, 2]); beta.view().set([0.7, -1.3, 0.25]);
      c.clusterGram(z.data, n, s, id.data, G, C.data);
      const ref = new Float64Array(G * s * s);
      for (let i = 0; i < n; i++) for (let a = 0; a < s; a++) for (let b = 0; b < s; b++) ref[ids[i] * s * s + a * s + b] += Z[i * s + a] * Z[i * s + b];
      expectAllClose(C.view(), ref, 'Gram blocks', RTOL_EXACT, ATOL);
      c.gramScores(C.data, G, s, cols.data, 3, 4, beta.data, S.data);
      const refS = new Float64Array(G * 3);
      const colv = [3, 0, 2], bv = [0.7, -1.3, 0.25];
      for (let i = 0; i < n; i++) {
        const e = Z[i * s + 4] - colv.reduce((a, col, j) => a + bv[j] * Z[i * s + col], 0);
        colv.forEach((col, a) => { refS[ids[i] * 3 + a] += e * Z[i * s + col]; });
      }
      expectAllClose(S.view(), refS, 'scores', RTOL_EXACT, ATOL);
    } finally {
      arena.release();
    }
  });

  it('fourthMoments: sum_i z_a z_b z_c z_d over sorted tuples, for n not a multiple of the block', () => {
    const n = 203, p = 4, b = 8;
    const { Z, s } = fixture(n, p, 1, 3);
    const pair = new Map<string, number>();
    for (let a = 0, u = 0; a < p; a++) for (let c = a; c < p; c++) pair.set(`${a},${c}`, u++);
    const tuples: number[] = [];
    const ref: number[] = [];
    for (let a = 0; a < p; a++) for (let q = a; q < p; q++) for (let c = q; c < p; c++) for (let d = c; d < p; d++) {
      tuples.push(pair.get(`${a},${q}`) as number, pair.get(`${c},${d}`) as number);
      let sum = 0;
      for (let i = 0; i < n; i++) sum += Z[i * s + a] * Z[i * s + q] * Z[i * s + c] * Z[i * s + d];
      ref.push(sum);
    }
    const T = ref.length;
    expect(T).toBe(35); // C(7, 4)
    const arena = new Arena();
    try {
      const z = arena.f64(n * s), t = arena.i32(2 * T), work = arena.f64(pair.size * b), out = arena.f64(T);
      z.view().set(Z); t.view().set(tuples);
      arena.core.fourthMoments(z.data, n, s, p, t.data, T, work.data, b, out.data);
      expectAllClose(out.view(), ref, 'fourth moments', RTOL_EXACT, ATOL);
    } finally {
      arena.release();
    }
  });
});

/** A projection as project() returns it: [n x p] row-major, the outcome last. */
function projectionOf(columns: Float64Array[]): Projection {
  const n = columns[0].length, p = columns.length;
  const Z = new Float64Array(n * p);
  columns.forEach((col, j) => col.forEach((v, i) => { Z[i * p + j] = v; }));
  const norms = Float64Array.from(columns, (col) => Math.sqrt(col.reduce((a, v) => a + v * v, 0)));
  return { n, p, names: columns.map((_, j) => `z${j}`), Z, norms, iterations: 0 } as Projection;
}

function referenceMeats(X: Float64Array[], e: Float64Array, ids: Int32Array, G: number) {
  const k = X.length, n = e.length;
  const hetero = new Float64Array(k * k);
  const scores = new Float64Array(G * k);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) {
      scores[ids[i] * k + a] += e[i] * X[a][i];
      for (let b = 0; b < k; b++) hetero[a * k + b] += e[i] * e[i] * X[a][i] * X[b][i];
    }
  }
  const cluster = new Float64Array(k * k);
  for (let g = 0; g < G; g++) for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) cluster[a * k + b] += scores[g * k + a] * scores[g * k + b];
  return { hetero, cluster };
}

describe('GroupSolver', () => {
  const n = 240;
  const u = stream(11);
  const X = Array.from({ length: 5 }, () => Float64Array.from({ length: n }, u));
  const y = Float64Array.from({ length: n }, (_, i) => 0.3 * X[0][i] - 0.8 * X[2][i] + X[4][i] * 0.1 + u());
  const fewIds = Int32Array.from({ length: n }, (_, i) => i % 6);
  const manyIds = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 2));
  const clusterings: Clustering[] = [{ names: ['few'], codes: fewIds, G: 6 }, { names: ['many'], codes: manyIds, G: n / 2 }];

  it('solves any subset like dense least squares; meats agree by every route', () => {
    const projection = projectionOf([...X, y]);
    expect(heteroMethod(6, Array(64).fill(4))).toBe('moments');
    expect(heteroMethod(6, [1])).toBe('rows');
    const byMoments = new GroupSolver(projection, clusterings, 'moments', 1e-7);
    const byRows = new GroupSolver(projection, clusterings, 'rows', 1e-7);
    try {
      for (const cols of [[0], [2, 4], [0, 1, 2, 3, 4], [1, 3]]) {
        const Xs = cols.map((c) => X[c]);
        const ref = leastSquares(Xs, y);
        const meats = referenceMeats(Xs, ref.resid, fewIds, 6);
        const many = referenceMeats(Xs, ref.resid, manyIds, n / 2);
        for (const solver of [byMoments, byRows]) {
          const fit = solver.solve(cols);
          if (!fit) throw new Error('no fit');
          expectAllClose(fit.beta, ref.beta, `beta ${cols}`, RTOL_EXACT, ATOL);
          expectAllClose([fit.rss], [ref.resid.reduce((a, v) => a + v * v, 0)], `rss ${cols}`, RTOL_EXACT, ATOL);
          expectAllClose(solver.heteroMeat(), meats.hetero, `HC meat ${cols}`, RTOL_EXACT, ATOL);
          expectAllClose(solver.clusterMeat(0), meats.cluster, `cluster meat (Gram blocks) ${cols}`, RTOL_EXACT, ATOL);
          expectAllClose(solver.clusterMeat(1), many.cluster, `cluster meat (rows) ${cols}`, RTOL_EXACT, ATOL);
        }
      }
    } finally {
      byMoments.release();
      byRows.release();
    }
  });

  it('a near-perfect fit takes the row pass for its HC meat (the moment contraction would cancel)', () => {
    const exact = Float64Array.from({ length: n }, (_, i) => X[0][i] - 2 * X[1][i] + 1e-9 * u());
    const solver = new GroupSolver(projectionOf([...X, exact]), [], 'moments', 1e-7);
    try {
      const fit = solver.solve([0, 1]);
      if (!fit) throw new Error('no fit');
      const ref = leastSquares([X[0], X[1]], exact);
      const want = referenceMeats([X[0], X[1]], ref.resid, fewIds, 6).hetero;
      const scale = Math.max(...want.map(Math.abs));
      expectAllClose(solver.heteroMeat(), want, 'HC meat of a near-perfect fit', RTOL_TINY_MEAT, RTOL_TINY_MEAT * scale);
    } finally {
      solver.release();
    }
  });

  it('every column collinear: no fit', () => {
    const zero = new Float64Array(n);
    const solver = new GroupSolver(projectionOf([zero, y]), [], 'none', 1e-7);
    try {
      expect(solver.solve([0])).toBeNull();
    } finally {
      solver.release();
    }
  });
});
