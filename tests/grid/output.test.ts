/**
 * Outputs of a grid: rows as CSV and JSON (round-trip to the numbers), the specification-curve SVG (one point
 * per estimated specification, sorted, coloured by significance; one indicator mark per choice made), the
 * files, and the `hdfe grid` command (built CLI).
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  gridToJson, rowsToCsv, specificationCurveSpec, specificationCurveSvg, specificationGrid, writeGridFiles, type GridDefinition,
} from '../../src/grid/index.js';
import { buildStudyData } from '../../src/study/replicate.js';
import { parseCsv } from '../report/csv-parse.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { data: study } = await buildStudyData(join(root, 'data'), [2009, 2020]);
const grid: GridDefinition = {
  depvar: 'SL', main: ['Vag', 'l(Vag,1)', 'l(Vag,2)'], controls: ['GDP', 'TAX', 'CPI', 'FDI'],
  fixedEffects: [['year'], ['province', 'year']], panel: { id: 'province', time: 'year' },
};
const cli = join(root, 'dist/src/cli/main.js');

/** Columns of a CSV file with quoted fields (terms such as l(Vag,1) hold commas); numbers parsed, empty = NaN. */
function readCsv(path: string): Record<string, (number | string)[]> {
  const [head, ...records] = parseCsv(readFileSync(path, 'utf8').replace(/\r?\n/g, '\r\n'));
  return Object.fromEntries(head.map((name, j) => [name, records.map((r) => (r[j] === '' ? NaN : Number.isNaN(Number(r[j])) ? r[j] : Number(r[j])))]));
}
const hdfe = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root, env: { ...process.env } });

describe('grid outputs', () => {
  it('the study curve: all subsets of the controls x {year, province + year FE} x {Vag, L.Vag, L2.Vag}', async () => {
    // Default workers: a grid this quick runs its groups in this thread (through the sweep's in-thread path).
    const result = await specificationGrid(study, grid);
    expect(result.rows.length).toBe(16 * 2 * 3);
    const dir = mkdtempSync(join(tmpdir(), 'hdfe-grid-'));
    const files = await writeGridFiles(result, dir);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['rows.csv', 'rows.json', 'curve.svg']);

    const csv = readCsv(files[0]);
    expect(Object.keys(csv)).toEqual(['id', 'main', 'controls', 'fe', 'sample', 'vcov', 'estimate', 'std_error', 'statistic', 'p_value',
      'conf_low', 'conf_high', 'nobs', 'r2', 'adj_r2', 'within_r2', 'df_t', 'note']);
    expect(csv.estimate).toEqual(result.rows.map((r) => r.estimate));
    expect(csv.std_error).toEqual(result.rows.map((r) => r.stdError));
    expect(csv.nobs.slice(0, 16)).toEqual(Array(16).fill(360));
    expect(csv.nobs.slice(16, 32)).toEqual(Array(16).fill(330));
    expect(readFileSync(files[0], 'utf8')).toBe(rowsToCsv(result.rows));

    const json = JSON.parse(readFileSync(files[1], 'utf8'));
    expect(json).toEqual(JSON.parse(JSON.stringify(gridToJson(result))));
    expect(json.summary.specs).toBe(96);
    expect(json.rows[95]).toMatchObject({ id: 96, main: 'l(Vag,2)', controls: ['GDP', 'TAX', 'CPI', 'FDI'], fe: 'province + year', vcov: 'iid' });
    expect(json.rows[95].p_value).toBe(result.rows[95].pValue);

    const svg = readFileSync(files[2], 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    const points = [...svg.matchAll(/aria-label="rank: (\d+); estimate \(95% CI\): ([-\d.e]+); significance: ([^"]+)"/g)];
    expect(points.length).toBe(96);
    const estimates = points.map((m) => Number(m[2]));
    expect(estimates).toEqual([...estimates].sort((a, b) => a - b));
    const sorted = [...result.rows].sort((a, b) => a.estimate - b.estimate);
    expect(points.map((m) => m[3].includes('&lt;'))).toEqual(sorted.map((r) => r.pValue < 0.05));
    // One tick per choice made: its main variant (3 of them), each control, its FE set (2 of them).
    const ticks = svg.match(/aria-roledescription="tick"/g)?.length;
    expect(ticks).toBe(result.rows.reduce((a, r) => a + 1 + r.controls.length + 1, 0));
    for (const label of ['Vag', 'l(Vag,1)', 'GDP', 'FDI', 'FE: year', 'FE: province + year', 'estimate (95% CI)']) expect(svg).toContain(`>${label}</text>`);
  });

  it('the Vega-Lite spec leaves out specifications without an estimate and shows only varying dimensions', async () => {
    const result = await specificationGrid(study, { ...grid, main: ['Vag'], fixedEffects: [['year']], vcov: [{ type: 'iid' }, { type: 'hetero' }] }, { workers: 1 });
    const spec = JSON.stringify(specificationCurveSpec(result, { width: 300, title: 'T' }));
    expect(spec).toContain('SE: hetero');
    expect(spec).not.toContain('FE: year');
    const svg = await specificationCurveSvg(result, { width: 300, labels: { TAX: 'Tax burden', Vag: 'V' } });
    expect(svg.match(/aria-roledescription="point"/g)?.length).toBe(32);
    expect(svg).toContain('>Tax burden</text>');
    expect(svg).toContain('SL on V: 32 specifications');
  });
});

