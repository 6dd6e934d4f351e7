/**
 * The columns a model reads, with their roles, from the formulas and options alone (src/data/select.ts), and
 * the CLI reading only those: a column it does not use may hold anything.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelColumns } from '../../src/data/select.js';

/** One Node start per run with the debug build. */
const CLI_TIMEOUT_MS = 60_000;
const cli = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

describe('modelColumns', () => {
  it('numbers for the outcome, regressors and weights; factors for fixed effects, i(), clusters and panel ids', () => {
    expect(modelColumns('log(y) ~ x + I(z^2) + i(year) | firm + state^year', { cluster: ['region'], weights: 'w' })).toEqual({
      y: 'number', x: 'number', z: 'number', year: 'factor', firm: 'factor', state: 'factor', region: 'factor', w: 'number',
    });
    expect(modelColumns('y ~ l(x, 1)', { panel: { id: 'firm', time: 'year' } })).toEqual({ y: 'number', x: 'number', firm: 'factor', year: 'number' });
  });

  it('a column used both ways is read as numbers; every alternative of several formulas counts', () => {
    expect(modelColumns(['y ~ year | firm', 'y ~ sw(a, b) | year'])).toEqual({ y: 'number', year: 'both', firm: 'factor', a: 'number', b: 'number' });
    expect(modelColumns('y ~ x', {}, { unit: 'factor', x: 'factor' })).toEqual({ y: 'number', x: 'both', unit: 'factor' });
  });

  it('a formula error is raised before any data is read', () => {
    expect(() => modelColumns('y ~ ~ x')).toThrow();
  });
});

describe('hdfe fit reads only the model\'s columns', { timeout: CLI_TIMEOUT_MS }, () => {
  it('a column the model does not use may hold text, ragged quoting or huge numbers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hdfe-select-'));
    const rows = ['y,junk,x,g,big'];
    for (let i = 0; i < 40; i++) rows.push(`${(i * 0.37) % 5 + i / 10},"free text, ${i}",${(i * 1.3) % 7},G${i % 4},1e${300 + i}`);
    const file = join(dir, 'data.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    const out = spawnSync(process.execPath, [cli, 'fit', file, 'y ~ x | g', '--json'], { encoding: 'utf8' });
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout).nobs).toBe(40);
    expect(Object.keys(JSON.parse(out.stdout).missing)).toEqual(['y', 'x', 'g']);
    const all = spawnSync(process.execPath, [cli, 'describe', file], { encoding: 'utf8' });
    expect(all.status).toBe(2);
    expect(all.stderr).toMatch(/column 'big', line 11: "1e309" is beyond the range of a double/);
  });

  it('standard input streams in blocks: a file of several blocks piped in gives the file\'s result', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hdfe-stdin-'));
    const rows = ['y,x,g,note'];
    for (let i = 0; i < 90_000; i++) rows.push(`${Math.sin(i) + (i % 7) / 3},${Math.cos(i * 1.7)},g${i % 97},"row ${i}, quoted"`);
    const text = rows.join('\n') + '\n';
    expect(text.length).toBeGreaterThan(2 * 2 * 1024 * 1024);
    const file = join(dir, 'big.csv');
    writeFileSync(file, text);
    const args = ['fit', 'y ~ x | g', '--json'];
    const fromFile = spawnSync(process.execPath, [cli, args[0], file, ...args.slice(1)], { encoding: 'utf8' });
    const fromStdin = spawnSync(process.execPath, [cli, args[0], '-', ...args.slice(1)], { encoding: 'utf8', input: text, maxBuffer: 1 << 26 });
    expect(fromStdin.stderr).toBe('');
    expect(fromStdin.status).toBe(0);
    expect(JSON.parse(fromStdin.stdout).nobs).toBe(90_000);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });
});
