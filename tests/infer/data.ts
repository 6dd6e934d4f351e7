/** Small clustered panels for the bootstrap tests, reproducible from a seed (tests/reference/rng.ts). */
import { rng } from '../reference/rng.js';

export interface Panel {
  [column: string]: Float64Array;
  y: Float64Array; x1: Float64Array; x2: Float64Array; firm: Float64Array; year: Float64Array; cl: Float64Array; w: Float64Array; grp: Float64Array;
}

/**
 * G clusters of two firms each (firm is nested in cl), 3 to 6 rows per firm, years 0..4 shared across
 * clusters (year is not nested in cl); y has firm, year and cluster effects and heteroskedastic noise.
 * grp = row number mod 7 is a clustering that cuts across every firm (so every firm level is shared).
 */
export function clusteredPanel(seed: number, G: number): Panel {
  const r = rng(seed);
  const cols: Record<keyof Panel, number[]> = { y: [], x1: [], x2: [], firm: [], year: [], cl: [], w: [], grp: [] };
  const yearEffect = [0, 0.4, -0.2, 0.7, 0.1];
  for (let g = 0; g < G; g++) {
    const shock = r.normal();
    for (let f = 0; f < 2; f++) {
      const firm = 2 * g + f;
      const alpha = r.normal();
      const rows = 3 + r.int(4);
      const offset = r.int(5);
      for (let t = 0; t < rows; t++) {
        const year = (offset + t) % 5;
        const x1 = r.normal() + 0.5 * alpha;
        const x2 = r.normal() + 0.3 * shock;
        const y = 0.5 * x1 - 0.3 * x2 + alpha + yearEffect[year] + shock + (1 + 0.5 * Math.abs(x1)) * r.normal();
        cols.y.push(y); cols.x1.push(x1); cols.x2.push(x2); cols.firm.push(firm); cols.year.push(year);
        cols.cl.push(g + 1); cols.w.push(0.5 + r.uniform()); cols.grp.push(cols.y.length % 7);
      }
    }
  }
  return Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, Float64Array.from(v)])) as Panel;
}
