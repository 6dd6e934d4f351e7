// Ctrl-C (and SIGTERM) at every stage of a long run: the process ends by the signal (exit status 130 in a
// shell), prints at most one line, and leaves no output file and no temporary behind. Real processes, each
// signalled when HDFE_TRACE marks the stage on stderr; the only bound on time catches a hang.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OutputError } from '../../src/errors.js';
import { runSweep } from '../../src/parallel/sweep.js';
import { closePool } from '../../src/parallel/pool.js';
import { onSweepWaiting } from '../../src/parallel/waiting.js';
import { ensureDir, writeFilesAtomic } from '../../src/platform/node/output.js';

const SPAWN_TIMEOUT = 180_000; // several Node starts on a loaded 2-core machine
const HANG_MS = 10_000; // not a timing assertion: only a run that never ends fails on it
const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');
const produc = join(root, 'tests/golden/data/produc.csv');
const tmp = mkdtempSync(join(tmpdir(), 'hdfe-interrupt-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A CSV large enough that reading and preparing it take a while (about 9 MB). */
function bigCsv(): string {
  const file = join(tmp, 'big.csv');
  if (existsSync(file)) return file;
  const rows = ['y,x,z,g'];
  let s = 12345;
  const u = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < 200_000; i++) rows.push(`${(u() * 10).toFixed(6)},${u().toFixed(6)},${u().toFixed(6)},${i % 500}`);
  writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

interface Ended { code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }

/**
 * Start hdfe, wait for the trace mark of `stage` (and then for `ready`, if given), send `signal`, and
 * resolve when the process has ended.
 */
function interruptAt(args: string[], stage: string, options: { ready?: () => boolean; signal?: NodeJS.Signals } = {}): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HDFE_TRACE: '1' } });
    let stderr = '', stdout = '', sent = false;
    const send = () => {
      if (sent) return;
      if (options.ready && !options.ready()) { setTimeout(send, 20); return; }
      sent = true;
      p.kill(options.signal ?? 'SIGINT');
      setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`no end ${HANG_MS} ms after the signal; stderr: ${stderr}`)); }, HANG_MS).unref();
    };
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => {
      stderr += d;
      if (stderr.includes(`hdfe: trace: ${stage} `)) send();
    });
    p.on('exit', (code, signal) => {
      if (!sent) reject(new Error(`ended (${code}) before the '${stage}' stage was signalled; stderr: ${stderr}`));
      else resolve({ code, signal, stderr, stdout });
    });
  });
}

