/**
 * Options of `feols`, validated at the boundary: every string option is a literal union with one validator
 * that lists what is allowed.
 */
import { DEFAULTS } from '../defaults.js';
import { OptionError } from '../errors.js';
import { convention, type ConventionName } from './vcov/conventions.js';

/** Variance type: classical, heteroskedasticity-robust (HC1), or clustered (CR1, multiway). */
export type VcovType = 'iid' | 'hetero' | 'HC2' | 'HC3' | 'NW' | 'DK' | 'conley' | 'cluster' | 'CR3';
/** Which fixed-effect parameters count in K: those not nested in a cluster (fixest's default), all, none. */
export type KFixef = 'nested' | 'full' | 'none';
/** Multiway G adjustment: one G_min/(G_min - 1) for every term, or each term its own G/(G - 1). */
export type GDf = 'min' | 'conventional';
/** t degrees of freedom when clustered: G_min - 1, or n - K. */
export type TDf = 'min' | 'conventional';

/** Small-sample switches (fixest's `ssc()`): see `DEFAULTS.ssc`. */
export interface Ssc {
  kAdj: boolean;
  kFixef: KFixef;
  gAdj: boolean;
  gDf: GDf;
  tDf: TDf;
  /** Count the fixed-effect parameters exactly (fixest's `fixef.force_exact`, reghdfe's rule): with two or more
   * fixed effects, one redundant level per connected component of the first two, not one per extra dimension. */
  fixefExact: boolean;
}

/**
 * Options of `feols`; every default is in `DEFAULTS` (src/defaults.ts).
 *
 * @example
 * const options: FeolsOptions = { cluster: ['firm', 'year'], ssc: { gDf: 'conventional' }, weights: 'w' };
 */
export interface FeolsOptions {
  /** 'iid' (default without clusters), 'hetero' (HC1), 'HC2', 'HC3', 'NW' (Newey-West, panel), 'DK' (Driscoll-Kraay), 'conley' or
   * 'cluster' (default when `cluster` is given); 'newey_west' and 'driscoll_kraay' are accepted too. */
  vcov?: VcovType;
  /** Cluster variables: one or more columns (multiway: Cameron, Gelbach and Miller 2011). */
  cluster?: string | readonly string[];
  ssc?: Partial<Ssc>;
  /** Small-sample conventions of other software: 'fixest' (default), 'reghdfe', 'stata_xtreg', 'stata_areg', 'plm',
   * 'lm' (src/estimate/vcov/conventions.ts); `ssc` switches given too override the profile's. */
  convention?: ConventionName;
  /** Observation weights column. */
  weights?: string;
  singletons?: 'drop' | 'keep';
  /** Panel for l(), f(), d() and the NW and DK variances: unit and time columns. */
  panel?: { id: string; time: string };
  /** Lag of the NW and DK variances [floor(T^(1/4)), fixest's rule for panels]. */
  lag?: number;
  /** The Conley variance's coordinate columns (degrees), cutoff in km and distance ['spherical']. */
  conley?: { lat: string; lon: string; cutoff: number; distance?: 'spherical' | 'triangular' };
  demeanTol?: number;
  demeanMaxIter?: number;
  collinTol?: number;
  level?: number;
  /** Keep the demeaned regressors and residuals (n x (k + 1) numbers) with the result, so `revcov` forms
   * another variance from them at once [false: revcov projects the same columns again, which gives the same
   * numbers bit for bit at the cost of a demeaning]. */
  keepScores?: boolean;
}

/** Options after validation, with defaults filled in. */
export interface ResolvedOptions {
  vcov: VcovType;
  cluster: string[];
  convention: ConventionName;
  /** Stata xtreg's vce(robust): cluster by the panel unit, which is the formula's one fixed effect (set by feols). */
  clusterByUnit: boolean;
  ssc: Ssc;
  weights: string | null;
  singletons: 'drop' | 'keep';
  panel: { id: string; time: string } | null;
  lag: number | null;
  conley: { lat: string; lon: string; cutoff: number; distance: 'spherical' | 'triangular' } | null;
  demeanTol: number;
  demeanMaxIter: number;
  collinTol: number;
  level: number;
  keepScores: boolean;
}

