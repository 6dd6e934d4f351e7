/**
 * Where a reader's bytes come from: a file or standard input read in blocks (Node:
 * src/platform/node/files.ts), or bytes already in memory (a browser File's ArrayBuffer, a fetched URL, a
 * test). The readers see only this interface.
 */

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
