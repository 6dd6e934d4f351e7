// Every command that writes files, against every way a write can fail: a missing directory, a file where a
// directory should be, read-only places (sysfs refuses with EACCES/EPERM, procfs with ENOENT: as root, chmod
// does not make a directory read-only), and a full disk (/dev/full, directly or through a symlink, gives
// ENOSPC). Each is one line on stderr and exit code 2, and leaves no temporary file behind.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { outputError } from '../../src/platform/node/output.js';

const SPAWN_TIMEOUT = 300_000; // a dozen Node starts per command on a loaded 2-core machine
const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');
const produc = join(root, 'tests/golden/data/produc.csv');
const did = join(root, 'tests/golden/fixest/base_did.csv');
const tmp = mkdtempSync(join(tmpdir(), 'hdfe-output-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const hdfe = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: tmp });

const HAS_SYSFS = existsSync('/sys/kernel');
const HAS_PROCFS = existsSync('/proc/self');
const HAS_FULL = existsSync('/dev/full');

/**
 * Exit code 2 and one error line on stderr, 'hdfe: cannot write ...', last, with no stack frame (a command
 * may have said what it computed before, as predict does: 'hdfe: 816 predictions').
 */
function expectOneLine(out: ReturnType<typeof hdfe>, pattern: RegExp, what: string): void {
  expect(out.status, `${what}: ${out.stderr}`).toBe(2);
  const lines = out.stderr.trimEnd().split('\n');
  expect(lines.every((l) => l.startsWith('hdfe: ')), `${what}: ${out.stderr}`).toBe(true);
  expect(lines.filter((l) => l.startsWith('hdfe: cannot write')), `${what}: ${out.stderr}`).toHaveLength(1);
  const last = lines[lines.length - 1];
  expect(last, what).toMatch(/^hdfe: cannot write /);
  expect(last, what).toMatch(pattern);
  expect(out.stdout, what).toBe('');
}

/** Temporaries anywhere under the test folder. */
const litter = () => readdirSync(tmp, { recursive: true }).map(String).filter((f) => f.endsWith('.tmp'));

/** The commands that write one file with --out FILE. */
const FILE_COMMANDS: Record<string, string[]> = {
  table: ['table', produc, 'gsp ~ pcap'],
  describe: ['describe', produc],
  index: ['index', 'resilience', join(root, 'data/province_panel.csv'), '--panel', 'province,year', '--exports', 'exports', '--national', 'national_exports'],
  predict: ['predict', produc, 'gsp ~ pcap | state'],
  coefplot: ['coefplot', did, 'y ~ x1 + i(time_to_treat, treat, ref = -1) | id + period'],
};

describe('--out FILE that cannot be written: one line, exit code 2', () => {
  writeFileSync(join(tmp, 'afile'), 'x');
  if (HAS_FULL) symlinkSync('/dev/full', join(tmp, 'full-link.out'));
  for (const [name, args] of Object.entries(FILE_COMMANDS)) {
    it(`hdfe ${name}`, () => {
      const write = (out: string) => hdfe([...args, '--out', out]);
      expectOneLine(write(join(tmp, 'missing', 'x.out')), /its directory does not exist \(ENOENT\)/, 'missing directory');
      expectOneLine(write(join(tmp, 'afile', 'x.out')), /a part of the path is a file, not a directory \(ENOTDIR\)/, 'a file in the path');
      expectOneLine(write(tmp), /it is a directory \(EISDIR\)/, 'a directory as the file');
      if (HAS_SYSFS) expectOneLine(write('/sys/kernel/hdfe-test.out'), /cannot write '\/sys\/kernel\/hdfe-test\.out': permission denied \(EACCES\)/, 'sysfs');
      if (HAS_PROCFS) expectOneLine(write('/proc/hdfe-test.out'), /cannot write '\/proc\/hdfe-test\.out'.*\(ENOENT\)/, 'procfs');
      if (HAS_FULL) {
        expectOneLine(write('/dev/full'), /cannot write '\/dev\/full': the disk is full \(ENOSPC\); free some space/, 'full disk');
        expectOneLine(write(join(tmp, 'full-link.out')), /full-link\.out': the disk is full \(ENOSPC\)/, 'full disk through a symlink');
      }
      expect(litter()).toEqual([]);
    }, SPAWN_TIMEOUT);
  }
});

describe('--out-dir DIR that cannot be written: one line, exit code 2, no file of the set', () => {
  const DIR_COMMANDS: Record<string, { args: string[]; first: string }> = {
    grid: { args: ['grid', produc, '--depvar', 'gsp', '--main', 'pcap', '--controls', 'unemp', '--no-svg'], first: 'rows.csv' },
    replicate: { args: ['replicate'], first: 'table1.md' },
  };
  for (const [name, { args, first }] of Object.entries(DIR_COMMANDS)) {
    it(`hdfe ${name}`, () => {
      const write = (dir: string) => hdfe([...args, '--out-dir', dir]);
      writeFileSync(join(tmp, 'afile'), 'x');
      expectOneLine(write(join(tmp, 'afile')), /is a file, not a directory/, '--out-dir pointing at a file');
      expectOneLine(write(join(tmp, 'afile', 'sub')), /is a file, not a directory/, 'a file in the path');
      if (HAS_SYSFS) {
        expectOneLine(write('/sys/kernel/hdfe-test-dir'), /permission denied \(EPERM\)/, 'a new folder in sysfs');
        expectOneLine(write('/sys/kernel'), /cannot write '\/sys\/kernel\/.*': permission denied \(EACCES\)/, 'an existing sysfs folder');
      }
      if (HAS_PROCFS) expectOneLine(write('/proc/hdfe-test-dir/sub'), /\(ENOENT\)/, 'procfs (Node\'s recursive mkdir loops for ever here)');
      if (HAS_FULL) {
        // The set's first file is a symlink to /dev/full: the disk is full when the set is written.
        const dir = join(tmp, `${name}-full`);
        mkdirSync(dir, { recursive: true });
        symlinkSync('/dev/full', join(dir, first));
        expectOneLine(write(dir), new RegExp(`${first.replace('.', '\\.')}': the disk is full \\(ENOSPC\\)`), 'full disk');
        expect(readdirSync(dir), 'no file of the set besides the symlink').toEqual([first]);
      }
      expect(litter()).toEqual([]);
    }, SPAWN_TIMEOUT);
  }
});

describe('the one-line messages', () => {
  it('name the path, the reason and the fix for every errno a write meets', () => {
    const err = (code: string) => Object.assign(new Error(`${code}: x`), { code });
    expect(outputError(err('EROFS'), 'out/t.tex')?.message).toBe("cannot write 'out/t.tex': the file system is read-only (EROFS); choose another output path (--out, --out-dir)");
    expect(outputError(err('EDQUOT'), 'o')?.message).toMatch(/the disk quota is exceeded \(EDQUOT\); free some space or write elsewhere/);
    expect(outputError(err('EIO'), 'o')?.message).toMatch(/an input\/output error \(EIO\)/);
    expect(outputError(new Error('not a file error'), 'o')).toBeNull();
  });
});
