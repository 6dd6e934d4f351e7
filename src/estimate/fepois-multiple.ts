/**
 * Multiple estimation of Poisson models (fixest's `fepois(y ~ x + sw(a, b))`, csw(), csw0() and formula
 * lists): each expanded formula is an fepois of its own, on its own sample. IRLS reweights every iteration,
 * so unlike least squares no demeaning can be shared between models.
 */
import type { DataInput } from '../data/columns.js';
import type { ParsedFormula } from '../formula/ast.js';
import { formatFormula } from '../formula/format.js';
import { expandMultiple } from '../formula/multiple.js';
import { parseFormula } from '../formula/parse.js';
import { fepois, type FepoisOptions, type FepoisResult } from './fepois.js';

/**
 * Estimate every Poisson model a formula (or a list of formulas) stands for, in fixest's expansion order.
 *
 * @example
 * const models = fepoisMultiple(rows, 'trips ~ quality + sw(ski, income)', { vcov: 'hetero' });
 * models.map((m) => m.formula); // ['trips ~ quality + ski', 'trips ~ quality + income']
 */
export function fepoisMultiple(data: DataInput, formulas: string | readonly (string | ParsedFormula)[], options: FepoisOptions = {}): FepoisResult[] {
  const parsed = (typeof formulas === 'string' ? [formulas] : formulas).map((f) => (typeof f === 'string' ? parseFormula(f) : f));
  return parsed.flatMap((p) => (p.multiple ? expandMultiple(p).map((e) => ({ ...e, text: formatFormula(e) })) : [p]))
    .map((f) => fepois(data, f, options));
}
