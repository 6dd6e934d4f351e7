/**
 * The queue's overhead against the local pool (release build): the same sweeps run on the Piscina pool with
 * 2 threads and as BullMQ jobs on a redis-server started here on a loopback port, taken by 1 and then 2
 * `hdfe worker --concurrency 1` processes. Also the fixed cost of one job (a one-draw 'parallel.index' job).
 * Usage: npm run build && node dist/bench/queue.js. Needs redis-server on the PATH.
 */
import '../src/platform/node/index.js'; // the Node platform (WASM from build/, the Piscina pool)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { specificationGrid } from '../src/grid/index.js';
import { wildBootstrapParallel } from '../src/infer/wild-parallel.js';
import { packageRoot } from '../src/package-root.js';
import { closePool } from '../src/parallel/pool.js';
import { runSweep } from '../src/parallel/sweep.js';
import { replicate } from '../src/study/replicate.js';
import { generate } from './generate.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address() as { port: number }; srv.close(() => resolve(port)); });
  });
}

async function sleep(ms: number): Promise<void> { await new Promise((r) => setTimeout(r, ms)); }

function startWorker(url: string): Promise<ChildProcess> {
  const p = spawn(process.execPath, [join(packageRoot(), 'dist/src/cli/main.js'), 'worker', '--queue', url, '--concurrency', '1'],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let text = '';
    p.stderr!.on('data', (d) => { text += d; if (/concurrency/.test(text)) resolve(p); });
    p.once('exit', () => reject(new Error(`worker exited: ${text}`)));
  });
}

/**
 * Local and queue runs interleaved (the machine is shared, so its load drifts): after one warm run of each
 * (pool threads, WebAssembly compiled, data cached by the workers), `runs` pairs; times in ms.
 */
async function paired(runs: number, local: () => Promise<unknown>, queued: () => Promise<unknown>): Promise<{ local: number[]; queue: number[]; ratio: number[] }> {
  await local();
  await queued();
  const out = { local: [] as number[], queue: [] as number[], ratio: [] as number[] };
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    await local();
    const l = performance.now() - t0;
    t0 = performance.now();
    await queued();
    const q = performance.now() - t0;
    out.local.push(l);
    out.queue.push(q);
    out.ratio.push(q / l);
  }
  for (const v of Object.values(out)) v.sort((a, b) => a - b);
  return out;
}

const range = (v: number[], digits = 0) => `${v[0].toFixed(digits)}-${v[v.length - 1].toFixed(digits)}`;

export async function queueBench(): Promise<string[]> {
  const port = await freePort();
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().trim() !== 'PONG'; i++) await sleep(50);
  const workers: ChildProcess[] = [];
  const backend = { redis: url };

  // The study's panel, B = 99,999 Webb draws; a 1,024-spec grid at n = 1e6 in 4 groups (2 main variants x
  // 2 FE sets x 256 control subsets: the first group runs in the caller, 3 go to the runner).
  const study = (await replicate({ dataDir: join(packageRoot(), 'data'), outDir: mkdtempSync(join(tmpdir(), 'hdfe-bench-')), workers: 1 })).data;
  const wild = { param: 'Vag', cluster: 'province', reps: 99_999, seed: 1, weights: 'webb' as const, confInt: false };
  const big = generate(1_000_000);
  const cols: Record<string, Float64Array | Int32Array> = { ...big.columns };
  for (let j = 6; j <= 10; j++) {
    const c = new Float64Array(big.n);
    const a = big.columns[`x${j - 5}`], b = big.columns[`x${((j - 4) % 5) + 1}`];
    for (let i = 0; i < big.n; i++) c[i] = 0.5 * a[i] - 0.3 * b[i] + Math.sin(i * 0.001 * j);
    cols[`x${j}`] = c;
  }
  const grid = { depvar: 'y', main: ['x1', 'x2'], controls: ['x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9', 'x10'], fixedEffects: [['fe1'], ['fe1', 'fe2']] };
  const sweeps: [string, (b?: { redis: string }) => Promise<unknown>, number][] = [
    ['wild bootstrap, study panel (N = 360, G = 30), B = 99,999', (b) => wildBootstrapParallel(study, 'SL ~ Vag + GDP + TAX + CPI + FDI | year', { ...wild, workers: 2, backend: b }), 5],
    ['grid, 1,024 specs in 4 groups, n = 1e6', (b) => specificationGrid(cols, grid, { workers: 2, backend: b }), 1],
  ];
  const lines = ['| sweep | worker processes | local pool, 2 threads (ms) | queue (ms) | queue / local, per pair |', '|---|---|---|---|---|'];
  const jobLines = ['| worker processes | us per one-draw job (200 jobs, min-max of 3) |', '|---|---|'];
  try {
    for (const processes of [1, 2]) {
      while (workers.length < processes) workers.push(await startWorker(url));
      for (const [name, run, runs] of sweeps) {
        const r = await paired(runs, () => run(), () => run(backend));
        const line = `| ${name} | ${processes} | ${range(r.local)} | ${range(r.queue)} | ${range(r.ratio, 2)} |`;
        console.error(line);
        lines.push(line);
      }
      // A job's fixed cost: 200 one-draw jobs, their throughput over the worker processes.
      const per: number[] = [];
      for (let i = 0; i < 4; i++) {
        const t0 = performance.now();
        await runSweep({ kind: 'parallel.index', context: null, total: 200, chunkSize: 1, backend });
        if (i > 0) per.push(((performance.now() - t0) / 200) * 1000);
      }
      per.sort((a, b) => a - b);
      jobLines.push(`| ${processes} | ${range(per)} |`);
      console.error(jobLines.at(-1));
    }
    await closePool();
    return [...lines, '', ...jobLines];
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    redis.kill('SIGTERM');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  queueBench().then((lines) => { console.log(lines.join('\n')); process.exit(0); }, (err) => { console.error(err); process.exit(1); });
}
