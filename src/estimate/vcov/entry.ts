/** What one variance of the registry provides: the meats it needs, fixest's K groups, and its matrix. */
import type { Design } from '../design.js';
import type { FitSettings, RawFit } from '../fit.js';
import type { ResolvedOptions, Ssc } from '../options.js';
import type { Grouping } from '../ssc.js';

/** The options a variance reads. */
export type VarianceSpec = Pick<ResolvedOptions, 'vcov' | 'lag' | 'conley'>;

/** The meat matrices a fit forms on request. */
export type MeatRequest = Pick<FitSettings, 'hetero' | 'clusters' | 'leverage' | 'serial' | 'conley' | 'cr3'>;

/** A variance before the (n - 1) / (n - K) factor. */
export interface Formed {
  readonly V: Float64Array;
  /** t degrees of freedom when `tDf` is 'min' (clustered variances: G - 1); null: n - K. */
  readonly dfMin: number | null;
  readonly clusters: Record<string, number> | null;
  readonly lag: number | null;
  /** False for the variances whose own scaling replaces the small-sample factors (HC2, HC3, CR3). */
  readonly kAdjusted: boolean;
}

export interface VarianceEntry {
  readonly meats: (spec: VarianceSpec) => MeatRequest;
  /** The groups of fixest's K rule (clusters, panel units or periods, locations); null: not clustered. */
  readonly nesting: (design: Design) => Grouping[] | null;
  readonly form: (design: Design, fit: RawFit, ssc: Ssc) => Formed;
}

/** No meat at all: the base every variance's request extends. */
export const NO_MEATS: MeatRequest = Object.freeze({ hetero: false, clusters: false, leverage: null, serial: null, conley: null, cr3: false });

/** `what` was not computed by the fit: a bug in the request, not the user's input. */
export function missing(what: string): never {
  throw new Error(`hdfe: the ${what} meat was not computed`);
}
