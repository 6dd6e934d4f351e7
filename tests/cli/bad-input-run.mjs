// Runs the bad-input battery (bad-input-cases.mjs) against the built CLI, several processes at a time.
// Usage: node tests/cli/bad-input-run.mjs [--only substring]; also imported by the test.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES, FILES } from './bad-input-cases.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');

/** Write the battery's files to a fresh folder; returns it. */
export function writeFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'hdfe-bad-input-'));
  for (const [name, content] of Object.entries(FILES)) writeFileSync(join(dir, name), content);
  return dir;
}

function runOne(c, dir) {
  const args = c.args.map((a) => (a === '@dir' ? dir : a.replace(/^@dir\//, `${dir}/`).replace(/^@(.+)$/, (_, f) => join(dir, f))));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: dir, env: { ...process.env, HDFE_HUGEPAGES: '0' } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.stdin.end(c.stdin ?? '');
    child.stdin.on('error', () => {});
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('close', (status, signal) => { clearTimeout(timer); resolve({ status, signal, stdout, stderr }); });
  });
}

/** What is wrong with a case's outcome (empty when it is one clean line with exit code 2). */
export function judge(c, out) {
  const problems = [];
  const lines = out.stderr.trimEnd().split('\n').filter((l) => l !== '');
  if (out.status !== 2) problems.push(`exit ${out.status}${out.signal ? ` (${out.signal})` : ''}`);
  if (lines.length !== 1) problems.push(`${lines.length} stderr lines`);
  if (/\n\s+at |TypeError|RangeError|ReferenceError|SyntaxError: |node:internal/.test(out.stderr)) problems.push('stack trace or internal error');
  if (lines[0] && !lines[0].startsWith('hdfe: ')) problems.push('line does not start with "hdfe: "');
  if (c.want && lines.length && !c.want.test(out.stderr)) problems.push(`message does not match ${c.want}`);
  if (out.stdout.trim() !== '') problems.push(`stdout: ${out.stdout.trim().slice(0, 80)}`);
  return problems;
}

/** Run every case (or those whose name contains `only`), `parallel` at a time. */
export async function runBattery({ only, parallel = 3 } = {}) {
  const dir = writeFiles();
  const cases = CASES.filter((c) => !only || c.name.includes(only));
  const results = new Array(cases.length);
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < cases.length) {
      const i = next++;
      const out = await runOne(cases[i], dir);
      results[i] = { case: cases[i], out, problems: judge(cases[i], out) };
    }
  }));
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--only');
  const results = await runBattery({ only: i > 0 ? process.argv[i + 1] : undefined });
  let bad = 0;
  for (const r of results) {
    if (!r.problems.length) continue;
    bad++;
    console.log(`FAIL ${r.case.name}: ${r.problems.join('; ')}\n     ${r.out.stderr.trimEnd().split('\n').slice(0, 3).join('\n     ').slice(0, 400)}`);
  }
  console.log(`${results.length} cases, ${results.length - bad} pass, ${bad} fail`);
}
