/**
 * The tiny unbalanced panel shared by the index tests: units A, B, C over times 1-4, rows shuffled.
 * A is present throughout, B has an interior gap at t = 3, C enters at t = 3.
 *
 *   id  time  exports  output  size
 *   A   1     100      1       10
 *   A   2     110      2       10
 *   A   3     121      3       12
 *   A   4     150      4       16
 *   B   1      50      5       20
 *   B   2      40      5       25
 *   B   4      60      6       30
 *   C   3      20      2        4
 *   C   4      30      3        6
 */
const ROWS: ReadonlyArray<readonly [string, number, number, number, number]> = [
  ['C', 4, 30, 3, 6],
  ['A', 2, 110, 2, 10],
  ['B', 4, 60, 6, 30],
  ['A', 1, 100, 1, 10],
  ['C', 3, 20, 2, 4],
  ['B', 1, 50, 5, 20],
  ['A', 4, 150, 4, 16],
  ['B', 2, 40, 5, 25],
  ['A', 3, 121, 3, 12],
];

export const id = ROWS.map((r) => r[0]);
export const time = ROWS.map((r) => r[1]);
export const exports = ROWS.map((r) => r[2]);
export const output = ROWS.map((r) => r[3]);
export const size = ROWS.map((r) => r[4]);

/** Row index of (unit, t) in the shuffled order. */
export function rowOf(unit: string, t: number): number {
  const row = ROWS.findIndex((r) => r[0] === unit && r[1] === t);
  if (row < 0) throw new Error(`no row ${unit} ${t} in the tiny panel`);
  return row;
}

/** The result's value at (unit, t). */
export function at(values: ArrayLike<number>, unit: string, t: number): number {
  return values[rowOf(unit, t)];
}

/** Copy of a column with one row's value replaced. */
export function withValue<T>(column: readonly T[], unit: string, t: number, value: T): T[] {
  const copy = column.slice();
  copy[rowOf(unit, t)] = value;
  return copy;
}

/** Every (unit, time) pair of the panel, for looping over expectations. */
export const PAIRS: ReadonlyArray<readonly [string, number]> = ROWS.map((r) => [r[0], r[1]] as const);
