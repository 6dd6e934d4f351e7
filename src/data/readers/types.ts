/**
 * What every reader (CSV/TSV, JSON, Arrow IPC, Parquet) produces: typed columns, never one JavaScript value
 * per row. Numbers are Float64Array with NaN for missing; text is a FactorColumn (int32 codes into a level
 * dictionary, -1 for missing).
 */
import type { FactorColumn } from '../factor-column.js';

/** A loaded column: numbers, or text as dictionary codes. */
export type LoadedColumn = Float64Array | FactorColumn;

/** Loaded data: named columns plus what was found missing in each. */
export interface LoadedData {
  readonly columns: Readonly<Record<string, LoadedColumn>>;
  readonly n: number;
  readonly missing: Readonly<Record<string, number>>;
  /** Threads that parsed it, when the reader can use several (a large CSV file). */
  readonly threads?: number;
}

/**
 * How a selected column is used, known from the formula and options before the file is read:
 * 'number' (outcome, regressors, weights; text there is an error naming the line), 'factor' (fixed effects,
 * clusters, i() factors, panel ids: a dictionary of codes), 'both' (a column used both ways).
 */
export type ColumnRole = 'number' | 'factor' | 'both';

/** Options every reader takes. */
export interface ReadOptions {
  /** Only these columns are materialised (fread's `select`); the others are skipped without conversion.
   * Without it every column is read, its type (number or text) taken from its values. */
  readonly select?: Readonly<Record<string, ColumnRole>>;
}
