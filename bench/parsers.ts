/**
 * CSV parsers compared on the benchmark file written by write-csv: throughput of turning the file into numeric
 * columns (Float64Array per column), best of 3 timed runs after one warm-up, each parser in its own process so
 * its peak RSS is its own.
 * Usage: node --max-old-space-size=8000 dist/bench/parsers.js FILE.csv   (prints a markdown table)
 * MB/s is file bytes (1e6) over wall seconds, reading and UTF-8 decoding included. A parser's y, x1..x5 are
 * checked against Number() of the field's text: mismatches are values that are not the identical double.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';
import { fromCSV } from 'arquero';
import { autoType, csvParse } from 'd3-dsv';
import Papa from 'papaparse';
import { inferSchema, initParser } from 'udsv';

const NUMERIC = ['y', 'x1', 'x2', 'x3', 'x4', 'x5'] as const;
const ALL = [...NUMERIC, 'fe1', 'fe2'] as const;
const RUNS = 3;
// hdfe's own reader, imported by a string specifier so this bench builds and runs without it.
const HDFE_CSV = '../src/data/readers/csv.js';
const HDFE_SOURCE = '../src/platform/node/files.js';

type Columns = Record<string, Float64Array>;
interface Variant {
  readonly name: string;
  /** Reads `path` and returns the numeric columns y, x1..x5 (others may be present). */
  readonly run: (path: string) => Columns | Promise<Columns>;
}

const text = (path: string) => readFileSync(path, 'utf8');

function fromRows(rows: ArrayLike<Record<string, unknown>>, names: readonly string[] = ALL): Columns {
  const out: Columns = {};
  for (const name of names) {
    const col = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) col[i] = rows[i][name] as number;
    out[name] = col;
  }
  return out;
}

type Select = Record<string, 'number' | 'factor' | 'both'>;
type ReadDelimited = (source: unknown, options?: { select?: Select }) =>
  { columns: Record<string, unknown>; n: number; missing: Record<string, number> };
type ReadPath = (path: string, options?: { select?: Select }) => { columns: Record<string, unknown> };

/** hdfe's reader over a file source (or over the path, if it takes one), or why it cannot be loaded. */
async function hdfeReader(): Promise<ReadPath | string> {
  let csv: { readDelimited?: ReadDelimited };
  try {
    csv = (await import(HDFE_CSV)) as typeof csv;
  } catch (err) {
    return `not available: ${(err as Error).message.split('\n')[0]}`;
  }
  const read = csv.readDelimited;
  if (typeof read !== 'function') return 'not available: the CSV module exports no readDelimited';
  const source = (await import(HDFE_SOURCE).catch(() => ({}))) as { fileSource?: (path: string) => unknown };
  const open = source.fileSource;
  return open ? (path, options) => read(open(path), options) : (path, options) => read(path, options);
}

async function readHdfe(path: string, options?: { select?: Select }): Promise<Columns> {
  const read = await hdfeReader();
  if (typeof read === 'string') throw new Error(read);
  return numericOf(read(path, options).columns);
}

function numericOf(columns: Record<string, unknown>): Columns {
  const out: Columns = {};
  for (const name of NUMERIC) {
    const col = columns[name];
    if (!(col instanceof Float64Array)) throw new Error(`column ${name} is not a Float64Array`);
    out[name] = col;
  }
  return out;
}

