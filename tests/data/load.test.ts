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
import { loadData, skipBlankLines, type LoadedData } from '../../src/data/load.js';
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
  expect(Array.isArray(d.columns.id), 'id stays text').toBe(true);
  expect(d.columns.id).toEqual(R.id);
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
  it('CSV (NA and empty fields both missing)', () => {
    expect(csvText).toMatch(/,NA,/);
    expect(csvText).toMatch(/,,|,$/m);
    expectPanel(loadData(csvPath));
  });

  it('TSV, by extension and by --format', () => {
    const tsv = csvText.replace(/,/g, '\t');
    expectPanel(loadData(write('panel.tsv', tsv)));
    expectPanel(loadData(write('panel.txt', tsv), 'tsv'));
  });

  const rowsOf = () => R.id.map((id, i) => ({ id, year: R.year[i], x: R.x[i], y: R.y[i], z: R.z[i] }));

  it('JSON rows', () => {
    expectPanel(loadData(write('rows.json', JSON.stringify(rowsOf()))));
  });

  it('JSON columns', () => {
    expectPanel(loadData(write('columns.json', JSON.stringify({ id: R.id, year: R.year, x: R.x, y: R.y, z: R.z }))));
  });

  it('Arrow IPC written by Arquero (integer year, nulls in numeric columns, dictionary-encoded text)', () => {
    const table = aq.table({ id: R.id, year: Int32Array.from(R.year), x: R.x, y: R.y, z: R.z });
    const bytes = aq.toArrowIPC(table);
    expectPanel(loadData(write('panel.arrow', bytes)));
    expectPanel(loadData(write('panel.bin', bytes), 'arrow'));
  });

  it('standard input (-), through the CLI', () => {
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

  it('empty, NA, ., NaN, null and NULL are missing, counted per column', () => {
    const d = loadData(write('missing.csv', text));
    expect(d.n).toBe(6);
    expect(d.missing).toEqual({ id: 0, num: 4, txt: 2, allna: 6, mixed: 0 });
  });

  it("a numeric column with 'NA' strings is numbers with NaN", () => {
    const d = loadData(write('missing.csv', text));
    expect(d.columns.num).toBeInstanceOf(Float64Array);
    expect(Array.from(d.columns.num as Float64Array)).toEqual([1, NaN, NaN, NaN, 2.5, NaN]);
    expect(Array.from(d.columns.allna as Float64Array)).toEqual(Array(6).fill(NaN));
  });

  it('a text column stays text with null for missing, and works as a fixed effect', () => {
    const d = loadData(write('missing.csv', text));
    expect(d.columns.txt).toEqual(['foo', 'bar', null, null, 'baz', 'qux']);
    expect(d.columns.mixed).toEqual(['1', '2', 'n/a', '4', '5', '6']);
    expect(d.columns.id).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('a text column used as a number is a clear error naming the row', () => {
    const d = loadData(write('missing.csv', text));
    expect(() => feols(d.columns, 'num ~ mixed')).toThrow(DataError);
    expect(() => feols(d.columns, 'num ~ mixed')).toThrow(/column 'mixed' .*not numeric: row 3 holds "n\/a"/);
  });

  it('the panel fixture used as a text fixed effect: the id column', () => {
    const d = loadData(csvPath);
    const fit = feols(d.columns, 'y ~ x | id');
    expect(fit.fixef).toEqual({ id: 12 });
  });
});

describe('file quirks', () => {
  it('a UTF-8 byte-order mark is not part of the first column name (CSV and JSON)', () => {
    const d = loadData(write('bom.csv', `\uFEFF${csvText}`));
    expect(Object.keys(d.columns)[0]).toBe('id');
    expectPanel(d);
    const j = loadData(write('bom.json', `\uFEFF${JSON.stringify({ id: ['a'], x: [1] })}`));
    expect(Object.keys(j.columns)).toEqual(['id', 'x']);
  });

  it('Windows line endings', () => {
    expectPanel(loadData(write('crlf.csv', csvText.replace(/\n/g, '\r\n'))));
  });

  it('blank lines (trailing or between records) are skipped, as R read.csv does; quoted ones are data', () => {
    const lines = csvText.trimEnd().split('\n');
    const withBlanks = [...lines.slice(0, 10), '', ...lines.slice(10), '', '  ', ''].join('\n');
    expectPanel(loadData(write('blank.csv', withBlanks)));
    expectPanel(loadData(write('blank-crlf.csv', withBlanks.replace(/\n/g, '\r\n'))));
    const quoted = loadData(write('quoted.csv', 'id,note\nA,"one\n\nthree"\nB,x\n\n'));
    expect(quoted.n).toBe(2);
    expect(quoted.columns.note).toEqual(['one\n\nthree', 'x']);
    // Files without blank lines pass through untouched (no copy of large inputs).
    expect(skipBlankLines(csvText)).toBe(csvText);
  });

  it('JSON rows with different keys: every key is a column, absent keys are missing', () => {
    const d = loadData(write('hetero.json', JSON.stringify([{ a: 1 }, { a: 2, b: 3 }, { b: 4, c: 'u' }])));
    expect(Object.keys(d.columns)).toEqual(['a', 'b', 'c']);
    expect(Array.from(d.columns.b as Float64Array)).toEqual([NaN, 3, 4]);
    expect(d.columns.c).toEqual([null, null, 'u']);
    expect(d.missing).toEqual({ a: 1, b: 1, c: 2 });
  });

  it('malformed JSON shapes are clear errors', () => {
    expect(() => loadData(write('ragged.json', JSON.stringify({ a: [1, 2], b: [1] })))).toThrow(/equal lengths: 'a' has 2 values but 'b' has 1/);
    expect(() => loadData(write('scalar.json', JSON.stringify({ a: 1 })))).toThrow(/columns must be arrays; 'a' is 1/);
    expect(() => loadData(write('arrays.json', JSON.stringify([[1, 2], [3, 4]])))).toThrow(/rows must be objects.*row 1/);
    expect(() => loadData(write('number.json', '42'))).toThrow(DataError);
    expect(() => loadData(write('broken.json', '[{"a": 1'))).toThrow(/cannot parse '.*broken\.json' as JSON/);
  });

  it('an unreadable path and an unknown format are clear errors', () => {
    expect(() => loadData(join(tmp, 'absent.csv'))).toThrow(/cannot read data from '.*absent\.csv'/);
    expect(() => loadData(csvPath, 'xlsx')).toThrow(OptionError);
    expect(() => loadData(csvPath, 'xlsx')).toThrow(/format must be one of 'csv', 'tsv', 'json', 'arrow'/);
  });
});

describe('hdfe fit --panel on the fixture panel against R', { timeout: CLI_TIMEOUT_MS }, () => {
  const CLI_CASES = ['cli_lag_center', 'moderation_lag_centred', 'lags12_twfe_cluster', 'ylag_cluster'];
  for (const name of CLI_CASES) {
    const c = fixture.cases.find((x: { name: string }) => x.name === name);
    it(`${c.formula}${c.options.cluster ? ` --cluster ${c.options.cluster.join(',')}` : ''}`, () => {
      const args = ['fit', csvPath, c.formula, '--panel', 'id,year', '--json'];
      if (c.options.cluster) args.push('--cluster', c.options.cluster.join(','));
      else args.push('--vcov', c.options.vcov);
      const out = hdfe(args);
      expect(out.stderr).toBe('');
      expect(out.status).toBe(0);
      const j = JSON.parse(out.stdout);
      const e = c.expected;
      expect(j.nobs).toBe(e.nobs);
      expect(j.dropped).toEqual(e.dropped);
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