describe('hdfe grid', () => {
  it('--help documents every flag with its default', () => {
    const out = hdfe(['grid', '--help']);
    expect(out.status).toBe(0);
    for (const flag of ['--depvar', '--main', '--controls', '--max-controls', '--fe', '--samples', '--vcov', '--cluster', '--panel',
      '--ssc', '--weights', '--alpha', '--level', '--workers', '--out-dir', '--no-svg', '--json']) expect(out.stdout).toContain(flag);
    expect(out.stdout).toMatch(/--vcov LIST .*\[iid\]/);
    expect(out.stdout).toMatch(/--alpha A .*\[0\.05\]/);
    expect(hdfe(['--help']).stdout).toMatch(/grid\s+specification grid/);
  });

  it('runs a grid, prints the summary, writes the files; --json; one-line errors with exit code 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hdfe-grid-cli-'));
    const produc = join(root, 'tests/golden/data/produc.csv');
    const args = ['grid', produc, '--depvar', 'log(gsp)', '--main', 'log(pcap),l(log(pcap),1)', '--controls', 'log(pc),unemp',
      '--fe', 'state;state+year', '--panel', 'state,year', '--vcov', 'iid', '--cluster', 'state', '--workers', '1'];
    const out = hdfe([...args, '--out-dir', dir]);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/Specifications: 32 \(4 projections\), estimated: 32/);
    expect(out.stdout).toMatch(/Median estimate:/);
    const rows = readCsv(join(dir, 'rows.csv'));
    expect(rows.vcov.slice(0, 2)).toEqual(['iid', 'cluster(state)']);
    expect(rows.fe[31]).toBe('state + year');
    expect(readFileSync(join(dir, 'curve.svg'), 'utf8')).toMatch(/^<svg/);

    const json = JSON.parse(hdfe([...args, '--json']).stdout);
    expect(json.summary.specs).toBe(32);
    expect(json.files).toEqual([]);

    const bad = hdfe(['grid', produc, '--depvar', 'log(gsp)']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^hdfe: grid needs --depvar Y and --main X\[,\.\.\.\]; usage: hdfe grid/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const unknown = hdfe(['grid', produc, '--depvar', 'log(gsp)', '--main', 'log(pcap)', '--samples', 'drop-unit']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/--samples drop-unit needs a column: write drop-unit=COL or give --panel id,time/);
  });
});
