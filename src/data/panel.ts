/**
 * Panel structure (unit, time) and the gap-aware time operators it enables: l(x, k) is the value at t - k
 * of the same unit, missing when that period is absent (never the previous available row).
 */
import { DataError } from '../errors.js';
import { factorize } from './factor.js';
import { numericColumn, type ColumnSource } from './columns.js';
import type { LagOp } from '../formula/ast.js';

/** Row lookup by (unit, time). */
export interface Panel {
  readonly id: string;
  readonly time: string;
  /** Row of (unit of row i, time of row i + shift), or -1. */
  shifted(shift: number): Int32Array;
}

/** Index the panel; duplicate (unit, time) pairs and non-integer times are errors. */
export function buildPanel(source: ColumnSource, id: string, time: string): Panel {
  const units = factorize(source.column(id));
  const t = numericColumn(source, time, 'the panel time variable');
  const n = source.n;
  let span = 1;
  let tmin = Infinity;
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(t[i])) {
      if (!Number.isInteger(t[i])) {
        throw new DataError(`panel time '${time}' must hold integers (years, periods); row ${i + 1} holds ${t[i]}; recode it to consecutive integers`);
      }
      tmin = Math.min(tmin, t[i]);
      span = Math.max(span, t[i]);
    }
  }
  span = span - tmin + 1;
  const index = pairIndex(units.levels, span);
  for (let i = 0; i < n; i++) {
    const u = units.codes[i];
    if (u < 0 || Number.isNaN(t[i])) continue;
    const key = u * span + (t[i] - tmin);
    const prior = index.get(key);
    if (prior >= 0) {
      throw new DataError(
        `panel (${id}, ${time}) has a duplicate pair: rows ${prior + 1} and ${i + 1} are both ${JSON.stringify(units.labels[u])}, ${t[i]}; ` +
          'aggregate the duplicates or declare a different panel');
    }
    index.set(key, i);
  }
  const cache = new Map<number, Int32Array>();
  return {
    id, time,
    shifted(shift) {
      let rows = cache.get(shift);
      if (rows) return rows;
      rows = new Int32Array(n).fill(-1);
      for (let i = 0; i < n; i++) {
        const u = units.codes[i];
        if (u < 0 || Number.isNaN(t[i])) continue;
        const target = t[i] + shift - tmin;
        if (target < 0 || target >= span) continue;
        rows[i] = index.get(u * span + target);
      }
      cache.set(shift, rows);
      return rows;
    },
  };
}

/**
 * Row of each (unit, period) key, -1 when absent: a dense table when units x span is small enough (a Map of a
 * million entries takes seconds to fill), else a Map, for sparse time codes such as yyyymmdd integers.
 */
function pairIndex(units: number, span: number): { get(key: number): number; set(key: number, row: number): void } {
  const cells = units * span;
  if (cells <= 50_000_000) {
    const table = new Int32Array(cells).fill(-1);
    return { get: (key) => table[key], set: (key, row) => { table[key] = row; } };
  }
  const map = new Map<number, number>();
  return { get: (key) => map.get(key) ?? -1, set: (key, row) => { map.set(key, row); } };
}

/** l (lag), f (lead) and d (difference) of a column over the panel. */
export function timeOperator(panel: Panel, op: LagOp, x: Float64Array, k: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  const rows = panel.shifted(op === 'f' ? k : -k);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    const other = r < 0 ? NaN : x[r];
    out[i] = op === 'd' ? x[i] - other : other;
  }
  return out;
}
