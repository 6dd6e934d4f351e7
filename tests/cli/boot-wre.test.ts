/** `hdfe boot` on an IV formula: the WRE with the R brute force's numbers, pairs resampling, one-line errors. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectAllClose } from '../helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');
const csv = join(root, 'tests/golden/wre/wre.csv');
const golden = (await import('../golden/wre/wre.json', { with: { type: 'json' } })).default as {
  cases: { formula: string; null: number; weights: string | null; estimate: number; std_error_fixest: number; statistic: number; p_symmetric: number }[];
};
const hdfe = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root });

describe('hdfe boot on an IV formula', () => {
  it('--method wild is the WRE: all 2^10 sign vectors, the R brute force p-value, 2 workers', () => {
    const c = golden.cases.find((x) => x.formula.includes('year') && !x.weights)!;
    const out = hdfe(['boot', csv, c.formula, '--param', 'fit_x', '--cluster', 'cl', '--null', String(c.null), '--workers', '2', '--json']);
    expect(out.status, out.stderr).toBe(0);
    const j = JSON.parse(out.stdout);
    expect(j.method).toBe('wre');
    expect(j.enumerated).toBe(true);
    expect(j.reps).toBe(1024);
    expectAllClose([j.estimate, j.std_error, j.statistic, j.p_value], [c.estimate, c.std_error_fixest, c.statistic, c.p_symmetric], 'boot', 1e-8, 1e-10);
    expect(j.conf_low).toBeLessThan(j.estimate);
    const text = hdfe(['boot', csv, c.formula, '--param', 'fit_x', '--cluster', 'cl', '--reps', '99']);
    expect(text.stdout).toMatch(/^Wild restricted efficient bootstrap of the IV coefficient \(WRE, rademacher, 99 draws/);
  }, 60_000);

  it('--method pairs refits 2SLS', () => {
    const out = hdfe(['boot', csv, 'y ~ w1 | year | x ~ z1 + z2', '--param', 'fit_x', '--method', 'pairs', '--reps', '49', '--json']);
    expect(out.status, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout).std_error).toBeGreaterThan(0);
  }, 60_000);

  it('an exogenous param or two endogenous regressors: one line, exit code 2', () => {
    for (const args of [['y ~ w1 | x ~ z1', '--param', 'w1'], ['y ~ 1 | x + w1 ~ z1 + z2', '--param', 'fit_x']]) {
      const out = hdfe(['boot', csv, ...args, '--cluster', 'cl']);
      expect(out.status).toBe(2);
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 60_000);
});
