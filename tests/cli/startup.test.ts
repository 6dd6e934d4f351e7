/**
 * Cold start: `hdfe --help` and every `hdfe <command> --help` load none of the heavy libraries (plotting, the
 * worker pool, the t distribution, table and file-format readers); a fit loads the distribution (bundled into one
 * file by the build) but neither the plotting library nor the pool. What loads is recorded by a preload: an ESM load hook for imports and
 * the CommonJS cache for requires. No timings are asserted: module lists are what a test can check exactly.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');
const panel = join(root, 'tests/golden/panel/panel.csv');

/** Packages that cost a tenth of a second or more to load (with their own dependencies), and that --help never needs. */
const HEAVY = /^(vega(-.+)?|arquero|piscina|@stdlib\/.+|@uwdata\/flechette|hyparquet)$/;

const HOOKS = `import { appendFileSync } from 'node:fs';
let log;
export function initialize(file) { log = file; }
export async function load(url, context, next) { appendFileSync(log, url + '\\n'); return next(url, context); }
`;
const PRELOAD = `import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
const log = process.env.HDFE_LOAD_LOG;
register('./hooks.mjs', import.meta.url, { data: log });
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => appendFileSync(log, Object.keys(cache).join('\\n') + '\\n'));
`;

let dir = '';
let run = 0;

/** Run the CLI; returns its result and the packages (node_modules names) and dist files it loaded. */
function hdfe(args: string[]) {
  const log = join(dir, `load-${run++}.log`);
  writeFileSync(log, '');
  const out = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'preload.mjs')).href, cli, ...args],
    { encoding: 'utf8', cwd: root, env: { ...process.env, HDFE_LOAD_LOG: log } });
  const loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const packages = new Set(loaded.flatMap((f) => [...f.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((m) => m[1])));
  return { ...out, packages, loaded };
}

function heavyIn(packages: Set<string>): string[] {
  return [...packages].filter((p) => HEAVY.test(p));
}

describe('CLI cold start', { timeout: 60_000 }, () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hdfe-startup-'));
    writeFileSync(join(dir, 'hooks.mjs'), HOOKS);
    writeFileSync(join(dir, 'preload.mjs'), PRELOAD);
  });

  it('hdfe --help and every command --help load no heavy library', () => {
    const top = hdfe(['--help']);
    expect(top.status, top.stderr).toBe(0);
    expect(heavyIn(top.packages), 'hdfe --help').toEqual([]);
    const commands = [...top.stdout.matchAll(/^ {2}(\S+) /gm)].map((m) => m[1]);
    expect(commands).toContain('fit');
    for (const command of commands) {
      const out = hdfe([command, '--help']);
      expect(out.status, `${command}: ${out.stderr}`).toBe(0);
      expect(out.stdout, command).toMatch(/^hdfe /);
      expect(heavyIn(out.packages), `hdfe ${command} --help`).toEqual([]);
      expect(out.loaded.filter((f) => f.endsWith('build/distributions.cjs')), `hdfe ${command} --help`).toEqual([]);
    }
  });

  it('a fit loads the t distribution as one bundled file (the recording works), not the plotting library or the pool', () => {
    const out = hdfe(['fit', panel, 'y ~ x | id']);
    expect(out.status, out.stderr).toBe(0);
    expect(out.loaded.some((f) => f.endsWith('build/distributions.cjs'))).toBe(true);
    expect([...out.packages].filter((p) => p.startsWith('@stdlib/')), 'the 400 files of @stdlib one by one').toEqual([]);
    expect(out.loaded.some((f) => f.endsWith('dist/src/estimate/feols.js'))).toBe(true);
    expect(heavyIn(out.packages).filter((p) => /^(vega(-.+)?|piscina)$/.test(p))).toEqual([]);
  });
});
