/** Reading the data file for a command: only the columns it uses, with a progress bar for long loads. */
import type { LoadedData, ColumnRole } from '../data/load.js';
import { progressBar } from '../parallel/progress.js';
import { trace } from '../platform/node/trace.js';

/**
 * Load `file` (or '-') with the given columns and roles (all columns when `select` is omitted); a load that
 * takes over a second draws a progress bar on stderr when it is a terminal.
 * @example
 * const data = await readForCommand('panel.csv', undefined, modelColumns('y ~ x | firm'));
 */
export async function readForCommand(file: string, format: string | undefined,
  select?: Readonly<Record<string, ColumnRole>>): Promise<LoadedData> {
  // Imported on use, not above: --help should not load the readers.
  const { loadData } = await import('../data/load.js');
  const bar = progressBar('reading data (MB)');
  trace('read');
  try {
    return await loadData(file, format, {
      select,
      onProgress: (done, total) => { if (total > 0) bar.update(Math.round(done / 1e6), Math.round(total / 1e6)); },
    });
  } finally {
    bar.finish();
    trace('prepare');
  }
}
