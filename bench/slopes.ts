/**
 * Varying slopes (assembly/slopes.ts) beside the plain fixed-effect path, on the bench design: feols of
 * y ~ x2 + x3 + x4 + x5 | fe1[x1] + fe2 (fe1's intercept and a slope on x1 per level) and of the plain
 * y ~ x1 + ... + x5 | fe1 + fe2, end to end from in-memory columns. Usage: node dist/bench/slopes.js [1e5,1e6] [runs]
 */
import '../src/platform/node/index.js'; // the Node platform (WASM from build/, the Piscina pool)
import { cpus } from 'node:os';
import { feols } from '../src/estimate/feols.js';
import { generate } from './generate.js';

const MODELS = {
  plain: 'y ~ x1 + x2 + x3 + x4 + x5 | fe1 + fe2',
  'fe1[x1] + fe2': 'y ~ x2 + x3 + x4 + x5 | fe1[x1] + fe2',
  'fe1[[x1]] + fe2': 'y ~ x2 + x3 + x4 + x5 | fe1[[x1]] + fe2',
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const sizes = (process.argv[2] ?? '1e5,1e6').split(',').map(Number);
const runs = Number(process.argv[3] ?? 5);
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} x ${cpus().length}, node ${process.version}; median of ${runs} runs (range)`);
console.log('| n | model | ms | sweeps |');
console.log('|---|---|---|---|');
for (const n of sizes) {
  const data = generate(n);
  for (const [label, formula] of Object.entries(MODELS)) {
    feols(data.columns, formula, { singletons: 'keep' }); // warm-up
    const times: number[] = [];
    let sweeps = 0;
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      sweeps = feols(data.columns, formula, { singletons: 'keep' }).convergence.iterations;
      times.push(performance.now() - t0);
    }
    console.log(`| ${n} | ${label} | ${median(times).toFixed(0)} (${Math.min(...times).toFixed(0)}-${Math.max(...times).toFixed(0)}) | ${sweeps} |`);
  }
}
