// The demeaning sweep's inner loop (assembly/demean.ts, two FEs, unweighted), twice: with f64x2 SIMD as
// in the core and with scalar f64, to measure what SIMD buys. Built by `npm run bench` only.

export function alloc(bytes: i32): usize {
  return heap.alloc(<usize>bytes);
}

/** T[f_j(i)] += tab[f_h(i)] over rows, s columns per row, in SIMD pairs. */
export function passSimd(T: usize, tab: usize, fj: usize, fh: usize, n: i32, s: i32): void {
  for (let i = 0; i < n; i++) {
    const dst = T + (<usize>load<i32>(fj + (<usize>i << 2)) * <usize>s << 3);
    const src = tab + (<usize>load<i32>(fh + (<usize>i << 2)) * <usize>s << 3);
    for (let c = 0; c < s; c += 2) {
      const o = <usize>c << 3;
      v128.store(dst + o, f64x2.add(v128.load(dst + o), v128.load(src + o)));
    }
  }
}

/** The same loop one f64 at a time. */
export function passScalar(T: usize, tab: usize, fj: usize, fh: usize, n: i32, s: i32): void {
  for (let i = 0; i < n; i++) {
    const dst = T + (<usize>load<i32>(fj + (<usize>i << 2)) * <usize>s << 3);
    const src = tab + (<usize>load<i32>(fh + (<usize>i << 2)) * <usize>s << 3);
    for (let c = 0; c < s; c++) {
      const o = <usize>c << 3;
      store<f64>(dst + o, load<f64>(dst + o) + load<f64>(src + o));
    }
  }
}
