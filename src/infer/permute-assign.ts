/**
 * Which values a permutation test exchanges, and the assignment of draw b.
 *
 * Slots are what gets shuffled: the rows of the estimation sample, or with `by` the units having a row in
 * it (the unit's value goes with the unit). Slots are grouped in strata and only shuffled within them. Slots
 * holding equal values form a class; an assignment gives every slot a class, and the permuted column then
 * holds, on every row of a slot, the value of the class's representative row.
 *
 * Random draw b: a Fisher-Yates shuffle of each stratum in turn (Knuth 1997, Algorithm 3.4.2P), step t
 * (counted over all strata) driven by uniform t of stream b: j = floor(u (i + 1)).
 * Enumeration: when the distinct assignments (per stratum the multinomial m! / prod_c m_c!, multiplied over
 * strata) number at most the draws asked for, draw b is the b-th of them: b in mixed radix over strata
 * (stratum 0 least significant), each digit unranked as a multiset permutation in lexicographic class order.
 * All arrays are SharedArrayBuffer-backed so workers read them in place.
 */
import { isMissing } from '../data/columns.js';
import { DataError } from '../errors.js';
import { sharedF64, shareI32 } from '../parallel/shared.js';
import { uniformAt, type StreamKey } from '../parallel/rng.js';

export interface Assignment {
  readonly rows: Int32Array; // [R] data rows whose permuted value is rewritten
  readonly rowSlot: Int32Array; // [R] slot of each of those rows
  readonly slotClass: Int32Array; // [m] class of each slot as observed
  readonly strataStart: Int32Array; // [H + 1] offsets into strataSlots
  readonly strataSlots: Int32Array; // [m] slots grouped by stratum, in order of first appearance
  readonly classStart: Int32Array; // [H + 1] classes of stratum h are classStart[h] .. classStart[h+1]-1
  readonly classCount: Int32Array; // [C] slots per class
  readonly classRep: Int32Array; // [C] a data row holding the class's value
  /** [H] distinct assignments per stratum; filled by `countAssignments` when they can be enumerated. */
  readonly strataCount: Float64Array;
}

/** Where the permutation acts: columns as the data holds them, and the estimation sample. */
export interface AssignmentInput {
  readonly column: ArrayLike<unknown>;
  readonly columnName: string;
  readonly sampleRows: Int32Array; // [nobs] data rows of the estimation sample, increasing
  readonly unit?: { readonly name: string; readonly values: ArrayLike<unknown> };
  readonly strata?: { readonly name: string; readonly values: ArrayLike<unknown> };
}

function show(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : String(v);
}

/** Dense codes of `values` on the given rows, in order of first appearance (SameValueZero equality). */
function codesOn(values: ArrayLike<unknown>, rows: Int32Array, what: string): { codes: Int32Array; first: number[] } {
  const codes = new Int32Array(rows.length);
  const index = new Map<unknown, number>();
  const first: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]];
    if (isMissing(v)) {
      throw new DataError(`${what} is missing in row ${rows[i] + 1}, which is in the estimation sample; fill it or drop the row`);
    }
    let c = index.get(v);
    if (c === undefined) { c = first.length; index.set(v, c); first.push(rows[i]); }
    codes[i] = c;
  }
  return { codes, first };
}

/**
 * Slots, strata and value classes of a permutation test. Throws DataError when a unit or stratum is missing
 * on the sample, when the permuted column (or the strata) vary within a unit, or when a stratum varies.
 */
