/**
 * The WebAssembly core, instantiated once per thread with @assemblyscript/loader. Everything that knows
 * about the loader lives in this folder, so it can be swapped for static bindings without touching callers.
 */
import { instantiateSync, type ASUtil } from '@assemblyscript/loader';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { packageRoot } from '../package-root.js';

/** Raw kernel exports: every pointer is a byte address in the module's memory (see assembly/). */
export interface CoreExports {
  memory: WebAssembly.Memory;
  newF64(n: number): number;
  newI32(n: number): number;
  newU8(n: number): number;
  dataStart(view: number): number;
  demean(M: number, n: number, s: number, codes: number, J: number, levels: number, w: number,
    work: number, tol: number, maxIter: number, info: number): number;
  demeanWorkLength(s: number, J: number, Ltot: number, L1: number, Lmax: number, n: number): number;
  demeanSlopes(M: number, n: number, s: number, codes: number, B: number, levels: number, spec: number, xs: number, w: number,
    work: number, tol: number, maxIter: number, info: number): number;
  demeanSlopesWorkLength(n: number, s: number, B: number, levels: number, spec: number): number;
  tsqr(Z: number, n: number, s: number, R: number, work: number, b: number): void;
  qrPivot(A: number, m: number, k: number, lda: number, kp: number, refNorms: number, tol: number, perm: number): number;
  backSolve(R: number, r: number, lda: number, b: number): void;
  inverseGram(R: number, r: number, lda: number, out: number, work: number): void;
  residuals(Z: number, n: number, s: number, cols: number, k: number, beta: number, ycol: number, e: number): void;
  gatherColumns(Z: number, n: number, s: number, cols: number, k: number, out: number): void;
  sumSquares(e: number, n: number): number;
  heteroMeat(Z: number, n: number, s: number, cols: number, k: number, e: number, out: number): void;
  clusterScores(Z: number, n: number, s: number, cols: number, k: number, e: number, ids: number, G: number, S: number): void;
  crossprod(S: number, G: number, k: number, out: number): void;
  scaleRowsBySqrt(Z: number, n: number, s: number, w: number): void;
  clusterGram(Z: number, n: number, s: number, ids: number, G: number, C: number): void;
  gramScores(C: number, G: number, s: number, cols: number, k: number, ycol: number, beta: number, S: number): void;
  fourthMoments(Z: number, n: number, s: number, p: number, tuples: number, T: number, work: number, b: number, out: number): void;
  rngFill(seed: number, stream: number, index0: number, count: number, kind: number, out: number): void;
  rngBits(seed: number, stream: number, index0: number, count: number, out: number): void;
  wildMoments(G: number, k: number, table: number, stride: number, Wr: number, Wl: number, r: number,
    seed: number, kind: number, enumerate: number, b0: number, b1: number, work: number, out: number): void;
  wildMomentsShared(H: number, G: number, spec: number, seed: number, kind: number, enumerate: number, b0: number, b1: number,
    work: number, out: number): void;
  csvConfigure(columns: number, plan: number, delimiter: number, rows: number, numeric: number, factors: number, nFac: number): void;
  csvSetLine(next: number): void;
  csvParse(buf: number, start: number, end: number): number;
  csvStatus(): number;
  csvConsumed(): number;
  csvLine(): number;
  csvErrorColumn(): number;
  csvErrorStart(): number;
  csvErrorLength(): number;
  csvErrorLine(): number;
  csvFallbackCount(): number;
  csvFallback(): number;
  csvMissing(): number;
  csvTextSeen(): number;
  csvLevels(slot: number): number;
  csvLevelBytes(slot: number): number;
  csvLevelOffsets(slot: number): number;
  csvLevelLengths(slot: number): number;
}

/** The instantiated module: kernels plus the loader's helpers. */
export type Core = ASUtil & CoreExports;

/** Which compiled target to load: 'release' (optimised) unless HDFE_WASM_TARGET=debug (bounds checks). */
export type WasmTarget = 'release' | 'debug';

let instance: Core | null = null;

/** The module of this thread, compiled and instantiated on first use. */
export function core(): Core {
  if (instance) return instance;
  const target: WasmTarget = process.env.HDFE_WASM_TARGET === 'debug' ? 'debug' : 'release';
  const file = join(packageRoot(), 'build', `${target}.wasm`);
  if (!existsSync(file)) {
    throw new Error(`hdfe: the WebAssembly core ${file} is missing; build it with 'npm run asbuild'`);
  }
  // Compile with the optimising tier from the start: a kernel call that runs for seconds (demeaning 10^7
  // rows) would otherwise stay in V8's baseline code for its whole first call, as wasm has no on-stack
  // replacement. The flag only affects modules compiled after it is set.
  setFlagsFromString('--no-liftoff');
  const { exports } = instantiateSync<Record<string, unknown>>(readFileSync(file), {});
  instance = exports as unknown as Core;
  return instance;
}
