/** `hdfe fit` end to end through the built CLI: the JSON contract, stdin, and one-line errors with exit code 2. */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expectAllClose, expectClose } from '../helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = `${root}dist/src/cli/main.js`;
const grunfeld = `${root}tests/golden/fixest/grunfeld.csv`;
const ref = JSON.parse(readFileSync(`${root}tests/golden/fixest/grunfeld_twfe.json`, 'utf8')).fixest;

function hdfe(args: string[], input?: string) {
  return spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8' });
}

describe('hdfe fit', () => {
  it('--json carries the contract fields and fixest numbers', () => {
    const out = hdfe(['fit', grunfeld, 'inv ~ value + capital | firm + year', '--cluster', 'firm', '--json']);
    expect(out.status).toBe(0);
    const j = JSON.parse(out.stdout);
    for (const key of ['nobs', 'dropped', 'fixef', 'collinear', 'coefficients', 'vcov', 'r2', 'adj_r2', 'within_r2', 'adj_within_r2', 'rss', 'df_resid', 'convergence']) {
      expect(j, key).toHaveProperty(key);
    }
    expect(j.fixef).toEqual({ firm: 10, year: 20 });
    expect(j.dropped).toEqual({ na: 0, singletons: 0, non_finite: 0 });
    expect(j.vcov.type).toBe('cluster');
    expect(j.vcov.clusters).toEqual({ firm: 10 });
    expect(j.vcov.k).toBe(22);
    expect(j.vcov.df_t).toBe(9);
    const block = ref.se_variants.cluster_firm;
    expectAllClose(j.coefficients.map((c: { std_error: number }) => c.std_error), block.se, 'se');
    expectAllClose(j.coefficients.map((c: { p_value: number }) => c.p_value), block.p, 'p');
    expectAllClose(j.vcov.matrix.flat(), block.vcov.flat(), 'vcov');
    expectClose(j.within_r2, ref.within_r2, 'within_r2');
    expect(Object.keys(j.coefficients[0])).toEqual(['term', 'estimate', 'std_error', 'statistic', 'p_value', 'conf_low', 'conf_high']);
  });

  it('--wald: the joint test against fixest wald() (Produc, state + year FE, clustered by state)', () => {
    const w = JSON.parse(readFileSync(`${root}tests/golden/fixest/wald_produc_twfe.json`, 'utf8')).wald.cluster_state;
    const args = ['fit', `${root}tests/golden/data/produc.csv`, 'log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state + year',
      '--cluster', 'state', '--wald', 'log(pcap),log(pc)'];
    const out = hdfe([...args, '--json']);
    expect(out.status).toBe(0);
    const j = JSON.parse(out.stdout).wald;
    expect(j.terms).toEqual(w.terms);
    expectClose(j.stat, w.stat, 'F');
    expectClose(j.p_value, w.p, 'p');
    expect([j.df1, j.df2]).toEqual([w.df1, w.df2]);
    expect(hdfe(args).stdout).toMatch(/Wald test, H0: joint nullity of log\(pcap\), log\(pc\)\n stat = 2\.0607, p-value = 0\.128, on 2 and 748 DoF/);
    const bad = hdfe([...args.slice(0, -1), 'log(pcp)']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^hdfe: wald: 'log\(pcp\)' is not a coefficient/);
  });

  it('reports the missing values found in each used column', () => {
    const csv = readFileSync(grunfeld, 'utf8').split('\n').map((line, i) => (i === 3 ? line.replace(/,[^,]*$/, ',NA') : line)).join('\n');
    const out = hdfe(['fit', '-', 'inv ~ value + capital | firm', '--json'], csv);
    const j = JSON.parse(out.stdout);
    expect(j.missing).toEqual({ inv: 0, value: 0, capital: 1, firm: 0 });
    expect(j.dropped.na).toBe(1);
  });

  it('reads stdin with -, and --ssc switches reach the variance', () => {
    const csv = readFileSync(grunfeld, 'utf8');
    const out = hdfe(['fit', '-', 'inv ~ value + capital | firm + year', '--cluster', 'firm,year', '--ssc', 'g_df=conventional', '--json'], csv);
    expect(out.status).toBe(0);
    const j = JSON.parse(out.stdout);
    expectAllClose(j.coefficients.map((c: { std_error: number }) => c.std_error), ref.se_variants.twoway_firm_year_conventional.se, 'se');
    expect(j.vcov.ssc.g_df).toBe('conventional');
  });

  it('prints a readable summary without --json', () => {
    const out = hdfe(['fit', grunfeld, 'inv ~ value + capital | firm', '--vcov', 'hetero']);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/Dep\. Var\.: inv/);
    expect(out.stdout).toMatch(/Heteroskedasticity-robust/);
    expect(out.stdout).toMatch(/^value\s+0\.110124/m);
  });

  for (const [label, args, pattern] of [
    ['unknown column', ['inv ~ value + capitl | firm'], /unknown column 'capitl'.*did you mean 'capital'/],
    ['malformed formula', ['inv ~ value + | firm'], /position/],
    ['bad option value', ['inv ~ value', '--vcov', 'robust'], /vcov must be one of/],
    ['bad ssc key', ['inv ~ value', '--ssc', 'adj=false'], /--ssc takes key=value pairs/],
    ['unknown cluster column', ['inv ~ value', '--cluster', 'one'], /unknown column 'one'/],
  ] as const) {
    it(`${label}: one line on stderr, exit code 2`, () => {
      const out = hdfe(['fit', grunfeld, ...args]);
      expect(out.status).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
      expect(out.stderr).toMatch(pattern);
    });
  }
});
