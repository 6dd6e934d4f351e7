/**
 * The wild restricted efficient bootstrap (WRE) of an IV coefficient: n = 1e5, G = 50 clusters, B = 9,999
 * Webb draws, `y ~ w | fe | x ~ z1 + z2`, with the fixed effect nested in the clusters (2,000 firms) and across
 * them (20 years, which needs the FE correction). Times: the fit and preparation, the draws at the null on
 * 1 and 2 workers, and the whole call with the interval by test inversion (each r tried re-runs the draws).
 * Run: `npm run build && node dist/bench/wre.js [runs]`.
 */
import '../src/platform/node/index.js';
import { wildBootstrap } from '../src/infer/wild.js';
import { wildBootstrapParallel } from '../src/infer/wild-parallel.js';
import { resolveWild } from '../src/infer/options.js';
import { parseFormula } from '../src/formula/parse.js';
import { prepareWreTest, wreAllDraws } from '../src/infer/wild-iv.js';
import { closePool } from '../src/parallel/pool.js';
import { uniformStream } from './generate.js';
import { time } from './timing.js';

function design(n: number, G: number, seed = 20261129): Record<string, Float64Array | Int32Array> {
  const uniform = uniformStream(seed);
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const cl = new Int32Array(n), firm = new Int32Array(n), year = new Int32Array(n);
  const [y, x, w, z1, z2] = Array.from({ length: 5 }, () => new Float64Array(n));
  const aCl = Float64Array.from({ length: G }, normal);
  const aFirm = Float64Array.from({ length: 2000 }, normal);
  const aYear = Float64Array.from({ length: 20 }, normal);
  for (let i = 0; i < n; i++) {
    firm[i] = Math.floor(uniform() * 2000);
    cl[i] = firm[i] % G; // every firm inside one cluster
    year[i] = Math.floor(uniform() * 20);
    w[i] = normal(); z1[i] = normal(); z2[i] = normal();
    const e2 = normal();
    const u = 0.6 * e2 + 0.8 * normal() + 0.5 * aCl[cl[i]];
    x[i] = 0.5 * z1[i] + 0.3 * z2[i] + 0.3 * w[i] + aFirm[firm[i]] + aYear[year[i]] + e2;
    y[i] = 0.4 * x[i] + 0.5 * w[i] + aFirm[firm[i]] + aYear[year[i]] + u;
  }
  return { y, x, w, z1, z2, cl, firm, year };
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 3);
  const n = 100_000, G = 50;
  const data = design(n, G);
  const options = { param: 'fit_x', cluster: 'cl', reps: 9_999, seed: 1, weights: 'webb' as const };
  const lines = ['| design | step | workers | ms (min-max of runs) |', '|---|---|---|---|'];
  for (const [label, formula] of [['firm FE (nested)', 'y ~ w | firm | x ~ z1 + z2'], ['year FE (across clusters)', 'y ~ w | year | x ~ z1 + z2']] as const) {
    const row = async (step: string, workers: string, f: () => Promise<unknown> | unknown) => {
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) ms.push((await time(f))[1]);
      console.error(`${label} ${step} ${workers}: ${ms.map((m) => m.toFixed(0)).join(', ')} ms`);
      lines.push(`| ${label} | ${step} | ${workers} | ${Math.min(...ms).toFixed(0)}-${Math.max(...ms).toFixed(0)} |`);
    };
    const o = resolveWild({ ...options, confInt: false });
    const parsed = parseFormula(formula);
    await row('fit and preparation', '1', () => prepareWreTest(data, parsed, o));
    const test = prepareWreTest(data, parsed, o);
    await row('B = 9,999 draws at the null', '1', () => wreAllDraws(test));
    await row('whole call, no interval', '1', () => wildBootstrap(data, formula, { ...options, confInt: false }));
    await row('whole call, no interval', '2', () => wildBootstrapParallel(data, formula, { ...options, confInt: false, workers: 2 }));
    await row('whole call with the inverted 95% interval', '1', () => wildBootstrap(data, formula, options));
  }
  await closePool();
  console.log(lines.join('\n'));
}

await main();
