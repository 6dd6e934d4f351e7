/**
 * Named error classes. Every message says what was expected, what came, and how to fix it, on one line,
 * so the CLI can print it as is and exit with code 2.
 */

/** Base class of every error hdfe raises on purpose; anything else is a bug. */
export class HdfeError extends Error {
  override name = 'HdfeError';
}

/** A formula that does not parse; `position` is the 0-based character offset of the problem. */
export class FormulaError extends HdfeError {
  override name = 'FormulaError';
  constructor(message: string, readonly formula: string, readonly position: number) {
    super(`${message} at position ${position + 1}: "${formula.slice(0, position)}" >>> "${formula.slice(position)}"`);
  }
}

/** Data that cannot be used as given: unknown column, non-numeric values, empty sample, too large. */
export class DataError extends HdfeError {
  override name = 'DataError';
}

/** A model that cannot be estimated: all regressors collinear, constant outcome, too few clusters. */
export class EstimationError extends HdfeError {
  override name = 'EstimationError';
}

/** An option value outside its allowed set. */
export class OptionError extends HdfeError {
  override name = 'OptionError';
}

/** An iterative algorithm that stopped at its cap before reaching its tolerance. */
export class ConvergenceError extends HdfeError {
  override name = 'ConvergenceError';
}

/**
 * The one line the CLI prints on stderr for an HdfeError (and the page shows next to the field): 'hdfe: ',
 * then the message with any line breaks folded.
 * @example
 * errorLine(new DataError('unknown column z')); // 'hdfe: unknown column z'
 */
export function errorLine(err: HdfeError): string {
  return `hdfe: ${err.message.replace(/\s*\n\s*/g, ' ')}`;
}

/** An output file or directory that cannot be written (permissions, a missing directory, a full disk). */
export class OutputError extends HdfeError {
  override name = 'OutputError';
}
