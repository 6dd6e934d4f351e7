/**
 * The distance matrix of the potential index and the internal distance d_ii of each unit. A unit's own term
 * in a potential needs a positive distance (1/0 is infinite), so d_ii stands for the average distance
 * within the unit; the rules below are the ones used in the market-potential literature.
 */
import { DataError, OptionError } from '../errors.js';
import { INDEX_DEFAULTS } from './defaults.js';
import { oneOf, showId } from './panel.js';

/**
 * A square, symmetric matrix of distances between units, with row/column i belonging to `ids[i]`.
 * Off-diagonal entries must be finite and > 0; the diagonal is read only by `{ kind: 'diagonal' }`.
 *
 * @example
 * ```ts
 * const distance: DistanceMatrix = { ids: ['A', 'B'], matrix: [[0, 3], [3, 0]] };
 * ```
 */
export interface DistanceMatrix {
  ids: readonly (string | number)[];
  matrix: ReadonlyArray<ArrayLike<number>>;
}

/**
 * How the internal distance d_ii is set:
 * - `{ kind: 'diagonal' }`: the matrix diagonal, which must then be > 0 (e.g. area-based d_ii computed
 *   beforehand, such as Keeble et al. 1982's one third of the radius of a disc of the unit's area);
 * - `{ kind: 'fraction-of-nearest', fraction }`: `fraction x min_{j != i} d_ij` over all units of the
 *   matrix, so d_ii does not change with panel entry or exit (Wei 1996, NBER WP 5531, used a quarter);
 * - `{ kind: 'values', values }`: given, aligned with `ids`, each > 0.
 *
 * Default {@link INDEX_DEFAULTS}.internalDistance: fraction-of-nearest with fraction 0.5.
 *
 * @example
 * ```ts
 * const rule: InternalDistance = { kind: 'fraction-of-nearest', fraction: 0.25 };
 * ```
 */
export type InternalDistance =
  | { kind: 'diagonal' }
  | { kind: 'fraction-of-nearest'; fraction: number }
  | { kind: 'values'; values: ArrayLike<number> };

const INTERNAL_KINDS = ['diagonal', 'fraction-of-nearest', 'values'] as const;

/**
 * Checks the matrix (square, finite positive off-diagonal, symmetric to a relative 1e-9, unique ids) and
 * returns the lookup from id to matrix position. Throws `DataError` naming the first bad entry or pair.
 *
 * @example
 * ```ts
 * const pos = validateDistance('potentialIndex', { ids: ['A', 'B'], matrix: [[0, 3], [3, 0]] });
 * pos.get('B'); // 1
 * ```
 */
export function validateDistance(fn: string, distance: DistanceMatrix): Map<string | number, number> {
  if (distance == null || !Array.isArray(distance.ids) || !Array.isArray(distance.matrix)) {
    throw new DataError(`${fn}: expected distance to be { ids: (string|number)[], matrix: number[][] }, got ${typeof distance}; pass both arrays`);
  }
  const { ids, matrix } = distance;
  const m = ids.length;
  const position = new Map<string | number, number>();
  ids.forEach((u, i) => {
    const earlier = position.get(u);
    if (earlier !== undefined) {
      throw new DataError(`${fn}: expected distance.ids to be unique, but ${showId(u)} is at positions ${earlier} and ${i}; remove the duplicate row and column`);
    }
    position.set(u, i);
  });
  if (matrix.length !== m) {
    throw new DataError(`${fn}: expected distance.matrix to have ${m} rows (one per id), got ${matrix.length}; make it square and aligned with distance.ids`);
  }
  matrix.forEach((row, i) => {
    if (row == null || row.length !== m) {
      throw new DataError(
        `${fn}: expected distance.matrix row ${i} (id ${showId(ids[i])}) to have ${m} entries, got ${row?.length}; make the matrix square`,
      );
    }
  });
  const rtol = INDEX_DEFAULTS.symmetryRtol;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      if (i === j) continue;
      const d = matrix[i][j];
      if (!Number.isFinite(d) || d <= 0) {
        throw new DataError(
          `${fn}: expected off-diagonal distances to be finite and > 0, got ${d} between ${showId(ids[i])} and ${showId(ids[j])}; ` +
            `two units at one place should be merged, missing distances filled`,
        );
      }
      if (j > i) {
        const back = matrix[j][i];
        if (Math.abs(d - back) > rtol * Math.max(Math.abs(d), Math.abs(back))) {
          throw new DataError(
            `${fn}: expected a symmetric distance matrix (relative tolerance ${rtol}), but d(${showId(ids[i])}, ${showId(ids[j])}) = ${d} ` +
              `and d(${showId(ids[j])}, ${showId(ids[i])}) = ${back}; symmetrise it, e.g. (D + D') / 2`,
          );
        }
      }
    }
  }
  return position;
}

/**
 * d_ii for every id of a validated matrix, aligned with `distance.ids`. Throws `OptionError` for an unknown
 * kind or a fraction that is not finite and > 0, `DataError` for a diagonal or given value that is not
 * finite and > 0 or a `values` array of the wrong length.
 *
 * @example
 * ```ts
 * internalDistances('potentialIndex', { ids: ['A', 'B', 'C'], matrix: [[0, 3, 4], [3, 0, 5], [4, 5, 0]] },
 *   { kind: 'fraction-of-nearest', fraction: 0.5 }); // Float64Array [1.5, 1.5, 2]
 * ```
 */
export function internalDistances(fn: string, distance: DistanceMatrix, rule: InternalDistance): Float64Array {
  const kind = oneOf(fn, 'internalDistance.kind', (rule as { kind?: unknown } | undefined)?.kind, INTERNAL_KINDS);
  const { ids, matrix } = distance;
  const m = ids.length;
  const dii = new Float64Array(m);
  if (kind === 'fraction-of-nearest') {
    const { fraction } = rule as { fraction: number };
    if (typeof fraction !== 'number' || !Number.isFinite(fraction) || fraction <= 0) {
      throw new OptionError(`${fn}: expected internalDistance.fraction to be a finite number > 0, got ${String(fraction)}; e.g. 0.5 for half the nearest distance`);
    }
    if (m < 2) {
      throw new DataError(`${fn}: expected at least 2 units in the distance matrix to find a nearest neighbour, got ${m}; use kind 'values' or 'diagonal'`);
    }
    for (let i = 0; i < m; i++) {
      let nearest = Infinity;
      for (let j = 0; j < m; j++) if (j !== i && matrix[i][j] < nearest) nearest = matrix[i][j];
      dii[i] = fraction * nearest;
    }
    return dii;
  }
  let source: ArrayLike<number>;
  let what: string;
  if (kind === 'diagonal') {
    source = Array.from({ length: m }, (_, i) => matrix[i][i]);
    what = 'the distance.matrix diagonal';
  } else {
    source = (rule as { values: ArrayLike<number> }).values;
    what = 'internalDistance.values';
    if (source == null || source.length !== m) {
      throw new DataError(`${fn}: expected internalDistance.values to have ${m} entries (one per distance id), got ${source?.length}; align it with distance.ids`);
    }
  }
  for (let i = 0; i < m; i++) {
    const d = source[i];
    if (!Number.isFinite(d) || d <= 0) {
      throw new DataError(
        `${fn}: expected ${what} to be finite and > 0 (it divides the unit's own term), got ${d} for id ${showId(ids[i])}; ` +
          `fill it, or use internalDistance { kind: 'fraction-of-nearest', fraction: 0.5 }`,
      );
    }
    dii[i] = d;
  }
  return dii;
}
