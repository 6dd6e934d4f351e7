/**
 * Options of the bootstraps, validated at the boundary. Regression options are feols's; `weights` names the
 * wild bootstrap's weight distribution here, so observation weights are passed as `obsWeights`.
 */
import { OptionError } from '../errors.js';
import { oneOf, resolveOptions, type FeolsOptions, type ResolvedOptions } from '../estimate/options.js';
import { INFER_DEFAULTS } from './defaults.js';
import { checkSeed } from './rng.js';

export type WildWeights = 'rademacher' | 'webb' | 'mammen' | 'normal';
/** 'restricted': null imposed on the bootstrap DGP (WCR); 'unrestricted': not imposed (WCU). */
export type WildType = 'restricted' | 'unrestricted';
/**
 * 'symmetric': share of |t*| >= |t|; 'equal-tailed': 2 min(P(t* <= t), P(t* >= t));
 * 'lower': P(t* <= t) (H1: beta < null); 'upper': P(t* >= t) (H1: beta > null).
 */
export type PType = 'symmetric' | 'equal-tailed' | 'lower' | 'upper';

/** Regression options shared with feols, minus those the bootstraps set themselves. */
export type RegressionOptions = Omit<FeolsOptions, 'vcov' | 'cluster' | 'weights' | 'level'> & {
  /** Observation weights column (feols's `weights`). */
  obsWeights?: string;
};

export interface WildOptions extends RegressionOptions {
  /** The coefficient tested: a term name as feols reports it. */
  param: string;
  /** H0: param = null (default 0). */
  null?: number;
  /** The one cluster variable: bootstrap clusters and CR1 standard errors. */
  cluster: string;
  reps?: number;
  seed?: number;
  weights?: WildWeights;
  type?: WildType;
  pType?: PType;
  /** Level of the confidence interval by test inversion; `confInt: false` skips it. */
  level?: number;
  confInt?: boolean;
  /** Return the t* of every draw in `draws`. */
  keepDraws?: boolean;
}

export interface ResolvedWild {
  param: string;
  null: number;
  cluster: string;
  reps: number;
  seed: number;
  weights: WildWeights;
  type: WildType;
  pType: PType;
  level: number;
  confInt: boolean;
  keepDraws: boolean;
  fit: ResolvedOptions;
}

const WILD_KEYS = ['param', 'null', 'cluster', 'reps', 'seed', 'weights', 'type', 'pType', 'level', 'confInt', 'keepDraws', 'obsWeights'];

/** Largest number of draws: draw b uses stream b of the generator, an i32 in the kernel. */
export const MAX_REPS = 2 ** 31 - 2;

export function checkReps(reps: unknown): number {
  if (typeof reps !== 'number' || !Number.isInteger(reps) || reps < 1 || reps > MAX_REPS) {
    throw new OptionError(`reps must be an integer in [1, ${MAX_REPS}]; got ${JSON.stringify(reps)}; e.g. reps: 9999`);
  }
  return reps;
}

export function checkLevel(level: unknown): number {
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new OptionError(`level must be a number in (0, 1); got ${JSON.stringify(level)}; e.g. level: 0.95`);
  }
  return level;
}

/** feols's options for the regression inside a bootstrap. */
export function regressionOptions(options: RegressionOptions, cluster: string[]): ResolvedOptions {
  const { obsWeights, ...rest } = options as RegressionOptions & Record<string, unknown>;
  for (const key of ['vcov', 'level']) delete rest[key];
  for (const key of WILD_KEYS.concat(['scheme'])) delete rest[key];
  return resolveOptions({ ...(rest as FeolsOptions), weights: obsWeights, cluster: cluster.length ? cluster : undefined });
}

export function resolveWild(options: WildOptions): ResolvedWild {
  if (typeof options !== 'object' || options === null) {
    throw new OptionError("wildBootstrap needs options { param, cluster, ... }; got none");
  }
  if (typeof options.param !== 'string' || options.param === '') {
    throw new OptionError(`param must name the tested coefficient (e.g. param: 'x1'); got ${JSON.stringify(options.param)}`);
  }
  if (typeof options.cluster !== 'string') {
    throw new OptionError(`cluster must name one column (one-way clustering); got ${JSON.stringify(options.cluster)}`);
  }
  const o = options as unknown as Record<string, unknown>;
  if (o.vcov !== undefined && o.vcov !== 'cluster') {
    throw new OptionError(`the wild cluster bootstrap uses the CR1 clustered variance; got vcov ${JSON.stringify(o.vcov)}; drop vcov`);
  }
  const weights = options.weights ?? INFER_DEFAULTS.weights;
  if (!['rademacher', 'webb', 'mammen', 'normal'].includes(weights as string)) {
    throw new OptionError(`weights must be one of 'rademacher', 'webb', 'mammen', 'normal' (the wild weight distribution); ` +
      `got ${JSON.stringify(weights)}; observation weights are passed as obsWeights`);
  }
  const nul = options.null ?? INFER_DEFAULTS.null;
  if (typeof nul !== 'number' || !Number.isFinite(nul)) throw new OptionError(`null must be a finite number; got ${JSON.stringify(nul)}`);
  return {
    param: options.param,
    null: nul,
    cluster: options.cluster,
    reps: checkReps(options.reps ?? INFER_DEFAULTS.reps),
    seed: checkSeed(options.seed ?? INFER_DEFAULTS.seed),
    weights,
    type: options.type === undefined ? INFER_DEFAULTS.type : oneOf('type', options.type, ['restricted', 'unrestricted'] as const),
    pType: options.pType === undefined ? INFER_DEFAULTS.pType
      : oneOf('pType', options.pType, ['symmetric', 'equal-tailed', 'lower', 'upper'] as const),
    level: checkLevel(options.level ?? INFER_DEFAULTS.level),
    confInt: options.confInt ?? true,
    keepDraws: options.keepDraws ?? false,
    fit: regressionOptions(options, [options.cluster]),
  };
}
