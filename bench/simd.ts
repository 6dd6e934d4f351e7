/**
 * What SIMD buys in the demeaning sweep: the core's inner loop with f64x2 against the same loop in scalar
 * f64 (bench/assembly/simd.ts, -O3), n = 1e6 rows, 6 columns, codes like the benchmark design.
 */
import { instantiateSync } from '@assemblyscript/loader';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { packageRoot } from '../src/package-root.js';
import { generate } from './generate.js';

interface SimdExports {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  passSimd(T: number, tab: number, fj: number, fh: number, n: number, s: number): void;
  passScalar(T: number, tab: number, fj: number, fh: number, n: number, s: number): void;
}

export async function simdBench(n = 1_000_000): Promise<string[]> {
  const { exports } = instantiateSync<Record<string, unknown>>(readFileSync(join(packageRoot(), 'build', 'bench-simd.wasm')), {});
  const x = exports as unknown as SimdExports;
  const s = 6;
  const { columns } = generate(n);
  const L1 = 100_000, L2 = 1_000;
  const T = x.alloc(L1 * s * 8), tab = x.alloc(L2 * s * 8), fj = x.alloc(n * 4), fh = x.alloc(n * 4);
  new Int32Array(x.memory.buffer, fj, n).set(columns.fe1 as Int32Array);
  new Int32Array(x.memory.buffer, fh, n).set(columns.fe2 as Int32Array);
  new Float64Array(x.memory.buffer, tab, L2 * s).fill(1.5);
  const bench = new Bench({ iterations: 20, time: 0, warmupIterations: 2 });
  bench.add('sweep pass, f64x2 SIMD', () => x.passSimd(T, tab, fj, fh, n, s));
  bench.add('sweep pass, scalar f64', () => x.passScalar(T, tab, fj, fh, n, s));
  await bench.run();
  return bench.tasks.map((t) => {
    const ms = t.result && 'latency' in t.result ? t.result.latency.mean : NaN;
    return `| ${t.name.padEnd(24)} | ${ms.toFixed(2).padStart(8)} ms | ${((ms * 1e6) / (n * s)).toFixed(2)} ns/obs/col |`;
  });
}
