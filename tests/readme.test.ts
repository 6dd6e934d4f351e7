/** The README's TypeScript examples run as written (they assert their own claims). */
import { describe, it } from 'vitest';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const blocks = [...readFileSync(new URL('README.md', root), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('README examples', () => {
  blocks.forEach((code, i) => {
    it(`example ${i + 1} runs`, async () => {
      const dir = new URL('.readme-examples/', import.meta.url);
      mkdirSync(dir, { recursive: true });
      const file = new URL(`example-${i + 1}.ts`, dir);
      const index = fileURLToPath(new URL('src/index.js', root));
      writeFileSync(file, code.replace(/from 'hdfe'/g, `from '${index}'`));
      try {
        await import(fileURLToPath(file));
      } finally {
        rmSync(fileURLToPath(dir), { recursive: true, force: true });
      }
    });
  });
  it('has examples', ({ expect }) => { expect(blocks.length).toBeGreaterThan(0); });
});
