/**
 * Plain TypeScript references for the bootstrap tests: the counter-based generator in BigInt arithmetic,
 * and a brute-force wild cluster bootstrap that builds every y* explicitly and refits it with feols (fixed
 * effects absorbed again by feols), so nothing of the fast algorithm is shared.
 */
import { feols, type FeolsOptions } from '../../src/index.js';

const MASK = (1n << 64n) - 1n;
const GAMMA = 0x9E3779B97F4A7C15n;

export function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94D049BB133111EBn) & MASK;
  return z ^ (z >> 31n);
}

/** bits(seed, stream, index) as documented in src/infer/rng.ts. */
export function bitsRef(seed: number, stream: number, index: number): bigint {
  const key = mix64((mix64((BigInt(seed) + GAMMA) & MASK) + BigInt(stream) * GAMMA) & MASK);
  return mix64((key + BigInt(index + 1) * GAMMA) & MASK);
}

export function uniformRef(bits: bigint): number {
  return (Number(bits >> 11n) + 0.5) * 2 ** -53;
}

export function variateRef(bits: bigint, kind: 'uniform' | 'rademacher' | 'webb' | 'mammen' | 'normal'): number {
  const u = uniformRef(bits);
  switch (kind) {
    case 'uniform': return u;
    case 'rademacher': return u < 0.5 ? -1 : 1;
    case 'webb': {
      const pts = [-Math.sqrt(1.5), -1, -Math.sqrt(0.5), Math.sqrt(0.5), 1, Math.sqrt(1.5)];
      return pts[Math.min(5, Math.floor(6 * u))];
    }
    case 'mammen': {
      const s5 = Math.sqrt(5);
      return u < (s5 + 1) / (2 * s5) ? (1 - s5) / 2 : (1 + s5) / 2;
    }
    case 'normal': return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniformRef(mix64(bits)));
  }
}

export interface BruteSpec {
  data: Record<string, ArrayLike<number>>;
  y: string;
  x: string[];
  fe: string[];
  cluster: string;
  param: string;
  r: number;
  type: 'restricted' | 'unrestricted';
  options?: FeolsOptions;
}

function formula(y: string, x: string[], fe: string[]): string {
  return `${y} ~ ${x.join(' + ')}${fe.length ? ' | ' + fe.join(' + ') : ''}`;
}

/** Every one of the 2^G Rademacher draws, refitted: t (original) and all t*. */
export function bruteForceWild(spec: BruteSpec): { t: number; tStar: Float64Array; G: number } {
  const { data, y, x, fe, cluster, param, r } = spec;
  const opts: FeolsOptions = { ...spec.options, cluster };
  const full = feols(data, formula(y, x, fe), opts);
  const coef = full.coefficients.find((c) => c.term === param);
  if (!coef) throw new Error(`no coefficient ${param}`);
  const t = (coef.estimate - r) / coef.stdError;
  const yv = Float64Array.from(data[y]);
  let resid: Float64Array;
  if (spec.type === 'restricted') {
    const xj = data[param];
    const yr = yv.map((v, i) => v - r * xj[i]);
    const rest = x.filter((v) => v !== param);
    resid = feols({ ...data, yr__: yr }, formula('yr__', rest, fe), opts).residuals;
  } else {
    resid = full.residuals;
  }
  const fitted = yv.map((v, i) => v - resid[i]);
  const clusterCodes = Array.from(data[cluster]);
  const labels = [...new Set(clusterCodes)].sort((a, b) => a - b);
  const gOf = clusterCodes.map((c) => labels.indexOf(c));
  const G = labels.length;
  const tStar = new Float64Array(2 ** G);
  const center = spec.type === 'restricted' ? r : coef.estimate;
  for (let b = 0; b < 2 ** G; b++) {
    const ystar = fitted.map((f, i) => f + (1 - 2 * ((b >> gOf[i]) & 1)) * resid[i]);
    const fit = feols({ ...data, ystar__: ystar }, formula('ystar__', x, fe), opts);
    const c = fit.coefficients.find((cc) => cc.term === param);
    if (!c) throw new Error('coefficient dropped in a draw');
    tStar[b] = (c.estimate - center) / c.stdError;
  }
  return { t, tStar, G };
}

/** p-values of t against t*, with ties within a relative 1e-12 counting as extreme. */
export function pValuesRef(t: number, tStar: ArrayLike<number>): Record<'symmetric' | 'equal-tailed' | 'lower' | 'upper', number> {
  const tol = 1e-12 * Math.abs(t);
  let lo = 0, hi = 0, abs = 0;
  const B = tStar.length;
  for (let b = 0; b < B; b++) {
    if (tStar[b] <= t + tol) lo++;
    if (tStar[b] >= t - tol) hi++;
    if (Math.abs(tStar[b]) >= Math.abs(t) - tol) abs++;
  }
  return { symmetric: abs / B, 'equal-tailed': Math.min(1, (2 * Math.min(lo, hi)) / B), lower: lo / B, upper: hi / B };
}
