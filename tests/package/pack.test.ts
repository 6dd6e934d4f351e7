// The package as a user gets it: `npm pack`, install the tarball into an empty project (its dependencies
// come from the npm registry), run the README's example there and `hdfe replicate` on the bundled data.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const INSTALL_TIMEOUT = 900_000; // packing, installing from the registry and a whole study on a busy machine
const root = fileURLToPath(new URL('../../', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('npm pack, install into an empty project, run', () => {
  it('installs from the tarball and runs the README example and hdfe replicate', () => {
    const work = mkdtempSync(join(tmpdir(), 'hdfe-pack-'));
    const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', work, '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as
      { filename: string; files: { path: string }[] }[];
    const files = packed[0].files.map((f) => f.path);
    // What `hdfe replicate` and the library need at run time, and nothing of the tests.
    for (const need of ['dist/src/index.js', 'dist/src/cli/main.js', 'dist/src/parallel/worker.js', 'build/release.wasm', 'build/distributions.cjs',
      'data/province_panel.csv', 'data/province_distance.csv', 'data/province_panel.truth.json', 'data/README.md', 'README.md', 'package.json']) {
      expect(files, need).toContain(need);
    }
    expect(files.some((f) => f.startsWith('dist/tests/'))).toBe(false);

    const project = join(work, 'project');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'hdfe-consumer', version: '1.0.0', private: true, type: 'module' }));
    const install = spawnSync(npm, ['install', '--no-audit', '--no-fund', join(work, packed[0].filename)], { cwd: project, encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);

    // The README's library examples, importing 'hdfe' as a user would.
    const blocks = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThan(0);
    blocks.forEach((code, i) => {
      // The examples are TypeScript; a user's build strips the types, here esbuild does.
      writeFileSync(join(project, `example-${i + 1}.mjs`), transformSync(code, { loader: 'ts', format: 'esm' }).code);
      const run = spawnSync(process.execPath, [`example-${i + 1}.mjs`], { cwd: project, encoding: 'utf8' });
      expect(run.status, `README example ${i + 1}: ${run.stderr}`).toBe(0);
    });
    // The exports a user of the CLI's abilities needs.
    writeFileSync(join(project, 'exports.mjs'), "import * as h from 'hdfe'; console.log(['feols', 'regressionTable', 'render', 'describeColumns', 'descriptiveTable', 'exportResilience', 'locationQuotient', 'potentialIndex', 'loadData'].filter((n) => typeof h[n] !== 'function').join(','));");
    const exported = spawnSync(process.execPath, ['exports.mjs'], { cwd: project, encoding: 'utf8' });
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout.trim(), 'missing exports').toBe('');

    const bin = join(project, 'node_modules', '.bin', 'hdfe');
    const version = spawnSync(bin, ['--version'], { cwd: project, encoding: 'utf8' });
    expect(version.stdout.trim()).toMatch(/^hdfe \d+\.\d+\.\d+/);
    const study = spawnSync(bin, ['replicate', '--out', 'out'], { cwd: project, encoding: 'utf8' });
    expect(study.status, study.stderr).toBe(0);
    const out = readdirSync(join(project, 'out'));
    for (const f of ['table1.md', 'table2.tex', 'inference.json', 'spec_curve_curve.svg']) expect(out, f).toContain(f);
    expect(existsSync(join(project, 'out', 'table7.html'))).toBe(true);
  }, INSTALL_TIMEOUT);
});
