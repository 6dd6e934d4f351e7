/** The parallel layer: one Piscina pool, deterministic sweeps, shared columns, a counter-based RNG. */
export { runSweep, type SweepOptions } from './sweep.js';
export { closePool, destroyPool, defaultWorkers, resolveWorkers, IDLE_TIMEOUT_MS } from './pool.js';
export { registerTask, type TaskKind } from './registry.js';
export { planChunks, defaultChunkSize, type Chunk } from './plan.js';
export { shareColumns, sharedSource, sharedF64, sharedI32, shareF64, shareI32, type SharedTable, type SharedColumn } from './shared.js';
export { counterUniform, streamKey, uniformAt, type StreamKey } from './rng.js';
export { progressBar, type ProgressBar, type ProgressBarOptions } from './progress.js';
export { AbortError } from './errors.js';
export { onSweepWaiting, type WaitingListener } from './waiting.js';
