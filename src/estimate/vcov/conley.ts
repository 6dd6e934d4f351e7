/**
 * The Conley (1999) spatial variance as fixest 0.12 computes it (vcov_conley): scores summed by location (each
 * distinct (lat, lon)), then meat = sum over pairs of locations within `cutoff` km of S_a S_b' (uniform
 * kernel), each location with itself included. Distances are great-circle ('spherical': haversine on a sphere
 * of radius 6,376 km) or fixest's 'triangular' (equirectangular: sqrt(dlat^2 + (cos(mean lat) dlon)^2),
 * 111 km per degree).
 */
import { EstimationError } from '../../errors.js';
import type { Design } from '../design.js';
import { NO_MEATS, missing, type VarianceEntry } from './entry.js';
import { sandwich } from './sandwich.js';

export type ConleyDistance = 'spherical' | 'triangular';

const rad = (deg: number) => (deg / 180) * Math.PI;

/** Longitude gap in radians, across the date line when shorter. */
function lonGap(a: number, b: number): number {
  const d = Math.abs(a - b);
  return d < 3.14159 ? d : 6.28318 - d;
}

/**
 * Each location's code (distinct (lat, lon), sorted by latitude then longitude) and its coordinates in
 * radians. Longitudes over 180 or under -180 are shifted by 180 (distances are unchanged), as fixest does.
 */
export function conleyLocations(lat: Float64Array, lon: Float64Array): { code: Int32Array; lat: Float64Array; lon: Float64Array } {
  const n = lat.length;
  let lonMin = Infinity, lonMax = -Infinity, latMin = Infinity, latMax = -Infinity;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(lat[i]) || !Number.isFinite(lon[i])) {
      throw new EstimationError(`the Conley variance needs every observation's coordinates; observation ${i + 1} of the sample has none`);
    }
    lonMin = Math.min(lonMin, lon[i]); lonMax = Math.max(lonMax, lon[i]);
    latMin = Math.min(latMin, lat[i]); latMax = Math.max(latMax, lat[i]);
  }
  if (lonMin < -360 || lonMax > 360 || lonMax - lonMin > 360) {
    throw new EstimationError(`longitudes must lie within [-180, 180], [0, 360] or [-360, 0]; they range over [${lonMin}, ${lonMax}]`);
  }
  if (latMin < -180 || latMax > 180 || latMax - latMin > 180) {
    throw new EstimationError(`latitudes must lie within [-90, 90], [0, 180] or [-180, 0]; they range over [${latMin}, ${latMax}]`);
  }
  const lonShift = lonMax > 180 ? -180 : lonMin < -180 ? 180 : 0;
  const latShift = latMax > 90 ? -90 : latMin < -90 ? 90 : 0;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => lat[a] - lat[b] || lon[a] - lon[b]);
  const code = new Int32Array(n);
  const outLat: number[] = [];
  const outLon: number[] = [];
  for (let r = 0; r < n; r++) {
    const i = order[r];
    const prior = r > 0 ? order[r - 1] : -1;
    if (prior < 0 || lat[i] !== lat[prior] || lon[i] !== lon[prior]) {
      outLat.push(rad(lat[i] + latShift));
      outLon.push(rad(lon[i] + lonShift));
    }
    code[i] = outLat.length - 1;
  }
  return { code, lat: Float64Array.from(outLat), lon: Float64Array.from(outLon) };
}

/** The meat [k x k] from the demeaned rows `Z` ([n x s], kept columns `cols`) and residuals `e`. */
export function conleyMeat(design: Design, Z: Float64Array, s: number, cols: readonly number[], e: Float64Array,
  cutoff: number, distance: ConleyDistance): Float64Array {
  const where = design.locations;
  if (!where) throw new EstimationError("the Conley variance needs coordinates: pass conley: { lat, lon, cutoff }");
  const k = cols.length;
  const m = where.lat.length;
  const S = new Float64Array(m * k);
  for (let i = 0; i < design.n; i++) for (let a = 0; a < k; a++) S[where.code[i] * k + a] += Z[i * s + cols[a]] * e[i];
  const near = new Float64Array(m * k); // half of a location's own scores plus those of later locations in reach
  for (let a = 0; a < m * k; a++) near[a] = 0.5 * S[a];
  const latReach = rad(cutoff / 111);
  const reachSq = (rad(cutoff) / 111) ** 2;
  for (let i = 0; i < m; i++) {
    const cosI = Math.cos(where.lat[i]);
    for (let j = i + 1; j < m; j++) {
      const dLat = Math.abs(where.lat[j] - where.lat[i]);
      if (dLat > latReach) break; // locations are sorted by latitude
      const dLon = lonGap(where.lon[j], where.lon[i]);
      const cosMean = Math.cos((where.lat[i] + where.lat[j]) / 2);
      if (dLon > latReach / cosMean) continue;
      let within: boolean;
      if (distance === 'spherical') {
        const h = Math.sin((where.lat[j] - where.lat[i]) / 2) ** 2 + cosI * Math.cos(where.lat[j]) * Math.sin((where.lon[j] - where.lon[i]) / 2) ** 2;
        within = 12752 * Math.asin(Math.min(1, Math.sqrt(h))) <= cutoff;
      } else within = dLat ** 2 + (cosMean * dLon) ** 2 <= reachSq;
      if (within) for (let a = 0; a < k; a++) near[i * k + a] += S[j * k + a];
    }
  }
  const half = new Float64Array(k * k);
  for (let i = 0; i < m; i++) for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) half[a * k + b] += S[i * k + a] * near[i * k + b];
  const meat = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) meat[a * k + b] = half[a * k + b] + half[b * k + a];
  return meat;
}

/** Conley's variance: fixed effects nested in the locations leave K, as fixest counts them; t with n - K df. */
export const CONLEY: VarianceEntry = {
  meats: (spec) => ({ ...NO_MEATS, conley: spec.conley }),
  nesting: (design) => (design.locations ? [{ name: '', codes: design.locations.code }] : null),
  form: (_design, fit) => ({
    V: sandwich(fit.bread, fit.conleyMeat ?? missing('Conley'), fit.kept.length), dfMin: null, clusters: null, lag: null, kAdjusted: true,
  }),
};
