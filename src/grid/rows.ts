/**
 * One row per specification: the choices it stands for and its main-regressor inference, assembled from
 * the groups' numbers in enumeration order, and their CSV and JSON forms (snake_case, as the CLI's JSON).
 */
import { toCsv } from '../data/write.js';
import type { Estimate } from '../estimate/result.js';
import { SPEC_FIELD_COUNT, SPEC_STATUS } from './group.js';
import type { GridPlan } from './plan.js';
import { feLabel, vcovLabel } from './spec.js';

/** Indices of a specification's choices, for filtering and for the figure's indicator panel. */
export interface SpecChoices {
  readonly fe: number; // into grid.fixedEffects
  readonly sample: number; // into the expanded samples
  readonly sampleChoice: number; // into grid.samples
  readonly main: number; // into grid.main
  readonly controls: readonly number[]; // into grid.controls
  readonly vcov: number; // into grid.vcov
}

/** One specification and the inference on its main regressor. NaN where it has no estimate (see `note`). */
export interface GridRow extends Estimate {
  /** 1-based position in the enumeration order (spec.ts). */
  readonly id: number;
  readonly main: string;
  readonly controls: readonly string[];
  readonly fe: string;
  readonly sample: string;
  readonly vcov: string;
  readonly nobs: number;
  readonly r2: number;
  readonly adjR2: number;
  /** NaN without fixed effects. */
  readonly withinR2: number;
  /** Degrees of freedom of the t distribution. */
  readonly dfT: number;
  /** '' when estimated; else why not. */
  readonly note: string;
  readonly choices: SpecChoices;
}

const NOTES: Record<number, string> = {
  [SPEC_STATUS.ok]: '',
  [SPEC_STATUS.mainCollinear]: 'main regressor collinear',
  [SPEC_STATUS.noDegreesOfFreedom]: 'no residual degrees of freedom',
  [SPEC_STATUS.tooFewClusters]: 'fewer than 2 clusters',
};

/**
 * Rows of every specification from the groups' numbers ([groups x specsPerGroup x SPEC_FIELD_COUNT]).
 * @example
 * const rows = assembleRows(plan, values); // rows[i].id === i + 1
 */
export function assembleRows(plan: GridPlan, values: Float64Array): GridRow[] {
  const { grid, samples, subsets } = plan;
  const V = grid.vcov.length;
  const S = samples.length;
  const M = grid.main.length;
  const rows: GridRow[] = [];
  for (let id = 0; id < plan.specs; id++) {
    const g = Math.floor(id / plan.specsPerGroup);
    const within = id % plan.specsPerGroup;
    const fe = Math.floor(g / (S * M));
    const sample = Math.floor(g / M) % S;
    const main = g % M;
    const subset = subsets[Math.floor(within / V)];
    const vcov = within % V;
    const at = id * SPEC_FIELD_COUNT;
    const f = (j: number) => values[at + j];
    rows.push(Object.freeze({
      id: id + 1,
      main: grid.main[main],
      controls: subset.map((i) => grid.controls[i]),
      fe: feLabel(grid.fixedEffects[fe]),
      sample: samples[sample].label,
      vcov: vcovLabel(grid.vcov[vcov]),
      estimate: f(0), stdError: f(1), statistic: f(2), pValue: f(3), confLow: f(4), confHigh: f(5),
      nobs: f(6), r2: f(7), adjR2: f(8), withinR2: f(9), dfT: f(10),
      note: NOTES[f(11)] ?? 'not estimated',
      choices: Object.freeze({ fe, sample, sampleChoice: samples[sample].choice, main, controls: subset, vcov }),
    }));
  }
  return rows;
}

/**
 * A row in the CLI's snake_case shape; NaN becomes null (JSON has no NaN).
 * @example
 * rowToJson(result.rows[0]); // { id: 1, main: 'Vag', controls: [], fe: 'year', ..., std_error: 0.0589, ... }
 */
export function rowToJson(r: GridRow): Record<string, unknown> {
  const num = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    id: r.id, main: r.main, controls: r.controls, fe: r.fe, sample: r.sample, vcov: r.vcov,
    estimate: num(r.estimate), std_error: num(r.stdError), statistic: num(r.statistic), p_value: num(r.pValue),
    conf_low: num(r.confLow), conf_high: num(r.confHigh), nobs: r.nobs, r2: num(r.r2), adj_r2: num(r.adjR2),
    within_r2: num(r.withinR2), df_t: num(r.dfT), note: r.note,
  };
}

/**
 * CSV with one record per specification; controls joined by ' + ', missing numbers as empty fields.
 * @example
 * rowsToCsv(result.rows).split('\n')[0];
 * // 'id,main,controls,fe,sample,vcov,estimate,std_error,statistic,p_value,conf_low,conf_high,nobs,r2,adj_r2,within_r2,df_t,note'
 */
export function rowsToCsv(rows: readonly GridRow[]): string {
  const pick = <T>(f: (r: GridRow) => T) => rows.map(f);
  return toCsv({
    id: pick((r) => r.id), main: pick((r) => r.main), controls: pick((r) => r.controls.join(' + ')),
    fe: pick((r) => r.fe), sample: pick((r) => r.sample), vcov: pick((r) => r.vcov),
    estimate: pick((r) => r.estimate), std_error: pick((r) => r.stdError), statistic: pick((r) => r.statistic),
    p_value: pick((r) => r.pValue), conf_low: pick((r) => r.confLow), conf_high: pick((r) => r.confHigh),
    nobs: pick((r) => r.nobs), r2: pick((r) => r.r2), adj_r2: pick((r) => r.adjR2), within_r2: pick((r) => r.withinR2),
    df_t: pick((r) => r.dfT), note: pick((r) => r.note),
  });
}
