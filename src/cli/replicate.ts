/** `hdfe replicate`: the study's tables on the bundled panel (the `npm start` job). */
import { join, relative } from 'node:path';
import { packageRoot } from '../package-root.js';
import { parse, renamed, str, UsageError } from './args.js';
import { closePool } from '../parallel/pool.js';
import { trace } from '../platform/node/trace.js';

/** One-line usage of the command. */
export const REPLICATE_USAGE = 'hdfe replicate [--data DIR] [--out-dir DIR]';

/** Run the command; returns what goes to stdout. */
export async function runReplicate(argv: string[]): Promise<string> {
  const root = packageRoot();
  const { values, positionals } = parse(argv, {
    data: { type: 'string' }, 'out-dir': { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  }, REPLICATE_USAGE);
  renamed(values, { out: 'out-dir' }, REPLICATE_USAGE);
  if (values.help) {
    return `${REPLICATE_USAGE}

Reproduce the study (described in data/README.md) on the bundled synthetic province panel: build SL and Vag from the raw
series, estimate Tables 1-4 and the robustness the paper lacks (clustered SEs, province FE, simple slopes,
Johnson-Neyman, wild cluster bootstrap, permutation test, specification curve), and write table1..table7
as .md, .tex, .html and .json, moderation.json, inference.json and spec_curve_{rows.csv,rows.json,curve.svg}.

  --data DIR     folder with province_panel.csv, province_distance.csv, province_panel.truth.json [data/]
  --out-dir DIR  output folder, created if needed (as in hdfe grid) [output/]
`;
  }
  if (positionals.length) throw new UsageError(`replicate takes no arguments; got '${positionals.join(' ')}'; usage: ${REPLICATE_USAGE}`);
  const started = performance.now();
  trace('study');
  // Imported on use, not above: the study pulls in every estimator and the readers, which --help does not need.
  const { replicate } = await import('../study/replicate.js');
  const result = await replicate({ dataDir: str(values.data) ?? join(root, 'data'), outDir: str(values['out-dir']) ?? 'output' });
  await closePool();
  process.stderr.write(`hdfe: wrote ${result.files.length} files in ${relative(process.cwd(), str(values['out-dir']) ?? 'output') || '.'}/ ` +
    `in ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
  return result.terminal;
}
