/**
 * The page in a real headless Chromium, served by `hdfe serve`: a CSV chosen in the page and fitted gives
 * the numbers `feols` gives in Node (as printed, and the JSON download to 1e-12), and fixest's on Grunfeld;
 * a wild bootstrap in the page equals Node's for the same seed, bit for bit; a malformed CSV shows the CLI's
 * one line beside the file field and the page keeps working; the automation contract's query string writes
 * what `hdfe fit --json` and `hdfe boot --json` print; the study button reproduces Tables 1-7. A screenshot
 * of the result goes to output/web-page.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitJson, bootJson, missingUsed } from '../../src/cli/json.js';
import { loadData } from '../../src/data/load.js';
import { modelColumns } from '../../src/data/select.js';
import { feols } from '../../src/estimate/feols.js';
import { wildBootstrap } from '../../src/infer/wild.js';
import { readStudyInputs, studyTables } from '../../src/study/replicate.js';
import { printed } from '../../src/web/format.js';
import { closePool } from '../../src/parallel/pool.js';
import { CLI, launch, pageResult, ROOT, serve, SKIP_BROWSER, type Browser, type Server } from './browser.js';

/** Same code, same module: the page's JSON equals Node's to this (it is in fact bit-identical). */
const ATOL_JSON = 1e-12;
/** Against R fixest 0.12.2. */
const RTOL_R = 1e-8;
const ATOL_R = 1e-10;

const GRUNFELD = join(ROOT, 'tests/golden/fixest/grunfeld.csv');
const FIXEST = JSON.parse(readFileSync(join(ROOT, 'tests/golden/fixest/grunfeld_twfe.json'), 'utf8')).fixest.se_variants.cluster_firm;
const FORMULA = 'inv ~ value + capital | firm + year';
const BAD_CSV = 'firm,year,inv,value,capital\n1,1935,317.6,3078.5,2.8\n1,1936,391.8,4661.7\n';