/** Ended by the signal: killed by it, or exit status 128 + n. */
function expectEndedBy(r: Ended, signal: NodeJS.Signals = 'SIGINT'): void {
  const status = { SIGINT: 130, SIGTERM: 143 }[signal as 'SIGINT' | 'SIGTERM'];
  expect(r.signal === signal || r.code === status, `code ${r.code}, signal ${r.signal}, stderr ${r.stderr}`).toBe(true);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l && !l.startsWith('hdfe: trace: '));
  expect(lines.length, r.stderr).toBeLessThanOrEqual(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

const temporaries = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('Ctrl-C before and after the sweeps: the default action, at once', () => {
  it('while reading a large CSV', async () => {
    expectEndedBy(await interruptAt(['fit', bigCsv(), 'y ~ x + z | g'], 'read'));
  }, SPAWN_TIMEOUT);

  it('while preparing a permutation test of 10^7 draws', async () => {
    expectEndedBy(await interruptAt(['permute', bigCsv(), 'y ~ x + z | g', '--param', 'x', '--permute', 'x', '--reps', '9999999'], 'prepare'));
  }, SPAWN_TIMEOUT);

  it('while preparing a specification grid, and while rendering its figure: no file is left', async () => {
    const dir = join(tmp, 'grid-prepare');
    expectEndedBy(await interruptAt(['grid', bigCsv(), '--depvar', 'y', '--main', 'x', '--controls', 'z', '--fe', 'g', '--out-dir', dir], 'prepare'));
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    const dir2 = join(tmp, 'grid-render');
    expectEndedBy(await interruptAt(['grid', produc, '--depvar', 'gsp', '--main', 'pcap', '--controls', 'unemp,emp,hwy,water', '--out-dir', dir2], 'render'));
    expect(readdirSync(dir2).filter((f) => !f.endsWith('.tmp')), 'a partial set').toEqual([]);
    expect(temporaries(dir2)).toEqual([]);
  }, SPAWN_TIMEOUT);

  it('while replicate runs the study', async () => {
    const dir = join(tmp, 'study-running');
    expectEndedBy(await interruptAt(['replicate', '--out-dir', dir], 'study', { ready: ((t0) => () => Date.now() - t0 > 1500)(Date.now()) }));
    expect(readdirSync(dir)).toEqual([]);
  }, SPAWN_TIMEOUT);
});

describe('Ctrl-C while a sweep runs on the pool: cancelled, one line, ended by SIGINT', () => {
  it('permute', async () => {
    const r = await interruptAt(['permute', produc, 'gsp ~ pcap', '--param', 'pcap', '--permute', 'pcap', '--reps', '9999999', '--workers', '2'], 'sweep');
    expectEndedBy(r);
    expect(r.stderr).toMatch(/^hdfe: the permutation test was cancelled \(interrupted\); no result was produced$/m);
  }, SPAWN_TIMEOUT);

  it('boot (pairs), and SIGTERM the same way', async () => {
    const args = ['boot', produc, 'gsp ~ pcap', '--param', 'pcap', '--method', 'pairs', '--reps', '9999999', '--workers', '2'];
    // The pairs bootstrap may run a short sweep before its long one: signalled between them, the process
    // ends by the default action, without the line; either way it ends by the signal.
    expectEndedBy(await interruptAt(args, 'sweep'));
    expectEndedBy(await interruptAt(args, 'sweep', { signal: 'SIGTERM' }), 'SIGTERM');
  }, SPAWN_TIMEOUT);

  it('boot (wild): whatever the stage, ended by SIGINT', async () => {
    expectEndedBy(await interruptAt(['boot', produc, 'gsp ~ pcap', '--param', 'pcap', '--cluster', 'state', '--reps', '9999999', '--workers', '2'], 'sweep'));
  }, SPAWN_TIMEOUT);

  it('permute --workers 1 (the draws in this thread): the default action', async () => {
    const r = await interruptAt(['permute', produc, 'gsp ~ pcap', '--param', 'pcap', '--permute', 'pcap', '--reps', '9999999', '--workers', '1'], 'prepare',
      { ready: ((t0) => () => Date.now() - t0 > 500)(Date.now()) });
    expectEndedBy(r);
  }, SPAWN_TIMEOUT);
});

describe('a signal while files are written: the temporaries already written are removed', () => {
  // The last file of the set is a FIFO with no reader, so the write stops there with the others' temporaries on disk.
  const withFifo = (dir: string, name: string) => {
    mkdirSync(dir, { recursive: true });
    execFileSync('mkfifo', [join(dir, name)]);
  };

  it('grid --out-dir: SIGINT and SIGTERM leave no temporary and no file of the set', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const dir = join(tmp, `grid-write-${signal}`);
      withFifo(dir, 'curve.svg');
      const r = await interruptAt(['grid', produc, '--depvar', 'gsp', '--main', 'pcap', '--controls', 'unemp', '--out-dir', dir], 'write',
        { signal, ready: () => temporaries(dir).length === 2 });
      expectEndedBy(r, signal);
      expect(readdirSync(dir)).toEqual(['curve.svg']);
    }
  }, SPAWN_TIMEOUT);

  it('replicate: none of its 34 files and none of their temporaries', async () => {
    const dir = join(tmp, 'study-write');
    withFifo(dir, 'inference.json');
    const r = await interruptAt(['replicate', '--out-dir', dir], 'write', { ready: () => temporaries(dir).length > 30 });
    expectEndedBy(r);
    expect(readdirSync(dir)).toEqual(['inference.json']);
  }, SPAWN_TIMEOUT);

  it('in a host program with its own SIGINT listener: the write rejects and removes its temporaries', async () => {
    const dir = join(tmp, 'host');
    mkdirSync(dir, { recursive: true });
    const host = () => undefined;
    const before = ['SIGINT', 'SIGTERM', 'SIGHUP'].map((sig) => process.listenerCount(sig));
    process.on('SIGINT', host);
    try {
      const big = new Uint8Array(64 * 1024 * 1024); // long enough to be signalled in the middle
      const write = writeFilesAtomic([[join(dir, 'a.bin'), big], [join(dir, 'b.bin'), big]]);
      const settled = write.then(() => null, (err: unknown) => err);
      while (temporaries(dir).length === 0) await new Promise((r) => setTimeout(r, 5));
      process.emit('SIGINT', 'SIGINT');
      const err = await settled;
      expect(err).toBeInstanceOf(OutputError);
      expect((err as Error).message).toMatch(/stopped by SIGINT; no file of the set was written/);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      process.off('SIGINT', host);
    }
    expect(['SIGINT', 'SIGTERM', 'SIGHUP'].map((sig) => process.listenerCount(sig)), 'listeners left behind').toEqual(before);
  }, SPAWN_TIMEOUT);
});

describe('the waiting windows', () => {
  it('are open while a sweep runs on the pool, and never for one in this thread', async () => {
    const heard: boolean[] = [];
    const off = onSweepWaiting((w) => heard.push(w));
    try {
      await runSweep({ kind: 'parallel.index', context: null, total: 40, workers: 1 });
      expect(heard).toEqual([]);
      await runSweep({ kind: 'parallel.index', context: null, total: 40, workers: 2, chunkSize: 10 });
      expect(heard).toEqual([true, false]);
    } finally {
      off();
      await closePool();
    }
  }, SPAWN_TIMEOUT);

  it('ensureDir under /proc fails with one line instead of looping for ever', () => {
    if (!existsSync('/proc/self')) return; // no procfs: nothing to test
    expect(() => ensureDir('/proc/hdfe-no-such/dir')).toThrow(OutputError);
    expect(() => ensureDir('/proc/hdfe-no-such/dir')).toThrow(/cannot write '\/proc\/hdfe-no-such\/dir': its directory does not exist \(ENOENT\)/);
    const link = join(tmp, 'full-link');
    symlinkSync('/dev/full', link);
    expect(() => ensureDir(join(link, 'sub'))).toThrow(/is a file, not a directory/);
  });
});
