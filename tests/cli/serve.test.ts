/**
 * `hdfe serve`'s request handler, in process on an ephemeral port: the page's files with their types and the
 * cross-origin isolation headers, DIR's files under /files/, nothing outside the two folders, GET and HEAD
 * only; and the command's usage errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileUnder, handler } from '../../src/cli/serve.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');

describe('hdfe serve', () => {
  let dir = '';
  let web = '';
  let files = '';
  let server: Server;
  let base = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hdfe-serve-'));
    web = join(dir, 'web');
    files = join(dir, 'files');
    mkdirSync(join(web, 'sub'), { recursive: true });
    mkdirSync(files);
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(web, 'main.js'), 'export {};');
    writeFileSync(join(web, 'release.wasm'), new Uint8Array([0, 97, 115, 109]));
    writeFileSync(join(files, 'x.csv'), 'y,x\n1,2\n');
    writeFileSync(join(dir, 'secret.txt'), 'no');
    server = createServer(handler(web, files));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(async () => {
    await new Promise<void>((ok) => server.close(() => ok()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page with its types and the cross-origin isolation headers', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(await page.text()).toContain('<title>t</title>');
    expect((await fetch(`${base}/main.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    // instantiateStreaming needs application/wasm.
    expect((await fetch(`${base}/release.wasm`)).headers.get('content-type')).toBe('application/wasm');
  });

  it("serves DIR under /files/ and nothing outside the two folders", async () => {
    const csv = await fetch(`${base}/files/x.csv`);
    expect(csv.status).toBe(200);
    expect(await csv.text()).toBe('y,x\n1,2\n');
    expect((await fetch(`${base}/files/nope.csv`)).status).toBe(404);
    expect((await fetch(`${base}/files/%2e%2e/secret.txt`)).status).toBe(404);
    expect((await fetch(`${base}/%2e%2e/secret.txt`)).status).toBe(404);
    expect(fileUnder(files, '/../secret.txt')).toBeNull();
    expect(fileUnder(files, '/..%2fsecret.txt')).toBeNull();
    expect(fileUnder(files, '/x.csv')).toBe(join(files, 'x.csv'));
    expect(fileUnder(web, '/sub')).toBeNull(); // a folder without index.html
    expect((await fetch(`${base}/files/x.csv`, { method: 'POST', body: 'a' })).status).toBe(405);
    const head = await fetch(`${base}/files/x.csv`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('8');
  });

  it('without --root, /files/ says how to serve a folder', async () => {
    const bare = createServer(handler(web, null));
    await new Promise<void>((ok) => bare.listen(0, '127.0.0.1', () => ok()));
    const address = bare.address();
    const res = await fetch(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/files/x.csv`);
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/--root DIR/);
    await new Promise<void>((ok) => bare.close(() => ok()));
  });

  it('bad options are one line and exit code 2', { timeout: 60_000 }, () => {
    const port = spawnSync(process.execPath, [cli, 'serve', '--port', 'x'], { encoding: 'utf8' });
    expect(port.status).toBe(2);
    expect(port.stderr).toBe("hdfe: --port takes an integer >= 0; got 'x'\n");
    const folder = spawnSync(process.execPath, [cli, 'serve', '--root', join(dir, 'nothing-here')], { encoding: 'utf8' });
    expect(folder.status).toBe(2);
    expect(folder.stderr).toMatch(/^hdfe: --root takes a folder to serve under \/files\/; '.*nothing-here' is not one\n$/);
    const help = spawnSync(process.execPath, [cli, 'serve', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^hdfe serve \[--port 8080\] \[--root DIR\]/);
  });
});
