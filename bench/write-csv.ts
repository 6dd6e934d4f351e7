/**
 * Writes the benchmark design (bench/generate.ts) as CSV, for the CSV parser comparison (bench/parsers.ts).
 * Usage: node dist/bench/write-csv.js N OUT.csv   (N may be written 1e6)
 * Header y,x1,x2,x3,x4,x5,fe1,fe2; numbers as String(x) (the shortest text that reads back to the same double),
 * fe1 and fe2 as integers. Rows go out in blocks through one file descriptor, so n = 1e7 (about 1.2 GB of text)
 * never becomes one string, which V8 caps at 512 MB. The file appears under its name only once complete.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { generate } from './generate.js';

const NAMES = ['y', 'x1', 'x2', 'x3', 'x4', 'x5', 'fe1', 'fe2'] as const;
const BLOCK_ROWS = 50_000; // about 6 MB of text per write

/** Writes n rows of the design to `path`, through `path + '.partial'` renamed at the end. Returns bytes written. */
export function writeBenchCsv(n: number, path: string): number {
  const { columns } = generate(n);
  return writeColumnsCsv(path, NAMES, NAMES.map((name) => columns[name]));
}

/** Writes named columns of equal length as CSV, through `path + '.partial'` renamed at the end. Returns bytes written. */
export function writeColumnsCsv(path: string, names: readonly string[], cols: readonly ArrayLike<number>[]): number {
  const n = cols[0].length;
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  let bytes = 0;
  try {
    bytes += writeSync(fd, `${names.join(',')}\n`);
    for (let start = 0; start < n; start += BLOCK_ROWS) {
      const end = Math.min(n, start + BLOCK_ROWS);
      const lines: string[] = new Array(end - start);
      for (let i = start; i < end; i++) {
        // Interpolation is String(x): shortest round-trip for doubles, plain integers for the codes.
        let line = `${cols[0][i]}`;
        for (let j = 1; j < cols.length; j++) line += `,${cols[j][i]}`;
        lines[i - start] = line + '\n';
      }
      const block = Buffer.from(lines.join(''), 'utf8');
      let off = 0;
      while (off < block.length) off += writeSync(fd, block, off, block.length - off);
      bytes += block.length;
    }
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(partial);
    throw err;
  }
  closeSync(fd);
  renameSync(partial, path);
  return bytes;
}

function main(argv: string[]): void {
  const [nText, out] = argv;
  const n = Number(nText);
  if (!nText || !out || !Number.isInteger(n) || n < 1) {
    process.stderr.write(`usage: write-csv N OUT.csv (N a positive integer such as 1e6; got ${JSON.stringify(argv)})\n`);
    process.exitCode = 2;
    return;
  }
  const t0 = performance.now();
  const bytes = writeBenchCsv(n, out);
  process.stderr.write(`wrote ${n} rows, ${bytes} bytes (${(bytes / 1e6).toFixed(1)} MB) to ${out} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}

// Run as a script, not when imported (bench/glm.ts writes its own design with writeColumnsCsv).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