/** Every number of `a` within tol of `b`'s, same shape otherwise. */
function close(a: unknown, b: unknown, tol: number, path = '$'): void {
  if (typeof a === 'number' && typeof b === 'number') {
    expect(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${path}: ${a} vs ${b}`).toBe(true);
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    expect(Object.keys(a).sort(), path).toEqual(Object.keys(b).sort());
    for (const key of Object.keys(a)) close((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], tol, `${path}.${key}`);
  } else {
    expect(a, path).toEqual(b);
  }
}

function hdfe(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
}

describe.skipIf(SKIP_BROWSER)('the page in headless Chromium', { timeout: 180_000 }, () => {
  let dir = '';
  let server: Server;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hdfe-web-'));
    copyFileSync(GRUNFELD, join(dir, 'grunfeld.csv'));
    writeFileSync(join(dir, 'bad.csv'), BAD_CSV);
    server = await serve(dir);
    browser = await launch();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await closePool();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('fits a chosen CSV as feols does in Node: printed digits, N, the JSON download; and as fixest does', async () => {
    const { page, errors } = await browser.page();
    await page.goto(server.url);
    expect(await page.evaluate(() => typeof (window as unknown as { hdfe: { feols: unknown } }).hdfe.feols)).toBe('function');
    await page.setInputFiles('#file', join(dir, 'grunfeld.csv'));
    await page.waitForSelector('#columns button');
    expect(await page.locator('#columns button').count()).toBe(5);
    await page.fill('#formula', FORMULA);
    await page.check('input[name=vcov][value=cluster]');
    await page.fill('#cluster', 'firm');
    await page.click('#fit');
    await page.waitForSelector('#coef-table');

    const options = { vcov: 'cluster' as const, cluster: ['firm'] };
    const data = await loadData(GRUNFELD, undefined, { select: modelColumns(FORMULA, options) });
    const node = feols(data.columns, FORMULA, options);
    expect(await page.textContent('#nobs')).toBe(String(node.nobs));
    for (const c of node.coefficients) {
      const row = page.locator(`#coef-table tr[data-term="${c.term}"]`);
      expect(await row.locator('.estimate').textContent(), c.term).toBe(printed(c.estimate));
      expect(await row.locator('.std-error').textContent(), c.term).toBe(printed(c.stdError));
      expect(await row.locator('.statistic').textContent(), c.term).toBe(printed(c.statistic));
      expect(await row.locator('.p-value').textContent(), c.term).toBe(printed(c.pValue));
    }
    // The JSON download, read back through its link.
    const href = await page.getAttribute('#download-json', 'href');
    const downloaded = JSON.parse(await page.evaluate(async (url) => (await fetch(url as string)).text(), href));
    close(downloaded, JSON.parse(JSON.stringify(fitJson(node, missingUsed(data, FORMULA, options)))), ATOL_JSON);
    // And the page against R fixest 0.12.2.
    downloaded.coefficients.forEach((c: { term: string; estimate: number; std_error: number }, j: number) => {
      expect(c.term).toBe(FIXEST.coef_names[j]);
      expect(Math.abs(c.estimate - FIXEST.estimate[j])).toBeLessThanOrEqual(ATOL_R + RTOL_R * Math.abs(FIXEST.estimate[j]));
      expect(Math.abs(c.std_error - FIXEST.se[j])).toBeLessThanOrEqual(ATOL_R + RTOL_R * Math.abs(FIXEST.se[j]));
    });
    // The copy buttons and the table.
    expect(await page.locator('#table table').count()).toBe(1);
    expect(errors).toEqual([]);
    mkdirSync(join(ROOT, 'output'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'output', 'web-page.png'), fullPage: true });
    // On a phone's width the page reflows to one column: nothing is wider than the screen but the tables'
    // own scrolling boxes.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ROOT, 'output', 'web-page-phone.png'), fullPage: true });
    await page.close();
  });

  it('runs the wild cluster bootstrap on web workers with the p-value Node gets for the same seed, bit for bit', async () => {
    const { page, errors } = await browser.page();
    await page.goto(server.url);
    await page.setInputFiles('#file', join(dir, 'grunfeld.csv'));
    await page.waitForSelector('#columns button');
    await page.fill('#formula', FORMULA);
    await page.check('input[name=vcov][value=cluster]');
    await page.fill('#cluster', 'firm');
    await page.click('#fit');
    await page.waitForSelector('#coef-table');
    await page.selectOption('#boot-term', 'capital');
    await page.fill('#boot-reps', '999');
    await page.fill('#boot-seed', '42');
    const workersBefore = page.workers().length;
    await page.click('#boot-run');
    await page.waitForFunction(() => (document.getElementById('boot-result') as HTMLElement).dataset.pValue !== undefined, null, { timeout: 60_000 });
    const result = JSON.parse((await page.textContent('#hdfe-result')) ?? 'null');
    const data = await loadData(GRUNFELD, undefined, { select: modelColumns(FORMULA, { cluster: 'firm' }) });
    const node = wildBootstrap(data.columns, FORMULA, { param: 'capital', cluster: 'firm', reps: 999, seed: 42, ssc: {} });
    expect(result.boot.p_value).toBe(node.pValue);
    expect(result.boot).toEqual(JSON.parse(JSON.stringify(bootJson(node))));
    expect(Number(await page.getAttribute('#boot-result', 'data-p-value'))).toBe(node.pValue);
    expect(await page.evaluate(() => (document.getElementById('boot-progress') as HTMLProgressElement).value)).toBe(1);
    expect(errors).toEqual([]);

    // On two module workers, asked for (a sweep this short would otherwise stay in the page's thread), and in
    // chunks of 7 draws: the same p-value again, and the workers exist.
    const onWorkers = await page.evaluate(async (formula) => {
      const h = (window as unknown as { hdfe: Record<string, (...a: unknown[]) => Promise<unknown>> }).hdfe;
      const data = await h.loadData('/files/grunfeld.csv', { select: { inv: 'number', value: 'number', capital: 'number', firm: 'factor', year: 'factor' } }) as { columns: unknown };
      const r = await h.wildBootstrapParallel(data.columns, formula, { param: 'capital', cluster: 'firm', reps: 999, seed: 42, ssc: {}, workers: 2, chunkSize: 7 }) as { pValue: number };
      return r.pValue;
    }, FORMULA);
    expect(onWorkers).toBe(node.pValue);
    expect(page.workers().length).toBeGreaterThan(workersBefore);

    // Cancellation: a long sweep stops at the first progress report with an AbortError and no result.
    const cancelled = await page.evaluate(async (formula) => {
      const h = (window as unknown as { hdfe: Record<string, (...a: unknown[]) => Promise<unknown>> }).hdfe;
      const data = await h.loadData('/files/grunfeld.csv', { select: { inv: 'number', value: 'number', capital: 'number', firm: 'factor', year: 'factor' } }) as { columns: unknown };
      const stop = new AbortController();
      try {
        await h.wildBootstrapParallel(data.columns, formula, {
          param: 'capital', cluster: 'firm', reps: 2_000_000, weights: 'webb', workers: 2, chunkSize: 1000,
          signal: stop.signal, onProgress: () => stop.abort(new Error('enough')),
        });
        return 'finished';
      } catch (err) {
        return `${(err as Error).name}: ${(err as Error).message}`;
      }
    }, FORMULA);
    expect(cancelled).toBe('AbortError: the wild cluster bootstrap was cancelled (enough); no result was produced');
    await page.close();
  });

  it('shows a malformed CSV\'s error beside the file field, as the CLI words it, and keeps working', async () => {
    const { page, errors } = await browser.page();
    await page.goto(server.url);
    await page.setInputFiles('#file', join(dir, 'bad.csv'));
    await page.waitForSelector('#file-error:not([hidden])');
    const cli = hdfe(['fit', 'bad.csv', FORMULA], dir);
    expect(cli.status).toBe(2);
    const line = cli.stderr.trim();
    expect(line).toMatch(/^hdfe: 'bad\.csv': line 3 has 4 fields but the header has 5 columns/);
    expect(await page.textContent('#file-error')).toBe(line);
    // A fit on it says the same beside the field; the page then takes a good file and fits it.
    await page.fill('#formula', FORMULA);
    await page.click('#fit');
    await page.waitForSelector('#hdfe-result', { state: 'attached' });
    expect(JSON.parse((await page.textContent('#hdfe-result')) ?? '{}')).toEqual({ error: line });
    await page.setInputFiles('#file', join(dir, 'grunfeld.csv'));
    await page.waitForSelector('#file-error', { state: 'hidden' });
    await page.click('#fit');
    await page.waitForSelector('#coef-table');
    expect(await page.textContent('#nobs')).toBe('200');
    // A formula error goes beside the formula.
    await page.fill('#formula', 'inv ~ value +');
    await page.click('#fit');
    await page.waitForSelector('#formula-error:not([hidden])');
    const formulaLine = hdfe(['fit', 'grunfeld.csv', 'inv ~ value +'], dir).stderr.trim();
    expect(await page.textContent('#formula-error')).toBe(formulaLine);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('follows the automation contract: the query string writes hdfe fit --json and hdfe boot --json, or the CLI\'s error', async () => {
    const { page, errors } = await browser.page();
    const query = new URLSearchParams({ data: '/files/grunfeld.csv', formula: FORMULA, cluster: 'firm', boot: 'value', reps: '499', seed: '7' });
    await page.goto(`${server.url}?${query}`);
    const result = await pageResult(page);
    const fit = hdfe(['fit', 'grunfeld.csv', FORMULA, '--cluster', 'firm', '--json'], dir);
    const boot = hdfe(['boot', 'grunfeld.csv', FORMULA, '--cluster', 'firm', '--param', 'value', '--reps', '499', '--seed', '7', '--json'], dir);
    expect(fit.status, fit.stderr).toBe(0);
    expect(boot.status, boot.stderr).toBe(0);
    expect(result).toEqual({ fit: JSON.parse(fit.stdout), boot: JSON.parse(boot.stdout) });

    const hetero = new URLSearchParams({ data: '/files/grunfeld.csv', formula: FORMULA, vcov: 'hetero' });
    await page.goto(`${server.url}?${hetero}`);
    const h = await pageResult(page);
    expect(h).toEqual({ fit: JSON.parse(hdfe(['fit', 'grunfeld.csv', FORMULA, '--vcov', 'hetero', '--json'], dir).stdout), boot: null });

    const bad = new URLSearchParams({ data: '/files/grunfeld.csv', formula: 'inv ~ valu | firm' });
    await page.goto(`${server.url}?${bad}`);
    const cli = hdfe(['fit', 'grunfeld.csv', 'inv ~ valu | firm'], dir);
    expect(await pageResult(page)).toEqual({ error: cli.stderr.trim() });
    expect(await page.textContent('#formula-error')).toBe(cli.stderr.trim());

    await page.goto(`${server.url}?data=/files/missing.csv&formula=y~x`);
    const missing = (await pageResult(page)).error as string;
    expect(missing).toMatch(/^hdfe: cannot read data from 'missing\.csv': the server answered 404/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('replicates the study in the page: Tables 1-7 and the inference as npm start writes them', async () => {
    const { page, errors } = await browser.page();
    await page.goto(server.url);
    await page.click('#replicate');
    await page.waitForSelector('#study:not([hidden])', { timeout: 150_000 });
    const pageFiles: Record<string, string> = await page.evaluate(async () => {
      const out: Record<string, string> = {};
      for (const a of Array.from(document.querySelectorAll('#study-files a')) as HTMLAnchorElement[]) {
        out[a.download] = await (await fetch(a.href)).text();
      }
      return out;
    });
    const node = await studyTables(await readStudyInputs(join(ROOT, 'data')), { workers: 1 });
    const nodeFiles = Object.fromEntries(node.outputs);
    expect(Object.keys(pageFiles).sort()).toEqual(Object.keys(nodeFiles).sort());
    // Every table, the moderation and inference documents and the curve's rows; the SVG's text is laid out
    // with each platform's font metrics, so it is compared by its presence only.
    for (const name of Object.keys(nodeFiles)) {
      if (name.endsWith('.svg')) expect(pageFiles[name]).toMatch(/^<svg/);
      else expect(pageFiles[name], name).toBe(nodeFiles[name]);
    }
    expect(await page.locator('#study-tables table').count()).toBe(7);
    expect(errors).toEqual([]);
    await page.close();
  });
});
