/**
 * What a result keeps so that another variance can be formed later without a refit (fixest's
 * `summary(fit, vcov = ...)`): the design, the raw fit with its scores, the options and the data source it
 * was built from. Held under a symbol, not enumerable: JSON and spreads of a result never see it.
 */
import type { ColumnSource } from '../data/columns.js';
import type { Design } from './design.js';
import type { RawFit } from './fit.js';
import type { ResolvedOptions } from './options.js';

export interface Basis {
  readonly design: Design;
  readonly fit: RawFit;
  readonly options: ResolvedOptions;
  readonly source: ColumnSource | null;
  /**
   * The scores again, when the fit did not keep them and its design cannot be projected alone (2SLS, whose
   * second-stage columns exist only in the fit's projection); without it, fitDesign on the design.
   */
  readonly scoresAgain?: () => RawFit['scores'];
}

const BASIS = Symbol('hdfe.basis');

/** Attach `basis` to a result object before it is frozen. */
export function attachBasis<T extends object>(result: T, basis: Basis): T {
  Object.defineProperty(result, BASIS, { value: basis, enumerable: false });
  return result;
}

/** The basis kept by a result, or null. */
export function basisOf(result: object): Basis | null {
  return (result as { [BASIS]?: Basis })[BASIS] ?? null;
}
