// The two-FE case as fixest does it: the rows enter the iterations only through the table of (fe1, fe2)
// pairs with their summed weights, stored by fe1 level (compressed rows). A sweep then reads fe1's
// coefficients in order and gathers fe2's small table, instead of visiting the rows in data order with a
// random access into fe1's large table for every row. There are at most n pairs (fewer when rows repeat
// a pair), and the sweep's arithmetic is the same as the row-wise one.

/** f64 elements of scratch `buildCrosstab` needs (the pair arrays are sized for n pairs). */
export function crosstabWorkLength(n: i32, L1: i32, L2: i32): i32 {
  // start (L1 + 1) and cursor (L1) and last/slot (2 L2) as i32, pair levels n as i32, pair weights n as f64.
  return ((L1 + 1 + L1 + 2 * L2 + n + 1) >> 1) + n + 2;
}

let pStart: usize = 0; // [L1 + 1] i32: pairs of fe1 level g are pStart[g] .. pStart[g + 1]
let pLevel: usize = 0; // [nnz] i32: the fe2 level of each pair
let pWeight: usize = 0; // [nnz] f64: summed weights (counts without weights)

/** Build the pair table in `work`; returns the number of pairs. */
export function buildCrosstab(f1: usize, f2: usize, n: i32, L1: i32, L2: i32, w: usize, work: usize): i32 {
  pWeight = work;
  pLevel = pWeight + (<usize>n << 3);
  pStart = pLevel + (<usize>n << 2);
  const cursor = pStart + (<usize>(L1 + 1) << 2);
  const last = cursor + (<usize>L1 << 2);
  const slot = last + (<usize>L2 << 2);
  memory.fill(pStart, 0, <usize>(L1 + 1) << 2);
  for (let i = 0; i < n; i++) {
    const p = pStart + (<usize>(load<i32>(f1 + (<usize>i << 2)) + 1) << 2);
    store<i32>(p, load<i32>(p) + 1);
  }
  for (let g = 0; g < L1; g++) {
    const p = pStart + (<usize>(g + 1) << 2);
    store<i32>(p, load<i32>(p) + load<i32>(p - 4));
  }
  memory.copy(cursor, pStart, <usize>L1 << 2);
  // Rows into their fe1 bucket.
  for (let i = 0; i < n; i++) {
    const c = cursor + (<usize>load<i32>(f1 + (<usize>i << 2)) << 2);
    const at = <usize>load<i32>(c);
    store<i32>(c, <i32>at + 1);
    store<i32>(pLevel + (at << 2), load<i32>(f2 + (<usize>i << 2)));
    store<f64>(pWeight + (at << 3), w ? load<f64>(w + (<usize>i << 3)) : 1.0);
  }
  // Merge repeated fe2 levels within each bucket, compacting in place (the write position never passes the
  // read position).
  memory.fill(last, 0xff, <usize>L2 << 2);
  let out = 0;
  let begin = 0;
  for (let g = 0; g < L1; g++) {
    const end = load<i32>(pStart + (<usize>(g + 1) << 2));
    const first = out;
    for (let r = begin; r < end; r++) {
      const h = load<i32>(pLevel + (<usize>r << 2));
      const wr = load<f64>(pWeight + (<usize>r << 3));
      const lh = last + (<usize>h << 2);
      if (load<i32>(lh) == g) {
        const q = pWeight + (<usize>load<i32>(slot + (<usize>h << 2)) << 3);
        store<f64>(q, load<f64>(q) + wr);
      } else {
        store<i32>(lh, g);
        store<i32>(slot + (<usize>h << 2), out);
        store<i32>(pLevel + (<usize>out << 2), h);
        store<f64>(pWeight + (<usize>out << 3), wr);
        out++;
      }
    }
    store<i32>(pStart + (<usize>g << 2), first);
    begin = end;
  }
  store<i32>(pStart + (<usize>L1 << 2), out);
  return out;
}

