/**
 * Benchmarks (release build): demeaning alone and full feols, y ~ x1..x5 | fe1 + fe2, at n = 1e5, 1e6, 1e7.
 * Usage: npm run bench [-- 1e5,1e6]. Prints a table with ms and ns per observation per column.
 */
import { cpus } from 'node:os';
import { Bench } from 'tinybench';
import { feols } from '../src/estimate/feols.js';
import { Arena } from '../src/wasm/arena.js';
import { generate, type BenchData } from './generate.js';
import { simdBench } from './simd.js';
import { inferenceBench } from './inference.js';
import { varianceBench } from './variance.js';

const FORMULA = 'y ~ x1 + x2 + x3 + x4 + x5 | fe1 + fe2';
const COLUMNS = 6; // y and five regressors

function demeanTask(data: BenchData) {
  const n = data.n;
  const arena = new Arena();
  const c = arena.core;
  const s = 6;
  const Z = arena.f64(n * s);
  const codes = arena.i32(2 * n);
  const levels = arena.i32(2);
  const info = arena.f64(3);
  const fe1 = data.columns.fe1 as Int32Array;
  const fe2 = data.columns.fe2 as Int32Array;
  const L1 = fe1.reduce((a, v) => Math.max(a, v), 0) + 1;
  const work = arena.f64(c.demeanWorkLength(s, 2, L1 + 1000, L1, L1, n));
  // Rows in data order, FEs most levels first, as feols lays them out (src/estimate/fit.ts).
  const original = new Float64Array(n * s);
  const names = ['x1', 'x2', 'x3', 'x4', 'x5', 'y'];
  names.forEach((name, j) => { const col = data.columns[name]; for (let i = 0; i < n; i++) original[i * s + j] = col[i]; });
  codes.view().set(fe1, 0);
  codes.view().set(fe2, n);
  levels.view().set([L1, 1_000]);
  let sweeps = 0;
  return {
    refill: () => Z.view().set(original),
    run: () => { sweeps = c.demean(Z.data, n, s, codes.data, 2, levels.data, 0, work.data, 1e-10, 10_000, info.data); },
    sweeps: () => sweeps,
    release: () => arena.release(),
  };
}

async function main(): Promise<void> {
  if (process.argv[2] === 'variance') {
    for (const line of varianceBench()) console.log(line);
    return;
  }
  if (process.argv[2] === 'inference') {
    for (const line of await inferenceBench()) console.log(line);
    return;
  }
  const sizes = (process.argv[2] ?? '1e5,1e6,1e7').split(',').map(Number);
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} x ${cpus().length}, node ${process.version}`);
  const rows: string[] = [];
  for (const n of sizes) {
    const data = generate(n);
    const iterations = n >= 1e7 ? 3 : n >= 1e6 ? 10 : 30;
    const bench = new Bench({ iterations, time: 0, warmupIterations: 1 });
    const dm = demeanTask(data);
    let fitSweeps = 0;
    bench.add(`demean n=${n}`, dm.run, { beforeEach: dm.refill });
    bench.add(`feols n=${n}`, () => { fitSweeps = feols(data.columns, FORMULA).convergence.iterations; });
    await bench.run();
    dm.release();
    for (const task of bench.tasks) {
      const ms = task.result && 'latency' in task.result ? task.result.latency.mean : NaN;
      const sweeps = task.name.startsWith('demean') ? dm.sweeps() : fitSweeps;
      rows.push(`| ${task.name.padEnd(16)} | ${ms.toFixed(1).padStart(9)} | ${((ms * 1e6) / (n * COLUMNS)).toFixed(2).padStart(8)} | ${String(sweeps).padStart(6)} |`);
    }
  }
  console.log('\nSIMD, the sweep pass alone at n = 1e6:');
  for (const line of await simdBench()) console.log(line);
  console.log('| task             |   mean ms | ns/obs/col | sweeps |');
  console.log('|------------------|-----------|------------|--------|');
  for (const r of rows) console.log(r);
}

await main();
