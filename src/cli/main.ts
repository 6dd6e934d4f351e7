#!/usr/bin/env node
/** The hdfe command line: thin dispatch over the API. Errors print one line and exit with code 2. */
import { HdfeError } from '../errors.js';
import { UsageError } from './args.js';
import { runBoot } from './boot.js';
import { runFit } from './fit.js';
import { runPermute } from './permute.js';
import { runReplicate } from './replicate.js';
import { runTable } from './table.js';
import { runDescribe } from './describe.js';
import { runIndex } from './index-cmd.js';

const COMMANDS: Record<string, { run(argv: string[]): string | Promise<string>; summary: string }> = {
  fit: { run: runFit, summary: 'estimate one regression (fixest-exact standard errors)' },
  boot: { run: runBoot, summary: 'wild cluster bootstrap p-value and CI (or pairs / cluster resampling)' },
  permute: { run: runPermute, summary: 'randomization inference: permutation test of one coefficient' },
  table: { run: runTable, summary: 'several models side by side (formulas or sw/csw), text/md/latex/html/csv/json' },
  describe: { run: runDescribe, summary: 'descriptive statistics of numeric columns' },
  index: { run: runIndex, summary: 'build export resilience, location quotient or potential index columns' },
  grid: { run: async (argv) => (await import('./grid.js')).runGrid(argv), summary: 'specification grid: every subset of controls x FE sets x main variants x samples; curve (CSV/JSON/SVG)' },
  replicate: { run: runReplicate, summary: "reproduce the study's tables on the bundled panel (npm start)" },
};

function help(): string {
  return ['hdfe <command> [options]   (hdfe <command> --help for details)', '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`), ''].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(help());
    return command ? 0 : 2;
  }
  const cmd = COMMANDS[command];
  try {
    if (!cmd) throw new UsageError(`unknown command '${command}'; commands: ${Object.keys(COMMANDS).join(', ')}`);
    const out = await cmd.run(rest);
    if (out) process.stdout.write(out.endsWith('\n') ? out : out + '\n');
    return 0;
  } catch (err) {
    if (err instanceof HdfeError) {
      process.stderr.write(`hdfe: ${err.message.replace(/\s*\n\s*/g, ' ')}\n`);
      return 2;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
