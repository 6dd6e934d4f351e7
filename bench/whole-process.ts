/**
 * Whole-process wall time and peak memory of `hdfe fit` from a CSV on disk, as a user runs it, measured with
 * /usr/bin/time -v; with --r, alternating with R's data.table::fread + fixest::feols on the same file (when
 * R has both: point R_LIBS at the library that holds fixest). Medians of the runs.
 *
 * Usage: node dist/bench/whole-process.js FILE.csv [runs = 3] [--r]
 * The bench file comes from `node dist/bench/write-csv.js N FILE.csv`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { statSync } from 'node:fs';

const FORMULA = 'y ~ x1 + x2 + x3 + x4 + x5 | fe1 + fe2';
const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

interface Run { wall: number; rssMiB: number }

function timed(command: string, args: string[]): Run {
  const out = spawnSync('/usr/bin/time', ['-v', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (out.status !== 0) throw new Error(`${command} failed: ${out.stderr.slice(-2000)}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(out.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(out.stderr);
  if (!wall || !rss) throw new Error(`no /usr/bin/time -v figures in: ${out.stderr.slice(-500)}`);
  return { wall: Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]), rssMiB: Number(rss[1]) / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
  if (!file) throw new Error('usage: node dist/bench/whole-process.js FILE.csv [runs] [--r]');
  const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 3);
  const withR = args.includes('--r');
  const rCode = `suppressMessages({library(data.table); library(fixest)}); d <- fread('${file}'); ` +
    `m <- feols(${FORMULA}, d, vcov = 'iid', nthreads = 2); cat(format(coef(m)[1], digits = 17), '\\n')`;
  const hdfe: Run[] = [];
  const r: Run[] = [];
  for (let i = 0; i < runs; i++) {
    hdfe.push(timed(process.execPath, [cli, 'fit', file, FORMULA, '--vcov', 'iid', '--json']));
    if (withR) r.push(timed('Rscript', ['-e', rCode]));
  }
  const mb = statSync(file).size / 1e6;
  const line = (name: string, xs: Run[]) =>
    `| ${name} | ${median(xs.map((x) => x.wall)).toFixed(2)} s | ${median(xs.map((x) => x.rssMiB)).toFixed(0)} MiB | ${xs.map((x) => x.wall.toFixed(2)).join(', ')} |`;
  console.log(`${file}: ${mb.toFixed(0)} MB, ${runs} runs, alternating\n`);
  console.log('| | median wall | median peak RSS | runs (s) |\n|---|---|---|---|');
  console.log(line('hdfe fit', hdfe));
  if (withR) {
    console.log(line('R fread + fixest::feols (nthreads = 2)', r));
    console.log(`\nratio hdfe / R: wall ${(median(hdfe.map((x) => x.wall)) / median(r.map((x) => x.wall))).toFixed(2)}, ` +
      `memory ${(median(hdfe.map((x) => x.rssMiB)) / median(r.map((x) => x.rssMiB))).toFixed(2)}`);
  }
}

main();
