// A tiny static file server for the built site (dist/), used by Playwright's webServer and by
// `scripts/serve.sh --release`. No dependencies; serves .wasm as application/wasm so that
// WebAssembly.instantiateStreaming works without a fallback warning.
//
//   node tests/e2e/serve.mjs [dir=dist] [port=4173] [host=127.0.0.1]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const root = resolve(process.argv[2] ?? 'dist');
const port = Number(process.argv[3] ?? 4173);
const host = process.argv[4] ?? '127.0.0.1';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

async function fileFor(urlPath) {
  const rel = normalize(decodeURIComponent(urlPath.split('?')[0])).replace(/^([/\\])+/, '');
  const path = join(root, rel);
  if (path !== root && !path.startsWith(root + sep)) return null; // no escaping the root
  try {
    const info = await stat(path);
    if (info.isFile()) return path;
    if (info.isDirectory()) return join(path, 'index.html');
  } catch {
    // The app is a single page: unknown paths without an extension get index.html.
    if (!extname(rel)) return join(root, 'index.html');
  }
  return null;
}

const server = createServer(async (req, res) => {
  try {
    const path = await fileFor(req.url ?? '/');
    if (!path) throw Object.assign(new Error('not found'), { code: 'ENOENT' });
    const body = await readFile(path);
    res.writeHead(200, {
      'content-type': types[extname(path)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch (err) {
    res.writeHead(err.code === 'ENOENT' ? 404 : 500, { 'content-type': 'text/plain' });
    res.end(err.code === 'ENOENT' ? 'not found' : String(err));
  }
});

try {
  await stat(join(root, 'index.html'));
} catch {
  console.error(`serve.mjs: ${root}/index.html not found; run \`trunk build --release\` first.`);
  process.exit(1);
}
server.listen(port, host, () => console.log(`serving ${root} on http://${host}:${port}/`));
