/**
 * What a fit keeps for later questions (fixed-effect values, fitted values, predictions on new data): its
 * design and coefficients, and its link. Held on the frozen result under a symbol, so it stays out of JSON and
 * out of structured clones (a result sent between threads answers everything but these questions).
 *
 * An estimator supplies the state: least squares with the identity link and y - X b - e as the fixed-effect
 * part of its linear predictor; a GLM (Poisson) supplies its link and eta - offset - X b.
 */
import { HdfeError } from '../errors.js';
import type { Design } from './design.js';

/** A GLM link: mu = inverse(eta). */
export interface Link {
  readonly name: string;
  inverse(eta: number): number;
}

/** Least squares: the fitted value is the linear predictor. */
export const IDENTITY_LINK: Link = Object.freeze({ name: 'identity', inverse: (eta: number) => eta });

/** A fit's state for fixef(), fitted() and predict(). */
export interface ModelState {
  readonly design: Design;
  /** Coefficients of the kept regressors, in `kept` order. */
  readonly beta: Float64Array;
  /** Indices into design.names of the kept regressors (collinear ones are left out: they predict 0). */
  readonly kept: readonly number[];
  readonly link: Link;
  /** True when the linear predictor holds an offset column, which new data would need too. */
  readonly offset?: boolean;
  /** The fixed effects' (and varying slopes') part of the linear predictor on each sample row ([n]). */
  fixedPart(): Float64Array;
  /** The linear predictor on each sample row ([n]). */
  linearPredictor(): Float64Array;
}

const MODEL = Symbol('hdfe.model');

/**
 * Attach the state to a result about to be frozen.
 *
 * @example
 * attachModel(result, { design, beta, kept, link: IDENTITY_LINK, fixedPart, linearPredictor });
 */
export function attachModel<T extends object>(result: T, state: ModelState): T {
  Object.defineProperty(result, MODEL, { value: state, enumerable: false });
  return result;
}

/**
 * The state of a fit; a clear error when it is absent (a result that crossed a thread boundary or was
 * rebuilt from JSON).
 *
 * @example
 * const state = modelOf(fit);
 */
export function modelOf(result: object): ModelState {
  const state = (result as Record<symbol, ModelState | undefined>)[MODEL];
  if (!state) {
    throw new HdfeError('this result carries no model data (it was copied between threads or rebuilt from JSON); '
      + 'fixef(), fitted() and predict() need the result feols() returned in this thread');
  }
  return state;
}
