// The random-model comparison: every case of battery.json through hdfe's library (the built package in dist/),
// every `--cli-every`-th one also through `hdfe fit ... --json`, each compared with fixest's numbers.
// Usage (after npm run build): node tests/golden/battery/run.mjs [--cli-every 7] [--only ID,...] [--verbose]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliFlags, compareCase, fromLibrary, knownDifference, toCsv } from './compare.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..', '..');
const hdfe = await import(join(root, 'dist', 'src', 'index.js'));
const args = process.argv.slice(2);
const flag = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const cliEvery = Number(flag('--cli-every') ?? 7);
const only = flag('--only')?.split(',').map(Number);
const verbose = args.includes('--verbose');

const battery = JSON.parse(readFileSync(join(here, 'battery.json'), 'utf8'));
const cases = only ? battery.cases.filter((c) => only.includes(c.id)) : battery.cases;
const tmp = mkdtempSync(join(tmpdir(), 'hdfe-battery-'));
const tally = { library: {}, cli: {} };
const failures = [];
const count = (where, verdict) => { tally[where][verdict] = (tally[where][verdict] ?? 0) + 1; };

for (const c of cases) {
  const data = battery.datasets[c.dataset];
  const libGot = fromLibrary(hdfe, data, c);
  const lib = knownDifference(c, libGot) ? { verdict: 'by-design', problems: [] } : compareCase(c, libGot);
  count('library', lib.verdict);
  if (lib.verdict === 'fail') failures.push({ id: c.id, via: 'library', formula: c.formula, options: c.options, problems: lib.problems });
  if (cliEvery > 0 && (c.id % cliEvery === 0 || only)) {
    const file = join(tmp, `d${c.dataset}.csv`);
    writeFileSync(file, toCsv(data));
    const run = spawnSync(process.execPath, [join(root, 'dist', 'src', 'cli', 'main.js'), 'fit', file, c.formula, '--json', ...cliFlags(c)], { encoding: 'utf8' });
    const stderr = run.stderr.trim();
    let got;
    if (run.status === 0) {
      got = { status: 'ok', json: JSON.parse(run.stdout), warnings: stderr ? stderr.split('\n').filter((l) => l.startsWith('hdfe: warning')) : [] };
    } else {
      got = { status: 'error', message: stderr, hdfeError: run.status === 2 && !stderr.includes('\n') && !/\n\s+at /.test(stderr) };
    }
    const cli = knownDifference(c, got) ? { verdict: 'by-design', problems: [] } : compareCase(c, got);
    count('cli', cli.verdict);
    if (cli.verdict === 'fail') failures.push({ id: c.id, via: 'cli', formula: c.formula, options: c.options, problems: cli.problems });
  }
}
rmSync(tmp, { recursive: true, force: true });
for (const f of failures) {
  console.log(`#${f.id} [${f.via}] ${f.formula} ${JSON.stringify(f.options)}`);
  for (const p of verbose ? f.problems : f.problems.slice(0, 3)) console.log(`    ${p}`);
}
console.log(`cases ${cases.length}; library ${JSON.stringify(tally.library)}; cli ${JSON.stringify(tally.cli)}`);
await hdfe.closePool?.();
process.exitCode = failures.length ? 1 : 0;
