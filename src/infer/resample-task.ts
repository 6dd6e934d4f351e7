/**
 * Pairs and cluster bootstraps as sweeps: draw b refits resample b (a pure function of seed and b, see
 * resample.ts), so the draws run on the pool or the queue and come back bit-identical to `pairsBootstrap`
 * and `clusterBootstrap` in one thread.
 */
import type { DataInput } from '../data/columns.js';
import { OptionError } from '../errors.js';
import type { ParsedFormula } from '../formula/ast.js';
import { registerTask } from '../parallel/registry.js';
import type { Backend } from '../parallel/runner.js';
import { copyViews } from '../parallel/shared.js';
import { runSweep } from '../parallel/sweep.js';
import {
  finishResample, prepareResample, resampleDraws,
  type ClusterResampleOptions, type ResampleOptions, type ResamplePrepared, type ResampleResult, type ResampleScheme,
} from './resample.js';

export const RESAMPLE_TASK = 'infer.resample';
export const RESAMPLE_MODULE = 'infer/resample-task.js';

function runResample(prepared: ResamplePrepared, start: number, end: number): Float64Array {
  const out = new Float64Array((end - start) * prepared.columns.length);
  resampleDraws(prepared, start, end, out);
  return out;
}

registerTask<ResamplePrepared, ResamplePrepared>(RESAMPLE_TASK, { run: runResample });

/** Where and how the draws run; none of it changes a result. */
export interface SweepRunOptions {
  /** Workers (default: available cores); 1 runs in this thread. */
  workers?: number;
  /** Draws per task (default from the measured cost of a draw). */
  chunkSize?: number;
  /** Run the draws as BullMQ jobs on Redis (`{ redis: 'redis://host:port' }`) instead of the local pool. */
  backend?: Backend;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

async function resampleSweep(data: DataInput, formula: string | ParsedFormula, options: ResampleOptions & SweepRunOptions,
  scheme: ResampleScheme, cluster: string | null): Promise<ResampleResult> {
  const { workers, chunkSize, backend, signal, onProgress, ...rest } = options;
  const setup = prepareResample(data, formula, rest, scheme, cluster);
  const prepared = copyViews(setup.prepared, true) as ResamplePrepared; // shared: tasks post handles, not the design
  const probe = Math.min(prepared.reps, 4);
  const t0 = performance.now();
  runResample(prepared, 0, probe);
  const msPerDraw = Math.max((performance.now() - t0) / probe, 1e-3);
  const draws = await runSweep({
    kind: RESAMPLE_TASK, module: RESAMPLE_MODULE, context: prepared, total: prepared.reps, width: setup.names.length,
    workers, chunkSize, msPerDraw, signal, onProgress, backend, label: `the ${scheme} bootstrap`,
  });
  return finishResample(setup, draws);
}

/**
 * `pairsBootstrap` with its draws on the pool or the queue; bit-identical results.
 * @example
 * const r = await pairsBootstrapParallel(rows, 'y ~ x | firm', { reps: 999, seed: 1, workers: 2 });
 */
export function pairsBootstrapParallel(data: DataInput, formula: string | ParsedFormula, options: ResampleOptions & SweepRunOptions = {}): Promise<ResampleResult> {
  return resampleSweep(data, formula, options, 'pairs', null);
}

/**
 * `clusterBootstrap` with its draws on the pool or the queue; bit-identical results.
 * @example
 * const r = await clusterBootstrapParallel(rows, 'y ~ x | firm', { cluster: 'state', reps: 999, backend: { redis: 'redis://127.0.0.1:6379' } });
 */
export async function clusterBootstrapParallel(data: DataInput, formula: string | ParsedFormula,
  options: ClusterResampleOptions & SweepRunOptions): Promise<ResampleResult> {
  if (typeof options?.cluster !== 'string') {
    throw new OptionError(`the cluster bootstrap needs the resampling unit: cluster must name one column; got ${JSON.stringify(options?.cluster)}`);
  }
  return resampleSweep(data, formula, options, 'cluster', options.cluster);
}
