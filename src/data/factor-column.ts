/**
 * A text column as readers produce it: int32 codes into a dictionary of levels, so a column of 10^7 ids costs
 * 40 MB and one string per distinct level, not one string per row.
 */

/** Codes 0..labels.length-1 (-1 for a missing value) and the level of each code. */
export interface FactorColumn {
  readonly kind: 'factor';
  readonly codes: Int32Array;
  readonly labels: readonly string[];
  /** Rows, as for any column (codes.length). */
  readonly length: number;
}

/**
 * A factor column from codes and their levels.
 * @example
 * factorColumn(Int32Array.of(0, 1, -1, 0), ['a', 'b']); // a, b, missing, a
 */
export function factorColumn(codes: Int32Array, labels: readonly string[]): FactorColumn {
  return Object.freeze({ kind: 'factor', codes, labels, length: codes.length });
}

/** True for a FactorColumn (as opposed to a plain array of values or a typed array of numbers). */
export function isFactorColumn(x: unknown): x is FactorColumn {
  return typeof x === 'object' && x !== null && (x as FactorColumn).kind === 'factor' && (x as FactorColumn).codes instanceof Int32Array;
}