/** Every key of FeolsOptions: anything else is a typo that would silently change the fit (`clustr` -> iid). */
export const FEOLS_KEYS = ['vcov', 'cluster', 'ssc', 'convention', 'weights', 'singletons', 'panel', 'lag', 'conley', 'demeanTol', 'demeanMaxIter',
  'collinTol', 'level', 'keepScores'] as const satisfies readonly (keyof FeolsOptions)[];
// A key added to FeolsOptions but not to FEOLS_KEYS fails to compile here (it would be refused as unknown).
const everyKeyListed: Exclude<keyof FeolsOptions, (typeof FEOLS_KEYS)[number]> extends never ? true : never = true;
void everyKeyListed;

/** Levenshtein distance, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The closest of `known` to `name` (case-insensitive edit distance <= 2 or a prefix), or null. */
export function closest(name: string, known: readonly string[]): string | null {
  const lower = name.toLowerCase();
  const scored = known.map((k) => ({ k, d: editDistance(lower, k.toLowerCase()) })).sort((a, b) => a.d - b.d);
  const best = scored[0];
  if (best && (best.d <= Math.max(1, Math.min(2, name.length - 2)))) return best.k;
  const prefix = known.find((k) => k.toLowerCase().startsWith(lower) && lower.length >= 3);
  return prefix ?? null;
}

/** An options object may hold only known keys (undefined values aside); an unknown one is named, with a suggestion. */
export function assertKnownKeys(what: string, options: object, known: readonly string[]): void {
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || known.includes(key)) continue;
    const near = closest(key, known);
    throw new OptionError(`unknown ${what} option '${key}'${near ? `; did you mean '${near}'?` : ''}; the options are ${known.join(', ')}`);
  }
}

/** Check that `value` is one of `allowed`, naming the option and listing the choices otherwise. */
export function oneOf<T extends string>(option: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new OptionError(`${option} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}; got ${JSON.stringify(value)}`);
}

function bool(option: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'TRUE' || value === '1') return true;
  if (value === 'false' || value === 'FALSE' || value === '0') return false;
  throw new OptionError(`${option} must be true or false; got ${JSON.stringify(value)}`);
}

