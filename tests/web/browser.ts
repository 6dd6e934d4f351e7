/**
 * The browser tests' machinery: `hdfe serve` in a child process on a free port, and Debian's Chromium
 * (/usr/bin/chromium, installed by .ci/run) driven by playwright-core with a fresh profile. No browser is
 * downloaded. Without Chromium the browser tests fail, unless HDFE_SKIP_BROWSER=1 says to skip them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(ROOT, 'dist/src/cli/main.js');
export const CHROMIUM = process.env.HDFE_CHROMIUM ?? '/usr/bin/chromium';
/** Skip only when asked: a missing browser is otherwise a failure, so CI cannot pass without these tests. */
export const SKIP_BROWSER = process.env.HDFE_SKIP_BROWSER === '1';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** A running `hdfe serve`. */
export interface Server {
  readonly url: string;
  stop(): Promise<void>;
}

/** Start `hdfe serve --port 0 --root DIR` and wait for the address it prints. */
export function serve(root: string): Promise<Server> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--root', root], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`hdfe serve did not start: ${out}${err}`)), 30_000);
    child.stderr?.on('data', (d) => { err += d; });
    child.on('exit', (code) => reject(new Error(`hdfe serve exited with ${code}: ${err}`)));
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: m[0],
        stop: () => new Promise<void>((done) => {
          if (child.exitCode !== null) return done();
          child.removeAllListeners('exit');
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
      });
    });
  });
}

/** Chromium with a fresh profile (removed by close()). */
export interface Browser {
  readonly context: BrowserContext;
  /** A new page that records uncaught errors into `errors`. */
  page(): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not at ${CHROMIUM}; install it (apt-get install -y chromium, as .ci/run does) or set HDFE_SKIP_BROWSER=1`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'hdfe-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  return {
    context,
    async page() {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      return { page, errors };
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The parsed #hdfe-result once the page has written it. */
export async function pageResult(page: Page, timeout = 60_000): Promise<Record<string, unknown>> {
  await page.waitForSelector('#hdfe-result', { state: 'attached', timeout });
  return JSON.parse((await page.textContent('#hdfe-result')) ?? 'null');
}
