/**
 * What the page computes, apart from the page: a fit and a wild bootstrap from a file's bytes and the
 * CLI's flag values, with the CLI's validation, column selection and --json documents, so the page's
 * numbers and messages are those of `hdfe fit` and `hdfe boot` on the same file.
 */
import { fitJson, bootJson, missingUsed } from '../cli/json.js';
import { modelOptions } from '../cli/model.js';
import { integer, str, UsageError } from '../cli/options.js';
import { loadBytes } from '../data/load-bytes.js';
import type { LoadedData } from '../data/readers/types.js';
import { modelColumns } from '../data/select.js';
import { feols } from '../estimate/feols.js';
import type { FeolsOptions } from '../estimate/options.js';
import type { FeolsResult } from '../estimate/result.js';
import { wildBootstrapParallel } from '../infer/wild-parallel.js';
import type { WildResult } from '../infer/wild.js';

/** The data as the page holds it: a file's bytes and its name (whose extension gives the format). */
export interface PageData {
  readonly bytes: Uint8Array;
  readonly name: string;
}

/** The page's model choices, as the CLI's flag values. */
export interface ModelChoice {
  readonly formula: string;
  /** 'iid' | 'hetero' | 'cluster' (or any --vcov value), or undefined for the default. */
  readonly vcov?: string;
  /** Cluster columns, comma-separated. */
  readonly cluster?: string;
}

/** A bootstrap request: the term and, as the CLI's flag values, draws and seed. */
export interface BootChoice {
  readonly term: string;
  readonly cluster?: string;
  readonly reps?: string;
  readonly seed?: string;
}

/** Which field an error belongs to, for the page to show it there. */
export type Field = 'data' | 'formula' | 'vcov' | 'cluster' | 'boot';

/** An error with the field it belongs to. */
export class FieldError extends Error {
  constructor(readonly field: Field, readonly error: unknown) {
    super((error as Error)?.message ?? String(error));
  }
}

async function step<T>(field: Field, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw err instanceof FieldError ? err : new FieldError(field, err);
  }
}

/** feols options from the choice, validated as `hdfe fit` validates its flags. */
export function fitOptions(choice: ModelChoice): FeolsOptions {
  if (!choice.formula.trim()) throw new FieldError('formula', new UsageError("a formula is needed, like 'y ~ x1 + x2 | fe1 + fe2'"));
  try {
    return modelOptions({ vcov: choice.vcov || undefined, cluster: choice.cluster || undefined });
  } catch (err) {
    throw new FieldError(/cluster/.test((err as Error).message) ? 'cluster' : 'vcov', err);
  }
}

/** The columns to read: the model's, plus the bootstrap's cluster. */
export function selection(choice: ModelChoice, options: FeolsOptions, boot?: BootChoice) {
  return step('formula', () => modelColumns(choice.formula, options, boot?.cluster ? Object.fromEntries(boot.cluster.split(',').map((c) => [c.trim(), 'factor'])) : {}));
}

/**
 * The field an error of reading or fitting belongs to: the cluster field when it names a cluster column, the
 * formula when it names another unknown column (or comes from the fit), else `fallback`.
 */
function blame(err: unknown, choice: ModelChoice, fallback: Field): FieldError {
  const message = (err as Error)?.message ?? '';
  const clusters = (choice.cluster ?? '').split(',').map((c) => c.trim()).filter(Boolean);
  if (clusters.some((c) => message.includes(`'${c}'`))) return new FieldError('cluster', err);
  if (/^vcov\b/.test(message)) return new FieldError('vcov', err);
  return new FieldError(message.startsWith('unknown column') ? 'formula' : fallback, err);
}

/** Read the data with a selection. */
export async function readData(data: PageData, select?: Record<string, 'number' | 'factor' | 'both'>, choice: ModelChoice = { formula: '' }): Promise<LoadedData> {
  try {
    return await loadBytes(data.bytes, data.name, undefined, { select });
  } catch (err) {
    throw blame(err, choice, 'data');
  }
}

/** The fit and what `hdfe fit --json` prints for it. */
export interface PageFit {
  readonly result: FeolsResult;
  readonly json: ReturnType<typeof fitJson>;
  readonly data: LoadedData;
  readonly ms: number;
}

/**
 * Read and fit, as `hdfe fit <file> "<formula>" --vcov V --cluster C --json` does.
 * @example
 * const { json } = await fitPage({ bytes, name: 'panel.csv' }, { formula: 'y ~ x | firm', vcov: 'hetero' });
 */
export async function fitPage(data: PageData, choice: ModelChoice, boot?: BootChoice): Promise<PageFit> {
  const options = fitOptions(choice);
  const loaded = await readData(data, await selection(choice, options, boot), choice);
  const t0 = performance.now();
  let result: FeolsResult;
  try {
    result = feols(loaded.columns, choice.formula, options);
  } catch (err) {
    throw blame(err, choice, 'formula');
  }
  const ms = performance.now() - t0;
  return { result, json: fitJson(result, missingUsed(loaded, choice.formula, options)), data: loaded, ms };
}

/** The bootstrap and what `hdfe boot --json` prints for it. */
export interface PageBoot {
  readonly result: WildResult;
  readonly json: ReturnType<typeof bootJson>;
}

/**
 * The wild cluster bootstrap of `hdfe boot <file> "<formula>" --param TERM --cluster C --reps B --seed S --json`,
 * on the page's sweep workers (results do not depend on them).
 */
export async function bootPage(data: LoadedData, formula: string, boot: BootChoice,
  run: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<PageBoot> {
  return step('boot', async () => {
    const cluster = str(boot.cluster);
    if (!cluster) throw new UsageError('--method wild needs --cluster C');
    const result = await wildBootstrapParallel(data.columns, formula, {
      ssc: {}, param: boot.term, cluster,
      reps: integer(str(boot.reps), '--reps', 1), seed: integer(str(boot.seed), '--seed', 0),
      signal: run.signal, onProgress: run.onProgress,
    });
    return { result, json: bootJson(result) };
  });
}
