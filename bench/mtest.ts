/**
 * Multiple testing benchmark (release build): Romano-Wolf and Westfall-Young over 10 hypotheses (2 outcomes x
 * 5 regressors) with B = 9,999 shared wild draws at N = 1e5 and G = 500 clusters, each holding 20 of fe1's
 * 1e4 levels (the FE nested in the clusters), with 1 and 2 workers. The preparation (two fits, ten
 * per-cluster tables) is timed apart from the whole call.
 *
 *   node dist/bench/mtest.js [runs]
 */
import '../src/platform/node/index.js'; // the Node platform (WASM from build/, the Piscina pool)
import { cpus } from 'node:os';
import { columnSource } from '../src/data/columns.js';
import { mtest, prepareMtest } from '../src/infer/mtest.js';
import { closePool } from '../src/parallel/pool.js';
import { generate } from './generate.js';
import { time } from './timing.js';

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 3);
  const data = generate(100_000);
  const cols = data.columns;
  const group = Int32Array.from(cols.fe1 as Int32Array, (g) => g % 500);
  // A second outcome sharing the regressors, with its own noise.
  let state = 7;
  const noise = () => { state = (Math.imul(state, 1103515245) + 12345) >>> 0; return state / 2 ** 32 - 0.5; };
  const y2 = Float64Array.from(cols.y as Float64Array, (v, i) => 0.3 * v - (cols.x3 as Float64Array)[i] + 2 * noise());
  const bench = { ...cols, y2, group };
  const formula = 'y + y2 ~ x1 + x2 + x3 + x4 + x5 | fe1';
  const options = { terms: ['x1', 'x2', 'x3', 'x4', 'x5'], cluster: 'group', reps: 9_999, seed: 1, weights: 'webb' as const };

  console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} x ${cpus().length}, node ${process.version}`);
  const prep: number[] = [];
  for (let r = 0; r < runs; r++) prep.push((await time(() => prepareMtest(columnSource(bench), formula, options)))[1]);
  console.log(`preparation (2 fits, 10 per-cluster tables): ${prep.map((m) => m.toFixed(0)).join(', ')} ms`);
  let reference: Awaited<ReturnType<typeof mtest>> | null = null;
  for (const workers of [1, 2]) {
    const ms: number[] = [];
    for (let r = 0; r < runs; r++) {
      const [res, t] = await time(() => mtest(bench, formula, { ...options, workers }));
      ms.push(t);
      if (!reference) reference = res;
      else if (JSON.stringify(res.hypotheses) !== JSON.stringify(reference.hypotheses)) throw new Error('results differ between runs');
    }
    console.log(`mtest, 10 hypotheses, B = 9,999, workers ${workers}: ${ms.map((m) => m.toFixed(0)).join(', ')} ms`);
  }
  if (reference) {
    for (const h of reference.hypotheses) {
      console.log(`  ${h.depvar} ${h.term}: t ${h.statistic.toFixed(2)}, p ${h.pValue.toFixed(4)}, Holm ${h.pHolm.toFixed(4)}, ` +
        `RW ${h.pRomanoWolf.toFixed(4)}, WY ${h.pWestfallYoung.toFixed(4)}`);
    }
  }
  await closePool();
}

void main();
