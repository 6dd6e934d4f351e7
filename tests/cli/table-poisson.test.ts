/**
 * `hdfe table --family poisson` and `hdfe fit --family poisson --wald` against fixest 0.12.2
 * (tests/golden/fixest/poisson_surface.json): per-column variances without refitting, etable's statistics,
 * sw() columns, the Wald test's JSON; and the commands that do not take Poisson models refuse the flag.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runFit } from '../../src/cli/fit.js';
import { runTable } from '../../src/cli/table.js';
import { expectAllClose } from '../helpers.js';

/** Poisson against R: 1e-6 relative (the tolerance for IRLS fits). */
const RTOL_POISSON = 1e-6;
const ATOL_R = 1e-10;

const root = fileURLToPath(new URL('../../', import.meta.url));
const data = (name: string) => `${root}tests/golden/data/${name}.csv`;
const ref = JSON.parse(readFileSync(`${root}tests/golden/fixest/poisson_surface.json`, 'utf8'));

interface Column { coefficients: Record<string, { estimate: number; stdError: number; statistic: number }>; nobs: number; pseudoR2: number; bic: number; sqCor: number }

describe('hdfe table --family poisson', () => {
  it("--vcov 'iid;hetero;cluster:active+dependents': one column each, fixest's standard errors and statistics", async () => {
    const out = await runTable([data('creditcard'), ref.creditcard.formula, '--family', 'poisson', '--singletons', 'keep', '--glm-tol', '1e-12',
      '--vcov', 'iid;hetero;cluster:active;cluster:active+dependents', '--output-format', 'json']);
    const table = JSON.parse(out);
    const cols: Column[] = table.data.models;
    expect(cols).toHaveLength(4);
    ['iid', 'hetero', 'cluster_active', 'twoway'].forEach((label, j) => {
      const block = ref.creditcard.se_variants[label];
      const terms = block.coef_names as string[];
      expectAllClose(terms.map((t) => cols[j].coefficients[t].stdError), block.se, `${label} se`, RTOL_POISSON, ATOL_R);
      expectAllClose(terms.map((t) => cols[j].coefficients[t].statistic), block.z, `${label} z`, RTOL_POISSON, ATOL_R);
      expect(cols[j].nobs).toBe(ref.creditcard.stats.nobs);
      expectAllClose([cols[j].pseudoR2, cols[j].bic, cols[j].sqCor], [ref.creditcard.stats.pseudo_r2, ref.creditcard.stats.bic, ref.creditcard.stats.sq_cor], 'stats', RTOL_POISSON, ATOL_R);
    });
  });
  it('sw() gives a column per model, with etable\'s rows and a z note', async () => {
    const text = await runTable([data('recreation'), ref.recreation_sw.formula, '--family', 'poisson', '--below', 't']);
    expect(text).toMatch(/Squared Cor\./);
    expect(text).toMatch(/Pseudo R²/);
    expect(text).toMatch(/BIC/);
    expect(text).not.toMatch(/Adj\. R²/);
    expect(text).toMatch(/z statistics in parentheses/);
    const bic = ref.recreation_sw.models.map((m: { stats: { bic: number } }) => m.stats.bic.toFixed(4));
    for (const b of bic) expect(text).toContain(b);
  });
  it('Poisson-only flags are refused without --family poisson', async () => {
    await expect(runTable([data('recreation'), 'trips ~ quality', '--offset', 'income'])).rejects.toThrow(/--family poisson only/);
  });
});

describe('hdfe fit --family poisson --wald', () => {
  it("--json carries fixest's F, p and degrees of freedom", async () => {
    const w = ref.recreation.wald[1];
    const j = JSON.parse(await runFit([data('recreation'), ref.recreation.formula, '--family', 'poisson', '--vcov', 'hetero', '--glm-tol', '1e-12',
      '--wald', 'costC,costS,costH', '--json']));
    expect([j.wald.df1, j.wald.df2]).toEqual([w.df1, w.df2]);
    expectAllClose([j.wald.stat, j.wald.p_value], [w.stat, w.p], 'wald', RTOL_POISSON, 1e-300);
    expect(j.dropped.separated).toBe(0);
    expect(j).toHaveProperty('sq_cor');
  });
  it('--separation takes fe, relu, fe,relu or none', async () => {
    await expect(runFit([data('recreation'), 'trips ~ quality', '--family', 'poisson', '--separation', 'simplex'])).rejects.toThrow(/--separation takes/);
    const j = JSON.parse(await runFit([`${root}tests/golden/fixest/separation_dummy.csv`, 'y ~ x1 + d', '--family', 'poisson', '--json']));
    expect(j.dropped.separated).toBe(ref.separation.dummy.separated_rows.length);
    expect(j.nobs).toBe(ref.separation.dummy.nobs_after);
  });
});

describe('commands without Poisson models refuse --family', () => {
  const cli = `${root}dist/src/cli/main.js`;
  for (const cmd of ['boot', 'permute', 'grid', 'mtest']) {
    it(`hdfe ${cmd} --family poisson: one line, exit code 2`, () => {
      const r = spawnSync(process.execPath, [cli, cmd, data('recreation'), 'trips ~ quality', '--family', 'poisson'], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/unknown option '--family'/);
      expect(r.stdout).toBe('');
    }, 60_000);
  }
});
