/**
 * The WebAssembly core, instantiated once per thread with @assemblyscript/loader. Everything that knows
 * about the kernels' exports lives in this folder; how the module's bytes are found and compiled is the
 * platform's (src/platform/): Node reads build/<target>.wasm synchronously on first use, a page instantiates
 * it up front with `WebAssembly.instantiateStreaming` and installs it here.
 */
import type { ASUtil } from '@assemblyscript/loader';
import { platform } from '../platform/platform.js';

/** Raw kernel exports: every pointer is a byte address in the module's memory (see assembly/). */
export interface CoreExports {
  memory: WebAssembly.Memory;
  newF64(n: number): number;
  newI32(n: number): number;
  newU8(n: number): number;
  dataStart(view: number): number;
  demean(M: number, n: number, s: number, codes: number, J: number, levels: number, w: number,
    work: number, tol: number, maxIter: number, info: number): number;
  demeanWarm(M: number, n: number, s: number, codes: number, J: number, levels: number, w: number,
    work: number, tol: number, maxIter: number, info: number, state: number): number;
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
  selectColumns(Z: number, n: number, s: number, cols: number, k: number, out: number, so: number): void;
  columnGram(Z: number, n: number, s: number, cols: number, m: number, out: number): void;
  combineColumns(Z: number, n: number, s: number, cols: number, m: number, T: number, q: number, out: number, so: number): void;
  poissonStart(n: number, y: number, pw: number, ybar: number, mu: number, eta: number, ylogy: number): number;
  poissonWorking(X0: number, M: number, n: number, s: number, k: number, y: number, mu: number, eta: number, offset: number, pw: number,
    W: number, z: number, norms: number): void;
  poissonStep(n: number, e: number, W: number, z: number, offset: number, y: number, ylogy: number, pw: number, etaNew: number, muNew: number): number;
  poissonHalve(n: number, eta: number, y: number, ylogy: number, pw: number, etaNew: number, muNew: number): number;
  kroneckerScores(Z: number, n: number, s: number, cols: number, m: number, T: number, L: number, p: number, out: number): void;
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

/** The module of this thread, instantiated on first use by the platform (or installed before). */
export function core(): Core {
  if (instance) return instance;
  instance = platform().instantiateCore() as Core;
  return instance;
}

/** Install an instantiated module (a page does it after instantiating asynchronously). */
export function installCore(exports: unknown): void {
  instance = exports as Core;
}

/** True once this thread has its module. */
export function coreReady(): boolean {
  return instance !== null;
}
