/**
 * The page's targets, measured in Debian's headless Chromium (/usr/bin/chromium) against `hdfe serve` on
 * loopback (release build): how soon the page is interactive, feols on the study panel once loaded, and a
 * fit of the 1e6-row bench CSV (y ~ x1..x5 | fe1 + fe2, bench/generate.ts) through the automation contract.
 * Usage: npm run build && node dist/bench/web.js [RUNS]. Prints ranges over RUNS (default 5) fresh pages.
 */
import '../src/platform/node/index.js';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { loadBytes } from '../src/data/load-bytes.js';
import { modelColumns } from '../src/data/select.js';
import { feols } from '../src/estimate/feols.js';
import { generate } from './generate.js';

/** The bench design's 1e6 rows as CSV (as write-csv.ts writes them: String(x) per number). */
function writeCsv(n: number, path: string): void {
  const { columns } = generate(n);
  const names = ['y', 'x1', 'x2', 'x3', 'x4', 'x5', 'fe1', 'fe2'] as const;
  const fd = openSync(path, 'w');
  writeSync(fd, names.join(',') + '\n');
  for (let start = 0; start < n; start += 50_000) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(n, start + 50_000); i++) lines.push(names.map((c) => columns[c][i]).join(','));
    writeSync(fd, lines.join('\n') + '\n');
  }
  closeSync(fd);
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const runs = Number(process.argv[2] ?? 5);

function range(xs: number[], digits = 0): string {
  const s = [...xs].sort((a, b) => a - b);
  const med = s[Math.floor(s.length / 2)];
  return `median ${med.toFixed(digits)} ms (range ${s[0].toFixed(digits)}-${s[s.length - 1].toFixed(digits)}, ${s.length} runs)`;
}

