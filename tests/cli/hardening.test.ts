// The command line under bad input and failing output: one line on stderr and exit code 2, never a stack
// trace; --version, bare `hdfe`, option suggestions, clamped workers, a closed pipe.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFilesAtomic } from '../../src/platform/node/output.js';
import { OutputError } from '../../src/errors.js';

const SPAWN_TIMEOUT = 120_000; // process start-up on a loaded 2-core machine
const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');
const produc = join(root, 'tests/golden/data/produc.csv');
const hdfe = (args: string[], input?: string) => spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', cwd: root });
const tmp = mkdtempSync(join(tmpdir(), 'hdfe-harden-'));

/** Exit code 2 and exactly one line on stderr, starting 'hdfe: ', with no stack frame. */
function expectOneLine(out: ReturnType<typeof hdfe>, pattern: RegExp): void {
  expect(out.status, out.stderr).toBe(2);
  const lines = out.stderr.trimEnd().split('\n');
  expect(lines, out.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^hdfe: /);
  expect(lines[0]).not.toMatch(/\n\s+at /);
  expect(lines[0]).toMatch(pattern);
}

describe('hdfe entry points', () => {
  it('--version prints the package version; bare hdfe prints help and exits 0', () => {
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;
    const v = hdfe(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(`hdfe ${version}`);
    const bare = hdfe([]);
    expect(bare.status).toBe(0);
    expect(bare.stdout).toMatch(/hdfe <command>/);
    expect(bare.stdout).toMatch(/--version/);
  }, SPAWN_TIMEOUT);

  it('a misspelt option suggests the right one', () => {
    expectOneLine(hdfe(['fit', produc, 'gsp ~ pcap', '--clsuter', 'state']), /unknown option '--clsuter'; did you mean '--cluster'\?/);
    expectOneLine(hdfe(['grid', produc, '--depvar', 'gsp', '--mian', 'pcap']), /did you mean '--main'\?/);
  }, SPAWN_TIMEOUT);

  it('a negative count says what a valid value is', () => {
    expectOneLine(hdfe(['boot', produc, 'gsp ~ pcap', '--param', 'pcap', '--cluster', 'state', '--reps', '-5']), /--reps takes an integer >= 1; got '-5'/);
    expectOneLine(hdfe(['permute', produc, 'gsp ~ pcap', '--param', 'pcap', '--permute', 'pcap', '--reps', '-5']), /--reps.*>= 1.*-5/);
  }, SPAWN_TIMEOUT);

  it('one name per option: --weights is the observation-weight column in boot too', () => {
    expectOneLine(hdfe(['boot', produc, 'gsp ~ pcap', '--param', 'pcap', '--cluster', 'state', '--weights', 'webb']), /use --wild-weights webb/);
    expectOneLine(hdfe(['boot', produc, 'gsp ~ pcap', '--param', 'pcap', '--cluster', 'state', '--obs-weights', 'emp']), /--obs-weights is now --weights/);
  }, SPAWN_TIMEOUT);

  it('--workers above the cores is clamped with a note', () => {
    const out = hdfe(['permute', produc, 'gsp ~ pcap', '--param', 'pcap', '--permute', 'pcap', '--reps', '40', '--workers', '1000']);
    expect(out.status, out.stderr).toBe(0);
    const cores = availableParallelism();
    expect(out.stderr).toContain(`hdfe: note: workers = 1000 is more than the ${cores} available cores; using ${cores}`);
    expect(out.stderr.match(/note: workers/g)).toHaveLength(1);
  }, SPAWN_TIMEOUT);
});

describe('tables and p-values as printed', () => {
  it('hdfe table says which standard errors it shows', () => {
    const out = hdfe(['table', produc, 'gsp ~ pcap', 'gsp ~ pcap | state', '--cluster', 'state']);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toContain('Standard errors: Clustered by state.');
    expect(out.stdout).toMatch(/Adj\. R²/);
  }, SPAWN_TIMEOUT);

  it('a permutation p of 0 from B draws prints as < 1/B', () => {
    const out = hdfe(['permute', produc, 'gsp ~ pcap', '--param', 'pcap', '--permute', 'pcap', '--reps', '200', '--workers', '1']);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/p-value \(two-sided, \|T\*\| >= \|T\|\): < 0\.005/);
  }, SPAWN_TIMEOUT);
});

