/**
 * The wild cluster bootstrap's draws on the worker pool. A draw's moments are a pure function of
 * (seed, draw) and the prepared per-cluster table, so any split of [0, B) over any number of workers gives
 * bit-identical results to one call (tests/infer/wild-parallel.test.ts).
 */
import type { DataInput } from '../data/columns.js';
import type { ParsedFormula } from '../formula/ast.js';
import { registerTask } from '../parallel/registry.js';
import type { Backend } from '../parallel/runner.js';
import { shareF64 } from '../parallel/shared.js';
import { runSweep } from '../parallel/sweep.js';
import { MOMENTS, wildMoments } from './draws.js';
import { resolveWild, type WildOptions } from './options.js';
import type { WildPrepared } from './prepare.js';
import { finishWild, prepareTest, type WildResult } from './wild.js';
import { wildBootstrapIvParallel } from './wild-iv.js';
import { parseFormula } from '../formula/parse.js';

export const WILD_TASK = 'infer.wild';
export const WILD_MODULE = 'infer/wild-parallel.js';

function runWild(prepared: WildPrepared, start: number, end: number): Float64Array {
  const out = new Float64Array((end - start) * MOMENTS);
  wildMoments(prepared, start, end, out);
  return out;
}

registerTask<WildPrepared, WildPrepared>(WILD_TASK, { run: runWild });

export interface ParallelWildOptions extends WildOptions {
  /** Workers (default: available cores); 1 runs in this thread. Results do not depend on it. */
  workers?: number;
  /** Draws per task (default from the measured cost of a draw). Results do not depend on it. */
  chunkSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Run the draws as BullMQ jobs on Redis (`{ redis: 'redis://host:port' }`) instead of the local pool. */
  backend?: Backend;
}

/**
 * `wildBootstrap` with the draws fanned out over the worker pool (the per-cluster table is shared, not
 * copied per task).
 *
 * @example
 * const r = await wildBootstrapParallel(rows, 'y ~ x | firm', { param: 'x', cluster: 'state', reps: 99999, workers: 2 });
 */
export async function wildBootstrapParallel(data: DataInput, formula: string | ParsedFormula, options: ParallelWildOptions): Promise<WildResult> {
  const { workers, chunkSize, signal, onProgress, backend, ...wild } = options;
  const o = resolveWild(wild);
  const parsed = typeof formula === 'string' ? parseFormula(formula) : formula;
  if (parsed.iv) return wildBootstrapIvParallel(data, parsed, o, { workers, chunkSize, signal, onProgress, backend });
  const { prepared, design } = prepareTest(data, parsed, o);
  const shared: WildPrepared = {
    ...prepared,
    table: shareF64(prepared.table),
    Wr: prepared.Wr ? shareF64(prepared.Wr) : null,
    Wl: prepared.Wl ? shareF64(prepared.Wl) : null,
  };
  // The cost of a draw, for task sizing: one small chunk timed here.
  const probe = Math.min(prepared.reps, 256);
  const t0 = performance.now();
  runWild(shared, 0, probe);
  const msPerDraw = Math.max((performance.now() - t0) / probe, 1e-5);
  const moments = await runSweep({
    kind: WILD_TASK, module: WILD_MODULE, context: shared, total: prepared.reps, width: MOMENTS,
    workers, chunkSize, msPerDraw, signal, onProgress, backend, label: 'the wild cluster bootstrap',
  });
  return finishWild(o, prepared, design, moments);
}
