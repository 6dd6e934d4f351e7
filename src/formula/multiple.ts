/**
 * Multiple estimation (fixest's `sw`, `sw0`, `csw`, `csw0`): one formula standing for several models.
 */
import type { MultipleOp, ParsedFormula, Term } from './ast.js';
import { dedupeTerms } from './terms.js';

/**
 * Which arguments each model takes, in fixest's order, for an operator with arguments a1..am:
 * sw: a1; a2; ...   sw0: none; a1; a2; ...   csw: a1; a1 + a2; ...   csw0: none; a1; a1 + a2; ...
 */
function selections(op: MultipleOp, m: number): number[][] {
  const each = Array.from({ length: m }, (_, i) => [i]);
  const cumulative = Array.from({ length: m }, (_, i) => Array.from({ length: i + 1 }, (_, j) => j));
  switch (op) {
    case 'sw':
      return each;
    case 'sw0':
      return [[], ...each];
    case 'csw':
      return cumulative;
    case 'csw0':
      return [[], ...cumulative];
  }
}

/**
 * Expands a formula with a multiple-estimation operator into single formulas, in fixest's order. The
 * chosen arguments' terms are inserted where the operator was written; a term already present is kept
 * once (first occurrence). A formula without an operator comes back alone. Every result has
 * `multiple: null` and keeps the original `text` (positions still point into it); use `formatFormula`
 * for a label of each model.
 *
 * @example
 * expandMultiple(parseFormula('y ~ x + csw0(a, b) | fe')).map((p) => p.terms.map((t) => t.name));
 * // [['x'], ['x', 'a'], ['x', 'a', 'b']]
 */
export function expandMultiple(parsed: ParsedFormula): ParsedFormula[] {
  const { multiple } = parsed;
  if (!multiple) return [{ ...parsed, multiple: null }];
  const before = parsed.terms.slice(0, multiple.position);
  const after = parsed.terms.slice(multiple.position);
  return selections(multiple.op, multiple.alternatives.length).map((chosen) => {
    const inserted: Term[] = chosen.flatMap((i) => multiple.alternatives[i]);
    return { ...parsed, terms: dedupeTerms([...before, ...inserted, ...after]), multiple: null };
  });
}