describe('tables for a journal', () => {
  it('hdfe table --output-format latex --siunitx: S columns and \\sym stars; --siunitx elsewhere is a usage error', () => {
    const out = hdfe(['table', produc, 'gsp ~ pcap + unemp', 'gsp ~ pcap | state', '--cluster', 'state', '--output-format', 'latex', '--siunitx']);
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/\\begin\{tabular\}\{lS\[table-format=-4\.4,.*\]S\[table-format=3\.4,/);
    expect(out.stdout).toMatch(/^pcap & 2\.4551\\sym\{\*\*\*\} & 2\.8494\\sym\{\*\*\*\} \\\\$/m);
    expect(out.stdout).toMatch(/^ & \{\(\}0\.1804\{\)\} & \{\(\}0\.5708\{\)\} \\\\$/m);
    expect(out.stdout).toContain('Standard errors: Clustered by state.');
    expectOneLine(hdfe(['table', produc, 'gsp ~ pcap', '--siunitx']), /--siunitx applies to --output-format latex; got --output-format text/);
  }, SPAWN_TIMEOUT);
});

describe('one name for each option across commands; old names still work with a note', () => {
  const note = (out: ReturnType<typeof hdfe>, old: string, now: string) => {
    expect(out.status, out.stderr).toBe(0);
    expect(out.stderr.trim().split('\n').filter((l) => l.includes('note:'))).toEqual([`hdfe: note: ${old} is now ${now} (one name in every command); the old name${old.includes(' ') ? 's' : ''} will be removed`]);
  };
  it('mtest and explain-se take --param (as boot and permute); --terms and --term are old names', () => {
    const mtest = ['mtest', produc, 'gsp ~ pcap + unemp', '--cluster', 'state', '--reps', '99', '--workers', '1', '--json'];
    const now = hdfe([...mtest, '--param', 'pcap,unemp']);
    expect(now.status, now.stderr).toBe(0);
    const old = hdfe([...mtest, '--terms', 'pcap,unemp']);
    note(old, '--terms', '--param');
    expect(old.stdout).toBe(now.stdout);
    expectOneLine(hdfe([...mtest, '--terms', 'pcap', '--param', 'pcap']), /--terms is the old name of --param; give only --param/);
    const explain = ['explain-se', produc, 'gsp ~ pcap + unemp', '--cluster', 'state', '--to', 'plm', '--json'];
    const e = hdfe([...explain, '--term', 'unemp']);
    note(e, '--term', '--param');
    expect(e.stdout).toBe(hdfe([...explain, '--param', 'unemp']).stdout);
    expect(JSON.parse(e.stdout).term).toBe('unemp');
  }, SPAWN_TIMEOUT);

  it('index takes --panel id,time (as every command); --id --time are old names', () => {
    const index = ['index', 'resilience', join(root, 'data/province_panel.csv'), '--exports', 'exports', '--national', 'national_exports'];
    const now = hdfe([...index, '--panel', 'province,year']);
    expect(now.status, now.stderr).toBe(0);
    const old = hdfe([...index, '--id', 'province', '--time', 'year']);
    note(old, '--id COL --time COL', '--panel id,time');
    expect(old.stdout).toBe(now.stdout);
  }, SPAWN_TIMEOUT);

  it('replicate writes to --out-dir (as grid); --out is its old name', () => {
    const help = hdfe(['replicate', '--help']).stdout;
    expect(help).toMatch(/--out-dir DIR/);
    expect(help).not.toMatch(/--out DIR/);
    writeFileSync(join(tmp, 'replicate-here'), 'a file');
    const old = hdfe(['replicate', '--out', join(tmp, 'replicate-here')]);
    expect(old.stderr).toMatch(/^hdfe: note: --out is now --out-dir \(one name in every command\); the old name will be removed\nhdfe: cannot write into .*replicate-here.*is a file, not a directory/);
    expect(old.status).toBe(2);
  }, SPAWN_TIMEOUT);
});

describe('input that is not a table', () => {
  it('empty file, empty stdin, header only, binary bytes', () => {
    writeFileSync(join(tmp, 'empty.csv'), '');
    writeFileSync(join(tmp, 'header.csv'), 'y,x\n');
    writeFileSync(join(tmp, 'binary.csv'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0x89, 0xff, 10, 1, 2, 3]));
    expectOneLine(hdfe(['fit', join(tmp, 'empty.csv'), 'y ~ x']), /is empty: expected a header line/);
    expectOneLine(hdfe(['fit', '-', 'y ~ x'], ''), /standard input is empty: expected a header line/);
    expectOneLine(hdfe(['fit', join(tmp, 'header.csv'), 'y ~ x']), /the data have no rows/);
    expectOneLine(hdfe(['fit', join(tmp, 'binary.csv'), 'y ~ x']), /holds binary data \(a zero byte at byte 8\), not delimited text/);
    expectOneLine(hdfe(['describe', join(tmp, 'binary.csv')]), /holds binary data/);
  }, SPAWN_TIMEOUT);
});