function positive(option: string, value: unknown, integer = false): number {
  if (typeof value !== 'number' || !(value > 0) || (integer && !Number.isInteger(value))) {
    throw new OptionError(`${option} must be a positive ${integer ? 'integer' : 'number'}; got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Validate small-sample switches and fill in the defaults.
 * @example
 * resolveSsc({ kAdj: false }); // { kAdj: false, kFixef: 'nested', gAdj: true, gDf: 'min', tDf: 'min' }
 */
export function resolveSsc(ssc: Partial<Ssc> = {}): Ssc {
  const known = ['kAdj', 'kFixef', 'gAdj', 'gDf', 'tDf', 'fixefExact'];
  for (const key of Object.keys(ssc)) {
    if (!known.includes(key)) throw new OptionError(`unknown ssc switch '${key}'; known: ${known.join(', ')}`);
  }
  const d = DEFAULTS.ssc;
  return {
    kAdj: ssc.kAdj === undefined ? d.kAdj : bool('ssc.kAdj', ssc.kAdj),
    kFixef: ssc.kFixef === undefined ? d.kFixef : oneOf('ssc.kFixef', ssc.kFixef, ['nested', 'full', 'none'] as const),
    gAdj: ssc.gAdj === undefined ? d.gAdj : bool('ssc.gAdj', ssc.gAdj),
    gDf: ssc.gDf === undefined ? d.gDf : oneOf('ssc.gDf', ssc.gDf, ['min', 'conventional'] as const),
    tDf: ssc.tDf === undefined ? d.tDf : oneOf('ssc.tDf', ssc.tDf, ['min', 'conventional'] as const),
    fixefExact: ssc.fixefExact === undefined ? d.fixefExact : bool('ssc.fixefExact', ssc.fixefExact),
  };
}

/**
 * Validate `feols` options (each string option against its allowed values) and fill in the defaults.
 * @example
 * resolveOptions({ cluster: 'firm' }).vcov; // 'cluster'
 */
export function resolveOptions(options: FeolsOptions = {}): ResolvedOptions {
  assertKnownKeys('feols', options, FEOLS_KEYS);
  const cluster = options.cluster === undefined ? [] : typeof options.cluster === 'string' ? [options.cluster] : [...options.cluster];
  const alias: Record<string, VcovType> = { newey_west: 'NW', driscoll_kraay: 'DK' };
  const profile = convention(options.convention ?? 'fixest');
  let vcov = options.vcov === undefined ? (cluster.length ? 'cluster' : DEFAULTS.vcov)
    : oneOf('vcov', alias[options.vcov] ?? options.vcov, ['iid', 'hetero', 'HC2', 'HC3', 'NW', 'DK', 'conley', 'cluster', 'CR3'] as const);
  // xtreg's vce(robust) clusters by the panel unit: the panel id when given, else the formula's fixed effect.
  let clusterByUnit = false;
  if (profile.robustIsClustered && vcov === 'hetero') {
    vcov = 'cluster';
    if (options.panel) cluster.push(options.panel.id);
    else clusterByUnit = true;
  }
  const conley = options.conley ? {
    lat: options.conley.lat, lon: options.conley.lon, cutoff: options.conley.cutoff,
    distance: oneOf('conley.distance', options.conley.distance ?? 'spherical', ['spherical', 'triangular'] as const),
  } : null;
  if (vcov === 'conley' && !conley) throw new OptionError("vcov 'conley' needs conley: { lat, lon, cutoff } (--lat C --lon C --cutoff KM)");
  if (conley && !(conley.cutoff > 0 && Number.isFinite(conley.cutoff))) {
    throw new OptionError(`conley.cutoff must be a positive distance in km; got ${JSON.stringify(conley.cutoff)}`);
  }
  if ((vcov === 'NW' || vcov === 'DK') && !options.panel) {
    throw new OptionError(`vcov '${vcov}' needs the panel's unit and time: pass panel: { id, time } (--panel id,time)`);
  }
  if (options.lag !== undefined && !(Number.isInteger(options.lag) && options.lag >= 0)) {
    throw new OptionError(`lag must be a non-negative integer; got ${JSON.stringify(options.lag)}`);
  }
  if ((vcov === 'cluster' || vcov === 'CR3') && cluster.length === 0 && !clusterByUnit) {
    throw new OptionError(`vcov '${vcov}' needs cluster variables; pass cluster: 'column'${vcov === 'cluster' ? ' (or several)' : ''}`);
  }
  if (vcov === 'CR3' && cluster.length > 1) throw new OptionError(`vcov 'CR3' takes one cluster variable; got ${cluster.join(', ')}`);
  if (vcov !== 'cluster' && vcov !== 'CR3' && cluster.length > 0) {
    throw new OptionError(`cluster variables were given but vcov is '${vcov}'; drop one of them`);
  }
  const level = options.level ?? DEFAULTS.level;
  if (!(level > 0 && level < 1)) throw new OptionError(`level must be in (0, 1); got ${level}`);
  return {
    vcov,
    cluster,
    convention: profile.name,
    clusterByUnit,
    ssc: resolveSsc({ ...profile.ssc, ...profile.byType[vcov], ...options.ssc }),
    weights: options.weights ?? null,
    singletons: options.singletons === undefined ? DEFAULTS.singletons : oneOf('singletons', options.singletons, ['drop', 'keep'] as const),
    panel: options.panel ?? null,
    lag: options.lag ?? null,
    conley,
    demeanTol: options.demeanTol === undefined ? DEFAULTS.demeanTol : positive('demeanTol', options.demeanTol),
    demeanMaxIter: options.demeanMaxIter === undefined ? DEFAULTS.demeanMaxIter : positive('demeanMaxIter', options.demeanMaxIter, true),
    collinTol: options.collinTol === undefined ? DEFAULTS.collinTol : positive('collinTol', options.collinTol),
    level,
    keepScores: options.keepScores === undefined ? false : bool('keepScores', options.keepScores),
  };
}
