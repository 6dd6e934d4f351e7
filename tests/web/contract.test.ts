/**
 * The page's logic that needs no browser: the automation contract's query string, the specification
 * curve's grid from a formula, and the page's fit and bootstrap (analysis.ts) against hdfe fit's and hdfe
 * boot's JSON, errors carrying the field they belong to.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bootPage, fitPage, FieldError } from '../../src/web/analysis.js';
import { contractQuery } from '../../src/web/contract.js';
import { curveDefinition } from '../../src/web/ui.js';
import { printed } from '../../src/web/format.js';
import { fitJson, bootJson, missingUsed } from '../../src/cli/json.js';
import { loadData } from '../../src/data/load.js';
import { modelColumns } from '../../src/data/select.js';
import { feols } from '../../src/estimate/feols.js';
import { wildBootstrap } from '../../src/infer/wild.js';

const grunfeld = fileURLToPath(new URL('../golden/fixest/grunfeld.csv', import.meta.url));
const bytes = new Uint8Array(readFileSync(grunfeld));
const FORMULA = 'inv ~ value + capital | firm + year';

describe('the automation contract', () => {
  it('reads the query string; without data the page waits for a person', () => {
    expect(contractQuery('')).toBeNull();
    expect(contractQuery('?formula=y~x')).toBeNull();
    const q = contractQuery(`?data=/files/x.csv&formula=${encodeURIComponent('y ~ x | fe')}&vcov=hetero`);
    expect(q).toEqual({ data: '/files/x.csv', model: { formula: 'y ~ x | fe', vcov: 'hetero', cluster: undefined }, boot: null });
  });

  it('gives the cluster columns to the fit, and to the bootstrap when one is asked for', () => {
    const both = contractQuery('?data=d.csv&formula=y~x&cluster=a&boot=x&reps=99&seed=3');
    expect(both?.model).toEqual({ formula: 'y~x', vcov: undefined, cluster: 'a' });
    expect(both?.boot).toEqual({ term: 'x', cluster: 'a', reps: '99', seed: '3' });
    // An iid or hetero fit takes no cluster (the CLI would refuse both), so they are the bootstrap's only.
    const iid = contractQuery('?data=d.csv&formula=y~x&vcov=iid&cluster=a&boot=x');
    expect(iid?.model.cluster).toBeUndefined();
    expect(iid?.boot?.cluster).toBe('a');
  });
});

describe("the page's fit and bootstrap", () => {
  it('are hdfe fit --json and hdfe boot --json', async () => {
    const fit = await fitPage({ bytes, name: 'grunfeld.csv' }, { formula: FORMULA, cluster: 'firm' });
    const options = { cluster: ['firm'] };
    const data = await loadData(grunfeld, undefined, { select: modelColumns(FORMULA, options) });
    const node = feols(data.columns, FORMULA, options);
    expect(fit.json).toEqual(fitJson(node, missingUsed(data, FORMULA, options)));
    const boot = await bootPage(fit.data, FORMULA, { term: 'value', cluster: 'firm', reps: '199', seed: '5' });
    expect(boot.json).toEqual(bootJson(wildBootstrap(data.columns, FORMULA, { param: 'value', cluster: 'firm', reps: 199, seed: 5 })));
  });

  it('put each error beside its field, with the CLI\'s words', async () => {
    const field = async (run: () => Promise<unknown>) => {
      try { await run(); } catch (err) { return [(err as FieldError).field, (err as Error).message]; }
      return null;
    };
    const data = { bytes, name: 'grunfeld.csv' };
    expect(await field(() => fitPage(data, { formula: '' }))).toEqual(['formula', "a formula is needed, like 'y ~ x1 + x2 | fe1 + fe2'"]);
    expect((await field(() => fitPage(data, { formula: 'inv ~ value +' })))?.[0]).toBe('formula');
    expect((await field(() => fitPage(data, { formula: 'inv ~ valu' })))?.[0]).toBe('formula');
    expect(await field(() => fitPage(data, { formula: FORMULA, vcov: 'cluster' }))).toEqual(['cluster', '--vcov cluster needs --cluster a[,b]']);
    expect((await field(() => fitPage(data, { formula: FORMULA, cluster: 'frm' })))?.[0]).toBe('cluster');
    expect((await field(() => fitPage(data, { formula: FORMULA, vcov: 'bogus' })))?.[0]).toBe('vcov');
    expect((await field(() => fitPage({ bytes: new TextEncoder().encode('a,b\n1\n'), name: 'bad.csv' }, { formula: 'a ~ b' })))?.[0]).toBe('data');
    const loaded = (await fitPage(data, { formula: FORMULA })).data;
    expect(await field(() => bootPage(loaded, FORMULA, { term: 'value' }))).toEqual(['boot', '--method wild needs --cluster C']);
    expect(await field(() => bootPage(loaded, FORMULA, { term: 'value', cluster: 'firm', reps: '0' }))).toEqual(['boot', "--reps takes an integer >= 1; got '0'"]);
  });

  it('print numbers as hdfe fit\'s summary does', () => {
    expect(printed(0.123456789)).toBe('0.123457');
    expect(printed(1.7726713730996007e-06)).toBe('1.7727e-6');
    expect(printed(-12345678)).toBe('-1.2346e+7');
    expect(printed(NaN)).toBe('NaN');
  });
});

describe('the specification curve of a formula', () => {
  it('is the first regressor over every subset of the others, with the model\'s fixed effects and variance', () => {
    expect(curveDefinition({ formula: 'y ~ x + a + l(b, 1) | fe1 + fe2', vcov: 'cluster', cluster: 'fe1' })).toEqual({
      depvar: 'y', main: ['x'], controls: ['a', 'l(b, 1)'], fixedEffects: [['fe1', 'fe2']], vcov: [{ type: 'cluster', cluster: ['fe1'] }],
    });
    expect(curveDefinition({ formula: 'y ~ x', vcov: 'hetero' })).toEqual({
      depvar: 'y', main: ['x'], controls: [], fixedEffects: [[]], vcov: [{ type: 'hetero' }],
    });
  });
});