export function buildAssignment(input: AssignmentInput): Assignment {
  const { column, columnName, sampleRows, unit, strata } = input;
  // Slot of each sample row, and each slot's representative (first) row.
  let slotOfSample: Int32Array;
  let slotRep: number[];
  let rows: number[];
  let rowSlot: number[];
  if (unit) {
    const u = codesOn(unit.values, sampleRows, `the unit '${unit.name}'`);
    slotOfSample = u.codes;
    slotRep = u.first;
    // A unit's value must be one value on all its rows that hold one (in the sample or not), and every such
    // row is rewritten, so lags and leads of the permuted column stay within the unit's new value.
    const unitIndex = new Map<unknown, number>();
    slotRep.forEach((r, s) => unitIndex.set(unit.values[r], s));
    rows = [];
    rowSlot = [];
    const n0 = column.length;
    for (let r = 0; r < n0; r++) {
      const s = unitIndex.get(unit.values[r]);
      if (s === undefined || isMissing(column[r])) continue;
      const rep = slotRep[s];
      if (column[r] !== column[rep]) {
        throw new DataError(
          `with by = '${unit.name}', whole units are permuted, so '${columnName}' must be constant within each unit, but unit ` +
            `${unit.name} = ${show(unit.values[rep])} holds ${show(column[rep])} in row ${rep + 1} and ${show(column[r])} in row ${r + 1}; ` +
            `permute rows (drop by) or pass the unit whose level '${columnName}' is assigned at`);
      }
      if (strata && !isMissing(strata.values[r]) && strata.values[r] !== strata.values[rep]) {
        throw new DataError(
          `strata '${strata.name}' must be constant within each unit of '${unit.name}', but unit ${show(unit.values[rep])} ` +
            `is in stratum ${show(strata.values[rep])} in row ${rep + 1} and ${show(strata.values[r])} in row ${r + 1}`);
      }
      rows.push(r);
      rowSlot.push(s);
    }
  } else {
    slotOfSample = Int32Array.from(sampleRows, (_, i) => i);
    slotRep = Array.from(sampleRows);
    rows = slotRep;
    rowSlot = Array.from(slotOfSample);
  }
  const m = slotRep.length;
  const repRows = Int32Array.from(slotRep);
  const stratumOfSlot = strata ? codesOn(strata.values, repRows, `the stratum '${strata.name}'`).codes : new Int32Array(m);
  let H = 0;
  for (let s = 0; s < m; s++) if (stratumOfSlot[s] >= H) H = stratumOfSlot[s] + 1;

  // Slots grouped by stratum, stable.
  const strataStart = new Int32Array(H + 1);
  for (let s = 0; s < m; s++) strataStart[stratumOfSlot[s] + 1]++;
  for (let h = 0; h < H; h++) strataStart[h + 1] += strataStart[h];
  const fill = strataStart.slice(0, H);
  const strataSlots = new Int32Array(m);
  for (let s = 0; s < m; s++) strataSlots[fill[stratumOfSlot[s]]++] = s;

  // Classes: distinct values within each stratum, in order of first appearance.
  const slotClass = new Int32Array(m);
  const classStart = new Int32Array(H + 1);
  const classCount: number[] = [];
  const classRep: number[] = [];
  for (let h = 0; h < H; h++) {
    const index = new Map<unknown, number>();
    classStart[h] = classRep.length;
    for (let p = strataStart[h]; p < strataStart[h + 1]; p++) {
      const s = strataSlots[p];
      const v = column[slotRep[s]];
      let c = index.get(v);
      if (c === undefined) { c = classRep.length; index.set(v, c); classRep.push(slotRep[s]); classCount.push(0); }
      slotClass[s] = c;
      classCount[c]++;
    }
  }
  classStart[H] = classRep.length;
  return {
    rows: shareI32(rows), rowSlot: shareI32(rowSlot), slotClass: shareI32(slotClass),
    strataStart: shareI32(strataStart), strataSlots: shareI32(strataSlots), classStart: shareI32(classStart),
    classCount: shareI32(classCount), classRep: shareI32(classRep), strataCount: sharedF64(H),
  };
}

/**
 * Number of distinct assignments if it is at most `cap` (and then fill `strataCount`), else Infinity.
 * Exact: BigInt products, stopped as soon as they pass the cap.
 */
