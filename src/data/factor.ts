/**
 * Factors as dense integer codes: the form fixed effects and clusters take in the core.
 */
import { DataError } from '../errors.js';
import { isMissing, type ColumnValues } from './columns.js';
import { isFactorColumn, type FactorColumn } from './factor-column.js';

/**
 * Codes 0..levels-1, -1 for missing or excluded rows; in order of first appearance among the rows kept, except
 * that a column already holding dense codes (a reader's factor, integers 0..L-1 all used) keeps its own.
 */
export interface Factor {
  readonly codes: Int32Array;
  readonly levels: number;
  readonly labels: readonly string[];
}

/**
 * Factorise `values` over the rows where keep[i] is 1 (all rows when keep is null). Integer columns take a
 * direct-indexing fast path (no hashing), which matters at 10^7 rows.
 */
export function factorize(values: ColumnValues, keep: Uint8Array | null = null, column?: string): Factor {
  if (isFactorColumn(values)) return factorizeCodes(values, keep);
  if (values instanceof Int32Array || values instanceof Float64Array) {
    const fast = integerRange(values, keep);
    if (fast && values instanceof Int32Array && keep === null && fast.min === 0 && everyCodeUsed(values, fast.max + 1)) {
      // Already dense codes: used as they are (at 10^7 rows a copy costs more in fresh pages than in work).
      return { codes: values, levels: fast.max + 1, labels: Array.from({ length: fast.max + 1 }, (_, i) => String(i)) };
    }
    if (fast) return factorizeIntegers(values, keep, fast.min, fast.max);
  } else if (Array.isArray(values) && values.every((v) => typeof v === 'number')) {
    const nums = Float64Array.from(values as number[]);
    const fast = integerRange(nums, keep);
    if (fast) return factorizeIntegers(nums, keep, fast.min, fast.max);
  }
  const n = values.length;
  const codes = new Int32Array(n).fill(-1);
  const map = new Map<string, number>();
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    if (keep && !keep[i]) continue;
    const v = values[i];
    if (isMissing(v)) continue;
    // String() of any plain object is '[object Object]': every row would fall into one level.
    if (typeof v === 'object' && !(v instanceof Date)) {
      throw new DataError(`${column ? `column '${column}'` : 'a factor column'} holds ${Array.isArray(v) ? 'an array' : 'an object'} at row ${i + 1} (${String(JSON.stringify(v)).slice(0, 40)}), which cannot be a level; give strings or numbers (say, the object's id)`);
    }
    const key = String(v);
    let code = map.get(key);
    if (code === undefined) { code = labels.length; map.set(key, code); labels.push(key); }
    codes[i] = code;
  }
  return { codes, levels: labels.length, labels };
}

/**
 * The factor of a cluster variable: a group id (text or whole numbers). A numeric column with fractional
 * values is a measurement (a price, the outcome), and clustering by it makes nearly every row its own cluster
 * without a word, so it is refused, as i() refuses such a column.
 */
export function clusterFactor(values: ColumnValues, keep: Uint8Array | null, column: string): Factor {
  const f = factorize(values, keep, column);
  // On the levels (at most one per row), whatever form the column came in: numbers, or text a reader kept.
  const numbers = f.labels.map((l) => (l.trim() === '' ? NaN : Number(l)));
  const fractional = numbers.findIndex((v) => Number.isFinite(v) && v !== Math.round(v));
  if (fractional >= 0 && numbers.every(Number.isFinite)) {
    throw new DataError(`cluster variable '${column}' is numeric with fractional values such as ${f.labels[fractional]} (${f.levels} distinct values); `
      + 'a cluster is a group id (text or whole numbers) such as a firm, state or year, not a measurement: cluster by a grouping column');
  }
  return f;
}

/** Direct indexing by value - min: no hashing, monomorphic loops over the typed array. */
function factorizeIntegers(values: Int32Array | Float64Array, keep: Uint8Array | null, min: number, max: number): Factor {
  const n = values.length;
  const codes = new Int32Array(n).fill(-1);
  const table = new Int32Array(max - min + 1).fill(-1);
  let levels = 0;
  for (let i = 0; i < n; i++) {
    if (keep !== null && keep[i] === 0) continue;
    const v = values[i];
    if (v !== v) continue; // NaN: missing
    const slot = v - min;
    let code = table[slot];
    if (code < 0) code = table[slot] = levels++;
    codes[i] = code;
  }
  const labels = new Array<string>(levels);
  for (let slot = 0; slot < table.length; slot++) if (table[slot] >= 0) labels[table[slot]] = String(slot + min);
  return { codes, levels, labels };
}

/** A reader's factor column re-coded over the kept rows: direct indexing by its codes, labels carried over. */
function factorizeCodes(col: FactorColumn, keep: Uint8Array | null): Factor {
  const n = col.length;
  if (keep === null && everyCodeUsed(col.codes, col.labels.length)) {
    // Already dense: the codes serve as they are (at 10^7 rows a copy costs more in fresh pages than in work).
    return { codes: col.codes, levels: col.labels.length, labels: col.labels };
  }
  const codes = new Int32Array(n).fill(-1);
  const table = new Int32Array(col.labels.length).fill(-1);
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    if (keep !== null && keep[i] === 0) continue;
    const old = col.codes[i];
    if (old < 0) continue;
    let code = table[old];
    if (code < 0) { code = table[old] = labels.length; labels.push(col.labels[old]); }
    codes[i] = code;
  }
  return { codes, levels: labels.length, labels };
}

/** Does every code 0..levels-1 occur in `codes` (-1 for missing)? */
function everyCodeUsed(codes: Int32Array, levels: number): boolean {
  const seen = new Uint8Array(levels);
  let count = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c >= 0 && seen[c] === 0) { seen[c] = 1; count++; }
  }
  return count === levels;
}

/** min/max when every kept, non-missing value is an integer and the range is at most a few times n. */
function integerRange(values: Int32Array | Float64Array, keep: Uint8Array | null): { min: number; max: number } | null {
  let min = Infinity, max = -Infinity;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    if (keep !== null && keep[i] === 0) continue;
    const v = values[i];
    if (v !== v) continue;
    if (v !== Math.floor(v) || !Number.isFinite(v)) return null;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return null;
  return max - min <= 4 * n + 1024 ? { min, max } : null;
}

/** Combine several factors into one whose levels are the observed combinations (a^b, cluster intersections). */
export function interact(factors: readonly Factor[]): Factor {
  const n = factors[0].codes.length;
  let codes = factors[0].codes;
  let levels = factors[0].levels;
  // A combined level is named by its parts joined with '_', as fixest names a^b; built only when asked for
  // (cluster intersections at 10^7 rows never need their names).
  let labelsOf = (): readonly string[] => factors[0].labels;
  for (let f = 1; f < factors.length; f++) {
    const next = factors[f];
    const combined = new Float64Array(n);
    for (let i = 0; i < n; i++) combined[i] = codes[i] < 0 || next.codes[i] < 0 ? NaN : codes[i] * next.levels + next.codes[i];
    const dense = factorize(combined);
    codes = dense.codes;
    levels = dense.levels;
    const before = labelsOf;
    labelsOf = () => { const b = before(); return dense.labels.map((v) => { const c = Number(v); return `${b[Math.floor(c / next.levels)]}_${next.labels[c % next.levels]}`; }); };
  }
  let labels: readonly string[] | null = null;
  return { codes, levels, get labels() { return (labels ??= labelsOf()); } };
}
