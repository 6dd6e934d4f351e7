import { describe, it, expect } from 'vitest';
import {
  evaluateExpr, evaluateTerm, parseFormula, type EvaluateHooks, type Expr, type LagOp, type Term,
} from '../../src/formula/index.js';
import { DataError, HdfeError } from '../../src/errors.js';

// Algebraic identities: the evaluator does the same floating-point operations as the reference.
const ATOL = 1e-12;
const RTOL = 1e-12;

function expectClose(actual: Float64Array, expected: number[]): void {
  expect(actual).toBeInstanceOf(Float64Array);
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => {
    if (Number.isNaN(e)) expect(actual[i], `row ${i}`).toBeNaN();
    else expect(Math.abs(actual[i] - e), `row ${i}: ${actual[i]} vs ${e}`)
      .toBeLessThanOrEqual(ATOL + RTOL * Math.abs(e));
  });
}

const data: Record<string, Float64Array> = {
  x: Float64Array.of(1, 2, -1, 0, NaN),
  z: Float64Array.of(3, 4, 5, 6, 7),
};
const n = 5;
const column = (name: string): Float64Array => {
  if (!(name in data)) throw new Error(`no column ${name}`);
  return data[name];
};

/** The single term of 'y ~ <rhs>'. */
const termOf = (rhs: string): Term => parseFormula(`y ~ ${rhs}`).terms[0];
/** The first factor of that term. */
const exprOf = (rhs: string): Expr => (termOf(rhs) as Extract<Term, { kind: 'expr' }>).factors[0];

