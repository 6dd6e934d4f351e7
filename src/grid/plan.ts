/**
 * From a grid definition and the data to a plan: every formula piece parsed and checked against the data,
 * the samples expanded, the control subsets listed, and the groups (fixed-effect set x sample x main
 * variant) counted. The plan is plain data, the same in every thread, and fixes every specification's id.
 */
import { assertColumn, type ColumnSource } from '../data/columns.js';
import { OptionError } from '../errors.js';
import { resolveOptions, type FeolsOptions, type ResolvedOptions } from '../estimate/options.js';
import { parseFormula } from '../formula/parse.js';
import { variablesOf } from '../formula/variables.js';
import { GRID_DEFAULTS } from './defaults.js';
import { expandSamples, type SampleInstance } from './samples.js';
import { controlSubsets, validateGrid, type Grid, type GridDefinition } from './spec.js';

/** Estimation options of every specification (the variance is the grid's choice, not an option). */
export type GridEstimationOptions = Pick<FeolsOptions, 'ssc' | 'weights' | 'singletons' | 'demeanTol' | 'demeanMaxIter' | 'collinTol' | 'level'>;

export interface GridPlan {
  readonly grid: Grid;
  readonly samples: readonly SampleInstance[];
  /** Control subsets as indices into grid.controls, in enumeration order. */
  readonly subsets: readonly (readonly number[])[];
  /** feols options shared by every specification (vcov and cluster unused: each specification has its own). */
  readonly settings: ResolvedOptions;
  /** Every cluster variable of any variance choice: a row missing one leaves every specification's sample. */
  readonly clusterVars: readonly string[];
  /** Data columns the grid reads. */
  readonly columns: readonly string[];
  readonly groups: number;
  readonly specsPerGroup: number;
  readonly specs: number;
}

/** The choices a group index stands for. */
export interface GroupChoices {
  readonly fe: number;
  readonly sample: number;
  readonly main: number;
}

function parsePiece(text: string, what: string): ReturnType<typeof parseFormula> {
  try {
    return parseFormula(text);
  } catch (err) {
    if (err instanceof Error) err.message = `${what}: ${err.message}`;
    throw err;
  }
}

/**
 * Plan a grid on the data. Throws OptionError for a bad definition or option, FormulaError for a term that
 * does not parse, DataError for a column the data lacks.
 * @example
 * const plan = planGrid(columnSource(rows), { depvar: 'y', main: ['x'], controls: ['a', 'b'] }, {});
 * plan.specs; // 4
 */
export function planGrid(source: ColumnSource, definition: GridDefinition, options: GridEstimationOptions = {}): GridPlan {
  const grid = validateGrid(definition);
  const settings = resolveOptions({ ...options, vcov: 'iid', cluster: undefined });
  const columns: string[] = [];
  const use = (names: readonly string[], role: string) => {
    for (const name of names) {
      assertColumn(source, name, role);
      if (!columns.includes(name)) columns.push(name);
    }
  };

  use(variablesOf(parsePiece(`${grid.depvar} ~ 1`, `depvar '${grid.depvar}'`)), 'in depvar');
  // The outcome as its own regressor fits itself: estimates of 0 with SE 0 would enter the curve's summary.
  const plain = (text: string) => text.replace(/\s/g, '');
  for (const [role, terms] of [['main variant', grid.main], ['control', grid.controls]] as const) {
    const same = terms.find((t) => plain(t) === plain(grid.depvar));
    if (same !== undefined) throw new OptionError(`${role} '${same}' is the outcome itself; a grid regresses '${grid.depvar}' on other variables: remove it from the ${role}s`);
  }
  for (const main of grid.main) {
    const parsed = parsePiece(`${grid.depvar} ~ ${main}`, `main variant '${main}'`);
    if (parsed.terms.length !== 1 || parsed.terms[0].kind !== 'expr') {
      throw new OptionError(`main variant '${main}' must be one term yielding one column (x, l(x,1), log(x), x:z); it gives ${parsed.terms.length} term(s)${parsed.terms.some((t) => t.kind === 'factor') ? ' including a factor' : ''}; make it a single term`);
    }
    use(variablesOf(parsed), `in main variant '${main}'`);
  }
  for (const control of grid.controls) {
    const parsed = parsePiece(`${grid.depvar} ~ ${control}`, `control '${control}'`);
    if (parsed.terms.length === 0) throw new OptionError(`control '${control}' holds no regressor; give a column or term`);
    use(variablesOf(parsed), `in control '${control}'`);
  }
  for (const set of grid.fixedEffects) {
    if (set.length === 0) continue;
    use(variablesOf(parsePiece(`${grid.depvar} ~ 1 | ${set.join(' + ')}`, `fixed effects [${set.join(', ')}]`)), 'a fixed effect');
  }
  const clusterVars = [...new Set(grid.vcov.flatMap((v) => (v.type === 'cluster' ? v.cluster : [])))];
  use(clusterVars, 'a cluster variable');
  if (settings.weights) use([settings.weights], 'the weights');
  if (grid.panel) use([grid.panel.id, grid.panel.time], 'the panel');
  const samples = expandSamples(source, grid.samples);
  use(samples.flatMap((s) => (s.column ? [s.column] : [])), 'a sample column');

  const subsets = controlSubsets(grid.controls.length, grid.maxControls);
  const groups = grid.fixedEffects.length * samples.length * grid.main.length;
  const specsPerGroup = subsets.length * grid.vcov.length;
  const specs = groups * specsPerGroup;
  if (specs > GRID_DEFAULTS.maxSpecs) {
    throw new OptionError(`the grid has ${specs} specifications (${samples.length} samples after expanding drop-one choices), more than ${GRID_DEFAULTS.maxSpecs}; lower maxControls or use fewer choices`);
  }
  return Object.freeze({ grid, samples, subsets, settings, clusterVars, columns, groups, specsPerGroup, specs });
}

/**
 * Group g's fixed-effect set, sample and main variant (the order of spec.ts).
 * @example
 * groupChoices(plan, 0); // { fe: 0, sample: 0, main: 0 }
 */
export function groupChoices(plan: GridPlan, g: number): GroupChoices {
  const M = plan.grid.main.length;
  const S = plan.samples.length;
  return { fe: Math.floor(g / (S * M)), sample: Math.floor(g / M) % S, main: g % M };
}