describe('degenerate fits on the command line', () => {
  it('a perfect fit: a warning line on stderr, a warnings array in --json, no stars', () => {
    const rows = Array.from({ length: 20 }, (_, i) => `${3 + 2 * i},${i},${(i * 7) % 5}`);
    writeFileSync(join(tmp, 'perfect.csv'), `y,x,z\n${rows.join('\n')}\n`);
    const text = hdfe(['fit', join(tmp, 'perfect.csv'), 'y ~ x + z']);
    expect(text.status).toBe(0);
    expect(text.stderr).toMatch(/^hdfe: warning: essentially perfect fit/);
    expect(text.stdout).not.toMatch(/\*/);
    const json = JSON.parse(hdfe(['fit', join(tmp, 'perfect.csv'), 'y ~ x + z', '--json']).stdout);
    expect(json.warnings[0]).toMatch(/^essentially perfect fit/);
    expectOneLine(hdfe(['fit', produc, 'gsp ~ gsp + pcap']), /the outcome 'gsp' is also a regressor/);
  }, SPAWN_TIMEOUT);
});

describe('output that cannot be written', () => {
  it('a missing directory, a file in the path, a directory as the file, a full disk: one line, exit 2', () => {
    writeFileSync(join(tmp, 'afile'), 'x');
    mkdirSync(join(tmp, 'adir'), { recursive: true });
    const table = (out: string) => hdfe(['table', produc, 'gsp ~ pcap', '--out', out]);
    expectOneLine(table(join(tmp, 'missing', 'x.tex')), /cannot write '.*x\.tex': its directory does not exist \(ENOENT\)/);
    expectOneLine(table(join(tmp, 'afile', 'x.tex')), /a part of the path is a file, not a directory \(ENOTDIR\)/);
    expectOneLine(table(join(tmp, 'adir')), /it is a directory \(EISDIR\)/);
    if (existsSync('/dev/full')) expectOneLine(table('/dev/full'), /cannot write '\/dev\/full': the disk is full \(ENOSPC\)/);
    expectOneLine(hdfe(['grid', produc, '--depvar', 'gsp', '--main', 'pcap', '--controls', 'unemp', '--out-dir', join(tmp, 'afile')]), /afile/);
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, SPAWN_TIMEOUT);

  it('a closed pipe (hdfe ... | head -c 10) ends quietly with status 0', () => {
    // Over 100 kB of JSON, more than a pipe holds, so the write meets the closed pipe.
    const sh = spawnSync('bash', ['-c', `"${process.execPath}" "${cli}" fit "${produc}" 'gsp ~ i(state) + i(year)' --json | head -c 10 >/dev/null; echo "status=\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(sh.stdout.trim()).toBe('status=0');
    expect(sh.stderr).toBe('');
  }, SPAWN_TIMEOUT);
});

describe('atomic writes', () => {
  it('a set of files appears whole or not at all: a failing file leaves none and no temporaries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hdfe-atomic-'));
    await expect(writeFilesAtomic([[join(dir, 'a.csv'), 'a'], [join(dir, 'no', 'b.csv'), 'b']])).rejects.toThrow(OutputError);
    expect(readdirSync(dir)).toEqual([]);
    await writeFilesAtomic([[join(dir, 'a.csv'), 'a'], [join(dir, 'b.csv'), 'b']]);
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'b.csv']);
    await writeFilesAtomic([[join(dir, 'a.csv'), 'new']]);
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('new');
  });
});
