/**
 * `hdfe fit --fixef`, `hdfe predict` and `hdfe coefplot` end to end through the built CLI, against fixest
 * 0.12.2 (tests/golden/fixest/formula_*.json), and their one-line errors with exit code 2.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectAllClose } from '../helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = `${root}dist/src/cli/main.js`;
const golden = `${root}tests/golden/fixest/`;
const grunfeld = `${golden}grunfeld.csv`;
const ref = JSON.parse(readFileSync(`${golden}formula_grunfeld_fixef_predict.json`, 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'hdfe-predict-'));
const lines = readFileSync(grunfeld, 'utf8').trim().split('\n');
const first10 = join(dir, 'first10.csv');
writeFileSync(first10, lines.slice(0, 11).join('\n') + '\n');
const TIMEOUT = 60_000;

function hdfe(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
}

/** A failure is one line on stderr and exit code 2. */
function expectOneLineError(out: ReturnType<typeof hdfe>, fragment: RegExp): void {
  expect(out.status).toBe(2);
  expect(out.stderr.trim().split('\n')).toHaveLength(1);
  expect(out.stderr).toMatch(fragment);
  expect(out.stderr).not.toMatch(/at .*\.js:\d+/);
}

describe('hdfe fit --fixef', () => {
  it('--json adds fixef_values {fe: {level: value}} as fixest normalises them', () => {
    const out = hdfe(['fit', grunfeld, 'inv ~ value + capital | firm + year', '--fixef', '--json', '--singletons', 'keep']);
    expect(out.status).toBe(0);
    const j = JSON.parse(out.stdout);
    for (const [fe, block] of Object.entries<{ levels: string[]; values: number[] }>(ref.fixef_values)) {
      expectAllClose(block.levels.map((l) => j.fixef_values[fe][l]), block.values, fe);
    }
  }, TIMEOUT);

  it('prints the values under the summary without --json', () => {
    const out = hdfe(['fit', grunfeld, 'inv ~ value | firm[[capital]] + year', '--fixef']);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/Fixed effects \(fixest's normalisation\):\n/);
    expect(out.stdout).toMatch(/\nfirm\[\[capital\]\]:\n {2}1 +0\.37038/);
    expect(out.stdout).toMatch(/\nVarying slopes: firm\[\[capital\]\]: 10\n/);
  }, TIMEOUT);
});

describe('hdfe predict', () => {
  it('writes one prediction per row of --newdata (fixest predict(m, newdata)), with --keep ids', () => {
    const out = hdfe(['predict', grunfeld, 'inv ~ value + capital | firm + year', '--newdata', first10, '--keep', 'firm,year']);
    expect(out.status).toBe(0);
    const rows = out.stdout.trim().split('\n');
    expect(rows[0]).toBe('firm,year,prediction');
    expect(rows[1].startsWith('1,1935,')).toBe(true);
    expectAllClose(rows.slice(1).map((r) => Number(r.split(',')[2])), ref.predict_newdata_first10, 'prediction');
    expect(out.stderr).toBe('hdfe: 10 predictions\n');
  }, TIMEOUT);

  it('without --newdata predicts the data; --output-format json and --out', () => {
    const file = join(dir, 'p.json');
    const out = hdfe(['predict', grunfeld, 'inv ~ value + capital | firm + year', '--output-format', 'json', '--out', file]);
    expect(out.status).toBe(0);
    const j = JSON.parse(readFileSync(file, 'utf8'));
    expect(j.n).toBe(200);
    expectAllClose(j.predictions.slice(0, 10), ref.predict_first10, 'prediction');
  }, TIMEOUT);

  it('unseen fixed-effect levels: NA, counted on stderr and in JSON', () => {
    const unseen = join(dir, 'unseen.csv');
    writeFileSync(unseen, [lines[0], lines[1].replace(/^1,/, '77,'), lines[2]].join('\n') + '\n');
    const out = hdfe(['predict', grunfeld, 'inv ~ value + capital | firm + year', '--newdata', unseen]);
    expect(out.status).toBe(0);
    expect(out.stdout.trim().split('\n')[1]).toBe('NA');
    expect(out.stderr).toBe('hdfe: 2 rows, 1 without a prediction (NA; fixed-effect levels not in the fit: firm 1)\n');
    const j = JSON.parse(hdfe(['predict', grunfeld, 'inv ~ value + capital | firm + year', '--newdata', unseen, '--output-format', 'json']).stdout);
    expect(j.unseen).toEqual({ firm: 1 });
    expect(j.predictions[0]).toBeNull();
  }, TIMEOUT);

  it('--newdata missing a column the model needs: one line, exit 2', () => {
    const noCapital = join(dir, 'nocap.csv');
    writeFileSync(noCapital, lines.slice(0, 5).map((l) => l.split(',').slice(0, 4).join(',')).join('\n') + '\n');
    expectOneLineError(hdfe(['predict', grunfeld, 'inv ~ value + capital | firm + year', '--newdata', noCapital]),
      /--newdata .*nocap\.csv: unknown column 'capital'.*the new data need every regressor and fixed effect/);
  }, TIMEOUT);

  it('--help lists the options; a bad --output-format is a usage error', () => {
    expect(hdfe(['predict', '--help']).stdout).toMatch(/--newdata FILE[\s\S]*--keep a\[,b\][\s\S]*--output-format csv\|json/);
    expectOneLineError(hdfe(['predict', grunfeld, 'inv ~ value | firm', '--output-format', 'xml']), /--output-format takes csv or json; got 'xml'/);
  }, TIMEOUT);
});

describe('hdfe coefplot', () => {
  it('draws an event study: every level on the axis, the reference marked', () => {
    const file = join(dir, 'es.svg');
    const out = hdfe(['coefplot', `${golden}base_did.csv`, 'y ~ x1 + i(time_to_treat, treat, ref = -1) | id + period', '--cluster', 'id', '--out', file]);
    expect(out.status).toBe(0);
    expect(out.stderr).toBe('');
    const svg = readFileSync(file, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    for (const level of ['-5', '-4', '-3', '-2', '-1', '0', '1', '2', '3', '4']) expect(texts).toContain(level);
    expect(texts).toContain('reference');
    expect(texts).toContain('estimate (95% CI)');
  }, TIMEOUT);

  it('a model without i() terms or an unknown --term: one line, exit 2', () => {
    expectOneLineError(hdfe(['coefplot', grunfeld, 'inv ~ value | firm']), /has no i\(\) term to plot/);
    expectOneLineError(hdfe(['coefplot', `${golden}base_did.csv`, 'y ~ i(period, treat, ref = 5) | id', '--term', 'year']),
      /--term 'year' is not an i\(\) term of the model; its i\(\) terms are i\(period,treat,ref=5\)/);
  }, TIMEOUT);
});

describe('bad input of i() and fe[x]', () => {
  it('i() on a measurement (fractional numbers): one line, exit 2', () => {
    expectOneLineError(hdfe(['fit', `${golden}iris.csv`, 'sepal_length ~ i(petal_width)']),
      /i\(petal_width\): i\(\) expands a factor .* write i\(group, petal_width\)/);
  }, TIMEOUT);

  it('an unknown reference level: one line naming the levels, exit 2', () => {
    expectOneLineError(hdfe(['fit', `${golden}base_did.csv`, 'y ~ i(period, treat, ref = 99) | id']),
      /reference level '99' is not a level of 'period'; its levels are 1, 2, 3/);
  }, TIMEOUT);

  it('fe[x] with x not numeric: one line, exit 2', () => {
    expectOneLineError(hdfe(['fit', `${golden}iris.csv`, 'sepal_length ~ petal_length | species[species]']),
      /column 'species' is used as a number but line 2 holds "setosa"/);
  }, TIMEOUT);
});
