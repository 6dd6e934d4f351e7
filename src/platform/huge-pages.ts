/**
 * Transparent huge pages for the typed arrays of a large job (Linux, glibc). V8 takes the memory of typed
 * arrays from glibc's malloc, whose large blocks are fresh mappings touched 4 KiB page by page; on the VMs this
 * project runs on a page fault costs about 11 us, so first writing the columns of a 10^7-row file took seconds
 * (80 MB in 0.23 s). With `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`, glibc asks the kernel for huge pages on those
 * mappings (madvise), and the same 80 MB take 0.06 s. The tunable is read when the process starts, so the CLI
 * runs itself again with it: one more Node start (0.13-0.16 s measured), worth it only for a large data file (at
 * 10^6 rows, 127 MB, the two cancel out).
 * HDFE_HUGEPAGES=0 turns this off, =1 forces it (for tests).
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';

/** Data files at least this large run with huge pages. */
export const HUGE_PAGES_MIN_BYTES = 256 * 1024 * 1024;
const TUNABLE = 'glibc.malloc.hugetlb=1';

/**
 * Should `hdfe <command> <file> ...` run again with the tunable? Only on Linux, only when it is not set yet,
 * and only for a data file (not standard input) of at least `HUGE_PAGES_MIN_BYTES`, unless forced.
 * @example
 * wantsHugePages(['fit', 'big.csv', 'y ~ x'], {}, 'linux', () => 1e9); // true
 */
export function wantsHugePages(argv: readonly string[], env: NodeJS.ProcessEnv, platform: string,
  sizeOf: (path: string) => number): boolean {
  if (platform !== 'linux' || env.HDFE_HUGEPAGES === '0' || (env.GLIBC_TUNABLES ?? '').includes('glibc.malloc.hugetlb')) return false;
  const file = argv[1];
  if (!file || file === '-' || file.startsWith('-')) return false;
  if (env.HDFE_HUGEPAGES === '1') return true;
  try {
    return sizeOf(file) >= HUGE_PAGES_MIN_BYTES;
  } catch {
    return false;
  }
}

/**
 * Run this CLI again with huge pages when `wantsHugePages`; resolves with the child's exit code, or with null
 * to go on in this process (the child could not be started); null at once when there is no need. SIGINT,
 * SIGTERM and SIGHUP sent to this process are passed on to the child (a job control or test harness may
 * signal only this one), and a child ended by a signal ends this process by the same signal.
 */
export function relaunchWithHugePages(argv: readonly string[]): Promise<number | null> | null {
  if (!wantsHugePages(argv, process.env, process.platform, (path) => statSync(path).size)) return null;
  const tunables = [process.env.GLIBC_TUNABLES, TUNABLE].filter(Boolean).join(':');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...argv],
      { stdio: 'inherit', env: { ...process.env, GLIBC_TUNABLES: tunables } });
    const forward = (signal: NodeJS.Signals) => { child.kill(signal); };
    const stopForwarding = () => { for (const s of FORWARDED) process.off(s, forward); };
    for (const s of FORWARDED) process.on(s, forward);
    child.once('error', () => { stopForwarding(); resolve(null); });
    child.once('exit', (code, signal) => {
      stopForwarding();
      if (signal) process.kill(process.pid, signal);
      resolve(code ?? 1);
    });
  });
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
