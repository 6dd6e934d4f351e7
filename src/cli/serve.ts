/**
 * `hdfe serve [--port 8080] [--root DIR]`: the page (dist/web/, built by `npm run build`) on 127.0.0.1, and the
 * files of DIR under /files/ for the page's `?data=/files/x.csv` automation contract (README). Only GET and
 * HEAD; paths outside the two folders are refused. The headers make the page cross-origin isolated, so its
 * sweep workers share columns through SharedArrayBuffer instead of copying them.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { packageRoot } from '../package-root.js';
import { parse, str, UsageError } from './args.js';
import { integer } from './options.js';

/** One-line usage of the command. */
export const SERVE_USAGE = 'hdfe serve [--port 8080] [--root DIR]';

/** The port when none is given. */
export const DEFAULT_PORT = 8080;

/** The command's --help text, with its defaults. */
export const SERVE_HELP = `${SERVE_USAGE}

Serve the page (fit, tables, wild bootstrap, specification curve and the study, all computed in the browser
by the same WebAssembly core) on http://127.0.0.1:PORT/ until interrupted.

Options (defaults in brackets):
  --port N        port on 127.0.0.1; 0 picks a free one [${DEFAULT_PORT}]
  --root DIR      also serve the files of DIR under /files/ (for ?data=/files/x.csv) [none]
  -h, --help      this help
`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json; charset=utf-8', '.map': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8', '.tsv': 'text/tab-separated-values; charset=utf-8', '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8', '.md': 'text/markdown; charset=utf-8', '.png': 'image/png',
};

/** The file under `folder` that a URL path names, or null when it leaves the folder or is not a file. */
export function fileUnder(folder: string, urlPath: string): string | null {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  const file = resolve(folder, '.' + (rel.startsWith('/') ? rel : '/' + rel));
  if (file !== folder && !file.startsWith(folder.endsWith(sep) ? folder : folder + sep)) return null;
  const target = existsSync(file) && statSync(file).isDirectory() ? join(file, 'index.html') : file;
  return existsSync(target) && statSync(target).isFile() ? target : null;
}

function answer(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text + '\n');
}

/** The request handler: the page from `web`, DIR's files under /files/. */
export function handler(web: string, root: string | null) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'only GET and HEAD');
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const files = path === '/files' || path.startsWith('/files/');
    if (files && !root) return answer(res, 404, 'no folder is served under /files/; start hdfe serve with --root DIR');
    const file = files ? fileUnder(root as string, path.slice('/files'.length) || '/') : fileUnder(web, path);
    if (!file) return answer(res, 404, `not found: ${path}`);
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': statSync(file).size,
      'Cache-Control': 'no-cache',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') { res.end(); return; }
    // 1 MiB reads: a data file of 10^8 bytes streams in a hundred reads rather than 1,500.
    createReadStream(file, { highWaterMark: 1 << 20 }).pipe(res);
  };
}

/** Run the command: serves until SIGINT or SIGTERM; prints the address on stdout first. */
export async function runServe(argv: string[]): Promise<string> {
  const { values, positionals } = parse(argv, {
    port: { type: 'string' }, root: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  }, SERVE_USAGE);
  if (values.help) return SERVE_HELP;
  if (positionals.length) throw new UsageError(`serve takes no positional arguments; got '${positionals[0]}'; usage: ${SERVE_USAGE}`);
  const port = integer(str(values.port), '--port', 0) ?? DEFAULT_PORT;
  if (port > 65535) throw new UsageError(`--port takes an integer from 0 to 65535; got '${port}'`);
  const rootArg = str(values.root);
  const root = rootArg === undefined ? null : resolve(rootArg);
  if (root && !(existsSync(root) && statSync(root).isDirectory())) {
    throw new UsageError(`--root takes a folder to serve under /files/; '${rootArg}' is not one`);
  }
  const web = join(packageRoot(), 'dist', 'web');
  if (!existsSync(join(web, 'index.html'))) throw new UsageError(`the page is not built (no ${join(web, 'index.html')}); run 'npm run build'`);
  const server = createServer(handler(web, root));
  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) => fail(err.code === 'EADDRINUSE'
      ? new UsageError(`port ${port} on 127.0.0.1 is in use; pick another with --port N (0 picks a free one)`)
      : err));
    server.listen(port, '127.0.0.1', () => ok());
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(`hdfe serve: http://127.0.0.1:${actual}/${root ? ` (files of ${root} under /files/)` : ''}; Ctrl-C stops\n`);
  await new Promise<void>((done) => {
    const stop = () => server.close(() => done());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return '';
}
