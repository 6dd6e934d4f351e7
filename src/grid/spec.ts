/**
 * The definition of a specification grid, its validation, and the order in which its specifications are
 * enumerated.
 *
 * Enumeration order (deterministic; a specification's id is its 1-based position):
 *   fixed-effect sets (as given) > samples (as given; a drop-one choice expands to one sample per value of
 *   its column, values sorted) > main variants (as given) > control subsets (by size, then
 *   lexicographically in the order of `controls`) > variances (as given).
 * The first three choices name a *group*: its specifications share one sample and one projection, so a
 * group's specifications are consecutive.
 */
import { OptionError } from '../errors.js';
import { GRID_DEFAULTS } from './defaults.js';

/** 'full', or one sample per value of a column, each leaving that value's rows out. */
export type SampleChoice = 'full' | { readonly dropUnit: string } | { readonly dropPeriod: string };

/** Variance of a specification; clustered with one or more variables (multiway: Cameron-Gelbach-Miller). */
export type VcovChoice =
  | { readonly type: 'iid' }
  | { readonly type: 'hetero' }
  | { readonly type: 'cluster'; readonly cluster: readonly string[] };

/**
 * A specification grid: every combination of a main-regressor variant, a subset of the controls, a
 * fixed-effect set, a sample and a variance.
 *
 * @example
 * const grid: GridDefinition = {
 *   depvar: 'SL', main: ['Vag', 'l(Vag,1)', 'l(Vag,2)'], controls: ['GDP', 'TAX', 'CPI', 'FDI'],
 *   fixedEffects: [['year'], ['province', 'year']], panel: { id: 'province', time: 'year' },
 * }; // 3 x 16 x 2 = 96 specifications
 */
export interface GridDefinition {
  /** The outcome: a column or an expression such as `log(y)`. */
  readonly depvar: string;
  /** Variants of the main regressor, each one formula term yielding one column: `Vag`, `l(Vag,1)`, `log(x)`. */
  readonly main: readonly string[];
  /** Candidate controls, each a formula term (or terms, such as `i(region)`); every subset is tried. */
  readonly controls?: readonly string[];
  /** Largest subset of the controls to try [all of them]. */
  readonly maxControls?: number;
  /** Fixed-effect sets; `[]` is a model with an intercept and no fixed effect [[[]]]. `a^b` interacts. */
  readonly fixedEffects?: readonly (readonly string[])[];
  /** Samples ['full']. */
  readonly samples?: readonly SampleChoice[];
  /** Variances [[{ type: 'iid' }]]. */
  readonly vcov?: readonly VcovChoice[];
  /** Panel structure for l(), f(), d() in the terms. */
  readonly panel?: { readonly id: string; readonly time: string };
}

/** A validated grid: every default filled in, every list checked. Plain data (it is posted to workers). */
export interface Grid {
  readonly depvar: string;
  readonly main: readonly string[];
  readonly controls: readonly string[];
  readonly maxControls: number;
  readonly fixedEffects: readonly (readonly string[])[];
  readonly samples: readonly SampleChoice[];
  readonly vcov: readonly VcovChoice[];
  readonly panel: { readonly id: string; readonly time: string } | null;
}

function text(option: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new OptionError(`${option} must be a non-empty string (a column or formula term); got ${JSON.stringify(value)}`);
  }
  return value.trim();
}

function texts(option: string, value: unknown, allowEmpty: boolean): string[] {
  if (!Array.isArray(value)) throw new OptionError(`${option} must be an array of strings; got ${JSON.stringify(value)}`);
  if (!allowEmpty && value.length === 0) throw new OptionError(`${option} must hold at least one entry; got []`);
  const out = value.map((v, i) => text(`${option}[${i}]`, v));
  const twice = out.find((v, i) => out.indexOf(v) !== i);
  if (twice !== undefined) throw new OptionError(`${option} lists '${twice}' twice; list each choice once`);
  return out;
}

function sampleChoice(value: unknown, i: number): SampleChoice {
  if (value === 'full') return 'full';
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'dropUnit') return { dropUnit: text(`samples[${i}].dropUnit`, (value as { dropUnit: unknown }).dropUnit) };
    if (keys.length === 1 && keys[0] === 'dropPeriod') return { dropPeriod: text(`samples[${i}].dropPeriod`, (value as { dropPeriod: unknown }).dropPeriod) };
  }
  throw new OptionError(`samples[${i}] must be 'full', { dropUnit: column } or { dropPeriod: column }; got ${JSON.stringify(value)}`);
}

function vcovChoice(value: unknown, i: number): VcovChoice {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (type === 'iid' || type === 'hetero') return { type };
  if (type === 'cluster') {
    const cluster = (value as { cluster?: unknown }).cluster;
    return { type, cluster: texts(`vcov[${i}].cluster`, typeof cluster === 'string' ? [cluster] : cluster, false) };
  }
  throw new OptionError(`vcov[${i}] must be { type: 'iid' }, { type: 'hetero' } or { type: 'cluster', cluster: ['column', ...] }; got ${JSON.stringify(value)}`);
}

/** Same choice, for duplicate checks. */
function choiceKey(value: SampleChoice | VcovChoice | readonly string[]): string {
  return JSON.stringify(value);
}

function unique<T extends SampleChoice | VcovChoice | readonly string[]>(option: string, values: T[], label: (v: T) => string): T[] {
  const keys = values.map(choiceKey);
  const at = keys.findIndex((k, i) => keys.indexOf(k) !== i);
  if (at >= 0) throw new OptionError(`${option} lists ${label(values[at])} twice; list each choice once`);
  return values;
}

