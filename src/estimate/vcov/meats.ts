/**
 * The meat matrices a fit forms on request, from the demeaned (sqrt(w)-scaled) rows Z in WebAssembly memory
 * and the residuals: the heteroskedastic and cluster meats in the kernel, the others in TypeScript. A fit
 * calls this once; a variance formed later from kept scores (revcov.ts) calls it again on them.
 */
import { Arena, type Buffer } from '../../wasm/arena.js';
import { copyElements, copyOut } from '../../wasm/copy.js';
import type { Design } from '../design.js';
import type { FitSettings, Meats } from '../fit.js';
import { conleyMeat } from './conley.js';
import { cr3Meat } from './cr3.js';
import { leverageScaled, leverages } from './leverage.js';
import { serialMeat } from './serial.js';

/**
 * Meats of the kept columns `kept` of Z ([n x s] in `arena`; `cols` holds `kept` in WebAssembly memory),
 * residuals `e` and bread (Z'Z)^-1 [k x k]. `scores`, when the caller has them, are the kept columns and
 * residuals already in JavaScript memory.
 */
export function formMeats(arena: Arena, design: Design, Z: Buffer<Float64Array>, s: number, kept: readonly number[],
  cols: Buffer<Int32Array>, e: Buffer<Float64Array>, bread: Float64Array, settings: Partial<FitSettings>,
  scores?: { readonly X: Float64Array; readonly e: Float64Array }): Meats {
  const c = arena.core;
  const n = design.n;
  const k = kept.length;
  // The meats written in TypeScript read the rows many times; reading WebAssembly memory element by element
  // from JavaScript is several times slower than reading a JavaScript array, so they get a compact copy.
  const needRows = Boolean(settings.leverage || settings.serial || settings.conley || settings.cr3);
  const rows = !needRows ? null : scores ?? (() => {
    const X = arena.f64(n * k);
    c.gatherColumns(Z.data, n, s, cols.data, k, X.data);
    return { X: copyOut(X.view()), e: copyOut(e.view()) };
  })();
  const identity = Array.from({ length: k }, (_, a) => a);
  const meat = arena.f64(k * k);
  let heteroMeat: Float64Array | null = null;
  if (settings.hetero) {
    c.heteroMeat(Z.data, n, s, cols.data, k, e.data, meat.data);
    heteroMeat = meat.view().slice(0, k * k);
  } else if (settings.leverage && rows) {
    const h = leverages(design, rows.X, k, identity, bread);
    const scaled = arena.f64(n);
    copyElements(scaled.view(), 0, leverageScaled(rows.e, h, settings.leverage));
    c.heteroMeat(Z.data, n, s, cols.data, k, scaled.data, meat.data);
    heteroMeat = meat.view().slice(0, k * k);
  }
  const serial = settings.serial && rows ? serialMeat(settings.serial.type, design, rows.X, k, identity, rows.e, settings.serial.lag) : null;
  const spatial = settings.conley && rows ? conleyMeat(design, rows.X, k, identity, rows.e, settings.conley.cutoff, settings.conley.distance) : null;
  const jackknife = settings.cr3 && rows ? cr3Meat(design, design.clusterings[0], rows.X, k, identity, rows.e, bread) : null;
  const clusterMeats: Float64Array[] = [];
  if (settings.clusters && design.clusterings.length) {
    const maxG = design.clusterings.reduce((a, cl) => Math.max(a, cl.G), 0);
    const ids = arena.i32(n);
    const scores = arena.f64(maxG * k);
    for (const cl of design.clusterings) {
      copyElements(ids.view(), 0, cl.codes);
      c.clusterScores(Z.data, n, s, cols.data, k, e.data, ids.data, cl.G, scores.data);
      c.crossprod(scores.data, cl.G, k, meat.data);
      clusterMeats.push(meat.view().slice(0, k * k));
    }
  }
  return { heteroMeat, serialMeat: serial, conleyMeat: spatial, cr3Meat: jackknife, clusterMeats };
}
