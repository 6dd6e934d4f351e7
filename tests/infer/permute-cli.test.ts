/** `hdfe permute` end to end through the built CLI: the JSON contract, the summary, help, one-line errors. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = `${root}dist/src/cli/main.js`;
const grunfeld = `${root}tests/golden/fixest/grunfeld.csv`;
let dir = '';
let panel = '';

function hdfe(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
}

beforeAll(() => {
  // Grunfeld with a firm-level treatment (firms 1-5) switched on after 1944, and an effect on inv.
  dir = mkdtempSync(join(tmpdir(), 'hdfe-permute-'));
  const [head, ...lines] = readFileSync(grunfeld, 'utf8').trim().split('\n');
  const out = [`${head},treat,post,y`];
  for (const line of lines) {
    const [firm, year, inv] = line.split(',').map(Number);
    const treat = firm <= 5 ? 1 : 0;
    const post = year > 1944 ? 1 : 0;
    out.push(`${line},${treat},${post},${inv + 60 * treat * post}`);
  }
  panel = join(dir, 'panel.csv');
  writeFileSync(panel, out.join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each case spawns node (about 0.5 s idle, several seconds on a loaded 2-core runner).
describe('hdfe permute', { timeout: 30_000 }, () => {
  it('--json carries the contract fields; whole firms are enumerated', () => {
    const out = hdfe(['permute', panel, 'y ~ treat:post | firm + year', '--param', 'treat:post', '--permute', 'treat',
      '--by', 'firm', '--cluster', 'firm', '--workers', '2', '--json']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const j = JSON.parse(out.stdout);
    for (const key of ['term', 'statistic', 'p_value', 'reps', 'enumerated', 'stat', 'p_type', 'p_values', 'seed', 'nobs']) expect(j, key).toHaveProperty(key);
    expect(j.term).toBe('treat:post');
    expect(j.enumerated).toBe(true);
    expect(j.reps).toBe(252); // 10 firms choose 5
    expect(j.p_value * 252).toBeCloseTo(Math.round(j.p_value * 252), 9);
    expect(j.p_value).toBeLessThan(0.05);
  });

  it('prints a readable summary without --json', () => {
    const args = ['permute', grunfeld, 'inv ~ value + capital | firm', '--param', 'capital', '--permute', 'capital', '--reps', '30', '--seed', '9'];
    const text = hdfe([...args, '--workers', '1']);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^Permutation test, inv ~ value \+ capital \| firm/);
    expect(text.stdout).toMatch(/30 random permutations, seed 9/);
    expect(text.stdout).toMatch(/p-value \(two-sided, \|T\*\| >= \|T\|\): /);
  });

  it('--help shows the defaults', () => {
    const out = hdfe(['permute', '--help']);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/--reps B +permutations drawn \[1000\]/);
    expect(out.stdout).toMatch(/--stat coef\|t +statistic \[t\]/);
    expect(out.stdout).toMatch(/--seed S .*\[1\]/);
  });

  for (const [label, args, pattern] of [
    ['missing --param', ['inv ~ value', '--permute', 'value'], /needs --param TERM and --permute COL/],
    ['bad --reps', ['inv ~ value', '--param', 'value', '--permute', 'value', '--reps', '0'], /--reps takes an integer >= 1/],
    ['param not in the model', ['inv ~ value', '--param', 'capital', '--permute', 'value'], /param 'capital' is not a coefficient/],
    ['by not constant within units', ['inv ~ value | firm', '--param', 'value', '--permute', 'value', '--by', 'firm'], /constant within each unit, but unit firm = '?1'?/],
  ] as const) {
    it(`${label}: one line on stderr, exit code 2`, () => {
      const out = hdfe(['permute', grunfeld, ...args]);
      expect(out.status).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
      expect(out.stderr).toMatch(pattern);
    });
  }
});
