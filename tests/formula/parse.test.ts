import { describe, it, expect } from 'vitest';
import { parseFormula, type ParsedFormula, type Term } from '../../src/formula/index.js';

const names = (terms: Term[]): string[] => terms.map((t) => t.name);
const termNames = (formula: string): string[] => names(parseFormula(formula).terms);
const feOf = (p: ParsedFormula) => p.fixedEffects.map((fe) => ({ name: fe.name, variables: fe.variables }));

describe('term names', () => {
  it('are the formula text without whitespace', () => {
    const p = parseFormula('log( y ) ~ log(pcap) + I(x ^ 2) + x1 : x2 + center(Vag):center(RD)');
    expect(p.lhs.name).toBe('log(y)');
    expect(names(p.terms)).toEqual(['log(pcap)', 'I(x^2)', 'x1:x2', 'center(Vag):center(RD)']);
  });

  it('write lags canonically, so l(x) and l(x, 1) are one term', () => {
    expect(termNames('y ~ l(Vag, 1) + l(Vag) + f(x) + d(x, 2)')).toEqual(['l(Vag,1)', 'f(x,1)', 'd(x,2)']);
    expect(parseFormula('d(y) ~ x').lhs.name).toBe('d(y,1)');
    expect(termNames('y ~ l(x, k = 3)')).toEqual(['l(x,3)']);
  });

  it('keep arithmetic inside calls as written, numbers included', () => {
    expect(termNames('y ~ I((x + 1)^2/2) + log(x + 1) + I(1e-3 * x) + I(-x^2) + I(2^-1*x)'))
      .toEqual(['I((x+1)^2/2)', 'log(x+1)', 'I(1e-3*x)', 'I(-x^2)', 'I(2^-1*x)']);
  });

  it('name factor expansions with their reference level', () => {
    const text = 'y ~ i(year, ref = "2009") + i(g) + i(h, ref = -1) + i(k, ref = "a")';
    expect(parseFormula(text).terms).toEqual([
      { kind: 'factor', name: 'i(year,ref=2009)', variable: 'year', ref: '2009', refs: ['2009'], with: null, pos: text.indexOf('i(year') },
      { kind: 'factor', name: 'i(g)', variable: 'g', ref: null, refs: [], with: null, pos: text.indexOf('i(g') },
      { kind: 'factor', name: 'i(h,ref=-1)', variable: 'h', ref: '-1', refs: ['-1'], with: null, pos: text.indexOf('i(h') },
      { kind: 'factor', name: 'i(k,ref="a")', variable: 'k', ref: 'a', refs: ['a'], with: null, pos: text.indexOf('i(k') },
    ]);
    expect(parseFormula('y ~ i(year, ref = 2009)').terms[0]).toMatchObject({ ref: '2009' });
  });

  it('read fixest\'s i(f, x), i(f, x, ref), i(f1, i.f2, ref, ref2) and ref = c(...)', () => {
    const [slope, event, pair, two] = parseFormula(
      'y ~ i(species, petal_width) + i(period, treat, 5) + i(period, i.treat, ref = 5, ref2 = 0) + i(t, ref = c(-1, -1000))').terms;
    expect(slope).toMatchObject({ name: 'i(species,petal_width)', variable: 'species', refs: [], with: { kind: 'number', name: 'petal_width' } });
    expect(event).toMatchObject({ name: 'i(period,treat,ref=5)', refs: ['5'], with: { kind: 'number', name: 'treat' } });
    expect(pair).toMatchObject({ name: 'i(period,i.treat,ref=5,ref2=0)', refs: ['5'], with: { kind: 'factor', name: 'treat', refs: ['0'] } });
    expect(two).toMatchObject({ name: 'i(t,ref=c(-1,-1000))', ref: '-1', refs: ['-1', '-1000'], with: null });
    expect(parseFormula('y ~ i(time, treat, ref = -1)').terms[0].name).toBe('i(time,treat,ref=-1)');
  });

  it('read varying slopes fe[x] and fe[[x]] among the fixed effects', () => {
    const p = parseFormula('inv ~ value | firm[capital] + year + g[[a, b]]');
    expect(p.fixedEffects.map((fe) => [fe.name, fe.slopes ?? [], fe.intercept ?? true])).toEqual([
      ['firm', ['capital'], true], ['year', [], true], ['g', ['a', 'b'], false]]);
  });
});