async function serve(dir: string): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [join(root, 'dist/src/cli/main.js'), 'serve', '--port', '0', '--root', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) resolve({ url: m[0], stop: () => child.kill('SIGTERM') });
    });
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hdfe-web-bench-'));
  const csv = join(dir, 'bench_1e6.csv');
  writeCsv(1e6, csv);
  const server = await serve(dir);
  const profile = mkdtempSync(join(tmpdir(), 'hdfe-web-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: ARGS, headless: true });
  try {
    const version = context.browser()?.version() ?? (await (await context.newPage()).evaluate(() => navigator.userAgent));
    console.log(`Chromium ${version}; ${await (await context.newPage()).evaluate(() => navigator.hardwareConcurrency)} cores seen by the page`);

    // 1. Interactive: DOMContentLoaded and the 'hdfe-ready' mark (controls wired, WebAssembly core instantiated),
    // from navigation start, on a fresh page each run (the HTTP cache revalidates: Cache-Control no-cache).
    const dcl: number[] = [];
    const ready: number[] = [];
    for (let r = 0; r < runs; r++) {
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForFunction(() => performance.getEntriesByName('hdfe-ready').length > 0);
      const t = await page.evaluate(() => ({
        dcl: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
        ready: performance.getEntriesByName('hdfe-ready')[0].startTime,
      }));
      dcl.push(t.dcl);
      ready.push(t.ready);
      await page.close();
    }
    console.log(`interactive: DOMContentLoaded ${range(dcl)}; controls wired and core ready ${range(ready)}`);

    // 2. feols on the study panel once loaded (360 rows, 5 regressors, year FE, province clusters), after the
    // page's warm-up fit (src/web/warm.ts).
    const page: Page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => performance.getEntriesByName('hdfe-warm').length > 0);
    const warm = await page.evaluate(() => performance.getEntriesByName('hdfe-warm')[0].startTime - performance.getEntriesByName('hdfe-ready')[0].startTime);
    console.log(`warm-up fit after ready: ${warm.toFixed(0)} ms`);
    const study = await page.evaluate(async () => {
      const h = (window as unknown as { hdfe: Record<string, (...a: unknown[]) => unknown> }).hdfe;
      const get = async (p: string) => new Uint8Array(await (await fetch(p)).arrayBuffer());
      const panel = await h.loadBytes(await get('study/province_panel.csv'), 'province_panel.csv');
      const distance = await h.loadBytes(await get('study/province_distance.csv'), 'province_distance.csv');
      const truth = JSON.parse(new TextDecoder().decode(await get('study/province_panel.truth.json')));
      const { data } = h.studyData({ panel, distance, truth }, [2009, 2020]) as { data: unknown };
      const times: number[] = [];
      for (let i = 0; i < 30; i++) {
        const t0 = performance.now();
        h.feols(data, 'SL ~ Vag + GDP + TAX + CPI + FDI | year', { cluster: 'province' });
        times.push(performance.now() - t0);
      }
      return times;
    });
    console.log(`feols on the study panel: first call ${study[0].toFixed(2)} ms; then ${range(study.slice(1), 2)}`);

    // 3. The 1e6-row CSV through the automation contract: fetch over loopback, read, fit, JSON written.
    const formula = 'y ~ x1 + x2 + x3 + x4 + x5 | fe1 + fe2';
    const contract: number[] = [];
    const inPage: { read: number; fit: number }[] = [];
    for (let r = 0; r < Math.min(runs, 3); r++) {
      const p = await context.newPage();
      const query = new URLSearchParams({ data: '/files/bench_1e6.csv', formula });
      await p.goto(`${server.url}?${query}`);
      await p.waitForSelector('#hdfe-result', { state: 'attached', timeout: 120_000 });
      const t = await p.evaluate(() => ({ done: performance.now(), ready: performance.getEntriesByName('hdfe-ready')[0]?.startTime ?? 0 }));
      const result = JSON.parse((await p.textContent('#hdfe-result')) ?? '{}');
      if (!result.fit) throw new Error(`the contract failed: ${JSON.stringify(result)}`);
      contract.push(t.done);
      // The same file already in memory (a chosen File): read and fit timed apart.
      inPage.push(await p.evaluate(async (f) => {
        const h = (window as unknown as { hdfe: Record<string, (...a: unknown[]) => unknown> }).hdfe;
        const bytes = new Uint8Array(await (await fetch('/files/bench_1e6.csv')).arrayBuffer());
        const t0 = performance.now();
        const data = await (h.loadBytes(bytes, 'bench_1e6.csv', undefined, { select: h.modelColumns(f) }) as Promise<{ columns: unknown }>);
        const t1 = performance.now();
        h.feols(data.columns, f);
        return { read: t1 - t0, fit: performance.now() - t1 };
      }, formula));
      await p.close();
    }
    console.log(`1e6-row CSV (${(statSync(csv).size / 1e6).toFixed(0)} MB), contract page load to result: ${range(contract)}; ` +
      `from bytes in memory: read ${range(inPage.map((x) => x.read))}, fit ${range(inPage.map((x) => x.fit))}, ` +
      `read + fit ${range(inPage.map((x) => x.read + x.fit))}`);

    // 4. The person's path: the file chosen (read into memory by the page), then Fit until the table shows.
    const ui: number[] = [];
    for (let r = 0; r < Math.min(runs, 3); r++) {
      const p = await context.newPage();
      await p.goto(server.url);
      await p.waitForFunction(() => performance.getEntriesByName('hdfe-warm').length > 0);
      await p.setInputFiles('#file', csv);
      await p.waitForSelector('#columns button');
      await p.fill('#formula', formula);
      const t0 = Date.now();
      await p.click('#fit');
      await p.waitForSelector('#coef-table', { timeout: 120_000 });
      ui.push(Date.now() - t0);
      await p.close();
    }
    console.log(`1e6-row CSV chosen in the page, Fit to the table shown: ${range(ui)}`);

    // The same read and fit in Node, in this process, at the same time on the same machine (release build).
    const bytes = new Uint8Array(readFileSync(csv));
    const node: number[] = [];
    for (let r = 0; r < Math.min(runs, 3); r++) {
      const t0 = performance.now();
      const data = await loadBytes(bytes, 'bench_1e6.csv', undefined, { select: modelColumns(formula) });
      feols(data.columns, formula);
      node.push(performance.now() - t0);
    }
    console.log(`the same read + fit in Node from bytes in memory: ${range(node)}`);
  } finally {
    await context.close();
    server.stop();
    rmSync(profile, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
