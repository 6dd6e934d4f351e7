import { describe, it, expect } from 'vitest';
import { parseFormula } from '../../src/formula/index.js';
import { FormulaError } from '../../src/errors.js';

/** Parses and returns the FormulaError, failing the test if there is none or it is of another class. */
function errorOf(formula: string): FormulaError {
  try {
    parseFormula(formula);
  } catch (e) {
    expect(e).toBeInstanceOf(FormulaError);
    return e as FormulaError;
  }
  throw new Error(`expected '${formula}' to be rejected`);
}

// [formula, 0-based position, fragment the message must contain]
const CASES: [string, number, string][] = [
  ['', 0, "expected the outcome before '~'"],
  ['~ x', 0, "expected the outcome before '~'"],
  ['y x', 2, "expected '~' after the outcome 'y', got 'x'"],
  ['x1 + x2', 3, "expected '~' after the outcome 'x1', got '+'"],
  ['y ~', 3, "expected a term after '~', got the end of the formula"],
  ['y ~ x1 + | fe', 9, "expected a term after '+', got '|'"],
  ['y ~ x +', 7, "expected a term after '+'"],
  ['y ~ x + sw(a,)', 13, "expected a term after ','"],
  ['y ~ x | fe +', 12, "expected a fixed-effect variable after '+', got the end of the formula"],
  ['y ~ log(x', 7, "'log(' is never closed"],
  ['y ~ (a + b', 4, "'(' is never closed"],
  ['y ~ x)', 5, "this ')' closes nothing"],
  ['y ~ log(x y)', 10, "expected ')' to close 'log(', got 'y'"],
  ['y ~ lg(x)', 4, "unknown function 'lg'; known: log, exp, sqrt, abs, I, center, l, f, d, i, sw, sw0, csw, csw0"],
  ['y ~ log(x, 2)', 11, 'log() takes 1 argument, got more'],
  ['y ~ sqrt()', 9, 'sqrt() takes 1 argument, got none'],
  ['y ~ l(x, 1, 2)', 12, 'takes a variable and a lag order, got a third argument'],
  ['y ~ l(x, 1.5)', 9, "lag order must be an integer, got '1.5'"],
  ['y ~ l(x, k)', 9, "expected an integer lag order such as l(x, 2) or a range such as l(x, 1:3), got 'k'"],
  ['y ~ d(x, 0)', 9, 'd(x, 0) is x - x'],
  ['y ~ I(l(x, 1:2))', 12, 'a range of lag orders such as l(x, 1:2) must stand as a term of its own'],
  ['y ~ sw(a) + csw(b)', 12, 'only one multiple-estimation operator (sw, sw0, csw, csw0) is allowed per formula'],
  ['y ~ sw()', 4, 'sw() needs at least one alternative'],
  ['y ~ sw(a, b):z', 12, "sw() must stand on its own between '+' signs, got ':'"],
  ['y ~ log(sw(a, b))', 8, "sw() must stand on its own between '+' signs"],
  ['y ~ x - sw(a, b)', 8, 'sw() cannot be subtracted'],
  ['y ~ x | 2', 8, "expected a fixed-effect variable after '|', got the number '2'"],
  ['y ~ x | fe + 0', 13, "'| 0' alone means no fixed effects"],
  ['y ~ x | log(fe)', 8, "got a call to 'log()'"],
  ['y ~ x | a:b', 9, "combine fixed effects with '^', not ':'"],
  ['y ~ x | a^a', 10, "'a' appears twice in the combined fixed effect"],
  ['y ~ x | fe | z', 11, "a second '|'"],
  ['y ~ x ~ z', 6, "a formula has one '~'"],
  ['y ~ x^2', 5, "write I(x^2) for a power"],
  ['y ~ a/b', 5, 'write I(a/b) for a ratio'],
  ['y ~ 2 + x', 4, "can only be 0 or 1 standing alone (intercept control, e.g. 'y ~ 0 + x'), got '2'"],
  ['y ~ 1:x', 4, 'can only be 0 or 1 standing alone'],
  ['y ~ x - 0', 8, "'- 0' is ambiguous"],
  ['y ~ x - z', 8, "'- z' removes nothing"],
  ['y ~ log(a:b)', 9, "':' makes an interaction, which cannot sit inside log()"],
  ['y ~ i(f):x', 4, 'i(f) cannot be part of an interaction'],
  ['y ~ i(f, log(x))', 9, "i()'s second argument is the variable to interact with"],
  ['y ~ i(f, x, 1, 2)', 15, 'i() takes a factor, a variable to interact with and reference levels'],
  ['y ~ i(f, keep = 1)', 9, 'i() takes the arguments ref = <level> and ref2 = <level>'],
  ['y ~ i(f, ref2 = 1)', 4, 'ref2 applies to a second factor'],
  ['y ~ x | g[log(z)]', 10, 'expected a numeric variable inside g[...]'],
  ['y ~ x | g[[z]', 13, "expected ']' to close g[["],
  ['y ~ i(log(f))', 6, 'i() expects a factor variable name first'],
  ['y ~ I(i(f))', 6, 'i() expands a factor to dummy columns'],
  ["y ~ i(f, ref = 'a)", 15, 'unterminated string'],
  ['y ~ x $ z', 6, "unexpected character '$'"],
  ['y ~ x1 x2', 7, "expected '+', '|' or the end of the formula after 'x1', got 'x2'"],
  ['y ~ x | a b', 10, "expected '+' or the end of the formula after 'a', got 'b'"],
  ['a:b ~ x', 0, 'the outcome cannot be an interaction'],
  ['l(y, 1:2) ~ x', 0, 'the outcome must be a single term'],
  ['1 ~ x', 0, 'the outcome must be a variable or an expression'],
  ['i(f) ~ x', 0, 'the outcome cannot be a factor expansion'],
];

describe('FormulaError', () => {
  it.each(CASES)('%j at %i: %s', (formula, position, fragment) => {
    const error = errorOf(formula);
    expect(error.message).toContain(fragment);
    expect(error.position).toBe(position);
    expect(error.formula).toBe(formula);
  });

  it('shows where the problem is in the message', () => {
    expect(errorOf('y ~ x1 + | fe').message).toBe(
      `expected a term after '+', got '|' at position 10: "y ~ x1 + " >>> "| fe"`,
    );
  });

  it('rejects a formula that is not a string', () => {
    expect(() => parseFormula(42 as unknown as string)).toThrow(/expected the formula as a string.*got number/);
  });
});
