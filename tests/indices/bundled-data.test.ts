/**
 * The bundled synthetic province panel (data/make-province-panel.mjs) computes SL and Vag with its own
 * plain code and writes them as SL_true and Vag_true; the index builders must reproduce both from the raw
 * columns. SL_true and Vag_true are columns rather than entries of the truth JSON so they stay aligned row by
 * row with the inputs (no join, no ordering convention) and so estimation tests can use them directly.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportResilience, potentialIndex } from '../../src/indices/index.js';

const ATOL = 1e-10;
const DATA = new URL('../../data/', import.meta.url);

/** Plain CSV as written by the generator: no quoted fields, empty = missing (NaN). */
function readCsv(name: string): { header: string[]; rows: string[][] } {
  const [head, ...lines] = readFileSync(new URL(name, DATA), 'utf8').trimEnd().split('\n');
  return { header: head.split(','), rows: lines.map((l) => l.split(',')) };
}

const panel = readCsv('province_panel.csv');
const col = (name: string, rows = panel.rows): string[] => {
  const j = panel.header.indexOf(name);
  if (j < 0) throw new Error(`no column ${name}`);
  return rows.map((r) => r[j]);
};
const num = (name: string, rows = panel.rows): number[] => col(name, rows).map((v) => (v === '' ? NaN : Number(v)));
const truth = JSON.parse(readFileSync(new URL('province_panel.truth.json', DATA), 'utf8'));

describe('bundled province panel', () => {
  it('has 30 provinces x 2008-2022, with the 2009+ fields empty in 2008', () => {
    expect(panel.rows.length).toBe(30 * 15);
    expect(new Set(col('province')).size).toBe(30);
    const years = num('year');
    expect(Math.min(...years)).toBe(2008);
    expect(Math.max(...years)).toBe(2022);
    const base = panel.rows.filter((r) => r[1] === '2008');
    expect(num('vs_output', base).every(Number.isNaN)).toBe(true);
    expect(num('SL_true', base).every(Number.isNaN)).toBe(true);
  });

  it('exportResilience with k = 1 and the given national_exports reproduces SL_true', () => {
    const sl = exportResilience({ id: col('province'), time: num('year'), exports: num('exports'), national: num('national_exports') });
    const want = num('SL_true');
    let checked = 0;
    for (let row = 0; row < sl.length; row++) {
      if (Number.isNaN(want[row])) {
        expect(sl[row], `row ${row}`).toBeNaN();
        continue;
      }
      expect(Math.abs(sl[row] - want[row]), `row ${row}`).toBeLessThanOrEqual(ATOL);
      checked++;
    }
    expect(checked).toBe(30 * 14);
  });

  it('potentialIndex with the documented internal distance, divided by vag_scale, reproduces Vag_true', () => {
    const dist = readCsv('province_distance.csv');
    const ids = dist.header.slice(1);
    expect(dist.rows.map((r) => r[0])).toEqual(ids);
    const matrix = dist.rows.map((r) => r.slice(1).map(Number));
    const rows = panel.rows.filter((r) => r[1] !== '2008');
    const { internal_distance, vag_scale } = truth.vag;
    expect(internal_distance).toEqual({ kind: 'fraction-of-nearest', fraction: 0.25 });
    const raw = potentialIndex({
      id: col('province', rows),
      time: num('year', rows),
      output: num('vs_output', rows),
      size: num('size', rows),
      distance: { ids, matrix },
      internalDistance: internal_distance,
    });
    expect(Math.abs(Math.max(...raw) - vag_scale)).toBeLessThanOrEqual(1e-12 * vag_scale);
    const want = num('Vag_true', rows);
    for (let row = 0; row < raw.length; row++) {
      expect(Math.abs(raw[row] / vag_scale - want[row]), `row ${row}`).toBeLessThanOrEqual(ATOL);
    }
  });
});
