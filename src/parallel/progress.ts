/**
 * A progress bar for long sweeps on the command line: drawn on stderr, only when it is a terminal and only
 * once the sweep has run for `delayMs` (short sweeps print nothing), redrawn at most every `intervalMs`,
 * erased when done so results and errors start on a clean line.
 */

/** What the bar writes to: process.stderr, or a stand-in in tests. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export interface ProgressBarOptions {
  stream?: ProgressStream;
  /** Draw nothing for sweeps shorter than this (default 1000 ms). */
  delayMs?: number;
  /** Minimum time between redraws (default 100 ms). */
  intervalMs?: number;
  /** Clock in ms (tests pass a fake one). */
  now?: () => number;
}

export interface ProgressBar {
  /** Record `done` of `total`; a `(done, total)` callback for `runSweep`'s onProgress. */
  update(done: number, total: number): void;
  /** Erase the bar if one was drawn. Call in a finally block. */
  finish(): void;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '--';
  if (s < 60) return `${Math.ceil(s)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.ceil(s - 60 * m)).padStart(2, '0')}s`;
}

/**
 * A bar labelled `label`.
 * @example
 * const bar = progressBar('permutations');
 * try { await runSweep({ ..., onProgress: bar.update }); } finally { bar.finish(); }
 */
export function progressBar(label: string, options: ProgressBarOptions = {}): ProgressBar {
  const stream = options.stream ?? process.stderr;
  const delayMs = options.delayMs ?? 1000;
  const intervalMs = options.intervalMs ?? 100;
  const now = options.now ?? (() => performance.now());
  const started = now();
  let lastDraw = -Infinity;
  let drawn = false;
  const enabled = stream.isTTY === true;

  const update = (done: number, total: number) => {
    if (!enabled) return;
    const t = now();
    const elapsed = t - started;
    if (elapsed < delayMs || (t - lastDraw < intervalMs && done < total)) return;
    lastDraw = t;
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const eta = frac > 0 ? (elapsed / frac - elapsed) / 1000 : Infinity;
    const tail = ` ${done}/${total} ${(100 * frac).toFixed(0).padStart(3)}% eta ${formatSeconds(eta)}`;
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - tail.length - 4));
    const fill = Math.round(frac * width);
    stream.write(`\r${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}]${tail}`);
    drawn = true;
  };
  const finish = () => {
    if (drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  return { update, finish };
}
