/** `hdfe mtest` end to end through the built CLI: the JSON keys and numbers (= the library's), help, one-line errors. */
import { describe, it, expect, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { closePool } from '../../src/index.js';
import { mtest } from '../../src/infer/mtest.js';
import { readCsv } from '../helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = `${root}dist/src/cli/main.js`;
const producPath = `${root}tests/golden/data/produc.csv`;
const formula = 'log(gsp) + unemp ~ log(pcap) + log(pc) | year';

function hdfe(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });
}

afterAll(async () => { await closePool(); });

describe('hdfe mtest', { timeout: 120_000 }, () => {
  it('--json: one row per hypothesis with the contract keys, equal to the library', async () => {
    const out = hdfe(['mtest', producPath, formula, '--param', 'log(pcap),log(pc)', '--cluster', 'state', '--reps', '499',
      '--seed', '7', '--wild-weights', 'webb', '--workers', '2', '--json']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.reps).toBe(499);
    expect(json.enumerated).toBe(false);
    const lib = await mtest(readCsv(producPath), formula, { terms: ['log(pcap)', 'log(pc)'], cluster: 'state', reps: 499, seed: 7, weights: 'webb', workers: 1 });
    expect(json.hypotheses).toHaveLength(4);
    json.hypotheses.forEach((row: Record<string, number | string>, i: number) => {
      for (const key of ['estimate', 'p_value', 'p_holm', 'p_bonferroni', 'p_romano_wolf', 'p_westfall_young', 'draws']) expect(row).toHaveProperty(key);
      const h = lib.hypotheses[i];
      expect([row.depvar, row.term]).toEqual([h.depvar, h.term]);
      expect([row.estimate, row.p_value, row.p_holm, row.p_bonferroni, row.p_romano_wolf, row.p_westfall_young])
        .toEqual([h.estimate, h.pValue, h.pHolm, h.pBonferroni, h.pRomanoWolf, h.pWestfallYoung]);
      expect(row.draws).toBe(499);
    });
  });

  it('text: a row per hypothesis and the draws used; enumerates 2^9 sign vectors over 9 regions', () => {
    const out = hdfe(['mtest', producPath, formula, '--param', 'log(pcap)', '--cluster', 'region', '--workers', '1']);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('all 512 = 2^9 sign vectors enumerated');
    expect(out.stdout).toMatch(/p_romano_wolf\s+p_westfall_young/);
    expect(out.stdout.split('\n').filter((l) => /^\d\s+(log\(gsp\)|unemp)\s/.test(l))).toHaveLength(2);
  });

  it('--help documents the flags', () => {
    const out = hdfe(['mtest', '--help']);
    expect(out.status).toBe(0);
    for (const flag of ['--param', '--cluster', '--reps', '--seed', '--workers', '--json', '--plus-one', 'p_romano_wolf']) expect(out.stdout).toContain(flag);
  });

  it('bad input: one line, exit code 2', () => {
    const cases: [string[], RegExp][] = [
      [['mtest', producPath, formula, '--param', 'log(emp)', '--cluster', 'state'], /'log\(emp\)' is not a coefficient of any model/],
      [['mtest', producPath, formula, '--param', 'log(pc)', '--cluster', 'state', '--reps', '20'], /reps must be at least 99/],
      [['mtest', producPath, formula, '--cluster', 'state'], /--param a,b is required/],
      [['mtest', producPath, formula, '--param', 'log(pc)'], /--cluster C is required/],
      [['mtest', producPath, formula, '--param', 'log(pc)', '--cluster', 'nope'], /nope/],
    ];
    for (const [args, re] of cases) {
      const out = hdfe(args);
      expect(out.status, args.join(' ')).toBe(2);
      expect(out.stderr).toMatch(re);
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