const VARIANTS: readonly Variant[] = [
  {
    name: 'read only (readFileSync, bytes)',
    run: (path) => { readFileSync(path); return {}; },
  },
  {
    name: 'read + decode only (readFileSync utf8)',
    run: (path) => { text(path); return {}; },
  },
  {
    name: 'Arquero fromCSV, autoType false, then Number() (hdfe until now)',
    run: (path) => {
      const table = fromCSV(text(path), { autoType: false });
      const out: Columns = {};
      for (const name of ALL) {
        const raw = table.array(name) as ArrayLike<string>;
        const col = new Float64Array(raw.length);
        for (let i = 0; i < raw.length; i++) col[i] = Number(raw[i]);
        out[name] = col;
      }
      return out;
    },
  },
  {
    name: 'Arquero fromCSV, autoType true',
    run: (path) => {
      const table = fromCSV(text(path), { autoType: true });
      const out: Columns = {};
      for (const name of ALL) out[name] = Float64Array.from(table.array(name) as ArrayLike<number>);
      return out;
    },
  },
  {
    name: 'd3-dsv csvParse + autoType',
    run: (path) => fromRows(csvParse(text(path), autoType) as unknown as Record<string, unknown>[]),
  },
  {
    name: 'papaparse, header + dynamicTyping',
    run: (path) => {
      const res = Papa.parse<Record<string, number>>(text(path), { header: true, dynamicTyping: true, skipEmptyLines: true });
      if (res.errors.length > 0) throw new Error(`papaparse: ${res.errors[0].message} (row ${res.errors[0].row})`);
      return fromRows(res.data);
    },
  },
  {
    name: 'udsv inferSchema + typedCols',
    run: (path) => {
      const csv = text(path);
      const parser = initParser(inferSchema(csv));
      const cols = parser.typedCols<number[][]>(csv) as unknown as number[][];
      const names = parser.schema.cols.map((c) => c.name);
      const out: Columns = {};
      names.forEach((name, j) => { out[name] = Float64Array.from(cols[j]); });
      return out;
    },
  },
  {
    // The row callback stores each typed row straight into growing columns, so no row array is kept.
    name: 'udsv inferSchema + typedArrs, rows streamed into columns',
    run: (path) => {
      const csv = text(path);
      const parser = initParser(inferSchema(csv));
      const names = parser.schema.cols.map((c) => c.name);
      let cap = 1 << 16;
      let n = 0;
      let cols = names.map(() => new Float64Array(cap));
      parser.typedArrs<number[]>(csv, (row) => {
        if (n === cap) {
          cap *= 2;
          cols = cols.map((c) => { const g = new Float64Array(cap); g.set(c); return g; });
        }
        for (let j = 0; j < row.length; j++) cols[j][n] = row[j];
        n++;
      });
      const out: Columns = {};
      names.forEach((name, j) => { out[name] = cols[j].slice(0, n); });
      return out;
    },
  },
  {
    name: 'hdfe readDelimited, every column',
    run: (path) => readHdfe(path),
  },
  {
    name: 'hdfe readDelimited, select y, x1..x5 number, fe1, fe2 factor',
    run: (path) => {
      const select: Record<string, 'number' | 'factor'> = { fe1: 'factor', fe2: 'factor' };
      for (const name of NUMERIC) select[name] = 'number';
      return readHdfe(path, { select });
    },
  },
];

interface Outcome {
  readonly name: string;
  readonly ms?: number;
  readonly rssMB?: number;
  readonly yMismatches?: number;
  readonly xMismatches?: number;
  readonly error?: string;
}

/** Number() of every y, x1..x5 field, split out by hand: the reference each parser must match exactly.
 * Read in blocks, so it also works on files past V8's string limit. */
function reference(path: string): Columns {
  const fd = openSync(path, 'r');
  const block = Buffer.allocUnsafe(1 << 26);
  const cols: number[][] = NUMERIC.map(() => []);
  let at: number[] | undefined;
  const utf8 = new StringDecoder('utf8'); // keeps a character split between blocks whole
  let carry = '';
  for (;;) {
    const got = readSync(fd, block, 0, block.length, null);
    const lines = (carry + (got === 0 ? utf8.end() : utf8.write(block.subarray(0, got)))).split('\n');
    carry = got === 0 ? '' : lines.pop()!;
    for (const line of lines) {
      if (line === '') continue;
      const fields = line.split(',');
      if (!at) { at = NUMERIC.map((name) => fields.indexOf(name)); continue; }
      for (let j = 0; j < NUMERIC.length; j++) cols[j].push(Number(fields[at[j]]));
    }
    if (got === 0) break;
  }
  closeSync(fd);
  const out: Columns = {};
  NUMERIC.forEach((name, j) => { out[name] = Float64Array.from(cols[j]); });
  return out;
}

function mismatches(got: Float64Array | undefined, want: Float64Array): number {
  if (!got || got.length !== want.length) return want.length;
  let bad = 0;
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) bad++;
  return bad;
}

