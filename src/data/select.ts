/**
 * The columns a model reads, with their roles, known before the file is opened (fread's `select`): the
 * reader then materialises only these, numbers as doubles and factors as dictionary codes, and skips the rest.
 */
import type { FeolsOptions } from '../estimate/options.js';
import { parseFormula } from '../formula/parse.js';
import { variableUses } from '../formula/variables.js';
import type { ColumnRole } from './readers/types.js';

function merge(into: Record<string, ColumnRole>, name: string, role: ColumnRole): void {
  const prior = into[name];
  into[name] = prior === undefined || prior === role ? role : 'both';
}

/**
 * Roles of every column the formulas and options use: outcome, regressors and weights as numbers; i()
 * variables, fixed effects, clusters and the panel id as factors; the panel time as numbers. `extra` adds
 * columns a command needs beyond the model (permutation units, strata).
 * @example
 * modelColumns('y ~ x | firm', { cluster: 'state' }); // { y: 'number', x: 'number', firm: 'factor', state: 'factor' }
 */
export function modelColumns(formulas: string | readonly string[], options: FeolsOptions = {},
  extra: Readonly<Record<string, ColumnRole>> = {}): Record<string, ColumnRole> {
  const roles: Record<string, ColumnRole> = {};
  for (const formula of typeof formulas === 'string' ? [formulas] : formulas) {
    for (const [name, use] of Object.entries(variableUses(parseFormula(formula)))) merge(roles, name, use);
  }
  const cluster = options.cluster === undefined ? [] : typeof options.cluster === 'string' ? [options.cluster] : options.cluster;
  for (const c of cluster) merge(roles, c, 'factor');
  if (options.weights) merge(roles, options.weights, 'number');
  if (options.panel) {
    merge(roles, options.panel.id, 'factor');
    merge(roles, options.panel.time, 'number');
  }
  if (options.conley) {
    merge(roles, options.conley.lat, 'number');
    merge(roles, options.conley.lon, 'number');
  }
  for (const [name, role] of Object.entries(extra)) merge(roles, name, role);
  return roles;
}
