/**
 * Time from Ctrl-C (SIGINT) to the end of the process, at each stage of the commands that can run long.
 * Usage: node dist/bench/interrupt.js BIG.csv [runs]   (BIG.csv from `node dist/bench/write-csv.js 1e6 BIG.csv`)
 * Each case starts `hdfe` with HDFE_TRACE=1, waits for the stage's trace mark on stderr (plus a delay, to be
 * inside the stage), sends SIGINT and measures until the process has ended; it reports how it ended (130 in a
 * shell: killed by SIGINT, or exit code 130) and the milliseconds, min-median-max over the runs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');
const produc = join(root, 'tests/golden/data/produc.csv');

interface Case { name: string; args: string[]; stage: string; delayMs: number }

function cases(big: string, out: string): Case[] {
  const controls = 'x2,x3,x4,x5';
  return [
    { name: 'fit: reading a 127 MB CSV', args: ['fit', big, 'y ~ x1 + x2 | fe1 + fe2'], stage: 'read', delayMs: 300 },
    { name: 'fit: estimation on 1e6 rows', args: ['fit', big, 'y ~ x1 + x2 | fe1 + fe2'], stage: 'prepare', delayMs: 200 },
    { name: 'permute: preparing 1e6 rows, 1e7 draws', args: ['permute', big, 'y ~ x1 | fe1', '--param', 'x1', '--permute', 'x1', '--reps', '9999999'], stage: 'prepare', delayMs: 200 },
    { name: 'permute: the sweep on the pool', args: ['permute', produc, 'gsp ~ pcap', '--param', 'pcap', '--permute', 'pcap', '--reps', '9999999'], stage: 'sweep', delayMs: 300 },
    { name: 'permute --workers 1: the sweep in-thread', args: ['permute', produc, 'gsp ~ pcap', '--param', 'pcap', '--permute', 'pcap', '--reps', '9999999', '--workers', '1'], stage: 'prepare', delayMs: 500 },
    { name: 'boot: preparing 1e6 rows', args: ['boot', big, 'y ~ x1 | fe2', '--param', 'x1', '--cluster', 'fe2', '--reps', '9999'], stage: 'prepare', delayMs: 200 },
    { name: 'boot: the sweep on the pool', args: ['boot', produc, 'gsp ~ pcap', '--param', 'pcap', '--cluster', 'state', '--reps', '9999999'], stage: 'sweep', delayMs: 300 },
    { name: 'grid: preparing 1e6 rows', args: ['grid', big, '--depvar', 'y', '--main', 'x1', '--controls', controls, '--fe', 'fe1+fe2', '--out-dir', join(out, 'g1')], stage: 'prepare', delayMs: 300 },
    { name: 'grid: rendering the figure', args: ['grid', produc, '--depvar', 'gsp', '--main', 'pcap', '--controls', 'unemp,emp,hwy,water,util', '--out-dir', join(out, 'g2')], stage: 'render', delayMs: 0 },
    { name: 'predict: writing 1e6 predictions', args: ['predict', big, 'y ~ x1 + x2 | fe1', '--out', join(out, 'pred.csv')], stage: 'write', delayMs: 0 },
    { name: 'replicate: the study', args: ['replicate', '--out', join(out, 'study')], stage: 'study', delayMs: 1500 },
  ];
}

/** One run: ms from SIGINT to exit, how it ended, or why it could not be timed. */
function once(c: Case): Promise<{ ms: number; end: string } | { skipped: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [cli, ...c.args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HDFE_TRACE: '1' } });
    let err = '';
    let sentAt = 0;
    p.stderr.on('data', (d: Buffer) => {
      err += d;
      if (!sentAt && err.includes(`hdfe: trace: ${c.stage} `)) {
        sentAt = -1;
        setTimeout(() => { sentAt = performance.now(); p.kill('SIGINT'); }, c.delayMs);
      }
    });
    p.on('exit', (code, signal) => {
      if (sentAt <= 0) return resolve({ skipped: `ended before the signal (code ${code}): ${err.trim().split('\n').pop()}` });
      resolve({ ms: performance.now() - sentAt, end: signal ?? `exit ${code}` });
    });
  });
}

async function main(): Promise<void> {
  const [big, runsText] = process.argv.slice(2);
  if (!big) throw new Error('usage: node dist/bench/interrupt.js BIG.csv [runs]');
  const runs = Number(runsText ?? 3);
  const out = mkdtempSync(join(tmpdir(), 'hdfe-interrupt-'));
  console.log(`| stage | end | SIGINT to exit, ms (min / median / max of ${runs}) |\n|---|---|---|`);
  for (const c of cases(big, out)) {
    const ms: number[] = [];
    const ends = new Set<string>();
    const skipped: string[] = [];
    for (let r = 0; r < runs; r++) {
      const t = await once(c);
      if ('skipped' in t) skipped.push(t.skipped);
      else { ms.push(t.ms); ends.add(t.end); }
    }
    ms.sort((a, b) => a - b);
    const stat = ms.length ? `${ms[0].toFixed(0)} / ${ms[ms.length >> 1].toFixed(0)} / ${ms[ms.length - 1].toFixed(0)}` : '-';
    console.log(`| ${c.name} | ${[...ends].join(', ')} | ${stat}${skipped.length ? ` (${skipped.length} not timed: ${skipped[0]})` : ''} |`);
  }
  const litter = readdirSync(out, { recursive: true }).map(String).filter((f) => f.endsWith('.tmp'));
  console.log(`temporary files left: ${litter.length ? litter.join(', ') : 'none'}`);
}

await main();
