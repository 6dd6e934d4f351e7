/**
 * The groupings a variance reads on a design's sample: the clusterings (every Cameron-Gelbach-Miller term),
 * the panel's unit and period of each row (NW, DK) and the locations (Conley). buildDesign makes them with
 * the sample; revcov asks for them again for another variance on the same sample.
 */
import { DataError } from '../errors.js';
import type { Clustering, Design } from '../estimate/design.js';
import type { ResolvedOptions } from '../estimate/options.js';
import { conleyLocations } from '../estimate/vcov/conley.js';
import { assertColumn, numericColumn, type ColumnSource } from './columns.js';
import { clusterFactor, factorize, interact, type Factor } from './factor.js';
import { compressFactor } from './sample.js';

/** values[rows[i]] for each i, by a plain loop: V8's TypedArray.from(rows, f) takes over a second per 10^6 rows. */
function gather(values: ArrayLike<number>, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
  return out;
}

function ranks(values: Float64Array, rank: (v: number) => number): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = rank(values[i]);
  return out;
}

function gatherCodes(codes: Int32Array, rows: Int32Array): Int32Array {
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = codes[rows[i]];
  return out;
}

/** Each sample row's unit code and period rank (periods in time order), for the panel variances. */
export function panelIndex(source: ColumnSource, panel: { id: string; time: string }, rows: Int32Array): Design['panelIndex'] {
  const units = factorize(source.column(panel.id));
  const t = numericColumn(source, panel.time, 'the panel time variable');
  // Distinct periods by a typed sort (a Set and a Map of a million values take most of a second).
  const sampleTimes = gather(t, rows);
  const sorted = sampleTimes.slice().sort();
  const values: number[] = [];
  for (const v of sorted) if (!Number.isNaN(v) && v !== values[values.length - 1]) values.push(v);
  const rankOf = (v: number) => {
    let lo = 0, hi = values.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (values[mid] < v) lo = mid + 1; else if (values[mid] > v) hi = mid - 1; else return mid;
    }
    return -1;
  };
  return {
    unit: gatherCodes(units.codes, rows), time: ranks(sampleTimes, rankOf),
    units: units.levels, periods: values.length, names: { id: panel.id, time: panel.time },
  };
}

/** Each sample row's location for the Conley variance. */
export function locations(source: ColumnSource, where: { lat: string; lon: string }, rows: Int32Array): Design['locations'] {
  const lat = numericColumn(source, where.lat, 'the latitude');
  const lon = numericColumn(source, where.lon, 'the longitude');
  return conleyLocations(gather(lat, rows), gather(lon, rows));
}

/** All non-empty subsets of the cluster variables, singles first (the Cameron-Gelbach-Miller terms). */
export function clusterings(factors: readonly Factor[], names: readonly string[], keep: Uint8Array, n: number): Clustering[] {
  const out: Clustering[] = [];
  const m = names.length;
  const subsets: number[][] = [];
  for (let mask = 1; mask < 1 << m; mask++) subsets.push(names.map((_, i) => i).filter((i) => mask & (1 << i)));
  subsets.sort((a, b) => a.length - b.length);
  for (const subset of subsets) {
    const f = subset.length === 1 ? factors[subset[0]] : interact(subset.map((i) => factors[i]));
    const { codes, levels } = compressFactor(f, keep, n);
    out.push({ names: subset.map((i) => names[i]), codes, G: levels });
  }
  return out;
}


/**
 * The groupings another variance needs on a design's sample (clusters, panel, coordinates), from the data it
 * was built from: what lets a fit's variance be formed again without a refit (src/estimate/revcov.ts).
 * A cluster column missing on a sample row would change the sample: an error, not a silent drop.
 */
export function varianceGroupings(source: ColumnSource, design: Design, options: ResolvedOptions):
  Pick<Design, 'clusterings' | 'clusterVars' | 'panelIndex' | 'locations'> {
  const keep = new Uint8Array(source.n);
  for (const r of design.rows) keep[r] = 1;
  const factors = options.cluster.map((c) => {
    assertColumn(source, c, 'a cluster variable');
    const f = clusterFactor(source.column(c), keep, c);
    for (const r of design.rows) {
      if (f.codes[r] < 0) {
        throw new DataError(`cluster variable '${c}' is missing on row ${r + 1} of the estimation sample; fit again with it in the options so the row is dropped`);
      }
    }
    return f;
  });
  if (options.panel) {
    assertColumn(source, options.panel.id, 'the panel unit');
    assertColumn(source, options.panel.time, 'the panel time');
  }
  return {
    clusterings: clusterings(factors, options.cluster, keep, design.n),
    clusterVars: options.cluster,
    panelIndex: options.panel ? panelIndex(source, options.panel, design.rows) : null,
    locations: options.conley ? locations(source, options.conley, design.rows) : null,
  };
}
