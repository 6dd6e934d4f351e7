/**
 * Several outcomes on one right-hand side, as fixest's `c(y1, y2) ~ x` (also written `y1 + y2 ~ x`): one
 * formula per outcome, in the order written. Works on the text, before parsing, so each outcome may be an
 * expression such as `log(y)`.
 */
import { FormulaError } from '../errors.js';

/** Split `text` on `sep` where no parenthesis is open. */
function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === sep && depth === 0) { out.push(text.slice(start, i)); start = i + 1; }
  }
  out.push(text.slice(start));
  return out;
}

/**
 * One formula per outcome; a formula with one outcome comes back alone and unchanged.
 *
 * @example
 * expandOutcomes('y1 + log(y2) ~ x | firm'); // ['y1 ~ x | firm', 'log(y2) ~ x | firm']
 * expandOutcomes('c(y1, y2) ~ x');           // ['y1 ~ x', 'y2 ~ x']
 */
export function expandOutcomes(text: string): string[] {
  if (typeof text !== 'string') return [text];
  const tilde = splitTop(text, '~');
  if (tilde.length < 2) return [text];
  const lhs = tilde[0].trim();
  const rhs = tilde.slice(1).join('~');
  const call = /^c\s*\((.*)\)$/s.exec(lhs);
  const outcomes = (call ? splitTop(call[1], ',') : splitTop(lhs, '+')).map((s) => s.trim());
  if (outcomes.length === 1 && !call) return [text];
  const empty = outcomes.findIndex((s) => s === '');
  if (empty >= 0) {
    throw new FormulaError(`an empty outcome in '${lhs}'; list outcomes as 'y1 + y2 ~ x' or 'c(y1, y2) ~ x'`, text, 0);
  }
  return outcomes.map((y) => `${y} ~${rhs}`);
}
