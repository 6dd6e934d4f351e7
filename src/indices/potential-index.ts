/**
 * Distance-decay potential index (Harris 1954, "The market as a factor in the localization of industry in
 * the United States", Ann. Assoc. Am. Geogr. 44(4)): a unit's access to the sector's intensity everywhere,
 * each unit's intensity discounted by its distance. The virtual-agglomeration measure of the study in
 * the study in data/README.md is this index with VS/X the digital-service intensity.
 */
import { DataError } from '../errors.js';
import { INDEX_DEFAULTS } from './defaults.js';
import { internalDistances, validateDistance, type DistanceMatrix, type InternalDistance } from './distance.js';
import { checkLengths, indexPanel, oneOf, requireValues, showId, showRow, type IdColumn, type NumericColumn } from './panel.js';

const FN = 'potentialIndex';

/**
 * Per-time scaling of the index across units: none, divide by the maximum, or divide by the sum.
 *
 * @example
 * ```ts
 * const normalize: PotentialNormalize = 'sum'; // values at each time add to 1
 * ```
 */
export type PotentialNormalize = 'none' | 'max' | 'sum';

const NORMALIZE = ['none', 'max', 'sum'] as const;

/**
 * Inputs of {@link potentialIndex}: one row per unit-period, in any order, and the distance matrix.
 *
 * @example
 * ```ts
 * const opts: PotentialIndexOptions = {
 *   id: ['A', 'B'], time: [1, 1], output: [2, 1], size: [10, 20],
 *   distance: { ids: ['A', 'B'], matrix: [[0, 3], [3, 0]] },
 * };
 * ```
 */
export interface PotentialIndexOptions {
  /** Unit of each row; every id must be one of `distance.ids`. */
  id: IdColumn;
  /** Period of each row. */
  time: NumericColumn;
  /** Sector output VS_jt; finite and >= 0. */
  output: NumericColumn;
  /** Size measure X_jt; finite and > 0 (it divides). */
  size: NumericColumn;
  /** Distances between units (any unit: km, hours); units of the panel may be a subset of its ids. */
  distance: DistanceMatrix;
  /** Rule for d_ii; default {@link INDEX_DEFAULTS}.internalDistance (half the nearest distance). */
  internalDistance?: InternalDistance;
  /** Per-time scaling; default {@link INDEX_DEFAULTS}.normalize = 'none'. */
  normalize?: PotentialNormalize;
}

/**
 * Potential index `Vag_it = sum_j (VS_jt / X_jt) / d_ij` over the units j present at t, including j = i with
 * the internal distance d_ii, aligned with the input rows. Units of the result: (units of VS/X) per unit of
 * distance, unless normalised: `'max'` divides each time's values by their maximum (the top unit gets 1),
 * `'sum'` by their sum (shares that add to 1 at each time).
 *
 * NaN only when normalising a time at which every unit's output is 0 (0/0). Because the sum runs over the
 * units present at t, a unit entering the panel raises every other unit's index at that time.
 *
 * Throws `DataError` for unequal column lengths, duplicate (id, time) pairs, output not finite and >= 0,
 * size not finite and > 0 (naming the first offending row's id and time), an id missing from
 * `distance.ids`, or a matrix that is not square, symmetric (relative 1e-9, naming the pair) and positive off
 * the diagonal; `OptionError` for an unknown `normalize` or `internalDistance.kind`.
 *
 * @example
 * ```ts
 * const vag = potentialIndex({
 *   id: ['A', 'B'], time: [1, 1], output: [2, 1], size: [10, 20],
 *   distance: { ids: ['A', 'B'], matrix: [[0, 4], [4, 0]] },
 * });
 * // d_AA = d_BB = 0.5 x 4 = 2: vag[0] = 0.2/2 + 0.05/4 = 0.1125, vag[1] = 0.2/4 + 0.05/2 = 0.075
 * ```
 */
export function potentialIndex(options: PotentialIndexOptions): Float64Array {
  const { id, time, output, size, distance } = options;
  const normalize = oneOf(FN, 'normalize', options.normalize ?? INDEX_DEFAULTS.normalize, NORMALIZE);
  checkLengths(FN, { id, time, output, size });
  const panel = indexPanel(FN, id, time);
  requireValues(FN, 'output', output, id, time, 'non-negative', 'it is a level of output');
  requireValues(FN, 'size', size, id, time, 'positive', 'output is divided by it');
  const position = validateDistance(FN, distance);
  const dii = internalDistances(FN, distance, options.internalDistance ?? INDEX_DEFAULTS.internalDistance);

  const pos = new Int32Array(panel.n);
  for (let row = 0; row < panel.n; row++) {
    const p = position.get(id[row]);
    if (p === undefined) throw unknownId(id, time, row, distance.ids);
    pos[row] = p;
  }

  const matrix = distance.matrix;
  const vag = new Float64Array(panel.n);
  for (const rows of panel.rowsByTime.values()) {
    for (const i of rows) {
      const di = matrix[pos[i]];
      let sum = 0;
      for (const j of rows) {
        const intensity = output[j] / size[j];
        sum += intensity / (j === i ? dii[pos[i]] : di[pos[j]]);
      }
      vag[i] = sum;
    }
    if (normalize !== 'none') {
      let scale = normalize === 'max' ? -Infinity : 0;
      for (const i of rows) scale = normalize === 'max' ? Math.max(scale, vag[i]) : scale + vag[i];
      for (const i of rows) vag[i] = scale > 0 ? vag[i] / scale : NaN;
    }
  }
  return vag;
}

function unknownId(id: IdColumn, time: NumericColumn, row: number, known: readonly (string | number)[]): DataError {
  const u = id[row];
  const sameText = known.find((k) => String(k) === String(u));
  const hint =
    sameText !== undefined
      ? `distance.ids has ${showId(sameText)} (a ${typeof sameText}, the data has a ${typeof u}): use one type for both`
      : `distance.ids starts ${known.slice(0, 5).map(showId).join(', ')}${known.length > 5 ? ', ...' : ''}: add the unit or drop its rows`;
  return new DataError(`${FN}: expected every id to be in distance.ids, but ${showRow(id, time, row)} is not; ${hint}`);
}
