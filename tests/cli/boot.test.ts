/** `hdfe boot`: the JSON contract, enumeration, and identical results for 1 and 2 workers. */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wildBootstrap } from '../../src/index.js';
import { readCsv } from '../helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');
const produc = join(root, 'tests/golden/data/produc.csv');
const formula = 'log(gsp) ~ log(pcap) + log(pc) + unemp | state + year';
const hdfe = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root });

describe('hdfe boot', () => {
  it('wild: the contract fields; 9 clusters are enumerated (2^9 <= reps) and match the API', () => {
    const out = hdfe(['boot', produc, formula, '--param', 'log(pcap)', '--cluster', 'region', '--json']);
    expect(out.status, out.stderr).toBe(0);
    const j = JSON.parse(out.stdout);
    for (const key of ['term', 'null', 'statistic', 'p_value', 'reps', 'enumerated', 'conf_low', 'conf_high']) expect(j, key).toHaveProperty(key);
    expect(j.enumerated).toBe(true);
    expect(j.reps).toBe(512);
    const api = wildBootstrap(readCsv(produc), formula, { param: 'log(pcap)', cluster: 'region' });
    expect(j.p_value).toBe(api.pValue);
    expect(j.conf_low).toBe(api.confLow);
  }, 60_000);

  it('--workers 1 and --workers 2 give the same numbers', () => {
    const args = ['boot', produc, formula, '--param', 'unemp', '--cluster', 'state', '--reps', '2999', '--wild-weights', 'webb', '--seed', '5', '--json'];
    const one = JSON.parse(hdfe([...args, '--workers', '1']).stdout);
    const two = JSON.parse(hdfe([...args, '--workers', '2']).stdout);
    expect(two).toEqual(one);
    expect(one.enumerated).toBe(false);
  }, 60_000);

  it('pairs and cluster resampling report bootstrap SEs and intervals', () => {
    const out = hdfe(['boot', produc, 'log(gsp) ~ log(pcap) | state', '--param', 'log(pcap)', '--method', 'cluster', '--cluster', 'state', '--reps', '99', '--json']);
    expect(out.status, out.stderr).toBe(0);
    const j = JSON.parse(out.stdout);
    expect(j.std_error).toBeGreaterThan(0);
    expect(j.conf_low).toBeLessThan(j.conf_high);
  }, 60_000);

  it('errors are one line with exit code 2', () => {
    const out = hdfe(['boot', produc, formula, '--param', 'nope', '--cluster', 'state']);
    expect(out.status).toBe(2);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
