/**
 * Writing output files: atomically (a temporary name in the same directory, then a rename, so an interrupted
 * run never leaves a file that looks complete), and with one-line errors (OutputError) instead of Node's.
 */
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OutputError } from '../../errors.js';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'the file system is read-only',
  ENOENT: 'its directory does not exist', ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'it is a directory', ENOSPC: 'the disk is full', EDQUOT: 'the disk quota is exceeded',
  EEXIST: 'a file of that name is in the way', ENAMETOOLONG: 'the name is too long', EMFILE: 'too many open files',
};

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

/** Create `dir` (and its parents); an existing file in the way is an OutputError. */
export function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw outputError(err, dir) ?? err;
  }
  if (!statSync(dir).isDirectory()) throw new OutputError(`cannot write into '${dir}': it is a file, not a directory; give a directory`);
}

/**
 * Write every file under a temporary name first and rename them all at the end: a run stopped or failing
 * part-way leaves none of them (only its temporaries, removed on an error).
 * @example
 * writeFilesAtomic([['out/table.tex', tex], ['out/table.md', md]]);
 */
export function writeFilesAtomic(files: readonly (readonly [string, string | Uint8Array])[]): void {
  const temps: string[] = [];
  let current = '';
  try {
    for (const [path, data] of files) {
      current = path;
      if (isSpecial(path)) { temps.push(''); writeFileSync(path, data); continue; }
      const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
      temps.push(temp);
      writeFileSync(temp, data);
    }
    files.forEach(([path], i) => { current = path; if (temps[i]) renameSync(temps[i], path); });
  } catch (err) {
    for (const t of temps.filter(Boolean)) { try { rmSync(t, { force: true }); } catch { /* the directory itself may be unusable */ } }
    throw outputError(err, current) ?? err;
  }
}

/** One file, atomically (see writeFilesAtomic). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  writeFilesAtomic([[path, data]]);
}
