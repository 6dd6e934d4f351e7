/**
 * The Node platform: the WebAssembly core read from build/ and compiled synchronously on first use, the
 * @stdlib distributions required from one bundled file on first use, sweeps on the Piscina pool, and
 * setImmediate between chunks run in this thread. Importing this module installs it; every Node entry point
 * (src/index.ts, the CLI, the pool's worker) does so first.
 */
import { instantiateSync } from '@assemblyscript/loader';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { packageRoot } from '../../package-root.js';
import { getPool, poolStarted } from '../../parallel/pool.js';
import type { TaskMessage, TaskReply } from '../../parallel/task-message.js';
import type { WasmTarget } from '../../wasm/module.js';
import { setPlatform, type Distributions, type Platform } from '../platform.js';

const require = createRequire(import.meta.url);
let distributions: Distributions | null = null;

/** build/<target>.wasm, compiled with the optimising tier, instantiated with the loader's helpers. */
function instantiateCore(): unknown {
  const target: WasmTarget = process.env.HDFE_WASM_TARGET === 'debug' ? 'debug' : 'release';
  const file = join(packageRoot(), 'build', `${target}.wasm`);
  if (!existsSync(file)) {
    throw new Error(`hdfe: the WebAssembly core ${file} is missing; build it with 'npm run asbuild'`);
  }
  // Compile with the optimising tier from the start: a kernel call that runs for seconds (demeaning 10^7
  // rows) would otherwise stay in V8's baseline code for its whole first call, as wasm has no on-stack
  // replacement. The flag only affects modules compiled after it is set.
  setFlagsFromString('--no-liftoff');
  return instantiateSync<Record<string, unknown>>(readFileSync(file), {}).exports;
}

/** The one-file bundle of the @stdlib functions (a few ms), or the packages one by one before a build. */
function loadDistributions(): Distributions {
  if (distributions) return distributions;
  const bundle = join(packageRoot(), 'build', 'distributions.cjs');
  distributions = existsSync(bundle) ? (require(bundle) as Distributions) : {
    tCdf: require('@stdlib/stats-base-dists-t-cdf'),
    tQuantile: require('@stdlib/stats-base-dists-t-quantile'),
    betainc: require('@stdlib/math-base-special-betainc'),
    gammainc: require('@stdlib/math-base-special-gammainc'),
    gammaln: require('@stdlib/math-base-special-gammaln'),
  };
  return distributions;
}

/** The Node platform (installed on import). */
export const nodePlatform: Platform = Object.freeze({
  name: 'node',
  instantiateCore,
  distributions: loadDistributions,
  cores: () => availableParallelism(),
  runner: (threads: number) => {
    const pool = getPool(threads);
    return { run: (message: TaskMessage) => pool.run(message) as Promise<TaskReply> };
  },
  runnerStarted: poolStarted,
  yieldNow: () => new Promise<void>((resolve) => setImmediate(resolve)),
});

setPlatform(nodePlatform);
