/**
 * The CLI runs itself again with glibc's huge-page tunable for a large data file: the decision (in process),
 * and the relaunched run's output, errors and exit codes being the same as a plain run's (real processes).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HUGE_PAGES_MIN_BYTES, wantsHugePages } from '../../src/platform/huge-pages.js';

/** Two Node starts per run with the debug build: generous on a busy machine. */
const CLI_TIMEOUT_MS = 60_000;
const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = `${root}dist/src/cli/main.js`;
const panel = `${root}tests/golden/panel/panel.csv`;

describe('wantsHugePages', () => {
  const big = () => HUGE_PAGES_MIN_BYTES;
  const small = () => HUGE_PAGES_MIN_BYTES - 1;
  it('a large data file on Linux, and nothing else', () => {
    expect(wantsHugePages(['fit', 'big.csv', 'y ~ x'], {}, 'linux', big)).toBe(true);
    expect(wantsHugePages(['fit', 'small.csv', 'y ~ x'], {}, 'linux', small)).toBe(false);
    expect(wantsHugePages(['fit', 'big.csv', 'y ~ x'], {}, 'darwin', big)).toBe(false);
    expect(wantsHugePages(['fit', '-', 'y ~ x'], {}, 'linux', big)).toBe(false);
    expect(wantsHugePages(['fit', '--help'], {}, 'linux', big)).toBe(false);
    expect(wantsHugePages(['--help'], {}, 'linux', big)).toBe(false);
    expect(wantsHugePages(['fit', 'absent.csv'], {}, 'linux', () => { throw new Error('ENOENT'); })).toBe(false);
  });

  it('never twice, and the environment can turn it off or force it', () => {
    expect(wantsHugePages(['fit', 'big.csv'], { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' }, 'linux', big)).toBe(false);
    expect(wantsHugePages(['fit', 'big.csv'], { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, 'linux', big)).toBe(true);
    expect(wantsHugePages(['fit', 'big.csv'], { HDFE_HUGEPAGES: '0' }, 'linux', big)).toBe(false);
    expect(wantsHugePages(['fit', 'small.csv'], { HDFE_HUGEPAGES: '1' }, 'linux', small)).toBe(true);
  });
});

describe('a relaunched run', { timeout: CLI_TIMEOUT_MS }, () => {
  const run = (flag: string, args: string[]) =>
    spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, HDFE_HUGEPAGES: flag } });

  it('prints the same result, and errors with the same line and exit code', () => {
    const args = ['fit', panel, 'y ~ x | id', '--json'];
    const plain = run('0', args);
    const relaunched = run('1', args);
    expect(plain.status).toBe(0);
    expect(relaunched.status).toBe(0);
    expect(relaunched.stdout).toBe(plain.stdout);
    const bad = ['fit', panel, 'y ~ nosuch | id'];
    expect(run('1', bad).status).toBe(2);
    expect(run('1', bad).stderr).toBe(run('0', bad).stderr);
  });
});
