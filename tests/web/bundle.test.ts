/**
 * The browser build (dist/web/, made by `npm run build`): the page, the library and the worker hold no Node
 * built-in (esbuild's browser platform cannot resolve one, so a Node import on the page's path fails the
 * build), the plotting library is not loaded at start, and the page's JavaScript at start stays under
 * 300 KB gzipped (the sizes the build records in dist/web/sizes.json).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('../../dist/web/', import.meta.url));
const BUDGET_GZIP_BYTES = 300 * 1000;

interface Sizes {
  atStart: { bytes: number; gzip: number };
  files: { atStart: { file: string; gzip: number }[]; onDemand: { file: string }[] };
}

describe('the browser build', () => {
  const sizes = JSON.parse(readFileSync(join(web, 'sizes.json'), 'utf8')) as Sizes;

  it('has the page, the library, the worker, the WebAssembly module and the study data', () => {
    const files = readdirSync(web);
    for (const f of ['index.html', 'style.css', 'main.js', 'hdfe.js', 'worker.js', 'release.wasm']) expect(files).toContain(f);
    expect(readdirSync(join(web, 'study')).sort()).toEqual(['province_distance.csv', 'province_panel.csv', 'province_panel.truth.json']);
  });

  it('imports no Node built-in', () => {
    for (const f of readdirSync(web).filter((name) => name.endsWith('.js'))) {
      const text = readFileSync(join(web, f), 'utf8');
      expect(text, f).not.toMatch(/["']node:[a-z_]+["']/);
      expect(text, f).not.toMatch(/\brequire\(["'](fs|path|os|module|worker_threads|child_process)["']\)/);
    }
  });

  it('loads under 300 KB gzipped at start, the plotting library only on demand', () => {
    const measured = sizes.files.atStart.reduce((a, f) => a + gzipSync(readFileSync(join(web, f.file)), { level: 9 }).length, 0);
    expect(measured).toBe(sizes.atStart.gzip);
    expect(sizes.atStart.gzip).toBeLessThan(BUDGET_GZIP_BYTES);
    // Vega and Vega-Lite are in chunks fetched when a figure is asked for (esbuild's record of the build).
    const meta = JSON.parse(readFileSync(join(web, '..', 'web.meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
    const sources = (file: string) => Object.keys(meta.outputs[`dist/web/${file}`].inputs);
    const plotting = (path: string) => /node_modules\/vega(-[a-z]+)?\//.test(path);
    for (const f of sizes.files.atStart) expect(sources(f.file).filter(plotting), f.file).toEqual([]);
    expect(sizes.files.onDemand.some((f) => sources(f.file).some(plotting))).toBe(true);
  });
});
