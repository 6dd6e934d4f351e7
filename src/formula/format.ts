/**
 * Canonical text of a parsed formula, for labels (tables, multiple-estimation models, logs).
 */
import type { FixedEffect, ParsedFormula, Term } from './ast.js';

/**
 * Writes a formula back from its parts: term names joined by ' + ', '0' first when the intercept was
 * removed (and no fixed effect absorbs it), '1' when there is no regressor, fixed effects after ' | '.
 * Parsing the result gives the same model.
 *
 * @example
 * formatFormula(parseFormula('y~x1*x2+csw(a,b)|fe1^fe2')); // 'y ~ x1 + x2 + x1:x2 + csw(a, b) | fe1^fe2'
 * formatFormula(parseFormula('y ~ x - 1')); // 'y ~ 0 + x'
 */
export function formatFormula(parsed: ParsedFormula): string {
  const parts = parsed.terms.map((t) => t.name);
  const { multiple } = parsed;
  if (multiple) {
    const args = multiple.alternatives.map((alt) => names(alt)).join(', ');
    parts.splice(multiple.position, 0, `${multiple.op}(${args})`);
  }
  const noFixedEffects = parsed.fixedEffects.length === 0;
  if (noFixedEffects && !parsed.intercept) parts.unshift('0');
  if (parts.length === 0) parts.push('1');
  const fixedEffects = noFixedEffects ? '' : ` | ${parsed.fixedEffects.map(fixedEffectText).join(' + ')}`;
  return `${parsed.lhs.name} ~ ${parts.join(' + ')}${fixedEffects}`;
}

function names(terms: readonly Term[]): string {
  return terms.map((t) => t.name).join(' + ');
}

/**
 * A fixed effect as written: `firm^year`, `firm[capital]`, `firm[[capital]]`.
 *
 * @example
 * fixedEffectText({ name: 'firm', variables: ['firm'], pos: 0, slopes: ['capital'], intercept: false }); // 'firm[[capital]]'
 */
export function fixedEffectText(fe: FixedEffect): string {
  if (!fe.slopes?.length) return fe.name;
  const inner = fe.slopes.join(',');
  return fe.intercept === false ? `${fe.name}[[${inner}]]` : `${fe.name}[${inner}]`;
}
