/**
 * One group of a grid (a fixed-effect set, a sample and a main variant) from data to results: build the
 * design of the union of every column the group's specifications use, project it once, then solve each
 * specification on the shared factor and derive its variances with feols's own small-sample rules.
 *
 * The sample is common to the group: a row missing *any* grid variable of the group (any control, the
 * main variant, the outcome, a fixed effect, a cluster variable, the weights) is left out of every
 * specification of the group, as fixest's multiple estimation (sw, csw) does: it uses the sample valid for
 * all the models at once (pyfixest issue #1161 documents the difference with per-model samples). So a
 * specification's N can be below that of feols on its own formula when a control it does not use has
 * missing values; each row reports its N.
 */
import type { ColumnSource } from '../data/columns.js';
import { buildDesign } from '../data/sample.js';
import { HdfeError } from '../errors.js';
import type { Clustering, Design } from '../estimate/design.js';
import { totalSumOfSquares } from '../estimate/feols.js';
import { project, type RawFit } from '../estimate/fit.js';
import { criticalT, twoSidedP } from '../estimate/inference.js';
import type { ResolvedOptions } from '../estimate/options.js';
import { fixefParams } from '../estimate/ssc.js';
import type { ParsedFormula, Term } from '../formula/ast.js';
import { parseFormula } from '../formula/parse.js';
import { groupChoices, type GridPlan } from './plan.js';
import { leftOutRows } from './samples.js';
import { GroupSolver, heteroMethod } from './solve.js';
import { feLabel } from './spec.js';
import { specVariance, varianceViews, type SpecVariance, type VarianceFailure } from './variance.js';

/** The numbers of one specification, in the order `runGroup` writes them (see `SPEC_FIELD_COUNT`). */
export const SPEC_FIELDS = [
  'estimate', 'stdError', 'statistic', 'pValue', 'confLow', 'confHigh', 'nobs', 'r2', 'adjR2', 'withinR2', 'dfT', 'status',
] as const;
/** Numbers per specification in a group's output. */
export const SPEC_FIELD_COUNT = SPEC_FIELDS.length;

/** Why a specification has no estimate (the `status` field); 0 when it has one. */
export const SPEC_STATUS = Object.freeze({ ok: 0, mainCollinear: 1, noDegreesOfFreedom: 2, tooFewClusters: 3 });

const LEFT_OUT = '\u0000left-out';
const NO_RESIDUALS = new Float64Array(0);

/** The group's design and which projected column each choice uses. */
export interface GroupDesign {
  readonly design: Design;
  /** Projected column names: the regressors (intercept first when there is no fixed effect), then the outcome. */
  readonly names: readonly string[];
  readonly columns: readonly Float64Array[];
  readonly intercept: number; // column of the intercept, or -1
  readonly main: number;
  readonly controls: readonly (readonly number[])[]; // columns of each control
}

function termColumns(term: Term, names: readonly string[]): number[] {
  const at = term.kind === 'expr'
    ? [names.indexOf(term.name)]
    : names.flatMap((name, j) => (name.startsWith(`${term.variable}::`) ? [j] : []));
  if (at.length === 0 || at.includes(-1)) throw new Error(`hdfe: term '${term.name}' has no column in the grid's design`);
  return at;
}

export function buildGroupDesign(source: ColumnSource, plan: GridPlan, fe: number, sample: number, main: number): GroupDesign {
  const { grid } = plan;
  const set = grid.fixedEffects[fe];
  const text = `${grid.depvar} ~ ${[grid.main[main], ...grid.controls].join(' + ')}${set.length ? ` | ${set.join(' + ')}` : ''}`;
  let parsed: ParsedFormula = parseFormula(text);
  let data = source;
  const leftOut = leftOutRows(source, plan.samples[sample]);
  if (leftOut) {
    // A regressor that is missing exactly in the left-out rows: the design drops them with its NA rule,
    // before singletons and before centring, as if they were not in the data.
    const flag = Float64Array.from(leftOut, (v) => (v ? NaN : 0));
    data = { names: [...source.names, LEFT_OUT], n: source.n, column: (name) => (name === LEFT_OUT ? flag : source.column(name)) };
    const pos = text.length;
    parsed = { ...parsed, terms: [...parsed.terms, { kind: 'expr', name: LEFT_OUT, factors: [{ kind: 'var', name: LEFT_OUT, pos }], pos }] };
  }
  const options: ResolvedOptions = { ...plan.settings, cluster: [...plan.clusterVars], panel: grid.panel };
  const design = buildDesign(data, parsed, options);
  const names: string[] = [];
  const columns: Float64Array[] = [];
  design.names.forEach((name, j) => {
    if (name !== LEFT_OUT) { names.push(name); columns.push(design.X[j]); }
  });
  const regressors = [...names];
  names.push(design.depvar);
  columns.push(design.y);
  const termsOf = (piece: string) => parseFormula(`${grid.depvar} ~ ${piece}`).terms;
  return {
    design, names, columns,
    intercept: design.intercept ? 0 : -1,
    main: termColumns(termsOf(grid.main[main])[0], regressors)[0],
    controls: grid.controls.map((c) => [...new Set(termsOf(c).flatMap((t) => termColumns(t, regressors)))]),
  };
}

