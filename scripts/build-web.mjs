// The page and the browser build of the library: esbuild bundles src/web/main.ts (the page), src/browser.ts
// (the library as an ES module) and the sweep worker into dist/web/, splitting what they share and what is
// loaded on demand (the Arrow and Parquet readers, the plotting library) into chunks beside them; the
// release WebAssembly module, the page's HTML and CSS and the study's bundled data are copied next to them.
// Node built-ins cannot resolve for the browser platform, so a Node import on the page's path fails the build.
// Prints the JavaScript sizes (raw and gzipped) the page loads at start, and those loaded on demand.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'web');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'study'), { recursive: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/web/main.ts', hdfe: 'src/browser.ts', worker: 'src/platform/browser/worker.ts' },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  chunkNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
});

for (const file of ['src/web/style.css', 'build/release.wasm']) copyFileSync(join(root, file), join(out, basename(file)));
for (const file of ['province_panel.csv', 'province_distance.csv', 'province_panel.truth.json']) copyFileSync(join(root, 'data', file), join(out, 'study', file));

// What the page loads at start: its entry, the worker, and their static imports; the rest comes on demand.
const outputs = result.metafile.outputs;
const rel = (path) => path.replace(/^dist\/web\//, '');
const start = new Set();
const visit = (path) => {
  if (start.has(path)) return;
  start.add(path);
  for (const imp of outputs[path].imports) if (imp.kind === 'import-statement') visit(imp.path);
};
visit('dist/web/main.js');
visit('dist/web/worker.js');
// The page names its start chunks and the WebAssembly module up front, so the browser fetches them in
// parallel with main.js instead of after parsing it.
const preload = [...start].filter((p) => p !== 'dist/web/main.js' && p !== 'dist/web/worker.js')
  .map((p) => `<link rel="modulepreload" href="${rel(p)}">`)
  .concat('<link rel="preload" href="release.wasm" as="fetch" type="application/wasm" crossorigin>');
const html = readFileSync(join(root, 'src/web/index.html'), 'utf8')
  .replace('<script type="module" src="main.js"></script>', ['<script type="module" src="main.js"></script>', ...preload].join('\n'));
writeFileSync(join(out, 'index.html'), html);
const size = (path) => {
  const bytes = readFileSync(join(root, path));
  return { file: rel(path), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const js = Object.keys(outputs).filter((p) => p.endsWith('.js'));
const atStart = js.filter((p) => start.has(p)).map(size);
const onDemand = js.filter((p) => !start.has(p) && !p.endsWith('/hdfe.js')).map(size);
const total = (list) => list.reduce((a, s) => ({ bytes: a.bytes + s.bytes, gzip: a.gzip + s.gzip }), { bytes: 0, gzip: 0 });
const wasm = size('dist/web/release.wasm');
const sizes = { atStart: total(atStart), onDemand: total(onDemand), wasm: { bytes: wasm.bytes, gzip: wasm.gzip }, files: { atStart, onDemand } };
writeFileSync(join(out, 'sizes.json'), JSON.stringify(sizes, null, 2) + '\n');
// Which sources went into which output, for the tests (beside dist/web/, not served).
writeFileSync(join(root, 'dist', 'web.meta.json'), JSON.stringify(result.metafile));
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`dist/web: page JavaScript at start ${kb(sizes.atStart.bytes)} (${kb(sizes.atStart.gzip)} gzipped), on demand ` +
  `${kb(sizes.onDemand.bytes)} (${kb(sizes.onDemand.gzip)} gzipped), WebAssembly ${kb(wasm.bytes)} (${kb(wasm.gzip)} gzipped)`);
