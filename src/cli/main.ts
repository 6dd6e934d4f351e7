#!/usr/bin/env node
/**
 * The hdfe command line: thin dispatch over the API. Errors print one line and exit with code 2.
 * A command's module is imported only when that command runs, so `hdfe --help` and one command's start pay
 * for no other command's dependencies.
 */
import '../platform/node/index.js';
import { errorLine, HdfeError } from '../errors.js';
import { relaunchWithHugePages } from '../platform/huge-pages.js';
import { UsageError } from './args.js';
import { outputError } from '../platform/node/output.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { dieBy, interruptedBy } from './interrupt.js';

/** A command's entry point: argv after the command name in, what goes to stdout out. */
type Run = (argv: string[]) => string | Promise<string>;

const COMMANDS: Record<string, { summary: string; load(): Promise<Run> }> = {
  fit: { summary: 'estimate one regression (fixest-exact standard errors)', load: async () => (await import('./fit.js')).runFit },
  boot: { summary: 'wild cluster bootstrap p-value and CI (or pairs / cluster resampling)', load: async () => (await import('./boot.js')).runBoot },
  permute: { summary: 'randomization inference: permutation test of one coefficient', load: async () => (await import('./permute.js')).runPermute },
  'explain-se': { summary: 'why two packages\' standard errors differ: the chain of small-sample factors', load: async () => (await import('./explain-se.js')).runExplainSe },
  table: { summary: 'several models side by side (formulas or sw/csw), text/md/latex/html/csv/json', load: async () => (await import('./table.js')).runTable },
  describe: { summary: 'descriptive statistics of numeric columns', load: async () => (await import('./describe.js')).runDescribe },
  index: { summary: 'build export resilience, location quotient or potential index columns', load: async () => (await import('./index-cmd.js')).runIndex },
  grid: { summary: 'specification grid: every subset of controls x FE sets x main variants x samples; curve (CSV/JSON/SVG)', load: async () => (await import('./grid.js')).runGrid },
  mtest: { summary: 'multiple testing: Romano-Wolf, Westfall-Young, Holm, Bonferroni from one shared wild cluster bootstrap', load: async () => (await import('./mtest.js')).runMtest },
  predict: { summary: 'fit, then predict on new data (or the data): one prediction per row, CSV or JSON', load: async () => (await import('./predict.js')).runPredict },
  coefplot: { summary: 'coefficient plot (SVG) of i() terms: estimates and intervals by level, reference marked', load: async () => (await import('./coefplot.js')).runCoefplot },
  replicate: { summary: "reproduce the study's tables on the bundled panel (npm start)", load: async () => (await import('./replicate.js')).runReplicate },
  serve: { summary: 'the page on 127.0.0.1 (fits, tables, bootstrap, study in the browser); --root DIR under /files/', load: async () => (await import('./serve.js')).runServe },
  worker: { summary: 'run sweep jobs from a Redis queue on this machine (--queue redis://host:port)', load: async () => (await import('./worker.js')).runWorker },
  queue: { summary: "the Redis queue's jobs and workers: hdfe queue status --queue URL", load: async () => (await import('./queue.js')).runQueue },
};

function help(): string {
  return ['hdfe <command> [options]   (hdfe <command> --help for details)', '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`), '', '  --version  print the version', ''].join('\n');
}

/** The installed package's version (package.json beside dist/). */
function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

// A closed pipe (`hdfe ... | head -1`) ends the process quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

// Notes from the library (process warnings, e.g. workers clamped to the cores) as one line each.
process.removeAllListeners('warning');
process.on('warning', (w) => { process.stderr.write(`hdfe: note: ${w.message}\n`); });

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(help());
    return 0;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    process.stdout.write(`hdfe ${version()}\n`);
    return 0;
  }
  const cmd = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  try {
    if (!cmd) throw new UsageError(`unknown command '${command}'; commands: ${Object.keys(COMMANDS).join(', ')}`);
    const run = await cmd.load();
    const out = await run(rest);
    const signal = interruptedBy();
    if (signal) return dieBy(signal); // stopped: no result, even one that got finished
    if (out) process.stdout.write(out.endsWith('\n') ? out : out + '\n');
    return 0;
  } catch (err) {
    // A file operation Node refused (a read-only or missing directory, a full disk) is the user's to fix.
    const known = err instanceof HdfeError ? err : outputError(err, (err as NodeJS.ErrnoException | null)?.path ?? 'the output');
    const signal = interruptedBy();
    if (known) process.stderr.write(`${errorLine(known)}\n`);
    if (signal) return dieBy(signal); // Ctrl-C: one line, then the exit status of the signal (130)
    if (known) return 2;
    throw err;
  }
}

const argv = process.argv.slice(2);
const relaunched = relaunchWithHugePages(argv);
const run = (): void => { void main(argv).then((code) => { process.exitCode = code; }); };
if (relaunched === null) run();
else void relaunched.then((code) => { if (code === null) run(); else process.exitCode = code; });
