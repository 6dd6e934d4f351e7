/**
 * Samples of a grid: the full data, or the data without one unit (one period), once per unit (period).
 *
 * Leaving rows out happens *after* every term is computed on the full data, so a lag in a drop-one-period
 * sample still reads the left-out period (L.x in 2011 is x in 2010 even when 2010 is left out): the sample
 * changes, the variables do not. This is feols on the full data with the outcome set missing in the left-out
 * rows.
 */
import { assertColumn, type ColumnSource } from '../data/columns.js';
import { factorize } from '../data/factor.js';
import type { SampleChoice } from './spec.js';

/** One concrete sample. Plain data (posted to workers). */
export interface SampleInstance {
  /** Index of the choice in the grid's `samples`. */
  readonly choice: number;
  readonly kind: 'full' | 'drop-unit' | 'drop-period';
  /** The column whose value is left out, or null for 'full'. */
  readonly column: string | null;
  /** The left-out value as text (as the data layer labels factor levels), or null. */
  readonly level: string | null;
  /** 'full', 'drop province=Beijing'. */
  readonly label: string;
}

/** Levels sorted numerically when all are numbers, else as text. */
function sortLevels(labels: readonly string[]): string[] {
  const numeric = labels.every((l) => l.trim() !== '' && !Number.isNaN(Number(l)));
  return [...labels].sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
}

/**
 * The samples of the grid's sample choices on this data, in enumeration order.
 * @example
 * expandSamples(source, ['full', { dropUnit: 'province' }]).map((s) => s.label);
 * // ['full', 'drop province=Anhui', 'drop province=Beijing', ...]
 */
export function expandSamples(source: ColumnSource, choices: readonly SampleChoice[]): SampleInstance[] {
  const out: SampleInstance[] = [];
  choices.forEach((choice, index) => {
    if (choice === 'full') {
      out.push({ choice: index, kind: 'full', column: null, level: null, label: 'full' });
      return;
    }
    const unit = 'dropUnit' in choice;
    const column = unit ? choice.dropUnit : choice.dropPeriod;
    assertColumn(source, column, unit ? 'the unit of a drop-one-unit sample' : 'the period of a drop-one-period sample');
    for (const level of sortLevels(factorize(source.column(column)).labels)) {
      out.push({ choice: index, kind: unit ? 'drop-unit' : 'drop-period', column, level, label: `drop ${column}=${level}` });
    }
  });
  return out;
}

/**
 * Rows the sample leaves out (1), or null for the full sample.
 * @example
 * leftOutRows(source, { choice: 0, kind: 'drop-unit', column: 'g', level: 'a', label: 'drop g=a' }); // Uint8Array [0, 1, 0]
 */
export function leftOutRows(source: ColumnSource, sample: SampleInstance): Uint8Array | null {
  if (sample.column === null) return null;
  const f = factorize(source.column(sample.column));
  const code = f.labels.indexOf(sample.level as string);
  const out = new Uint8Array(source.n);
  for (let i = 0; i < out.length; i++) if (f.codes[i] === code) out[i] = 1;
  return out;
}
