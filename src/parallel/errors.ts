/**
 * Errors of the parallel layer. A task's error crosses the thread boundary as data (name, message, stack)
 * and is rebuilt here with its class, so a DataError thrown in a worker is a DataError to the caller.
 */
import { ConvergenceError, DataError, EstimationError, HdfeError, OptionError } from '../errors.js';

/** A sweep stopped by its AbortSignal before it finished; no partial result is returned. */
export class AbortError extends HdfeError {
  override name = 'AbortError';
  readonly code = 'ABORT_ERR';
}

/** An error as it crosses from a worker: enough to rebuild it. */
export interface TaskErrorData {
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  /** True when it was an HdfeError (a user-facing error, not a bug). */
  readonly hdfe: boolean;
}

export function toErrorData(err: unknown): TaskErrorData {
  if (err instanceof Error) {
    return { name: err.name, message: err.message, stack: err.stack, hdfe: err instanceof HdfeError };
  }
  return { name: 'Error', message: String(err), stack: undefined, hdfe: false };
}

const CLASSES: Record<string, new (message: string) => HdfeError> = {
  DataError, EstimationError, OptionError, ConvergenceError, AbortError,
};

/**
 * The caller-side error for a failed task: the same HdfeError class when it was one (FormulaError and
 * unknown subclasses become HdfeError with the same name), else an Error naming the task kind, with the
 * worker's stack as `cause`.
 */
export function fromErrorData(data: TaskErrorData, kind: string): Error {
  if (data.hdfe) {
    const Cls = CLASSES[data.name];
    const err = Cls ? new Cls(data.message) : new HdfeError(data.message);
    if (!Cls) err.name = data.name;
    return err;
  }
  const err = new Error(`task '${kind}' failed in a worker: ${data.name}: ${data.message}`);
  (err as Error & { cause?: unknown }).cause = data.stack ?? data.message;
  return err;
}

/** The error a sweep rejects with when its signal fires. */
export function abortError(signal: AbortSignal | undefined, what: string): AbortError {
  const reason = signal?.reason;
  const why = reason instanceof Error ? reason.message : reason !== undefined ? String(reason) : 'aborted';
  return new AbortError(`${what} was cancelled (${why}); no result was produced`);
}
