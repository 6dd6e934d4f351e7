/**
 * Loading data: CSV, TSV, JSON (rows and columns), Arrow IPC and standard input give the same columns, the
 * values R holds (bit for bit) and the same missing counts; then `hdfe fit --panel ... --json` on the panel
 * fixture against R (tests/golden/panel/make_panel_fixtures.R).
 */
import { describe, it, expect, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as aq from 'arquero';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { loadData, type LoadedData } from '../../src/data/load.js';
import { rowValues } from '../../src/data/columns.js';
import { isFactorColumn } from '../../src/data/factor-column.js';
import { feols, DataError, OptionError } from '../../src/index.js';
import { expectClose } from '../helpers.js';

/** Against R references (DESIGN.md, house style 7). */
const RTOL_R = 1e-8;
const ATOL_R = 1e-10;
/** Each CLI run starts Node and instantiates the WebAssembly core: about a second with the debug build. */
const CLI_TIMEOUT_MS = 60_000;

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = `${root}dist/src/cli/main.js`;
const csvPath = `${root}tests/golden/panel/panel.csv`;
const csvText = readFileSync(csvPath, 'utf8');
const fixture = JSON.parse(readFileSync(`${root}tests/golden/panel/panel_expected.json`, 'utf8'));
const R = fixture.operators as { id: string[]; year: number[]; x: (number | null)[]; y: (number | null)[]; z: (number | null)[] };
const rMissing = fixture.missing as Record<string, number>;
const tmp = mkdtempSync(join(tmpdir(), 'hdfe-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(name: string, content: string | Uint8Array): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

const asNumbers = (v: (number | null)[]) => v.map((x) => (x === null ? NaN : x));

/** The panel as R holds it: text ids, numbers bit-identical to R's doubles, NA as NaN, R's missing counts. */
function expectPanel(d: LoadedData): void {
  expect(d.n).toBe(R.id.length);
  expect(Object.keys(d.columns)).toEqual(['id', 'year', 'x', 'y', 'z']);
  expect(isFactorColumn(d.columns.id), 'id stays text, as level codes').toBe(true);
  expect(rowValues(d.columns.id)).toEqual(R.id);
  for (const name of ['year', 'x', 'y', 'z'] as const) {
    expect(d.columns[name], `${name} is numeric`).toBeInstanceOf(Float64Array);
    // toEqual compares numbers with Object.is: bit-identical values, NaN where R has NA.
    expect(Array.from(d.columns[name] as Float64Array), name).toEqual(asNumbers(R[name]));
  }
  expect(d.missing).toEqual(rMissing);
}

function hdfe(args: string[], input?: string) {
  return spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8' });
}

describe('formats: the panel fixture reads back as R holds it', { timeout: CLI_TIMEOUT_MS }, () => {
  it('CSV (NA and empty fields both missing)', async () => {
    expect(csvText).toMatch(/,NA,/);
    expect(csvText).toMatch(/,,|,$/m);
    expectPanel(await loadData(csvPath));
  });

  it('TSV, by extension and by --format', async () => {
    const tsv = csvText.replace(/,/g, '\t');
    expectPanel(await loadData(write('panel.tsv', tsv)));
    expectPanel(await loadData(write('panel.txt', tsv), 'tsv'));
  });

  const rowsOf = () => R.id.map((id, i) => ({ id, year: R.year[i], x: R.x[i], y: R.y[i], z: R.z[i] }));

  it('JSON rows', async () => {
    expectPanel(await loadData(write('rows.json', JSON.stringify(rowsOf()))));
  });

  it('JSON columns', async () => {
    expectPanel(await loadData(write('columns.json', JSON.stringify({ id: R.id, year: R.year, x: R.x, y: R.y, z: R.z }))));
  });

  it('Arrow IPC written by Arquero (integer year, nulls in numeric columns, dictionary-encoded text)', async () => {
    const table = aq.table({ id: R.id, year: Int32Array.from(R.year), x: R.x, y: R.y, z: R.z });
    const bytes = aq.toArrowIPC(table);
    expectPanel(await loadData(write('panel.arrow', bytes)));
    expectPanel(await loadData(write('panel.bin', bytes), 'arrow'));
  });

  it('Parquet (doubles with nulls, integer years, text ids), by extension and by --format', async () => {
    const bytes = new Uint8Array(parquetWriteBuffer({
      columnData: [
        { name: 'id', data: R.id, type: 'STRING' },
        { name: 'year', data: Int32Array.from(R.year), type: 'INT32', nullable: false },
        { name: 'x', data: R.x, type: 'DOUBLE' },
        { name: 'y', data: R.y, type: 'DOUBLE' },
        { name: 'z', data: R.z, type: 'DOUBLE' },
      ],
    }));
    expectPanel(await loadData(write('panel.parquet', bytes)));
    expectPanel(await loadData(write('panel.pq.bin', bytes), 'parquet'));
    const fromCsv = hdfe(['fit', csvPath, 'y ~ x + z | id', '--json']);
    const fromParquet = hdfe(['fit', join(tmp, 'panel.parquet'), 'y ~ x + z | id', '--json']);
    expect(fromParquet.stderr).toBe('');
    expect(fromParquet.stdout).toBe(fromCsv.stdout);
  });

  it('only the selected columns, each in its role, from every format', async () => {
    const select = { y: 'number', id: 'factor', year: 'both' } as const;
    for (const file of [csvPath, write('sel.json', JSON.stringify(rowsOf())), join(tmp, 'panel.parquet'), join(tmp, 'panel.arrow')]) {
      const d = await loadData(file, undefined, { select });
      expect(Object.keys(d.columns).sort(), file).toEqual(['id', 'y', 'year']);
      expect(isFactorColumn(d.columns.id), file).toBe(true);
      expect(Array.from(d.columns.y as Float64Array), file).toEqual(asNumbers(R.y));
      expect(Array.from(d.columns.year as Float64Array), file).toEqual(R.year);
      expect(d.missing, file).toEqual({ y: rMissing.y, id: 0, year: 0 });
    }
  });

  it('standard input (-), through the CLI', async () => {
    const formula = 'y ~ l(x,1) + center(z) | year';
    const fromFile = hdfe(['fit', csvPath, formula, '--panel', 'id,year', '--json']);
    const fromStdin = hdfe(['fit', '-', formula, '--panel', 'id,year', '--json'], csvText);
    expect(fromStdin.stderr).toBe('');
    expect(fromStdin.status).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    const tsvStdin = hdfe(['fit', '-', formula, '--panel', 'id,year', '--json', '--format', 'tsv'], csvText.replace(/,/g, '\t'));
    expect(tsvStdin.stdout).toBe(fromFile.stdout);
    const jsonStdin = hdfe(['fit', '-', formula, '--panel', 'id,year', '--json', '--format', 'json'], JSON.stringify(rowsOf()));
    expect(jsonStdin.stdout).toBe(fromFile.stdout);
  });
});

describe('missing values and column types', () => {
  const text = [
    'id,num,txt,allna,mixed',
    'a,1,foo,,1',
    'b,NA,bar,NA,2',
    'c,.,NA,.,n/a',
    'd,NaN,,NaN,4',
    'e, 2.5 ,baz,null,5',
    'f,NULL,qux,NULL,6',
  ].join('\n');

  it('empty, NA, ., NaN, null and NULL are missing, counted per column', async () => {
    const d = await loadData(write('missing.csv', text));
    expect(d.n).toBe(6);
    expect(d.missing).toEqual({ id: 0, num: 4, txt: 2, allna: 6, mixed: 0 });
  });

  it("a numeric column with 'NA' strings is numbers with NaN", async () => {
    const d = await loadData(write('missing.csv', text));
    expect(d.columns.num).toBeInstanceOf(Float64Array);
    expect(Array.from(d.columns.num as Float64Array)).toEqual([1, NaN, NaN, NaN, 2.5, NaN]);
    expect(Array.from(d.columns.allna as Float64Array)).toEqual(Array(6).fill(NaN));
  });

  it('a text column stays text with null for missing, and works as a fixed effect', async () => {
    const d = await loadData(write('missing.csv', text));
    expect(rowValues(d.columns.txt)).toEqual(['foo', 'bar', null, null, 'baz', 'qux']);
    expect(rowValues(d.columns.mixed)).toEqual(['1', '2', 'n/a', '4', '5', '6']);
    expect(rowValues(d.columns.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('a text column used as a number is a clear error naming the row', async () => {
    const d = await loadData(write('missing.csv', text));
    expect(() => feols(d.columns, 'num ~ mixed')).toThrow(DataError);
    expect(() => feols(d.columns, 'num ~ mixed')).toThrow(/column 'mixed' .*not numeric: row 3 holds "n\/a"/);
  });

  it('the panel fixture used as a text fixed effect: the id column', async () => {
    const d = await loadData(csvPath);
    const fit = feols(d.columns, 'y ~ x | id');
    expect(fit.fixef).toEqual({ id: 12 });
  });
});

describe('file quirks', () => {
  it('a UTF-8 byte-order mark is not part of the first column name (CSV and JSON)', async () => {
    const d = await loadData(write('bom.csv', `\uFEFF${csvText}`));
    expect(Object.keys(d.columns)[0]).toBe('id');
    expectPanel(d);
    const j = await loadData(write('bom.json', `\uFEFF${JSON.stringify({ id: ['a'], x: [1] })}`));
    expect(Object.keys(j.columns)).toEqual(['id', 'x']);
  });

  it('Windows line endings', async () => {
    expectPanel(await loadData(write('crlf.csv', csvText.replace(/\n/g, '\r\n'))));
  });

  it('blank lines (trailing or between records) are skipped, as R read.csv does; quoted ones are data', async () => {
    const lines = csvText.trimEnd().split('\n');
    const withBlanks = [...lines.slice(0, 10), '', ...lines.slice(10), '', '  ', ''].join('\n');
    expectPanel(await loadData(write('blank.csv', withBlanks)));
    expectPanel(await loadData(write('blank-crlf.csv', withBlanks.replace(/\n/g, '\r\n'))));
    const quoted = await loadData(write('quoted.csv', 'id,note\nA,"one\n\nthree"\nB,x\n\n'));
    expect(quoted.n).toBe(2);
    expect(rowValues(quoted.columns.note)).toEqual(['one\n\nthree', 'x']);
  });

  it('JSON rows with different keys: every key is a column, absent keys are missing', async () => {
    const d = await loadData(write('hetero.json', JSON.stringify([{ a: 1 }, { a: 2, b: 3 }, { b: 4, c: 'u' }])));
    expect(Object.keys(d.columns)).toEqual(['a', 'b', 'c']);
    expect(Array.from(d.columns.b as Float64Array)).toEqual([NaN, 3, 4]);
    expect(rowValues(d.columns.c)).toEqual([null, null, 'u']);
    expect(d.missing).toEqual({ a: 1, b: 1, c: 2 });
  });

  it('malformed JSON shapes are clear errors', async () => {
    await expect(loadData(write('ragged.json', JSON.stringify({ a: [1, 2], b: [1] })))).rejects.toThrow(/equal lengths: 'a' has 2 values but 'b' has 1/);
    await expect(loadData(write('scalar.json', JSON.stringify({ a: 1 })))).rejects.toThrow(/columns must be arrays; 'a' is 1/);
    await expect(loadData(write('arrays.json', JSON.stringify([[1, 2], [3, 4]])))).rejects.toThrow(/rows must be objects.*row 1/);
    await expect(loadData(write('number.json', '42'))).rejects.toThrow(DataError);
    await expect(loadData(write('broken.json', '[{"a": 1'))).rejects.toThrow(/cannot parse '.*broken\.json' as JSON/);
  });

  it('an unreadable path and an unknown format are clear errors', async () => {
    await expect(loadData(join(tmp, 'absent.csv'))).rejects.toThrow(/cannot read data from '.*absent\.csv'/);
    await expect(loadData(csvPath, 'xlsx')).rejects.toThrow(OptionError);
    await expect(loadData(csvPath, 'xlsx')).rejects.toThrow(/format must be one of 'csv', 'tsv', 'json', 'arrow'/);
  });
});

describe('hdfe fit --panel on the fixture panel against R', { timeout: CLI_TIMEOUT_MS }, () => {
  const CLI_CASES = ['cli_lag_center', 'moderation_lag_centred', 'lags12_twfe_cluster', 'ylag_cluster'];
  for (const name of CLI_CASES) {
    const c = fixture.cases.find((x: { name: string }) => x.name === name);
    it(`${c.formula}${c.options.cluster ? ` --cluster ${c.options.cluster.join(',')}` : ''}`, async () => {
      const args = ['fit', csvPath, c.formula, '--panel', 'id,year', '--json'];
      if (c.options.cluster) args.push('--cluster', c.options.cluster.join(','));
      else args.push('--vcov', c.options.vcov);
      const out = hdfe(args);
      expect(out.stderr).toBe('');
      expect(out.status).toBe(0);
      const j = JSON.parse(out.stdout);
      const e = c.expected;
      expect(j.nobs).toBe(e.nobs);
      expect(j.dropped).toEqual({ non_finite: 0, ...e.dropped });
      expect(j.fixef).toEqual(e.fixef);
      expect(j.vcov.k).toBe(e.k);
      expect(j.vcov.df_t).toBe(e.df_t);
      expect(j.coefficients.map((x: { term: string }) => x.term)).toEqual(e.coef_names);
      j.coefficients.forEach((x: Record<string, number>, i: number) => {
        for (const key of ['estimate', 'std_error', 'statistic', 'p_value', 'conf_low', 'conf_high']) {
          expectClose(x[key], e[key][i], `${x.term} ${key}`, RTOL_R, ATOL_R);
        }
      });
      for (const key of ['rss', 'r2', 'adj_r2', 'within_r2']) expectClose(j[key], e[key], key, RTOL_R, ATOL_R);
    });
  }

  it('a duplicate (id, year) pair: one line on stderr naming the rows, exit code 2', () => {
    const lines = csvText.trimEnd().split('\n');
    const out = hdfe(['fit', '-', 'y ~ l(x,1) | year', '--panel', 'id,year'], [...lines, lines[3]].join('\n') + '\n');
    expect(out.status).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(new RegExp(`duplicate pair: rows 3 and ${lines.length}`));
  });

  it('a lag without --panel: one line on stderr, exit code 2', () => {
    const out = hdfe(['fit', csvPath, 'y ~ l(x,1) | year']);
    expect(out.status).toBe(2);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(/needs panel data/);
  });

  it('--panel with one column is a usage error', () => {
    const out = hdfe(['fit', csvPath, 'y ~ l(x,1)', '--panel', 'id']);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/--panel takes two columns, id,time/);
  });
});
