/**
 * Sweeps on the BullMQ queue against a real redis-server: bit-identical to the local pool for every sweep
 * type, with 1 and 3 worker processes; a SIGKILLed worker's job is retried; a failing job fails the sweep
 * with its error; Redis stopped mid-sweep is a clear error; cancelling withdraws the jobs.
 * Workers are the compiled CLI (npm test builds first).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError } from '../../src/errors.js';
import { specificationGrid, type GridDefinition, type GridResult } from '../../src/grid/index.js';
import { curveJointTest } from '../../src/grid/joint.js';
import { mtest } from '../../src/infer/mtest.js';
import { clusterBootstrap, pairsBootstrap, wildBootstrap } from '../../src/infer/index.js';
import { permutationTest } from '../../src/infer/permute.js';
import { clusterBootstrapParallel, pairsBootstrapParallel } from '../../src/infer/resample-task.js';
import { wildBootstrapParallel } from '../../src/infer/wild-parallel.js';
import { AbortError } from '../../src/parallel/errors.js';
import { closePool } from '../../src/parallel/pool.js';
import { runSweep } from '../../src/parallel/sweep.js';
import { QueueError } from '../../src/queue/errors.js';
import { queueStatus } from '../../src/queue/status.js';
import { readCsv } from '../helpers.js';
import { freePort, runCli, startRedis, startWorker, waitFor, type RedisServer, type WorkerProcess } from './redis.js';

const LONG = 120_000;
const root = fileURLToPath(new URL('../../', import.meta.url));
const producFile = join(root, 'tests/golden/data/produc.csv');
const produc = readCsv(producFile);
const formula = 'log(gsp) ~ log(pcap) + log(pc) + unemp | state + year';
const grid: GridDefinition = {
  depvar: 'log(gsp)', main: ['log(pcap)', 'l(log(pcap),1)'], controls: ['log(pc)', 'unemp'],
  fixedEffects: [['state'], ['state', 'year']], vcov: [{ type: 'cluster', cluster: ['state'] }], panel: { id: 'state', time: 'year' },
};

const bytes = (a: Float64Array | undefined) => Buffer.from((a as Float64Array).buffer, (a as Float64Array).byteOffset, (a as Float64Array).byteLength);
function gridNumbers(r: GridResult): Buffer {
  const fields = ['estimate', 'stdError', 'statistic', 'pValue', 'confLow', 'confHigh', 'nobs', 'r2', 'adjR2', 'withinR2', 'dfT'] as const;
  return Buffer.from(Float64Array.from(r.rows.flatMap((row) => fields.map((f) => row[f]))).buffer);
}
const range = (n: number) => Buffer.from(Float64Array.from({ length: n }, (_, i) => i).buffer);

let redis: RedisServer;
const workers: WorkerProcess[] = [];
let backend: { redis: string };

beforeAll(async () => {
  redis = await startRedis();
  backend = { redis: redis.url };
  workers.push(await startWorker(redis.url, 1));
}, LONG);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop('SIGKILL')));
  await redis?.stop();
  await closePool();
}, LONG);

describe('queue vs local pool: bit-identical', () => {
  const wildOptions = { param: 'log(pcap)', cluster: 'region', reps: 3000, seed: 11, weights: 'webb' as const, keepDraws: true };
  const local = {
    wild: wildBootstrap(produc, formula, wildOptions),
    pairs: pairsBootstrap(produc, formula, { reps: 60, seed: 3, keepDraws: true }),
    cluster: clusterBootstrap(produc, formula, { cluster: 'state', reps: 60, seed: 4, keepDraws: true }),
  };

  for (const processes of [1, 3]) {
    describe(`${processes} worker process(es)`, () => {
      beforeAll(async () => {
        while (workers.length < processes) workers.push(await startWorker(redis.url, 1));
      }, LONG);

      it('wild cluster bootstrap', async () => {
        const q = await wildBootstrapParallel(produc, formula, { ...wildOptions, backend, chunkSize: 250 });
        expect(bytes(q.draws).equals(bytes(local.wild.draws))).toBe(true);
        expect([q.pValue, q.confLow, q.confHigh]).toEqual([local.wild.pValue, local.wild.confLow, local.wild.confHigh]);
      }, LONG);

      it('pairs and cluster bootstraps', async () => {
        const p = await pairsBootstrapParallel(produc, formula, { reps: 60, seed: 3, keepDraws: true, backend, chunkSize: 10 });
        expect(bytes(p.draws).equals(bytes(local.pairs.draws))).toBe(true);
        expect(p.coefficients).toEqual(local.pairs.coefficients);
        const c = await clusterBootstrapParallel(produc, formula, { cluster: 'state', reps: 60, seed: 4, keepDraws: true, backend, chunkSize: 10 });
        expect(bytes(c.draws).equals(bytes(local.cluster.draws))).toBe(true);
        expect(c.coefficients).toEqual(local.cluster.coefficients);
      }, LONG);

      it('permutation test', async () => {
        const options = { param: 'unemp', permute: 'unemp', reps: 60, seed: 5 };
        const here = await permutationTest(produc, formula, { ...options, workers: 1 });
        const q = await permutationTest(produc, formula, { ...options, backend, chunkSize: 10 });
        expect(bytes(q.draws).equals(bytes(here.draws))).toBe(true);
        expect(q.pValue).toBe(here.pValue);
      }, LONG);

      it('specification grid', async () => {
        const pool = await specificationGrid(produc, grid, { workers: 2 });
        const seen: number[] = [];
        const q = await specificationGrid(produc, grid, { backend, onProgress: (done) => seen.push(done) });
        expect(gridNumbers(q).equals(gridNumbers(pool))).toBe(true);
        expect(seen.at(-1)).toBe(pool.rows.length);
      }, LONG);

      it('multiple-testing bootstrap and the joint test of a curve', async () => {
        const mt = { terms: ['log(pcap)', 'unemp'], cluster: 'region', reps: 400, seed: 8, weights: 'webb' as const, keepDraws: true };
        const models = ['log(gsp) ~ log(pcap) + unemp | state', 'log(emp) ~ log(pcap) + unemp | state'];
        const here = await mtest(produc, models, { ...mt, workers: 1 });
        const q = await mtest(produc, models, { ...mt, backend, chunkSize: 100 });
        expect(bytes(q.draws).equals(bytes(here.draws))).toBe(true);
        expect(q.hypotheses).toEqual(here.hypotheses);
        const joint = { cluster: 'region', reps: 200, seed: 9, weights: 'webb' as const };
        const jHere = await curveJointTest(produc, grid, {}, { ...joint, workers: 1 });
        const jQueue = await curveJointTest(produc, grid, {}, { ...joint, backend, chunkSize: 50 });
        expect([jQueue.pMedian, jQueue.pShareSignificant, jQueue.nullMedian]).toEqual([jHere.pMedian, jHere.pShareSignificant, jHere.nullMedian]);
      }, LONG);

      it('sees the workers in queue status', async () => {
        const s = await queueStatus(redis.url);
        expect(s.workers.length).toBe(processes);
        expect(s.failed).toBe(0);
        expect(s.done).toBeGreaterThan(0);
      }, LONG);
    });
  }
});

describe('faults', () => {
  it('retries the job of a SIGKILLed worker after its lease, with the same result', async () => {
    // Its own Redis and only the victim at first: the sweep can finish only if another worker takes over the
    // job the victim held when it died, once its lease ran out.
    const own = await startRedis();
    const victim = await startWorker(own.url, 1);
    let survivor: WorkerProcess | null = null;
    let killed: Promise<void> | null = null;
    try {
      const out = await runSweep({
        kind: 'parallel.spin', context: { msPerDraw: 60 }, total: 40, chunkSize: 4, backend: { redis: own.url },
        onProgress: () => {
          if (killed) return;
          victim.proc.kill('SIGKILL');
          killed = victim.stop().then(async () => { survivor = await startWorker(own.url, 1); });
        },
      });
      await killed;
      expect(victim.proc.signalCode).toBe('SIGKILL');
      expect(bytes(out).equals(range(40))).toBe(true);
      const queue = new Queue('hdfe', { connection: { host: '127.0.0.1', port: own.port } });
      const jobs = await queue.getJobs(['completed']);
      await queue.close();
      expect(jobs).toHaveLength(10);
      expect(jobs.filter((j) => j.stalledCounter > 0 || j.attemptsStarted > 1).length).toBeGreaterThanOrEqual(1);
    } finally {
      await (survivor as WorkerProcess | null)?.stop('SIGKILL');
      await victim.stop('SIGKILL');
      await own.stop();
    }
  }, LONG);

  it('fails the sweep with the job\'s own error', async () => {
    const sweep = runSweep({ kind: 'parallel.fail', context: { at: 7, message: 'bad draw 7', errorName: 'DataError' }, total: 20, chunkSize: 2, backend });
    await expect(sweep).rejects.toBeInstanceOf(DataError);
    await expect(sweep).rejects.toThrow('bad draw 7');
  }, LONG);

  it('cancels: the sweep rejects with AbortError and its waiting jobs are removed', async () => {
    const controller = new AbortController();
    const sweep = runSweep({
      kind: 'parallel.spin', context: { msPerDraw: 50 }, total: 400, chunkSize: 2, backend, signal: controller.signal,
      onProgress: () => controller.abort('interrupted'),
    });
    await expect(sweep).rejects.toBeInstanceOf(AbortError);
    const s = await queueStatus(redis.url);
    expect(s.waiting).toBe(0);
    // What was active finishes (or is skipped) and nothing else runs: the queue drains at once.
    await waitFor(async () => (await queueStatus(redis.url)).active === 0, 20_000, 'active jobs to end');
  }, LONG);

  it('refuses data over the size limit with a clear message', async () => {
    await expect(runSweep({ kind: 'parallel.index', context: { pad: new Float64Array(1000) }, total: 4, backend: { ...backend, maxDataBytes: 1000 } }))
      .rejects.toThrow(/needs 0\.0 MiB of data in Redis, over the queue's limit of 0\.0 MiB; raise it with --queue-max-data/);
  }, LONG);

  it('fails with a QueueError when Redis stops mid-sweep', async () => {
    const own = await startRedis();
    const w = await startWorker(own.url, 1);
    try {
      let stopped = false;
      const sweep = runSweep({
        kind: 'parallel.spin', context: { msPerDraw: 20 }, total: 400, chunkSize: 4, backend: { redis: own.url, unreachableMs: 1000 },
        onProgress: () => { if (!stopped) { stopped = true; void own.stop(); } },
      });
      await expect(sweep).rejects.toBeInstanceOf(QueueError);
      await expect(sweep).rejects.toThrow(/cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ within 1000 ms/);
    } finally {
      await w.stop('SIGKILL');
      await own.stop();
    }
  }, LONG);

  it('says in one line, exit code 2, when Redis is unreachable', async () => {
    const port = await freePort();
    const r = await runCli(['boot', producFile, formula, '--param', 'log(pcap)', '--cluster', 'region', '--reps', '99',
      '--queue', `redis://:secret@127.0.0.1:${port}`]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^hdfe: cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ within 3000 ms \(.*ECONNREFUSED/);
    expect(r.stderr).not.toMatch(/secret/);
  }, LONG);
});

describe('the CLI on the queue', () => {
  it('hdfe boot --queue prints what the local run prints; hdfe queue status counts', async () => {
    const args = ['boot', producFile, formula, '--param', 'log(pcap)', '--cluster', 'state', '--method', 'cluster', '--reps', '40', '--json'];
    const [local, queued] = [await runCli([...args, '--workers', '1']), await runCli([...args, '--queue', redis.url])];
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stdout).toBe(local.stdout);
    const s = await runCli(['queue', 'status', '--queue', redis.url]);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/^queue 'hdfe': 0 waiting, \d+ active, \d+ done, \d+ failed\nworkers: \d+ \(/);
  }, LONG);

  it('Ctrl-C on hdfe permute --queue withdraws its jobs: one line, ended by SIGINT (130), nothing left waiting', async () => {
    const own = await startRedis(); // no worker: the jobs wait until the interrupt
    try {
      const p = spawn(process.execPath, [join(root, 'dist/src/cli/main.js'), 'permute', producFile, formula, '--param', 'unemp',
        '--permute', 'unemp', '--reps', '5000', '--queue', own.url], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      p.stderr.on('data', (d) => { stderr += d; });
      const exit = new Promise<string>((r) => p.once('exit', (code, signal) => r(signal ?? `exit ${code}`)));
      await waitFor(async () => (await queueStatus(own.url)).waiting > 0, 60_000, 'the jobs to be posted');
      p.kill('SIGINT');
      expect(['SIGINT', 'exit 130']).toContain(await exit);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^hdfe: the permutation test was cancelled \(interrupted\); no result was produced/);
      expect((await queueStatus(own.url)).waiting).toBe(0);
    } finally {
      await own.stop();
    }
  }, LONG);

  it('checks a password-protected Redis: a wrong password is one clear line', async () => {
    const own = await startRedis('pw-123');
    try {
      const ok = await runCli(['queue', 'status', '--queue', own.url]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/0 waiting, 0 active, 0 done, 0 failed/);
      const bad = await runCli(['queue', 'status', '--queue', `redis://:wrong@127.0.0.1:${own.port}`]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^hdfe: cannot reach Redis at redis:\/\/:\*\*\*@127.0.0.1:\d+ .*(WRONGPASS|invalid).*check the user and password/);
    } finally {
      await own.stop();
    }
  }, LONG);
});
