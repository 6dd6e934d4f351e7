/**
 * Multiple estimation (fixest's sw(), csw(), csw0() and formula lists): every model is estimated on its own
 * sample, and models whose sample, fixed effects and weights agree share one demeaning of the union of
 * their columns.
 */
import { scaleExponent } from './scale.js';
import { columnSource, type DataInput } from '../data/columns.js';
import { buildDesign } from '../data/sample.js';
import { expandMultiple } from '../formula/multiple.js';
import { formatFormula } from '../formula/format.js';
import { parseFormula } from '../formula/parse.js';
import type { ParsedFormula } from '../formula/ast.js';
import type { Design } from './design.js';
import { summarize } from './feols.js';
import { fitDesign, project, type Projection } from './fit.js';
import { meatsFor } from './vcov/registry.js';
import { clusterOnUnit } from './vcov/conventions.js';
import { resolveOptions, type FeolsOptions, type ResolvedOptions } from './options.js';
import type { FeolsResult } from './result.js';

/** The models of a multiple estimation and how many demeanings they took. */
export interface MultipleResult {
  /** One result per model, in fixest's expansion order. */
  readonly models: readonly FeolsResult[];
  /** How many demeanings ran (fewer than models when samples were shared). */
  readonly projections: number;
}

function sampleKey(d: Design): string {
  // Same rows, fixed effects and weights: the projection of a column is then the same for every model.
  let h = 0;
  for (let i = 0; i < d.rows.length; i++) h = (Math.imul(h, 31) + d.rows[i]) | 0;
  return `${d.n}|${h}|${d.fixedEffects.map((f) => f.name).join('+')}|${(d.slopes ?? []).map((f) => f.name).join('+')}|${d.weights ? 'w' : ''}`;
}

/**
 * Estimate several models: a formula with sw/csw/csw0 on the right-hand side, or a list of formulas.
 *
 * @example
 * const { models } = feolsMultiple(data, 'SL ~ csw(Vag, GDP, TAX, CPI, FDI) | year', { cluster: 'province' });
 * models.length; // 5
 */
export function feolsMultiple(data: DataInput, formulas: string | readonly (string | ParsedFormula)[], options: FeolsOptions = {}): MultipleResult {
  const resolved: ResolvedOptions = resolveOptions(options);
  const source = columnSource(data);
  const parsed = (typeof formulas === 'string' ? [formulas] : formulas).map((f) => (typeof f === 'string' ? parseFormula(f) : f));
  const expanded = parsed.flatMap((p) => (p.multiple ? expandMultiple(p) : [p]));
  const designs = expanded.map((f) => buildDesign(source, f, clusterOnUnit(resolved, f.fixedEffects.map((fe) => fe.name))));

  const groups = new Map<string, number[]>();
  designs.forEach((d, m) => {
    if (d.fixedEffects.length === 0 && !d.slopes?.length) return; // nothing to share without demeaning
    const key = sampleKey(d);
    groups.set(key, [...(groups.get(key) ?? []), m]);
  });
  const projections = new Map<number, Projection>();
  let count = designs.filter((d) => d.fixedEffects.length > 0 || d.slopes?.length).length;
  const settings = { demeanTol: resolved.demeanTol, demeanMaxIter: resolved.demeanMaxIter };
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const names: string[] = [];
    const columns: Float64Array[] = [];
    for (const m of members) {
      const d = designs[m];
      [...d.names.map((name, j) => [name, d.X[j]] as const), [d.depvar, d.y] as const].forEach(([name, col]) => {
        if (!names.includes(name)) { names.push(name); columns.push(col); }
      });
    }
    // A column of extreme magnitude is fitted model by model, where fitDesign rescales it (src/estimate/scale.ts).
    if (columns.some((col) => scaleExponent(col, designs[members[0]].n, null) !== 0)) continue;
    const projection = project(designs[members[0]], columns, names, settings);
    for (const m of members) projections.set(m, projection);
    count -= members.length - 1;
  }

  const fitSettings = {
    ...settings, collinTol: resolved.collinTol, ...meatsFor(resolved), keepScores: resolved.keepScores,
  };
  const models = designs.map((d, m) =>
    summarize(d, fitDesign(d, fitSettings, projections.get(m)), formatFormula(expanded[m]), resolved, source));
  return Object.freeze({ models: Object.freeze(models), projections: count });
}