/** alpha[g] = (S1[g] - sum_pairs w_p beta[h_p]) / W1[g], for every fe1 level; [L x s] tables. */
export function solveFirst(L1: i32, s: i32, S1: usize, invW1: usize, beta: usize, alpha: usize): void {
  if (s <= 8) {
    solveFirstNarrow(L1, s, S1, invW1, beta, alpha);
    return;
  }
  for (let g = 0; g < L1; g++) {
    const row = alpha + (<usize>g * <usize>s << 3);
    memory.fill(row, 0, <usize>s << 3);
    const hi = load<i32>(pStart + (<usize>(g + 1) << 2));
    for (let p = load<i32>(pStart + (<usize>g << 2)); p < hi; p++) {
      const src = beta + (<usize>load<i32>(pLevel + (<usize>p << 2)) * <usize>s << 3);
      const wp = f64x2.splat(load<f64>(pWeight + (<usize>p << 3)));
      for (let c = 0; c < s; c += 2) {
        const o = <usize>c << 3;
        v128.store(row + o, f64x2.add(v128.load(row + o), f64x2.mul(wp, v128.load(src + o))));
      }
    }
    finishRow(row, S1 + (<usize>g * <usize>s << 3), load<f64>(invW1 + (<usize>g << 3)), s);
  }
}

/**
 * Up to 8 columns: the sums stay in four SIMD registers across a level's pairs. Accumulating in memory
 * instead makes every pair wait on the previous pair's store (the loop is then latency-bound).
 */
function solveFirstNarrow(L1: i32, s: i32, S1: usize, invW1: usize, beta: usize, alpha: usize): void {
  for (let g = 0; g < L1; g++) {
    let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
    const hi = load<i32>(pStart + (<usize>(g + 1) << 2));
    for (let p = load<i32>(pStart + (<usize>g << 2)); p < hi; p++) {
      const src = beta + (<usize>load<i32>(pLevel + (<usize>p << 2)) * <usize>s << 3);
      const wp = f64x2.splat(load<f64>(pWeight + (<usize>p << 3)));
      a0 = f64x2.add(a0, f64x2.mul(wp, v128.load(src)));
      if (s > 2) a1 = f64x2.add(a1, f64x2.mul(wp, v128.load(src, 16)));
      if (s > 4) a2 = f64x2.add(a2, f64x2.mul(wp, v128.load(src, 32)));
      if (s > 6) a3 = f64x2.add(a3, f64x2.mul(wp, v128.load(src, 48)));
    }
    const row = alpha + (<usize>g * <usize>s << 3);
    v128.store(row, a0);
    if (s > 2) v128.store(row, a1, 16);
    if (s > 4) v128.store(row, a2, 32);
    if (s > 6) v128.store(row, a3, 48);
    finishRow(row, S1 + (<usize>g * <usize>s << 3), load<f64>(invW1 + (<usize>g << 3)), s);
  }
}

/** row <- (sums - row) / W. */
@inline
function finishRow(row: usize, sums: usize, invW: f64, s: i32): void {
  const iw = f64x2.splat(invW);
  for (let c = 0; c < s; c += 2) {
    const o = <usize>c << 3;
    v128.store(row + o, f64x2.mul(iw, f64x2.sub(v128.load(sums + o), v128.load(row + o))));
  }
}

/** beta[h] = (S2[h] - sum_pairs w_p alpha[g_p]) / W2[h]; T is [L2 x s] scratch. */
export function solveSecond(L1: i32, L2: i32, s: i32, S2: usize, invW2: usize, alpha: usize, beta: usize, T: usize): void {
  memory.fill(T, 0, <usize>L2 * <usize>s << 3);
  for (let g = 0; g < L1; g++) {
    const src = alpha + (<usize>g * <usize>s << 3);
    const lo = load<i32>(pStart + (<usize>g << 2));
    const hi = load<i32>(pStart + (<usize>(g + 1) << 2));
    for (let p = lo; p < hi; p++) {
      const dst = T + (<usize>load<i32>(pLevel + (<usize>p << 2)) * <usize>s << 3);
      const wp = f64x2.splat(load<f64>(pWeight + (<usize>p << 3)));
      for (let c = 0; c < s; c += 2) {
        const o = <usize>c << 3;
        v128.store(dst + o, f64x2.add(v128.load(dst + o), f64x2.mul(wp, v128.load(src + o))));
      }
    }
  }
  for (let h = 0; h < L2; h++) {
    const base = <usize>h * <usize>s << 3;
    const iw = f64x2.splat(load<f64>(invW2 + (<usize>h << 3)));
    for (let c = 0; c < s; c += 2) {
      const o = base + (<usize>c << 3);
      v128.store(beta + o, f64x2.mul(iw, f64x2.sub(v128.load(S2 + o), v128.load(T + o))));
    }
  }
}
