/**
 * Poisson and IV benchmarks (release build), on the bench design's fixed effects (fe1 of 1e5 levels, fe2 of
 * 1e3, assigned at random):
 * - fepois, y ~ x1 + x2 + x3 | fe1 + fe2, y Poisson with mean exp(0.1 x1 - 0.05 x2 + 0.02 x3 + a1 + a2):
 *   time, IRLS iterations and demeaning sweeps (with the warm start, and cold for comparison);
 * - 2SLS, y ~ x1 | fe1 + fe2 | xe ~ z1 + z2, against feols y ~ x1 + xe | fe1 + fe2 on the same rows.
 * Usage: node dist/bench/glm.js [n] [runs]. Prints the runs' times (ms) and their median.
 * `node dist/bench/glm.js csv N OUT.csv` writes the design instead, for whole-process runs of `hdfe fit`.
 */
import '../src/platform/node/index.js'; // the Node platform (WASM from build/, the Piscina pool)
import { cpus, loadavg } from 'node:os';
import { feols } from '../src/estimate/feols.js';
import { fepois } from '../src/estimate/fepois.js';
import { uniformStream } from './generate.js';
import { writeColumnsCsv } from './write-csv.js';

function design(n: number, seed = 20261129) {
  const uniform = uniformStream(seed);
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  // Knuth's multiplication method: exact Poisson draws for the small means of this design.
  const poisson = (mu: number) => { const L = Math.exp(-mu); let k = 0, p = uniform(); while (p > L) { k++; p *= uniform(); } return k; };
  const L1 = Math.min(100_000, n / 10), L2 = 1_000;
  const a1 = new Float64Array(L1).map(() => 0.5 * normal());
  const a2 = new Float64Array(L2).map(() => 0.5 * normal());
  const fe1 = new Int32Array(n), fe2 = new Int32Array(n);
  const cols = ['x1', 'x2', 'x3', 'z1', 'z2', 'xe', 'y', 'yc'].map(() => new Float64Array(n));
  const [x1, x2, x3, z1, z2, xe, y, yc] = cols;
  for (let i = 0; i < n; i++) {
    fe1[i] = i < L1 ? i : Math.floor(uniform() * L1);
    fe2[i] = Math.floor(uniform() * L2);
    const a = a1[fe1[i]] + a2[fe2[i]];
    x1[i] = normal() + a; x2[i] = normal(); x3[i] = normal();
    z1[i] = normal(); z2[i] = normal();
    const v = normal();
    xe[i] = 0.5 * z1[i] + 0.3 * z2[i] + a + v;
    y[i] = xe[i] + 0.5 * x1[i] + a + normal() + 0.5 * v;
    yc[i] = poisson(Math.exp(0.1 * x1[i] - 0.05 * x2[i] + 0.02 * x3[i] + a));
  }
  return { x1, x2, x3, z1, z2, xe, y, yc, fe1, fe2 };
}

/** Wall and CPU (user + system, all threads) milliseconds per run: on a shared machine the CPU time says more. */
function time<T>(runs: number, f: () => T): { ms: number[]; cpu: number[]; last: T } {
  const ms: number[] = [];
  const cpu: number[] = [];
  let last = f(); // warm-up
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t = performance.now();
    last = f();
    ms.push(performance.now() - t);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { ms, cpu, last };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const show = (r: { ms: number[]; cpu: number[] }) => `wall ${r.ms.map((x) => x.toFixed(0)).join(', ')} ms (median ${median(r.ms).toFixed(0)}), ` +
  `CPU ${r.cpu.map((x) => x.toFixed(0)).join(', ')} ms (median ${median(r.cpu).toFixed(0)})`;

async function main(): Promise<void> {
  if (process.argv[2] === 'csv') {
    const data = design(Number(process.argv[3]));
    const names = Object.keys(data) as (keyof typeof data)[];
    const bytes = writeColumnsCsv(process.argv[4], names, names.map((name) => data[name]));
    console.log(`wrote ${data.y.length} rows (${names.join(',')}), ${(bytes / 1e6).toFixed(1)} MB, to ${process.argv[4]}`);
    return;
  }
  const n = Number(process.argv[2] ?? 1e6);
  const runs = Number(process.argv[3] ?? 5);
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} x ${cpus().length}, node ${process.version}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const data = design(n);
  const pois = time(runs, () => fepois(data, 'yc ~ x1 + x2 + x3 | fe1 + fe2'));
  console.log(`fepois n=${n}: ${show(pois)}; ${pois.last.iterations} IRLS iterations, ${pois.last.demeanSweeps} demeaning sweeps in all; ` +
    `dropped ${pois.last.dropped.singletons} singletons, ${pois.last.dropped.fixefAllZero} in all-zero levels`);
  const ols = time(runs, () => feols(data, 'y ~ x1 + xe | fe1 + fe2'));
  const iv = time(runs, () => feols(data, 'y ~ x1 | fe1 + fe2 | xe ~ z1 + z2'));
  console.log(`feols y ~ x1 + xe | fe1 + fe2, n=${n}: ${show(ols)}; ${ols.last.convergence.iterations} sweeps`);
  console.log(`2SLS  y ~ x1 | fe1 + fe2 | xe ~ z1 + z2, n=${n}: ${show(iv)}; ${iv.last.convergence.iterations} sweeps; ` +
    `ratio of medians: wall ${(median(iv.ms) / median(ols.ms)).toFixed(2)}, CPU ${(median(iv.cpu) / median(ols.cpu)).toFixed(2)}; fit_xe = ${iv.last.coefficients[0].estimate.toFixed(4)} (true 1)`);
}

await main();
