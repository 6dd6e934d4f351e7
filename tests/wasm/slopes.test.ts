/**
 * The varying-slopes kernel (assembly/slopes.ts) against its plain TypeScript reference
 * (tests/reference/linalg.ts: unaccelerated alternating projections, per-level normal equations).
 */
import { describe, it, expect } from 'vitest';
import { Arena } from '../../src/wasm/arena.js';
import { demeanSlopesReference, type SlopeBlockReference } from '../reference/linalg.js';
import { rng } from '../reference/rng.js';
import { expectAllClose } from '../helpers.js';

/** Kernel against reference, as for the plain demeaning kernel (tests/wasm/kernels.test.ts). */
const RTOL = 1e-9;
const ATOL = 1e-9;

function codes(n: number, levels: number, r: ReturnType<typeof rng>): Int32Array {
  const c = new Int32Array(n);
  for (let i = 0; i < n; i++) c[i] = i < levels ? i : r.int(levels);
  return c;
}

function demeanSlopesWasm(cols: Float64Array[], blocks: SlopeBlockReference[], w: Float64Array | null, tol = 1e-13) {
  const arena = new Arena();
  try {
    const c = arena.core;
    const n = cols[0].length;
    const s = cols.length % 2 ? cols.length + 1 : cols.length;
    const B = blocks.length;
    const P = blocks.reduce((a, b) => a + b.slopes.length, 0);
    const M = arena.f64(n * s), cd = arena.i32(B * n), lv = arena.i32(B), spec = arena.i32(3 * B);
    const xs = arena.f64(Math.max(1, P * n)), info = arena.f64(3);
    const wb = w ? arena.f64(n) : null;
    cols.forEach((col, j) => { for (let i = 0; i < n; i++) M.view()[i * s + j] = col[i]; });
    let x0 = 0;
    blocks.forEach((b, j) => {
      cd.view().set(b.codes, j * n);
      lv.view()[j] = b.levels;
      spec.view().set([b.intercept ? 1 : 0, b.slopes.length, x0], 3 * j);
      for (const x of b.slopes) xs.view().set(x, (x0++) * n);
    });
    if (wb && w) wb.view().set(w);
    const work = arena.f64(c.demeanSlopesWorkLength(n, s, B, lv.data, spec.data));
    c.demeanSlopes(M.data, n, s, cd.data, B, lv.data, spec.data, xs.data, wb ? wb.data : 0, work.data, tol, 100000, info.data);
    return { out: cols.map((_, j) => Float64Array.from({ length: n }, (_, i) => M.view()[i * s + j])), info: Array.from(info.view()) };
  } finally {
    arena.release();
  }
}

describe('varying-slopes kernel', () => {
  const r = rng(11);
  const n = 400;
  const cols = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => 5 * r.normal() + 2));
  const x1 = Float64Array.from({ length: n }, () => r.normal() + 1);
  const x2 = Float64Array.from({ length: n }, () => 2 * r.uniform());
  const f1 = codes(n, 30, r), f2 = codes(n, 8, r), f3 = codes(n, 6, r);
  const w = Float64Array.from({ length: n }, () => 0.2 + r.uniform());
  const cases: [string, SlopeBlockReference[], Float64Array | null][] = [
    ['fe[x] alone (exact in one pass)', [{ codes: f1, levels: 30, intercept: true, slopes: [x1] }], null],
    ['fe[[x]] alone', [{ codes: f1, levels: 30, intercept: false, slopes: [x1] }], null],
    ['fe[x] + fe2', [{ codes: f1, levels: 30, intercept: true, slopes: [x1] }, { codes: f2, levels: 8, intercept: true, slopes: [] }], null],
    ['fe[[x1]] + fe2 + fe3[x1, x2], weighted', [
      { codes: f1, levels: 30, intercept: false, slopes: [x1] }, { codes: f2, levels: 8, intercept: true, slopes: [] },
      { codes: f3, levels: 6, intercept: true, slopes: [x1, x2] }], w],
  ];
  for (const [label, blocks, weights] of cases) {
    it(label, () => {
      const { out, info } = demeanSlopesWasm(cols, blocks, weights);
      expect(info[1]).toBe(1);
      cols.forEach((col, j) => expectAllClose(out[j], demeanSlopesReference(col, blocks, weights), `column ${j}`, RTOL, ATOL));
    });
  }

  it('gives a level where x does not vary no slope (the least-squares fit without it)', () => {
    const flat = x1.slice();
    for (let i = 0; i < n; i++) if (f2[i] === 0) flat[i] = 3; // constant within level 0
    const blocks = [{ codes: f2, levels: 8, intercept: true, slopes: [flat] }];
    const { out, info } = demeanSlopesWasm(cols, blocks, null);
    expect(info[1]).toBe(1);
    // In level 0 the projection is the level mean alone.
    const rows = Array.from({ length: n }, (_, i) => i).filter((i) => f2[i] === 0);
    const mean = rows.reduce((a, i) => a + cols[0][i], 0) / rows.length;
    expectAllClose(rows.map((i) => out[0][i]), rows.map((i) => cols[0][i] - mean), 'level 0', RTOL, ATOL);
  });
});
