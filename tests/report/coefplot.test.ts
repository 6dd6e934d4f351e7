/** The coefficient plot's points (src/report/coefplot.ts): every i() level in order, references at zero. */
import { describe, it, expect } from 'vitest';
import { feols, coefplotPoints, coefplotSpec } from '../../src/index.js';
import { readCsv } from '../helpers.js';

const did = readCsv(new URL('../golden/fixest/base_did.csv', import.meta.url).pathname);

describe('coefplotPoints', () => {
  it('an event study: levels in time order, the reference at 0 without an interval, estimates as the fit\'s', () => {
    const fit = feols(did, 'y ~ x1 + i(time_to_treat, treat, ref = -1) | id + period', { cluster: 'id' });
    const points = coefplotPoints(fit);
    expect(points.map((p) => p.level)).toEqual(['-5', '-4', '-3', '-2', '-1', '0', '1', '2', '3', '4']);
    const ref = points.find((p) => p.kind === 'reference');
    expect(ref).toEqual({ term: 'i(time_to_treat,treat,ref=-1)', level: '-1', estimate: 0, low: null, high: null, kind: 'reference' });
    const c = fit.coefficients.find((x) => x.term === 'time_to_treat::3:treat');
    expect(points.find((p) => p.level === '3')).toMatchObject({ estimate: c?.estimate, low: c?.confLow, high: c?.confHigh });
  });

  it('two references of i(f, ref = c(a, b)) and one panel per i() term', () => {
    const fit = feols(did, 'y ~ i(period, ref = c(1, 10)) + i(time_to_treat, treat, ref = -1) | id');
    const points = coefplotPoints(fit, { terms: ['period'] });
    expect(points.filter((p) => p.kind === 'reference').map((p) => p.level)).toEqual(['1', '10']);
    const spec = coefplotSpec(fit) as { vconcat: unknown[] };
    expect(spec.vconcat).toHaveLength(2);
  });
});
