/**
 * Built-in task kinds for measuring and testing the pool: they need no data, so they work in any thread.
 *   parallel.index  draw b -> b (width 1): ordering checks and the round-trip benchmark
 *   parallel.spin   busy-waits `msPerDraw` per draw, then draw b -> b: progress and cancellation
 *   parallel.fail   throws `message` (as `errorName`) in the chunk holding draw `at`: error propagation;
 *                   errorName 'exit' ends the worker thread instead (a crash), and throws in the main thread
 */
import { DataError, EstimationError, HdfeError } from '../errors.js';
import { registerTask } from './registry.js';

/** Asks the worker running the chunk to end its thread (a stand-in for a crash); in this thread, an Error. */
export class ThreadExit extends Error {}

registerTask('parallel.index', {
  run(_state: unknown, start: number, end: number) {
    const out = new Float64Array(end - start);
    for (let b = start; b < end; b++) out[b - start] = b;
    return out;
  },
});

registerTask<{ msPerDraw: number }, { msPerDraw: number }>('parallel.spin', {
  prepare: (context) => context,
  run(state, start, end) {
    const out = new Float64Array(end - start);
    for (let b = start; b < end; b++) {
      const until = performance.now() + state.msPerDraw;
      while (performance.now() < until) { /* busy: a stand-in for a fit */ }
      out[b - start] = b;
    }
    return out;
  },
});

interface FailContext { at: number; message: string; errorName?: 'Error' | 'DataError' | 'EstimationError' | 'HdfeError' | 'exit' }

registerTask<FailContext, FailContext>('parallel.fail', {
  prepare: (context) => context,
  run(state, start, end) {
    if (state.at >= start && state.at < end) {
      switch (state.errorName) {
        case 'DataError': throw new DataError(state.message);
        case 'EstimationError': throw new EstimationError(state.message);
        case 'HdfeError': throw new HdfeError(state.message);
        case 'exit': throw new ThreadExit(state.message);
        default: throw new Error(state.message);
      }
    }
    return new Float64Array(end - start);
  },
});