/** Child: time one variant, then check it. Prints one JSON line. */
async function measure(path: string, variant: Variant): Promise<Outcome> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  gc();
  const rss0 = process.memoryUsage().rss;
  let last: Columns = {};
  let best = Infinity;
  for (let r = 0; r <= RUNS; r++) {
    last = {};
    gc();
    const t0 = performance.now();
    last = await variant.run(path);
    const ms = performance.now() - t0;
    if (r > 0) best = Math.min(best, ms);
  }
  const rssMB = (process.resourceUsage().maxRSS * 1024 - rss0) / 1e6;
  if (Object.keys(last).length === 0) return { name: variant.name, ms: best, rssMB };
  const ref = reference(path);
  const yMismatches = mismatches(last.y, ref.y);
  let xMismatches = 0;
  for (const name of NUMERIC.slice(1)) xMismatches += mismatches(last[name], ref[name]);
  return { name: variant.name, ms: best, rssMB, yMismatches, xMismatches };
}

function decodeOnlyMs(path: string): number {
  const bytes = readFileSync(path);
  let best = Infinity;
  for (let r = 0; r <= RUNS; r++) {
    const t0 = performance.now();
    bytes.toString('utf8');
    if (r > 0) best = Math.min(best, performance.now() - t0);
  }
  return best;
}

function fmt(x: number | undefined, digits: number): string {
  return x === undefined ? '' : x.toFixed(digits);
}

async function main(argv: string[]): Promise<void> {
  const [path, flag, which] = argv;
  if (!path) {
    process.stderr.write('usage: parsers FILE.csv (a file written by write-csv)\n');
    process.exitCode = 2;
    return;
  }
  if (flag === '--only') {
    const variant = VARIANTS.find((v) => v.name === which);
    if (!variant) throw new Error(`no parser named '${which}'; expected one of: ${VARIANTS.map((v) => v.name).join('; ')}`);
    process.stdout.write(`${JSON.stringify(await measure(path, variant))}\n`);
    return;
  }
  const size = statSync(path).size;
  const hdfe = await hdfeReader();
  const script = fileURLToPath(import.meta.url);
  const outcomes: Outcome[] = [];
  for (const variant of VARIANTS) {
    if (variant.name.startsWith('hdfe') && typeof hdfe === 'string') {
      outcomes.push({ name: variant.name, error: hdfe.slice(0, 160) });
      continue;
    }
    process.stderr.write(`${variant.name} ...\n`);
    const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', script, path, '--only', variant.name],
      { encoding: 'utf8', maxBuffer: 1 << 20 });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status === 0 && line.startsWith('{')) outcomes.push(JSON.parse(line) as Outcome);
    else {
      const err = (child.stderr.trim().split('\n').find((l) => /Error|error:/.test(l)) ?? `exit ${child.status ?? child.signal}`).trim();
      outcomes.push({ name: variant.name, error: err.slice(0, 160) });
    }
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(`File: ${(size / 1e6).toFixed(1)} MB; ${cpus().length} CPUs (${cpu}); Node ${process.version}\n`);
  let decode: string;
  try { decode = `${decodeOnlyMs(path).toFixed(0)} ms`; } catch (err) { decode = `impossible: ${(err as Error).message}`; }
  process.stdout.write(`Decoding alone (Buffer.toString('utf8') of the bytes in memory): ${decode}\n\n`);
  process.stdout.write('| parser | MB/s | ms | peak RSS increase (MB) | y mismatches | x1..x5 mismatches |\n|---|---|---|---|---|---|\n');
  for (const o of outcomes) {
    if (o.error) { process.stdout.write(`| ${o.name} | failed: ${o.error} | | | | |\n`); continue; }
    const mbs = o.ms === undefined ? undefined : size / 1e6 / (o.ms / 1000);
    process.stdout.write(`| ${o.name} | ${fmt(mbs, 1)} | ${fmt(o.ms, 0)} | ${fmt(o.rssMB, 0)} | ${o.yMismatches ?? ''} | ${o.xMismatches ?? ''} |\n`);
  }
}

await main(process.argv.slice(2));
