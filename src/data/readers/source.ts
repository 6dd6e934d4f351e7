/**
 * Where a reader's bytes come from: a file or standard input read in blocks (Node), or bytes already in
 * memory (a browser File's ArrayBuffer, a test). The readers see only this interface.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { DataError } from '../../errors.js';

/** A sequential byte source. */
export interface ByteSource {
  /** How the source is named in messages: 'data.csv' (quoted) or standard input. */
  readonly where: string;
  /** Total bytes when known (files), for progress and for sizing the columns. */
  readonly size: number | undefined;
  /** Read up to `length` bytes into `into` at `offset`; 0 at the end. */
  read(into: Uint8Array, offset: number, length: number): number;
  close(): void;
}

/** Bytes in memory as a source. */
export function bytesSource(bytes: Uint8Array, where = 'the data'): ByteSource {
  let at = 0;
  return {
    where, size: bytes.length,
    read(into, offset, length) {
      const n = Math.min(length, bytes.length - at);
      into.set(bytes.subarray(at, at + n), offset);
      at += n;
      return n;
    },
    close() {},
  };
}

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
