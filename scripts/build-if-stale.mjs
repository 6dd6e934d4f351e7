// `npm start` builds only what is out of date: `npm install` has just built everything (the WebAssembly,
// the vendored bundle and the TypeScript), and rebuilding it costs half a minute. Each output is compared
// with the newest of its sources; a missing output, or a source newer than it, runs that build step.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Newest modification time under the given files and folders (recursively), 0 when none exist. */
function newest(paths) {
  let t = 0;
  for (const p of paths.map((q) => join(root, q))) {
    if (!existsSync(p)) continue;
    const st = statSync(p);
    if (st.isDirectory()) t = Math.max(t, newest(readdirSync(p).map((e) => join(p, e).slice(root.length))));
    else t = Math.max(t, st.mtimeMs);
  }
  return t;
}

/** Oldest modification time of the outputs; 0 when one is missing. */
function oldest(paths) {
  let t = Infinity;
  for (const p of paths.map((q) => join(root, q))) {
    if (!existsSync(p)) return 0;
    t = Math.min(t, statSync(p).mtimeMs);
  }
  return t;
}

const steps = [
  { script: 'asbuild', sources: ['assembly', 'asconfig.json'], outputs: ['build/debug.wasm', 'build/release.wasm'] },
  { script: 'build:vendor', sources: ['src/estimate/distributions.entry.cjs'], outputs: ['build/distributions.cjs'] },
  { script: 'build:ts', sources: ['src', 'bench', 'tsconfig.json'], outputs: ['dist/src/index.js', 'dist/src/cli/main.js'] },
];
for (const step of steps) {
  if (newest(step.sources) <= oldest(step.outputs)) continue;
  process.stderr.write(`building (${step.script}): sources are newer than ${step.outputs.join(', ')}\n`);
  execSync(step.script === 'build:ts' ? 'npx tsc -p tsconfig.json' : `npm run ${step.script}`, { cwd: root, stdio: 'inherit' });
}
