/**
 * The WRE's draws (wild-iv-prepare.ts, steps (3)-(6)): draw b's weights are those of the OLS wild bootstrap
 * (stream b + 1 of the counter-based generator, or the bits of b when enumerating; assembly/bootstrap.ts), and
 * its t* is a pure function of the weights and the DGP at r, computed in a fixed order. So any split of
 * [0, reps) over calls or workers gives bit-identical t*.
 */
import { Arena } from '../wasm/arena.js';
import type { WreAt } from './wild-iv-prepare.js';

/** How draw b's weights are made (the OLS wild bootstrap's rule). */
export interface WreSampling {
  /** Kernel code of the weights (rng.ts VARIATE_CODE). */
  readonly kind: number;
  readonly seed: number;
  readonly reps: number;
  /** Draw b is the sign vector of the bits of b (all 2^G Rademacher vectors). */
  readonly enumerated: boolean;
}

/**
 * Weights of draws b0..b1-1, [(b1 - b0) x G] row-major.
 *
 * @example
 * wreWeights({ kind: 1, seed: 1, reps: 999, enumerated: false }, 10, 0, 999); // Rademacher, as wildBootstrap draws them
 */
export function wreWeights(s: WreSampling, G: number, b0: number, b1: number): Float64Array {
  const out = new Float64Array((b1 - b0) * G);
  if (s.enumerated) {
    for (let b = b0; b < b1; b++) for (let g = 0; g < G; g++) out[(b - b0) * G + g] = 1 - 2 * ((b >> g) & 1);
    return out;
  }
  const arena = new Arena();
  try {
    const buf = arena.f64(G);
    for (let b = b0; b < b1; b++) {
      arena.core.rngFill(s.seed, b + 1, 0, G, s.kind, buf.data);
      out.set(buf.view(), (b - b0) * G);
    }
  } finally {
    arena.release();
  }
  return out;
}

/** Scratch of one draw, sized once per DGP. */
export class WreScratch {
  readonly sv: Float64Array; readonly su: Float64Array; readonly Qxs: Float64Array; readonly Qys: Float64Array;
  readonly piS: Float64Array; readonly H: Float64Array; readonly h: Float64Array; readonly beta: Float64Array;
  readonly rho: Float64Array; readonly c: Float64Array; readonly th: Float64Array; readonly thC: Float64Array;
  readonly Ku: Float64Array; readonly Kv: Float64Array; readonly tmp: Float64Array;
  constructor(G: number, l: number, kW: number, rank: number) {
    const k = 1 + kW;
    this.sv = new Float64Array(l); this.su = new Float64Array(l); this.Qxs = new Float64Array(l); this.Qys = new Float64Array(l);
    this.piS = new Float64Array(l); this.H = new Float64Array(k * k); this.h = new Float64Array(k); this.beta = new Float64Array(k);
    this.rho = new Float64Array(k); this.c = new Float64Array(l); this.th = new Float64Array(l); this.thC = new Float64Array(l);
    this.Ku = new Float64Array(G * l); this.Kv = new Float64Array(G * l); this.tmp = new Float64Array(Math.max(G, rank));
  }
}

/** Scratch the FE correction needs: its low-rank product. */
function maxRank(at: WreAt): number {
  return at.base.fe ? at.base.fe.rank : 0;
}

/** Solve H x = b in place for SPD H ([k x k], overwritten by its Cholesky factor) and two right-hand sides. */
function cholSolve2(H: Float64Array, k: number, b1: Float64Array, b2: Float64Array): boolean {
  for (let j = 0; j < k; j++) {
    let d = H[j * k + j];
    for (let m = 0; m < j; m++) d -= H[j * k + m] * H[j * k + m];
    if (!(d > 0)) return false;
    const cjj = Math.sqrt(d);
    H[j * k + j] = cjj;
    for (let i = j + 1; i < k; i++) {
      let s = H[i * k + j];
      for (let m = 0; m < j; m++) s -= H[i * k + m] * H[j * k + m];
      H[i * k + j] = s / cjj;
    }
  }
  for (const b of [b1, b2]) {
    for (let i = 0; i < k; i++) { let s = b[i]; for (let m = 0; m < i; m++) s -= H[i * k + m] * b[m]; b[i] = s / H[i * k + i]; }
    for (let i = k - 1; i >= 0; i--) { let s = b[i]; for (let m = i + 1; m < k; m++) s -= H[m * k + i] * b[m]; b[i] = s / H[i * k + i]; }
  }
  return true;
}

/**
 * One draw with weights v (offset vo in `v`): writes b*_x and sum_g psi_g^2 to out[o], out[o + 1]
 * (steps (3)-(5)); NaN for a draw whose fitted endogenous regressor vanishes.
 */
