/**
 * Several models' wild bootstraps on one set of clusters, so that they can share draws: draw b gives
 * cluster c the same weight in every model (mtest.ts, grid/joint.ts). The common clusters are those present
 * in some model's sample; a model's per-cluster table is laid out on them with zero rows for the clusters
 * its sample lacks, which add nothing to any sum of a draw (equations (2)-(7) of prepare.ts).
 */
import type { ColumnSource } from '../data/columns.js';
import { factorize } from '../data/factor.js';
import type { Design } from '../estimate/design.js';
import type { WildPrepared } from './prepare.js';

/**
 * The clusters of `cluster` present in some design's sample, numbered in the order of the data's factor
 * codes, and for each design the common index of each of its clusters (clusterings[0] must be `cluster`).
 *
 * @example
 * const { G, maps } = commonClusters(source, 'state', [design1, design2]); // maps[1][g]: common index of cluster g of design2
 */
export function commonClusters(source: ColumnSource, cluster: string, designs: readonly Design[]): { G: number; maps: Int32Array[] } {
  const all = factorize(source.column(cluster));
  const used = new Uint8Array(all.levels);
  for (const design of designs) for (let i = 0; i < design.n; i++) used[all.codes[design.rows[i]]] = 1;
  const common = new Int32Array(all.levels).fill(-1);
  let G = 0;
  for (let c = 0; c < all.levels; c++) if (used[c]) common[c] = G++;
  const maps = designs.map((design) => {
    const map = new Int32Array(design.clusterings[0].G);
    for (let i = 0; i < design.n; i++) map[design.clusterings[0].codes[i]] = common[all.codes[design.rows[i]]];
    return map;
  });
  return { G, maps };
}

/**
 * A prepared bootstrap laid out on the common clusters: its cluster g becomes common cluster map[g]; the
 * others get zero rows.
 *
 * @example
 * const shared = onCommonClusters(prepared, maps[0], G); // shared.G === G
 */
export function onCommonClusters(p: WildPrepared, map: Int32Array, G: number): WildPrepared {
  if (p.G === G && map.every((c, g) => c === g)) return p;
  const table = new Float64Array(G * p.stride);
  for (let g = 0; g < p.G; g++) table.set(p.table.subarray(g * p.stride, (g + 1) * p.stride), map[g] * p.stride);
  let Wr: Float64Array | null = null, Wl: Float64Array | null = null, rank = p.rank;
  if (p.Wr) {
    if (p.Wl) {
      // Low rank: Wr [r x G x 2] gets new columns, Wl [G x r] new rows.
      Wr = new Float64Array(rank * G * 2);
      Wl = new Float64Array(G * rank);
      for (let q = 0; q < rank; q++) {
        for (let h = 0; h < p.G; h++) {
          Wr[(q * G + map[h]) * 2] = p.Wr[(q * p.G + h) * 2];
          Wr[(q * G + map[h]) * 2 + 1] = p.Wr[(q * p.G + h) * 2 + 1];
        }
      }
      for (let g = 0; g < p.G; g++) Wl.set(p.Wl.subarray(g * rank, (g + 1) * rank), map[g] * rank);
    } else {
      // Dense W [G x G x 2] (row g, column h).
      rank = G;
      Wr = new Float64Array(G * G * 2);
      for (let g = 0; g < p.G; g++) {
        for (let h = 0; h < p.G; h++) {
          Wr[(map[g] * G + map[h]) * 2] = p.Wr[(g * p.G + h) * 2];
          Wr[(map[g] * G + map[h]) * 2 + 1] = p.Wr[(g * p.G + h) * 2 + 1];
        }
      }
    }
  }
  return Object.freeze({ ...p, G, table, Wr, Wl, rank });
}
