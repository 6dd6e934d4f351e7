// Wild cluster bootstrap draws at O(G k) each (Roodman, MacKinnon, Nielsen and Webb 2019, "Fast and wild",
// Stata Journal 19(1)); the algebra, equations (1)-(8), and the precomputation are in src/infer/prepare.ts.
// Per draw with weights v (one per cluster):
//   u0 = sum_g v_g s0_g,  u1 = sum_g v_g s1_g                                  (k-vectors)
//   n0 = sum_g v_g a0_g,  n1 = sum_g v_g a1_g                                  (numerator of t*)
//   y  = (Wr0 v, Wr1 v)                                                        (r pairs, FE correction)
//   psi_g = v_g (a0, a1)_g - sum_q Wl_gq y_q - c_g'(u0, u1)                    (bootstrap cluster scores)
//   S00 = sum psi0^2, S01 = sum psi0 psi1, S11 = sum psi1^2
// and t*(r) = (n0 - d n1) / sqrt(kappa (S00 - 2 d S01 + d^2 S11)), d = r - r0, for any null r.
//
// Layouts (WCU leaves every 1-entry 0, so one code path serves both):
//   table  [G x stride] f64 row-major, per cluster: a0, a1, then (s0_j, s1_j) for j < k, then c[k];
//          m = 2 + 2k numbers are summed as f64x2 pairs; stride >= m + k, even
//   Wr     [r x G x 2] f64: (Wr0_qh, Wr1_qh) pairs; r = 0 when every fixed effect is nested in the clusters
//   Wl     [G x r] f64, or 0 for the identity (then r = G)
//   work   f64 scratch of G + 2 + 2k + 2r elements
//   out    [(b1 - b0) x 5] f64: n0, n1, S00, S01, S11 of draws b0..b1-1
// Draw b takes v_g = variate(seed, stream b + 1, index g) (assembly/rng.ts); with enumerate = 1 it takes the
// sign vector v_g = 1 - 2 * bit g of b instead, so draws 0..2^G-1 are every Rademacher vector, 0 = all +1.
// Each draw's sums run in a fixed order, so a draw's numbers do not depend on the chunk it is computed in.

import { bitsAt, streamKey, variate } from './rng';

// The five moments of one draw with weights v, written at o: the body every draw shares.
@inline
function drawMoments(v: usize, G: i32, k: i32, table: usize, stride: i32, Wr: usize, Wl: usize, r: i32, work: usize, o: usize): void {
  const acc = work; // n0, n1, (u0_j, u1_j)...
  const m = 2 + 2 * k;
  const y = acc + (<usize>m << 3); // (Wr0 v, Wr1 v) pairs
  const rowBytes = <usize>stride << 3;
  const cOff = <usize>m << 3;
  // (n0, n1) and (u0_j, u1_j) = sum_g v_g (a0, a1)_g and (s0_j, s1_j)_g.
  memory.fill(acc, 0, <usize>m << 3);
  for (let g = 0; g < G; g++) {
    const row = table + <usize>g * rowBytes;
    const vg = f64x2.splat(load<f64>(v + (<usize>g << 3)));
    for (let q = 0; q < m; q += 2) {
      const off = <usize>q << 3;
      v128.store(acc + off, f64x2.add(v128.load(acc + off), f64x2.mul(vg, v128.load(row + off))));
    }
  }
  // y_q = (Wr0 v, Wr1 v)_q.
  for (let q = 0; q < r; q++) {
    const kq = Wr + (<usize>q * <usize>G << 4);
    let yq = f64x2.splat(0.0);
    for (let h = 0; h < G; h++) {
      yq = f64x2.add(yq, f64x2.mul(f64x2.splat(load<f64>(v + (<usize>h << 3))), v128.load(kq + (<usize>h << 4))));
    }
    v128.store(y + (<usize>q << 4), yq);
  }
  let S = f64x2.splat(0.0); // (S00, S11)
  let S01 = 0.0;
  for (let g = 0; g < G; g++) {
    const row = table + <usize>g * rowBytes;
    let psi = f64x2.mul(f64x2.splat(load<f64>(v + (<usize>g << 3))), v128.load(row));
    if (r > 0) {
      if (Wl) {
        const ag = Wl + (<usize>g * <usize>r << 3);
        for (let q = 0; q < r; q++) {
          psi = f64x2.sub(psi, f64x2.mul(f64x2.splat(load<f64>(ag + (<usize>q << 3))), v128.load(y + (<usize>q << 4))));
        }
      } else {
        psi = f64x2.sub(psi, v128.load(y + (<usize>g << 4)));
      }
    }
    const c = row + cOff;
    for (let j = 0; j < k; j++) {
      psi = f64x2.sub(psi, f64x2.mul(f64x2.splat(load<f64>(c + (<usize>j << 3))), v128.load(acc + (<usize>(2 + 2 * j) << 3))));
    }
    S = f64x2.add(S, f64x2.mul(psi, psi));
    S01 += f64x2.extract_lane(psi, 0) * f64x2.extract_lane(psi, 1);
  }
  store<f64>(o, load<f64>(acc));
  store<f64>(o, load<f64>(acc, 8), 8);
  store<f64>(o, f64x2.extract_lane(S, 0), 16);
  store<f64>(o, S01, 24);
  store<f64>(o, f64x2.extract_lane(S, 1), 32);
}

// The weights of draw b: Rademacher signs from the bits of b, or variates of stream b + 1.
@inline
function drawWeights(v: usize, G: i32, seed: f64, kind: i32, enumerate: i32, b: i32): void {
  if (enumerate) {
    for (let g = 0; g < G; g++) store<f64>(v + (<usize>g << 3), <f64>(1 - 2 * ((b >> g) & 1)));
  } else {
    const key = streamKey(seed, <u64>(b + 1));
    for (let g = 0; g < G; g++) store<f64>(v + (<usize>g << 3), variate(bitsAt(key, <u64>g), kind));
  }
}

export function wildMoments(
  G: i32, k: i32, table: usize, stride: i32, Wr: usize, Wl: usize, r: i32,
  seed: f64, kind: i32, enumerate: i32, b0: i32, b1: i32, work: usize, out: usize,
): void {
  const v = work;
  const acc = work + (<usize>G << 3);
  for (let b = b0; b < b1; b++) {
    drawWeights(v, G, seed, kind, enumerate, b);
    drawMoments(v, G, k, table, stride, Wr, Wl, r, acc, out + (<usize>(b - b0) * 40));
  }
}

// Several tests sharing every draw's weights (multiple testing, a grid's joint test): the weights of draw b
// are made once and used for each of the H tests, whose layouts are described by spec [H x 6] i32:
// k, table, stride, Wr, Wl, r. work holds G + max_h (2 + 2k + 2r) f64. out: [(b1 - b0) x H x 5] f64, draw-major.
export function wildMomentsShared(
  H: i32, G: i32, spec: usize, seed: f64, kind: i32, enumerate: i32, b0: i32, b1: i32, work: usize, out: usize,
): void {
  const v = work;
  const acc = work + (<usize>G << 3);
  for (let b = b0; b < b1; b++) {
    drawWeights(v, G, seed, kind, enumerate, b);
    for (let h = 0; h < H; h++) {
      const d = spec + (<usize>h * 24);
      drawMoments(v, G, load<i32>(d), <usize>load<i32>(d, 4), load<i32>(d, 8), <usize>load<i32>(d, 12), <usize>load<i32>(d, 16),
        load<i32>(d, 20), acc, out + ((<usize>(b - b0) * <usize>H + <usize>h) * 40));
    }
  }
}