/**
 * Estimate every specification of group g: (specsPerGroup x SPEC_FIELD_COUNT) numbers, specification-major,
 * in enumeration order. The same inputs give bit-identical results in any thread.
 * Throws the data layer's errors (with the group named) when the group's sample cannot be built.
 * @example
 * const plan = planGrid(source, grid, {});
 * const values = runGroup(source, plan, 0); // the first group's specifications
 */
export function runGroup(source: ColumnSource, plan: GridPlan, g: number): Float64Array {
  const { fe, sample, main } = groupChoices(plan, g);
  let group: GroupDesign;
  try {
    group = buildGroupDesign(source, plan, fe, sample, main);
  } catch (err) {
    if (err instanceof HdfeError) {
      err.message = `grid group (fixed effects ${feLabel(plan.grid.fixedEffects[fe])}, sample ${plan.samples[sample].label}, main ${plan.grid.main[main]}): ${err.message}`;
    }
    throw err;
  }
  const { design } = group;
  const { settings } = plan;
  const projection = project(design, group.columns, group.names, settings);
  const variances = varianceViews(plan.grid.vcov, design, settings.ssc);
  const needed = [...new Set(variances.flatMap((v) => v.clusterings))];
  const specSizes = plan.subsets.map((subset) => (group.intercept >= 0 ? 2 : 1) + subset.reduce((a, i) => a + group.controls[i].length, 0));
  const hetero = variances.some((v) => v.type === 'hetero') ? heteroMethod(projection.p, specSizes) : 'none';
  const solver = new GroupSolver(projection, needed, hetero, settings.collinTol);
  const out = new Float64Array(plan.specsPerGroup * SPEC_FIELD_COUNT).fill(NaN);
  try {
    const n = design.n;
    const hasFe = design.fixedEffects.length > 0;
    const pFe = fixefParams(design);
    const tss = totalSumOfSquares(design, design.intercept || hasFe);
    const critical = new Map<number, number>();
    const V = plan.grid.vcov.length;
    plan.subsets.forEach((subset, c) => {
      const columns = [...(group.intercept >= 0 ? [group.intercept] : []), group.main, ...subset.flatMap((i) => group.controls[i])];
      const specColumns = [...new Set(columns)];
      const fit = solver.solve(specColumns);
      const mainAt = fit ? fit.kept.indexOf(specColumns.indexOf(group.main)) : -1;
      const k = fit ? fit.kept.length : 0;
      const meats = new Map<Clustering, Float64Array>();
      let heteroMeat: Float64Array | null = null;
      variances.forEach((v, j) => {
        const at = (c * V + j) * SPEC_FIELD_COUNT;
        out[at + 6] = n;
        if (!fit || mainAt < 0) { out[at + 11] = SPEC_STATUS.mainCollinear; return; }
        out[at + 7] = 1 - fit.rss / tss;
        out[at + 8] = 1 - (fit.rss / tss) * (n - 1) / (n - k - pFe);
        out[at + 9] = hasFe ? 1 - fit.rss / solver.rssFeOnly : NaN;
        if (v.type === 'hetero' && !heteroMeat) heteroMeat = solver.heteroMeat();
        const clusterMeats = v.clusterings.map((cl) => {
          let meat = meats.get(cl);
          if (!meat) { meat = solver.clusterMeat(needed.indexOf(cl)); meats.set(cl, meat); }
          return meat;
        });
        const raw: RawFit = {
          kept: fit.kept, collinear: [], beta: fit.beta, bread: fit.bread, rss: fit.rss, rssFeOnly: solver.rssFeOnly,
          heteroMeat, serialMeat: null, conleyMeat: null, cr3Meat: null, clusterMeats, residuals: NO_RESIDUALS, scores: null, iterations: projection.iterations, converged: true,
        };
        writeInference(out, at, fit.beta[mainAt], mainAt, specVariance(v, raw, settings.ssc), settings.level, critical);
      });
    });
  } finally {
    solver.release();
  }
  return out;
}

function writeInference(out: Float64Array, at: number, estimate: number, mainAt: number, variance: SpecVariance | VarianceFailure,
  level: number, critical: Map<number, number>): void {
  if (typeof variance === 'string') { out[at + 11] = SPEC_STATUS[variance]; return; }
  const { matrix, dfT } = variance;
  const k = Math.round(Math.sqrt(matrix.length));
  const se = Math.sqrt(matrix[mainAt * k + mainAt]);
  const t = estimate / se;
  let crit = critical.get(dfT);
  if (crit === undefined) { crit = criticalT(level, dfT); critical.set(dfT, crit); }
  out[at] = estimate;
  out[at + 1] = se;
  out[at + 2] = t;
  out[at + 3] = twoSidedP(t, dfT);
  out[at + 4] = estimate - crit * se;
  out[at + 5] = estimate + crit * se;
  out[at + 10] = dfT;
  out[at + 11] = SPEC_STATUS.ok;
}
