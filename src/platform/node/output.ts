/**
 * Writing output files: atomically (a temporary name in the same directory, then a rename, so an interrupted
 * run never leaves a file that looks complete), and with one-line errors (OutputError) instead of Node's.
 * The data go out asynchronously, so a signal (Ctrl-C, SIGTERM, a closed terminal) is handled while a large
 * file is being written: the temporaries are removed and the process ends by that signal.
 */
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { OutputError } from '../../errors.js';
import { trace } from './trace.js';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'the file system is read-only',
  ENOENT: 'its directory does not exist', ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'it is a directory', ENOSPC: 'the disk is full', EDQUOT: 'the disk quota is exceeded',
  EEXIST: 'a file of that name is in the way', ENAMETOOLONG: 'the name is too long', EMFILE: 'too many open files',
  EIO: 'an input/output error', EFBIG: 'the file is too large for the file system',
};

/** Signals whose default action would end the process in the middle of a write. */
const STOPS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Node's error for a file operation, as one line: what could not be written, why, and what to do. */
export function outputError(err: unknown, path: string): OutputError | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return null;
  const fix = code === 'ENOSPC' || code === 'EDQUOT' ? 'free some space or write elsewhere' : 'choose another output path (--out, --out-dir)';
  return new OutputError(`cannot write '${path}': ${REASONS[code] ?? (err as Error).message} (${code}); ${fix}`);
}

/** A device, pipe or socket (/dev/stdout, a FIFO) is written in place: renaming over it would replace it. */
function isSpecial(path: string): boolean {
  try {
    const st = statSync(path);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
}

/**
 * Create `dir` and its missing parents; an existing file in the way is an OutputError. Not Node's
 * `recursive: true`, which loops for ever where mkdir answers ENOENT under an existing directory (/proc).
 */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    let isDir: boolean | null = null;
    try { isDir = statSync(d).isDirectory(); } catch { /* absent, or not reachable: try to create it */ }
    if (isDir === false) throw new OutputError(`cannot write into '${dir}': '${d}' is a file, not a directory; give a directory`);
    if (isDir) break;
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && statSync(d).isDirectory()) continue;
      throw outputError(err, dir) ?? err;
    }
  }
}

function removeAll(temps: readonly string[]): void {
  for (const t of temps) {
    if (t) try { rmSync(t, { force: true }); } catch { /* the directory itself may be unusable */ }
  }
}

/**
 * Write every file under a temporary name first and rename them all at the end: a run stopped or failing
 * part-way leaves none of them and none of its temporaries. On SIGINT, SIGTERM or SIGHUP during the write
 * the temporaries are removed; with no other listener for that signal the process then ends by it, as it
 * would have without this one; with another listener (a host program's), the write rejects instead.
 * @example
 * await writeFilesAtomic([['out/table.tex', tex], ['out/table.md', md]]);
 */
export async function writeFilesAtomic(files: readonly (readonly [string, string | Uint8Array])[]): Promise<void> {
  const temps: string[] = [];
  let current = '';
  let stopped: NodeJS.Signals | null = null;
  const onStop = (signal: NodeJS.Signals) => {
    stopped = signal;
    removeAll(temps);
    for (const s of STOPS) process.off(s, onStop);
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  for (const s of STOPS) process.on(s, onStop);
  trace('write');
  try {
    for (const [path, data] of files) {
      current = path;
      if (stopped) break;
      if (isSpecial(path)) { temps.push(''); await writeFile(path, data); continue; }
      const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
      temps.push(temp);
      await writeFile(temp, data);
    }
    if (stopped) throw new OutputError(`writing '${current}' was stopped by ${stopped}; no file of the set was written`);
    files.forEach(([path], i) => { current = path; if (temps[i]) renameSync(temps[i], path); });
  } catch (err) {
    removeAll(temps);
    throw outputError(err, current) ?? err;
  } finally {
    for (const s of STOPS) process.off(s, onStop);
  }
}

/** One file, atomically (see writeFilesAtomic). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await writeFilesAtomic([[path, data]]);
}