/**
 * Number of subsets of m controls of size at most `max`.
 * @example
 * subsetCount(10, 10); // 1024
 */
export function subsetCount(m: number, max: number): number {
  let total = 0;
  let binom = 1; // C(m, size)
  for (let size = 0; size <= max; size++) {
    total += binom;
    binom = (binom * (m - size)) / (size + 1);
  }
  return total;
}

/**
 * Check a grid definition and fill its defaults. Throws OptionError naming the field, what came and what
 * is allowed. Formula terms are parsed later, against the data.
 * @example
 * validateGrid({ depvar: 'y', main: ['x'], controls: ['a', 'b'] }).maxControls; // 2
 */
export function validateGrid(definition: GridDefinition): Grid {
  if (typeof definition !== 'object' || definition === null) {
    throw new OptionError(`the grid must be an object { depvar, main, controls, ... }; got ${JSON.stringify(definition)}`);
  }
  const known = ['depvar', 'main', 'controls', 'maxControls', 'fixedEffects', 'samples', 'vcov', 'panel'];
  for (const key of Object.keys(definition)) {
    if (!known.includes(key)) throw new OptionError(`unknown grid field '${key}'; known: ${known.join(', ')}`);
  }
  const depvar = text('depvar', definition.depvar);
  const main = texts('main', definition.main, false);
  const controls = texts('controls', definition.controls ?? [], true);
  const overlap = controls.find((c) => main.includes(c));
  if (overlap !== undefined) throw new OptionError(`'${overlap}' is both a main variant and a control; a specification cannot hold it twice, so drop it from one list`);
  const maxControls = definition.maxControls ?? controls.length;
  if (!Number.isInteger(maxControls) || maxControls < 0 || maxControls > controls.length) {
    throw new OptionError(`maxControls must be an integer from 0 to ${controls.length} (the number of controls); got ${JSON.stringify(definition.maxControls)}`);
  }
  const feIn = definition.fixedEffects ?? GRID_DEFAULTS.fixedEffects;
  if (!Array.isArray(feIn) || feIn.length === 0) {
    throw new OptionError(`fixedEffects must be a non-empty array of fixed-effect sets such as [['year'], ['province', 'year']] ([] for none); got ${JSON.stringify(feIn)}`);
  }
  const fixedEffects = unique('fixedEffects', feIn.map((set, i) => texts(`fixedEffects[${i}]`, set, true)), (v) => `[${v.join(', ')}]`);
  const samples = unique('samples', [...(definition.samples ?? GRID_DEFAULTS.samples)].map(sampleChoice), sampleLabelOf);
  if (samples.length === 0) throw new OptionError("samples must hold at least one choice ('full', { dropUnit }, { dropPeriod }); got []");
  const vcov = unique('vcov', [...(definition.vcov ?? GRID_DEFAULTS.vcov)].map(vcovChoice), vcovLabel);
  if (vcov.length === 0) throw new OptionError("vcov must hold at least one choice ({ type: 'iid' | 'hetero' | 'cluster' }); got []");
  let panel: Grid['panel'] = null;
  if (definition.panel !== undefined) {
    const p = definition.panel as { id?: unknown; time?: unknown };
    panel = { id: text('panel.id', p?.id), time: text('panel.time', p?.time) };
  }
  const specs = fixedEffects.length * samples.length * main.length * subsetCount(controls.length, maxControls) * vcov.length;
  if (specs > GRID_DEFAULTS.maxSpecs) {
    throw new OptionError(`the grid has ${specs} specifications before expanding drop-one samples, more than ${GRID_DEFAULTS.maxSpecs}; lower maxControls or use fewer choices`);
  }
  return Object.freeze({ depvar, main, controls, maxControls, fixedEffects, samples, vcov, panel });
}

/**
 * Subsets of m controls of size 0..max, by size, then lexicographically by index.
 * @example
 * controlSubsets(3, 2); // [[], [0], [1], [2], [0, 1], [0, 2], [1, 2]]
 */
export function controlSubsets(m: number, max: number): number[][] {
  const out: number[][] = [];
  const pick: number[] = [];
  const extend = (from: number, size: number) => {
    if (pick.length === size) { out.push([...pick]); return; }
    for (let i = from; i <= m - (size - pick.length); i++) {
      pick.push(i);
      extend(i + 1, size);
      pick.pop();
    }
  };
  for (let size = 0; size <= max; size++) extend(0, size);
  return out;
}

/**
 * Label of a fixed-effect set.
 * @example
 * feLabel(['province', 'year']); // 'province + year'
 * feLabel([]); // 'none'
 */
export function feLabel(set: readonly string[]): string {
  return set.length ? set.join(' + ') : 'none';
}

/**
 * Label of a variance choice.
 * @example
 * vcovLabel({ type: 'cluster', cluster: ['firm', 'year'] }); // 'cluster(firm, year)'
 */
export function vcovLabel(v: VcovChoice): string {
  return v.type === 'cluster' ? `cluster(${v.cluster.join(', ')})` : v.type;
}

/**
 * Label of a sample choice, before its expansion over values.
 * @example
 * sampleLabelOf({ dropUnit: 'province' }); // 'drop-unit(province)'
 */
export function sampleLabelOf(s: SampleChoice): string {
  if (s === 'full') return 'full';
  return 'dropUnit' in s ? `drop-unit(${s.dropUnit})` : `drop-period(${s.dropPeriod})`;
}
