/**
 * Observations a Poisson (or other count) model cannot use: those in a fixed-effect level whose outcome is
 * zero in every row. Such a level's coefficient goes to minus infinity (the fixed-effect form of separation,
 * Correia, Guimaraes and Zylkin 2021); fixest drops them by default (`fixef.rm = "perfect"`), as ppmlhdfe does.
 * Dropping rows can leave new singletons and new all-zero levels, so the two rules alternate until neither
 * drops anything.
 */
import { DataError } from '../errors.js';
import type { Clustering, Design, FixedEffectCodes } from '../estimate/design.js';

/** Rows of levels whose outcome sums to zero among the kept rows (outcomes are non-negative). */
function markZeroLevels(y: Float64Array, fe: FixedEffectCodes, keep: Uint8Array): number {
  const total = new Float64Array(fe.levels);
  const seen = new Uint8Array(fe.levels);
  for (let i = 0; i < y.length; i++) if (keep[i]) { total[fe.codes[i]] += y[i]; seen[fe.codes[i]] = 1; }
  let dropped = 0;
  for (let i = 0; i < y.length; i++) {
    if (keep[i] && seen[fe.codes[i]] && total[fe.codes[i]] === 0) { keep[i] = 0; dropped++; }
  }
  return dropped;
}

function markSingletons(fe: FixedEffectCodes, keep: Uint8Array): number {
  const count = new Int32Array(fe.levels);
  for (let i = 0; i < keep.length; i++) if (keep[i]) count[fe.codes[i]]++;
  let dropped = 0;
  for (let i = 0; i < keep.length; i++) if (keep[i] && count[fe.codes[i]] === 1) { keep[i] = 0; dropped++; }
  return dropped;
}

function recode(codes: Int32Array, levels: number, keep: Uint8Array, n: number): { codes: Int32Array; levels: number } {
  const map = new Int32Array(levels).fill(-1);
  const out = new Int32Array(n);
  let count = 0;
  for (let i = 0, j = 0; i < keep.length; i++) {
    if (!keep[i]) continue;
    const c = codes[i];
    if (map[c] < 0) map[c] = count++;
    out[j++] = map[c];
  }
  return { codes: out, levels: count };
}

function compress<T extends Float64Array | Int32Array>(values: T, keep: Uint8Array, n: number): T {
  const out = new (values.constructor as { new (n: number): T })(n);
  for (let i = 0, j = 0; i < keep.length; i++) if (keep[i]) out[j++] = values[i];
  return out;
}

/** values[rows[i]] for every i (a plain loop: V8's TypedArray.from with a map function is far slower). */
function gather(values: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
  return out;
}

/** Columns gathered at `rows` on first access (memoized): a restricted design copies no column it is not asked for. */
function lazyGathered(columns: readonly Float64Array[], rows: Int32Array): Float64Array[] {
  const out = new Array<Float64Array>(columns.length);
  const made: (Float64Array | undefined)[] = [];
  columns.forEach((col, j) => Object.defineProperty(out, j, {
    enumerable: true,
    get: () => (made[j] ??= gather(col, rows)),
  }));
  return out;
}

/**
 * The design on the rows with keep[i] = 1 (sample rows), fixed effects and clusterings recoded densely. The
 * outcome and regressors stay the data's columns, read through the new rows (design.full), as buildDesign
 * leaves them: the fit reads them in one pass, and no column is copied for the smaller sample.
 * @example
 * const sub = restrictDesign(design, keep, { na: 0, singletons: 2 });
 */
export function restrictDesign(design: Design, keep: Uint8Array, dropped: Design['dropped']): Design {
  let n = 0;
  for (let i = 0; i < keep.length; i++) n += keep[i];
  if (n === design.n) return Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(design), dropped: { value: dropped, enumerable: true } }) as Design;
  const fixedEffects = design.fixedEffects.map((fe) => ({ name: fe.name, ...recode(fe.codes, fe.levels, keep, n) }));
  const clusterings: Clustering[] = design.clusterings.map((cl) => {
    const { codes, levels } = recode(cl.codes, cl.G, keep, n);
    return { names: cl.names, codes, G: levels };
  });
  const p = design.panelIndex;
  const loc = design.locations;
  // Without `full`, the design's columns span all data rows already (its rows are 0..n-1).
  const full = design.full ?? { X: Array.from({ length: design.X.length }, (_, j) => design.X[j]), y: design.y };
  const rows = compress(design.rows, keep, n);
  let y: Float64Array | undefined;
  const value = (v: unknown) => ({ value: v, enumerable: true });
  return Object.freeze(Object.defineProperties({}, {
    ...Object.getOwnPropertyDescriptors(design),
    n: value(n),
    y: { get: () => (y ??= gather(full.y, rows)), enumerable: true },
    X: value(lazyGathered(full.X, rows)),
    fixedEffects: value(fixedEffects),
    weights: value(design.weights ? compress(design.weights, keep, n) : null),
    clusterings: value(clusterings),
    dropped: value(dropped),
    rows: value(rows),
    full: value(full),
    panelIndex: value(p ? { ...p, unit: compress(p.unit, keep, n), time: compress(p.time, keep, n) } : null),
    locations: value(loc ? { ...loc, code: compress(loc.code, keep, n) } : null),
  }) as Design);
}

/** The design without the rows of all-zero-outcome levels, and how many rows that removed. */
export interface ZeroLevelsDropped {
  readonly design: Design;
  /** Rows in fixed-effect levels whose outcome is zero in every row. */
  readonly fixefAllZero: number;
  /** Singletons left by that drop (with singletons: 'drop'), added to `design.dropped.singletons`. */
  readonly singletons: number;
}

/**
 * Drop the rows of fixed-effect levels whose outcome is all zero, alternating with singleton drops when
 * `dropSingletons`, until neither changes the sample. Throws DataError when no row is left.
 */
export function dropZeroOutcomeLevels(design: Design, dropSingletons: boolean): ZeroLevelsDropped {
  if (design.fixedEffects.length === 0) return { design, fixefAllZero: 0, singletons: 0 };
  const y = design.y;
  const keep = new Uint8Array(design.n).fill(1);
  let zero = 0, single = 0;
  for (;;) {
    let round = 0;
    for (const fe of design.fixedEffects) { const d = markZeroLevels(y, fe, keep); zero += d; round += d; }
    if (dropSingletons && round > 0) {
      for (;;) {
        let s = 0;
        for (const fe of design.fixedEffects) s += markSingletons(fe, keep);
        single += s;
        round += s;
        if (s === 0) break;
      }
    }
    if (round === 0 || !dropSingletons) break;
  }
  if (zero + single === design.n) {
    throw new DataError(`no observation left: the outcome ${design.depvar} is zero in every level of the fixed effects; a Poisson model needs positive outcomes`);
  }
  const dropped = { ...design.dropped, singletons: design.dropped.singletons + single };
  return { design: restrictDesign(design, keep, dropped), fixefAllZero: zero, singletons: single };
}
