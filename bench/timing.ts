/** The result of `f` (awaited) and its wall time in milliseconds: the benches' one stopwatch. */
export async function time<T>(f: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await f();
  return [r, performance.now() - t0];
}
