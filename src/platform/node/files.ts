/**
 * Node's file access for the readers: a file or standard input read in blocks (the whole file is never held
 * at once), a byte range of a file for a parallel read, and a whole file's bytes for the columnar formats.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { DataError } from '../../errors.js';
import type { ByteSource } from '../../data/readers/source.js';

const pause = new Int32Array(new SharedArrayBuffer(4));

/** A file, or standard input for '-', read in blocks: the whole file is never held at once. */
export function fileSource(path: string): ByteSource {
  const stdin = path === '-';
  const where = stdin ? 'standard input' : `'${path}'`;
  let fd: number;
  let size: number | undefined;
  try {
    fd = stdin ? 0 : openSync(path, 'r');
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new Error('it is a directory');
    size = stat.isFile() ? stat.size : undefined;
  } catch (err) {
    throw new DataError(`cannot read data from ${where}: ${(err as Error).message}`);
  }
  return {
    where, size,
    read(into, offset, length) {
      for (;;) {
        try {
          return readSync(fd, into, offset, length, null);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          // A non-blocking pipe or terminal with nothing yet: wait briefly and read again.
          if (code === 'EAGAIN') { Atomics.wait(pause, 0, 0, 5); continue; }
          if (code === 'EOF') return 0;
          throw new DataError(`cannot read data from ${where}: ${(err as Error).message}`);
        }
      }
    },
    close() { if (!stdin) closeSync(fd); },
  };
}

/**
 * Bytes [start, end) of a file, after `prefix` (a header line, so a chunk of a parallel read parses like a
 * whole file).
 */
export function fileRangeSource(path: string, start: number, end: number, prefix: Uint8Array): ByteSource {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new DataError(`cannot read data from '${path}': ${(err as Error).message}`);
  }
  let at = start;
  let head = 0;
  return {
    where: `'${path}'`, size: prefix.length + end - start,
    read(into, offset, length) {
      if (head < prefix.length) {
        const n = Math.min(length, prefix.length - head);
        into.set(prefix.subarray(head, head + n), offset);
        head += n;
        return n;
      }
      const n = readSync(fd, into, offset, Math.min(length, end - at), at);
      at += n;
      return n;
    },
    close() { closeSync(fd); },
  };
}

/** A whole file's bytes (or standard input's, for '-'), for the formats read whole (JSON, Arrow, Parquet). */
export function readFileBytes(path: string, format: string): Uint8Array {
  const where = path === '-' ? 'standard input' : `'${path}'`;
  try {
    return readFileSync(path === '-' ? 0 : path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_FS_FILE_TOO_LARGE') {
      throw new DataError(`${where} is over the 2 GiB that one read can hold, and ${format.toUpperCase()} and JSON files are read whole; ` +
        'write it with only the columns the model needs or in parts, or use CSV (read in blocks, any size)');
    }
    throw new DataError(`cannot read data from ${where}: ${(err as Error).message}`);
  }
}