describe('expansions', () => {
  it('a*b is a + b + a:b', () => {
    expect(termNames('y ~ a*b')).toEqual(['a', 'b', 'a:b']);
  });

  it('a*b*c gives main effects, then two-way, then three-way interactions (R order)', () => {
    expect(termNames('y ~ a*b*c')).toEqual(['a', 'b', 'c', 'a:b', 'a:c', 'b:c', 'a:b:c']);
  });

  it('distribute over parentheses and accept any term as a factor', () => {
    expect(termNames('y ~ (a + b)*c')).toEqual(['a', 'b', 'c', 'a:c', 'b:c']);
    expect(termNames('y ~ (a + b):(c + d)')).toEqual(['a:c', 'b:c', 'a:d', 'b:d']);
    expect(termNames('y ~ log(x)*z')).toEqual(['log(x)', 'z', 'log(x):z']);
  });

  it('l(x, 1:2) gives one term per order; negative orders are leads and 0 is x itself', () => {
    expect(termNames('y ~ l(x, 1:2)')).toEqual(['l(x,1)', 'l(x,2)']);
    expect(termNames('y ~ l(x, -1:1)')).toEqual(['f(x,1)', 'x', 'l(x,1)']);
    expect(termNames('y ~ f(x, 2:1)')).toEqual(['f(x,2)', 'f(x,1)']);
    expect(termNames('y ~ l(x, 1:2):z')).toEqual(['l(x,1):z', 'l(x,2):z']);
  });

  it('record lag nodes with their order', () => {
    const [term] = parseFormula('y ~ l(log(x), 2)').terms;
    expect(term).toMatchObject({
      kind: 'expr', factors: [{ kind: 'lag', op: 'l', k: 2, arg: { kind: 'call', fn: 'log' } }],
    });
  });

  it('keep a repeated term once, at its first occurrence; b:a is a:b; interactions after main effects (R order)', () => {
    expect(termNames('y ~ x + z + x + a:b + b:a + a*b')).toEqual(['x', 'z', 'a', 'b', 'a:b']);
    expect(termNames('y ~ x1:x2 + log(z) + x1 + a:b:c + i(f)')).toEqual(['log(z)', 'x1', 'i(f)', 'x1:x2', 'a:b:c']);
    expect(termNames('y ~ a:a')).toEqual(['a']);
  });

  it("'- term' removes a written term", () => {
    expect(termNames('y ~ a*b - a:b')).toEqual(['a', 'b']);
  });
});

describe('fixed effects', () => {
  it('are names joined by +, with a^b one combined effect', () => {
    const p = parseFormula('y ~ x | fe1 + fe2 + fe1^fe2');
    expect(feOf(p)).toEqual([
      { name: 'fe1', variables: ['fe1'] },
      { name: 'fe2', variables: ['fe2'] },
      { name: 'fe1^fe2', variables: ['fe1', 'fe2'] },
    ]);
    expect(p.fixedEffects[2].pos).toBe(20);
  });

  it('combine three variables and keep a repeated effect once', () => {
    expect(feOf(parseFormula('y ~ x | a^b^c + b^a + a^b'))).toEqual([
      { name: 'a^b^c', variables: ['a', 'b', 'c'] },
      { name: 'b^a', variables: ['b', 'a'] },
    ]);
  });

  it('are absent with | 0 or without |', () => {
    expect(parseFormula('y ~ x | 0').fixedEffects).toEqual([]);
    expect(parseFormula('y ~ x').fixedEffects).toEqual([]);
  });
});

describe('intercept', () => {
  it.each([
    ['y ~ x', true],
    ['y ~ x + 1', true],
    ['y ~ x + 0', false],
    ['y ~ 0 + x', false],
    ['y ~ x - 1', false],
    ['y ~ -1 + x', false],
    ['y ~ x - 1 + 1', true],
    ['y ~ x | fe', false],
    ['y ~ x + 1 | fe', false],
    ['y ~ x | 0', true],
    ['y ~ 1', true],
  ])('%s -> %s', (formula, intercept) => {
    expect(parseFormula(formula).intercept).toBe(intercept);
  });

  it('0 and 1 are not terms', () => {
    expect(termNames('y ~ 1')).toEqual([]);
    expect(termNames('y ~ 0 + x + 1')).toEqual(['x']);
  });
});

describe('positions', () => {
  it('point into the text for every node', () => {
    const p = parseFormula('y ~ I((x + 1)^2)');
    expect(p.terms[0]).toEqual({
      kind: 'expr', name: 'I((x+1)^2)', pos: 4, factors: [{
        kind: 'call', fn: 'I', pos: 4, arg: {
          kind: 'binary', op: '^', pos: 6,
          left: {
            kind: 'binary', op: '+', pos: 7,
            left: { kind: 'var', name: 'x', pos: 7 }, right: { kind: 'num', value: 1, pos: 11 },
          },
          right: { kind: 'num', value: 2, pos: 14 },
        },
      }],
    });
  });

  it('follow R precedence: -x^2 is -(x^2), a^b^c is a^(b^c), * before +', () => {
    const [neg] = (parseFormula('y ~ I(-x^2)').terms[0] as Extract<Term, { kind: 'expr' }>).factors;
    expect(neg).toMatchObject({ kind: 'call', arg: { kind: 'neg', arg: { kind: 'binary', op: '^' } } });
    const [pow] = (parseFormula('y ~ I(a^b^c)').terms[0] as Extract<Term, { kind: 'expr' }>).factors;
    expect(pow).toMatchObject({ arg: { op: '^', left: { name: 'a' }, right: { op: '^', left: { name: 'b' } } } });
    const [sum] = (parseFormula('y ~ I(a + b*c)').terms[0] as Extract<Term, { kind: 'expr' }>).factors;
    expect(sum).toMatchObject({ arg: { op: '+', left: { name: 'a' }, right: { op: '*' } } });
  });
});