export function wreDraw(at: WreAt, v: Float64Array, vo: number, w: WreScratch, out: Float64Array, o: number): void {
  const { base, r, Pi, gamma, CPi, CWg, Fu, Fv } = at;
  const { G, l, kW, C, Cinv, Cg } = base;
  const k = 1 + kW, w0 = l - kW;
  const { sv, su, Qxs, Qys, piS, H, h, beta, rho, c, th, thC, Ku, tmp } = w;
  sv.fill(0); su.fill(0);
  for (let g = 0; g < G; g++) {
    const vg = v[vo + g];
    for (let a = 0; a < l; a++) { su[a] += vg * Fu[g * l + a]; sv[a] += vg * Fv[g * l + a]; }
  }
  for (let a = 0; a < l; a++) Qxs[a] = CPi[a] + sv[a];
  for (let a = 0; a < l; a++) Qys[a] = r * Qxs[a] + CWg[a] + su[a];
  for (let a = 0; a < l; a++) { let s = 0; for (let b = 0; b < l; b++) s += Cinv[a * l + b] * Qxs[b]; piS[a] = s; }
  // H = [[pi*'Q'x*, (Q'x*)_W'], [(Q'x*)_W, C_WW]], h = [pi*'Q'y*, (Q'y*)_W].
  let hxx = 0, hy = 0;
  for (let a = 0; a < l; a++) { hxx += piS[a] * Qxs[a]; hy += piS[a] * Qys[a]; }
  H[0] = hxx; h[0] = hy;
  for (let i = 0; i < kW; i++) {
    H[i + 1] = Qxs[w0 + i]; H[(i + 1) * k] = Qxs[w0 + i];
    h[i + 1] = Qys[w0 + i];
    for (let j = 0; j < kW; j++) H[(i + 1) * k + j + 1] = C[(w0 + i) * l + w0 + j];
  }
  beta.set(h); rho.fill(0); rho[0] = 1;
  if (!cholSolve2(H, k, beta, rho)) { out[o] = NaN; out[o + 1] = NaN; return; }
  const dl = r - beta[0];
  for (let a = 0; a < l; a++) c[a] = Pi[a] * dl;
  for (let i = 0; i < kW; i++) c[w0 + i] += gamma[i] - beta[i + 1];
  for (let a = 0; a < l; a++) th[a] = rho[0] * piS[a];
  for (let i = 0; i < kW; i++) th[w0 + i] += rho[i + 1];
  // The FE correction's share of each score, ke_g = th'([K_u v]_g + dl [K_v v]_g), with dl and th known:
  // low rank, ke_g = sum_a th_a Wl_a[g, :] (Ru v + dl Rv v); dense, sum_a th_a (K_u + dl K_v)_a[g, :] v.
  const fe = base.fe;
  const corrected = fe !== null;
  if (fe) {
    if (at.Ru && at.Rv) {
      const q = fe.rank, Wl = fe.Wl, Ru = at.Ru, Rv = at.Rv;
      for (let t = 0; t < q; t++) {
        let su = 0, sv = 0;
        for (let hh = 0; hh < G; hh++) { const vh = v[vo + hh]; su += Ru[t * G + hh] * vh; sv += Rv[t * G + hh] * vh; }
        tmp[t] = su + dl * sv;
      }
      for (let g = 0; g < G; g++) {
        let acc = 0;
        for (let j = 0; j < l; j++) {
          const row = (j * G + g) * q;
          let s2 = 0;
          for (let t = 0; t < q; t++) s2 += Wl[row + t] * tmp[t];
          acc += th[j] * s2;
        }
        Ku[g] = acc;
      }
    } else if (at.Ku && at.Kv) {
      const KuD = at.Ku, KvD = at.Kv;
      for (let g = 0; g < G; g++) {
        let acc = 0;
        for (let j = 0; j < l; j++) {
          const row = (j * G + g) * G;
          let su = 0, sv = 0;
          for (let hh = 0; hh < G; hh++) { const vh = v[vo + hh]; su += KuD[row + hh] * vh; sv += KvD[row + hh] * vh; }
          acc += th[j] * (su + dl * sv);
        }
        Ku[g] = acc;
      }
    }
  }
  let S = 0;
  for (let g = 0; g < G; g++) {
    const cg = g * l * l;
    let psi = 0;
    for (let b = 0; b < l; b++) { let s = 0; for (let a = 0; a < l; a++) s += th[a] * Cg[cg + a * l + b]; thC[b] = s; psi += s * c[b]; }
    const vg = v[vo + g];
    let fu = 0;
    for (let a = 0; a < l; a++) fu += th[a] * (Fu[g * l + a] + dl * Fv[g * l + a]);
    psi += vg * fu - (corrected ? Ku[g] : 0);
    S += psi * psi;
  }
  out[o] = beta[0]; out[o + 1] = S;
}

/**
 * t* of draws b0..b1-1 at the DGP's null, into out[0 .. b1 - b0).
 *
 * @example
 * const t = new Float64Array(reps);
 * wreDraws(wreAt(base, 0), sampling, 0, reps, t);
 */
export function wreDraws(at: WreAt, s: WreSampling, b0: number, b1: number, out: Float64Array, weights?: Float64Array): void {
  const { G, l, kW, kappa } = at.base;
  const v = weights ?? wreWeights(s, G, b0, b1);
  const w = new WreScratch(G, l, kW, maxRank(at));
  const pair = new Float64Array(2);
  for (let b = b0; b < b1; b++) {
    wreDraw(at, v, (b - b0) * G, w, pair, 0);
    out[b - b0] = (pair[0] - at.r) / Math.sqrt(kappa * pair[1]);
  }
}

/**
 * The identity draw (every weight 1): the original sample. Returns its t at the DGP's null and the CR1
 * standard error of the estimate.
 *
 * @example
 * wreIdentity(wreAt(base, 0)).t; // feols's t of fit_x with the same clustered variance
 */
export function wreIdentity(at: WreAt): { t: number; se: number; estimate: number } {
  const { G, l, kW, kappa } = at.base;
  const pair = new Float64Array(2);
  wreDraw(at, new Float64Array(G).fill(1), 0, new WreScratch(G, l, kW, maxRank(at)), pair, 0);
  const se = Math.sqrt(kappa * pair[1]);
  return { t: (pair[0] - at.r) / se, se, estimate: pair[0] };
}
