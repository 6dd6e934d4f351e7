/** `hdfe grid --joint-test` through the built CLI: the JSON block equals the library's, errors are one line. */
import { describe, it, expect, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closePool } from '../../src/index.js';
import { curveJointTest } from '../../src/grid/joint.js';
import { readCsv } from '../helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = `${root}dist/src/cli/main.js`;
const producPath = `${root}tests/golden/data/produc.csv`;

function hdfe(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });
}

afterAll(async () => { await closePool(); });

describe('hdfe grid --joint-test', { timeout: 120_000 }, () => {
  const args = ['grid', producPath, '--depvar', 'log(gsp)', '--main', 'log(pcap)', '--controls', 'log(pc),unemp', '--fe', 'year;state+year',
    '--cluster', 'state', '--joint-test', '--joint-reps', '299', '--joint-weights', 'webb', '--seed', '9', '--workers', '2'];

  it('--json carries joint_test, equal to curveJointTest; --out-dir writes joint_test.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hdfe-joint-'));
    const out = hdfe([...args, '--json', '--out-dir', dir, '--no-svg']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const j = JSON.parse(out.stdout).joint_test;
    const lib = await curveJointTest(readCsv(producPath), {
      depvar: 'log(gsp)', main: ['log(pcap)'], controls: ['log(pc)', 'unemp'], fixedEffects: [['year'], ['state', 'year']],
      vcov: [{ type: 'cluster', cluster: ['state'] }],
    }, {}, { cluster: 'state', reps: 299, weights: 'webb', seed: 9, workers: 1 });
    expect(j).toMatchObject({
      specs: 8, cluster: 'state', clusters: 48, reps: 299, enumerated: false, seed: 9, weights: 'webb',
      median: lib.median, null_median: lib.nullMedian, p_median: lib.pMedian, significant: lib.significant,
      share_significant: lib.shareSignificant, null_share_significant: lib.nullShareSignificant, p_share_significant: lib.pShareSignificant,
    });
    expect(JSON.parse(readFileSync(join(dir, 'joint_test.json'), 'utf8'))).toEqual(j);
    rmSync(dir, { recursive: true, force: true });
  });

  it('text: two summaries with their p-values; --help documents the flags', () => {
    const out = hdfe(args);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/Joint test over 8 specifications/);
    expect(out.stdout).toMatch(/median estimate: .* p = /);
    expect(out.stdout).toMatch(/significant and (positive|negative): .* p = /);
    const help = hdfe(['grid', '--help']).stdout;
    for (const flag of ['--joint-test', '--joint-cluster', '--joint-reps', '--joint-weights', '--seed']) expect(help).toContain(flag);
  });

  it('bad input: one line, exit code 2', () => {
    for (const [extra, re] of [
      [['--joint-reps', '5'], /--joint-reps only applies with --joint-test/],
      [['--joint-test'], /--joint-test needs --joint-cluster C/],
      [['--joint-test', '--joint-cluster', 'nope'], /nope/],
      [['--joint-test', '--joint-cluster', 'state', '--joint-weights', 'gauss'], /weights must be one of/],
    ] as const) {
      const out = hdfe(['grid', producPath, '--depvar', 'log(gsp)', '--main', 'log(pcap)', ...extra]);
      expect(out.status, extra.join(' ')).toBe(2);
      expect(out.stderr).toMatch(re);
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
