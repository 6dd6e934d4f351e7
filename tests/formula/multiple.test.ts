import { describe, it, expect } from 'vitest';
import { expandMultiple, formatFormula, parseFormula, variablesOf } from '../../src/formula/index.js';

const models = (formula: string): string[] => expandMultiple(parseFormula(formula)).map(formatFormula);

describe('expandMultiple', () => {
  it.each([
    ['y ~ sw(a, b)', ['y ~ a', 'y ~ b']],
    ['y ~ sw0(a, b)', ['y ~ 1', 'y ~ a', 'y ~ b']],
    ['y ~ csw(a, b, c)', ['y ~ a', 'y ~ a + b', 'y ~ a + b + c']],
    ['y ~ csw0(a, b)', ['y ~ 1', 'y ~ a', 'y ~ a + b']],
  ])('%s gives models in fixest order', (formula, expected) => {
    expect(models(formula)).toEqual(expected);
  });

  it('inserts the alternatives where the operator was written, keeping fixed effects and intercept', () => {
    expect(models('y ~ x + csw0(a, b) + z | fe')).toEqual([
      'y ~ x + z | fe', 'y ~ x + a + z | fe', 'y ~ x + a + b + z | fe',
    ]);
    expect(models('y ~ 0 + sw(a, b)')).toEqual(['y ~ 0 + a', 'y ~ 0 + b']);
  });

  it('takes any terms as arguments, sums included', () => {
    expect(models('y ~ sw(l(x, 1:2), a:b + c)')).toEqual(['y ~ l(x,1) + l(x,2)', 'y ~ a:b + c']);
    expect(models('y ~ sw(i(year, ref = 2009), a)')).toEqual(['y ~ i(year,ref=2009)', 'y ~ a']);
  });

  it('keeps a term already present once', () => {
    expect(models('y ~ x + sw(x, z)')).toEqual(['y ~ x', 'y ~ x + z']);
  });

  it('records the operator and its slot, after repeats and removals are dropped', () => {
    const p = parseFormula('y ~ a + a + b - b + csw(c, d)');
    expect(p.multiple).toMatchObject({ op: 'csw', position: 1, pos: 20 });
    expect(p.multiple!.alternatives.map((alt) => alt.map((t) => t.name))).toEqual([['c'], ['d']]);
  });

  it('returns a formula without operator alone, and every model has multiple: null', () => {
    const p = parseFormula('y ~ x | fe');
    expect(expandMultiple(p)).toEqual([p]);
    for (const model of expandMultiple(parseFormula('y ~ sw(a, b)'))) expect(model.multiple).toBeNull();
  });
});

describe('formatFormula', () => {
  it.each([
    ['y~x1*x2+csw(a,b)|fe1^fe2', 'y ~ x1 + x2 + x1:x2 + csw(a, b) | fe1^fe2'],
    ['y ~ x - 1', 'y ~ 0 + x'],
    ['y ~ 1 | fe', 'y ~ 1 | fe'],
    ['log(y) ~ l(x,-1:0) + i(k, ref = "a")', 'log(y) ~ f(x,1) + x + i(k,ref="a")'],
  ])('%s -> %s', (formula, expected) => {
    expect(formatFormula(parseFormula(formula))).toBe(expected);
  });

  it('writes text that parses back to the same model', () => {
    const p = parseFormula('d(y) ~ I((x+1)^2/2) + a*b + sw0(l(x,1:2), center(v):z) + 0');
    const again = parseFormula(formatFormula(p));
    const shape = (q: typeof p) => ({
      lhs: q.lhs.name,
      terms: q.terms.map((t) => t.name),
      intercept: q.intercept,
      alternatives: q.multiple?.alternatives.map((alt) => alt.map((t) => t.name)),
    });
    expect(shape(again)).toEqual(shape(p));
    expect(shape(p).alternatives).toEqual([['l(x,1)', 'l(x,2)'], ['center(v):z']]);
  });
});

describe('variablesOf', () => {
  it('lists outcome, regressor, factor and fixed-effect columns once, in order of appearance', () => {
    expect(variablesOf(parseFormula('log(y) ~ I(x^2) + x:z + i(year) + l(w, 1:2) | firm^year + region')))
      .toEqual(['y', 'x', 'z', 'year', 'w', 'firm', 'region']);
  });

  it('follows the text even where an expansion reorders the terms', () => {
    expect(parseFormula('y ~ a:b*c').terms.map((t) => t.name)).toEqual(['c', 'a:b', 'a:b:c']);
    expect(variablesOf(parseFormula('y ~ a:b*c'))).toEqual(['y', 'a', 'b', 'c']);
  });

  it('includes every multiple-estimation alternative', () => {
    expect(variablesOf(parseFormula('y ~ x + csw(a, b + c) + z | fe'))).toEqual(['y', 'x', 'a', 'b', 'c', 'z', 'fe']);
  });
});