describe('evaluateExpr', () => {
  it('computes I((x+1)^2/2) elementwise, NaN in NaN out', () => {
    expectClose(evaluateExpr(exprOf('I((x + 1)^2/2)'), column, n), [2, 4.5, 0, 0.5, NaN]);
  });

  it('gives NaN for log of a non-positive number', () => {
    expectClose(evaluateExpr(exprOf('log(x)'), column, n), [0, Math.log(2), NaN, NaN, NaN]);
    // NaN, not -Infinity, even inside another function: exp(log(0)) would otherwise be 0, a valid value.
    expectClose(evaluateExpr(exprOf('exp(log(x))'), column, n), [1, 2, NaN, NaN, NaN]);
  });

  it('computes exp, sqrt, abs and unary minus; sqrt of a negative is NaN', () => {
    expectClose(evaluateExpr(exprOf('exp(x)'), column, n), [Math.E, Math.exp(2), Math.exp(-1), 1, NaN]);
    expectClose(evaluateExpr(exprOf('sqrt(x)'), column, n), [1, Math.SQRT2, NaN, 0, NaN]);
    expectClose(evaluateExpr(exprOf('abs(x)'), column, n), [1, 2, 1, 0, NaN]);
    expectClose(evaluateExpr(exprOf('I(-x^2 + z)'), column, n), [2, 0, 4, 6, NaN]);
  });

  it('follows R precedence and constant folding', () => {
    expectClose(evaluateExpr(exprOf('I(2^3^2 - z)'), column, n), [509, 508, 507, 506, 505]);
    expectClose(evaluateExpr(exprOf('I(z - 1 - 1)'), column, n), [1, 2, 3, 4, 5]);
    expectClose(evaluateExpr(exprOf('I(z / 2 * 4)'), column, n), [6, 8, 10, 12, 14]);
    expectClose(evaluateExpr(exprOf('I(1e-3 * 2)'), column, n), [0.002, 0.002, 0.002, 0.002, 0.002]);
  });

  it('turns infinities into NaN (missing), as fixest drops infinite values', () => {
    expectClose(evaluateExpr(exprOf('I(z / x)'), column, n), [3, 2, -5, NaN, NaN]);
    expectClose(evaluateExpr(exprOf('exp(I(z * 1000))'), column, n), [NaN, NaN, NaN, NaN, NaN]);
  });

  it('keeps missing values missing through powers: NaN^0 is NaN', () => {
    expectClose(evaluateExpr(exprOf('I(x^0)'), column, n), [1, 1, 1, 1, NaN]);
  });

  it('never modifies the data and always returns a new array', () => {
    const before = Float64Array.from(data.x);
    const out = evaluateExpr(exprOf('x'), column, n);
    out[0] = 99;
    evaluateExpr(exprOf('I(-x + 1)'), column, n);
    evaluateExpr(exprOf('abs(x)'), column, n);
    expect(data.x).toEqual(before);
  });

  it('delegates lags to the hook with the evaluated argument', () => {
    const calls: [LagOp, number[], number][] = [];
    const hooks: EvaluateHooks = {
      lag(op, arg, k) {
        calls.push([op, Array.from(arg), k]);
        return Float64Array.of(NaN, 10, 20, 30, 40);
      },
    };
    expectClose(evaluateExpr(exprOf('I(l(abs(x), 2) + 1)'), column, n, hooks), [NaN, 11, 21, 31, 41]);
    expect(calls).toEqual([['l', [1, 2, 1, 0, NaN], 2]]);
    evaluateExpr(exprOf('l(x, -1)'), column, n, hooks);
    expect(calls[1][0]).toBe('f');
  });

  it('explains that lags need a panel when there is no lag hook', () => {
    expect(() => evaluateExpr(exprOf('l(x, 1)'), column, n)).toThrow(DataError);
    expect(() => evaluateExpr(exprOf('d(x)'), column, n)).toThrow(/lags need a panel: pass panel: \{ id, time \}/);
  });

  it('delegates center() to the hook and requires it', () => {
    const hooks: EvaluateHooks = { center: (arg) => arg.map((v) => v - 5) };
    expectClose(evaluateExpr(exprOf('center(z)'), column, n, hooks), [-2, -1, 0, 1, 2]);
    expect(() => evaluateExpr(exprOf('center(z)'), column, n)).toThrow(/pass hooks.center/);
  });

  it('checks that every column and hook result has n values', () => {
    const short = () => Float64Array.of(1, 2);
    expect(() => evaluateExpr(exprOf('x'), short, n)).toThrow(/column 'x' should be a Float64Array of 5 values, got 2/);
    const badHook: EvaluateHooks = { center: () => new Float64Array(3) };
    expect(() => evaluateExpr(exprOf('center(x)'), column, n, badHook)).toThrow(DataError);
  });
});

describe('evaluateTerm', () => {
  it('multiplies the factors of an interaction', () => {
    expectClose(evaluateTerm(termOf('x:z'), column, n), [3, 8, -5, 0, NaN]);
    expectClose(evaluateTerm(termOf('log(z):I(x + 1)'), column, n),
      [2 * Math.log(3), 3 * Math.log(4), 0, Math.log(6), NaN]);
  });

  it('evaluates center(a):center(b) as the product of the centred columns', () => {
    const hooks: EvaluateHooks = { center: (arg) => arg.map((v) => v - 5) };
    // center(z):center(z) is one factor, as a:a is a (R's model algebra)
    expectClose(evaluateTerm(termOf('center(z):center(z)'), column, n, hooks), [-2, -1, 0, 1, 2]);
    expectClose(evaluateTerm(parseFormula('y ~ center(x):center(z)').terms[0], column, n, hooks),
      [-4 * -2, -3 * -1, 0, -5 * 1, NaN]);
  });

  it('returns a copy for a plain variable', () => {
    const out = evaluateTerm(termOf('z'), column, n);
    expect(out).not.toBe(data.z);
    expect(Array.from(out)).toEqual([3, 4, 5, 6, 7]);
  });

  it('refuses factor terms, which the data layer expands', () => {
    expect(() => evaluateTerm(termOf('i(x)'), column, n)).toThrow(HdfeError);
    expect(() => evaluateTerm(termOf('i(x)'), column, n)).toThrow(/builds its dummy columns/);
  });
});
