/** table, describe, index and replicate through the built CLI; --help on every command shows defaults. */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feols } from '../../src/index.js';
import { exportResilience } from '../../src/indices/index.js';
import { expectAllClose, readCsv } from '../helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');
const produc = join(root, 'tests/golden/data/produc.csv');
const hdfe = (args: string[], input?: string) => spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', cwd: root });

describe('CLI commands', () => {
  it('every command has --help with its defaults', () => {
    for (const [cmd, pattern] of [['fit', /\[iid\]/], ['table', /\[text\]/], ['describe', /\[text\]/], ['index', /\[fraction:0\.5\]/], ['replicate', /\[output\/\]/]] as const) {
      const out = hdfe([cmd, '--help']);
      expect(out.status, cmd).toBe(0);
      expect(out.stdout, cmd).toMatch(pattern);
    }
  });

  it('table: csw() models side by side, as JSON with the raw numbers', () => {
    const out = hdfe(['table', produc, 'log(gsp) ~ csw(log(pcap), log(pc)) | state + year', '--cluster', 'state', '--output-format', 'json']);
    expect(out.status).toBe(0);
    const direct = feols(readCsv(produc), 'log(gsp) ~ log(pcap) + log(pc) | state + year', { cluster: 'state' });
    const text = out.stdout;
    expect(text).toContain(String(direct.coefficients[1].estimate));
    const md = hdfe(['table', produc, 'log(gsp) ~ log(pcap)', 'log(gsp) ~ log(pcap) | state', '--output-format', 'md', '--labels', 'state=State FE']);
    expect(md.stdout).toMatch(/\| State FE\s+\|\s+No\s+\|\s+Yes\s+\|/);
  });

  it('describe: N, mean, sd, min, max', () => {
    const out = hdfe(['describe', produc, '--vars', 'unemp', '--output-format', 'csv']);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/unemp,816,6\.602,2\.233,2\.8,18/);
  });

  it('index resilience equals the builder, and missing inputs stay empty', () => {
    const out = hdfe(['index', 'resilience', join(root, 'data/province_panel.csv'), '--panel', 'province,year', '--exports', 'exports', '--national', 'national_exports']);
    expect(out.status).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'hdfe-index-'));
    const file = join(dir, 'sl.csv');
    writeFileSync(file, out.stdout);
    const cols = readCsv(file);
    const panel = readCsv(join(root, 'data/province_panel.csv'));
    const sl = exportResilience({ id: panel.province as string[], time: panel.year as number[], exports: panel.exports as number[], national: panel.national_exports as number[] });
    expectAllClose(cols.SL.filter((v) => !Number.isNaN(v as number)) as number[], Array.from(sl).filter((v) => !Number.isNaN(v)), 'SL', 1e-15, 1e-15);
  });

  it('replicate writes the tables and prints Table 2 with the truth', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hdfe-out-'));
    const out = hdfe(['replicate', '--out-dir', dir]);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/Table 2\. Baseline/);
    expect(out.stdout).toMatch(/truth/);
    expect(readFileSync(join(dir, 'table3.md'), 'utf8')).toMatch(/L\.Vag/);
  });
});