export function countAssignments(a: Assignment, cap: number): number {
  const H = a.strataCount.length;
  const limit = BigInt(Math.floor(Math.min(cap, Number.MAX_SAFE_INTEGER)));
  let total = 1n;
  const perStratum: bigint[] = [];
  for (let h = 0; h < H; h++) {
    let M = 1n;
    let r = 0n;
    for (let c = a.classStart[h]; c < a.classStart[h + 1]; c++) {
      for (let i = 1n; i <= BigInt(a.classCount[c]); i++) {
        r++;
        M = (M * r) / i; // C(r, i) grows one factor at a time and stays an integer
        if (M > limit) return Infinity;
      }
    }
    perStratum.push(M);
    total *= M;
    if (total > limit) return Infinity;
  }
  perStratum.forEach((M, h) => { a.strataCount[h] = Number(M); });
  return Number(total);
}

/** Scratch for drawing: reuse across draws. */
export interface DrawScratch {
  readonly perm: Int32Array; // [largest stratum]
  readonly left: Int32Array; // [C]
}

export function drawScratch(a: Assignment): DrawScratch {
  let largest = 0;
  for (let h = 0; h + 1 < a.strataStart.length; h++) largest = Math.max(largest, a.strataStart[h + 1] - a.strataStart[h]);
  return { perm: new Int32Array(largest), left: new Int32Array(a.classCount.length) };
}

/** Random draw: out[slot] = class placed on the slot by the shuffle of stream `key`. */
export function drawRandom(a: Assignment, key: StreamKey, scratch: DrawScratch, out: Int32Array): void {
  const { strataStart, strataSlots, slotClass } = a;
  const perm = scratch.perm;
  let step = 0;
  for (let h = 0; h + 1 < strataStart.length; h++) {
    const s0 = strataStart[h];
    const m = strataStart[h + 1] - s0;
    for (let i = 0; i < m; i++) perm[i] = i;
    for (let i = m - 1; i >= 1; i--) {
      // u may be exactly 1 (see rng.ts): clamp so j stays in [0, i].
      const j = Math.min(i, Math.floor(uniformAt(key, step++) * (i + 1)));
      const t = perm[i]; perm[i] = perm[j]; perm[j] = t;
    }
    for (let p = 0; p < m; p++) out[strataSlots[s0 + p]] = slotClass[strataSlots[s0 + perm[p]]];
  }
}

/** Enumerated draw: out[slot] = class of slot in distinct assignment `b` (needs `countAssignments` first). */
export function drawEnumerated(a: Assignment, b: number, scratch: DrawScratch, out: Int32Array): void {
  const { strataStart, strataSlots, classStart, classCount, strataCount } = a;
  const left = scratch.left;
  let rest = b;
  for (let h = 0; h + 1 < strataStart.length; h++) {
    const M = strataCount[h];
    let rank = rest % M;
    rest = Math.floor(rest / M);
    const c0 = classStart[h], c1 = classStart[h + 1];
    for (let c = c0; c < c1; c++) left[c] = classCount[c];
    const s0 = strataStart[h];
    const m = strataStart[h + 1] - s0;
    let total = M;
    for (let p = 0; p < m; p++) {
      const slots = m - p;
      for (let c = c0; c < c1; c++) {
        if (left[c] === 0) continue;
        // Assignments of the remaining slots that put class c here: total * left_c / slots (an integer).
        const sub = (total * left[c]) / slots;
        if (rank < sub) { out[strataSlots[s0 + p]] = c; left[c]--; total = sub; break; }
        rank -= sub;
      }
    }
  }
}

/** Write the assignment into `target` (a copy of the permuted column): each rewritten row gets its class's value. */
export function applyAssignment(a: Assignment, classOfSlot: Int32Array, original: ArrayLike<unknown>,
  target: { [i: number]: unknown }): void {
  const { rows, rowSlot, classRep } = a;
  for (let i = 0; i < rows.length; i++) target[rows[i]] = original[classRep[classOfSlot[rowSlot[i]]]];
}
