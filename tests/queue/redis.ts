/**
 * A real redis-server for the queue tests, on a free loopback port with persistence off, and `hdfe worker`
 * processes (the compiled CLI, as users run it) with short leases so a killed worker's job comes back fast.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');

/** Lease of the test workers (ms): a SIGKILLed worker's job is retried within about twice this. */
export const TEST_LEASE_MS = 1000;

export function redisAvailable(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

async function waitFor(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function exited(p: ChildProcess): Promise<void> {
  return p.exitCode !== null || p.signalCode !== null ? Promise.resolve() : new Promise((r) => p.once('exit', () => r()));
}

/** Start redis-server on a free loopback port (password optional); resolves once it answers PING. */
export async function startRedis(password?: string): Promise<RedisServer> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  if (password) args.push('--requirepass', password);
  const proc = spawn('redis-server', args, { stdio: 'ignore' });
  const auth = password ? ['-a', password, '--no-auth-warning'] : [];
  await waitFor(() => spawnSync('redis-cli', ['-p', String(port), ...auth, 'ping']).stdout?.toString().trim() === 'PONG', 10_000, 'redis-server');
  return {
    port, url: `redis://${password ? `:${password}@` : ''}127.0.0.1:${port}`,
    async stop() { proc.kill('SIGKILL'); await exited(proc); },
  };
}

export interface WorkerProcess {
  readonly proc: ChildProcess;
  /** What the worker logged (stderr). */
  log(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Start `hdfe worker` on `url`; resolves once it logged that it waits for jobs. */
export async function startWorker(url: string, concurrency = 1, extra: string[] = []): Promise<WorkerProcess> {
  const proc = spawn(process.execPath, [cli, 'worker', '--queue', url, '--concurrency', String(concurrency), '--lease', String(TEST_LEASE_MS), ...extra],
    { stdio: ['ignore', 'ignore', 'pipe'], env: process.env });
  let text = '';
  proc.stderr!.on('data', (d) => { text += d; });
  await waitFor(() => /concurrency/.test(text) || proc.exitCode !== null, 20_000, 'the worker to start');
  if (proc.exitCode !== null) throw new Error(`worker exited: ${text}`);
  return {
    proc, log: () => text,
    async stop(signal: NodeJS.Signals = 'SIGTERM') { if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal); await exited(proc); },
  };
}

/** Run the CLI to completion. */
export function runCli(args: string[], timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const p = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env, timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('exit', (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 }));
  });
}

export { waitFor };
