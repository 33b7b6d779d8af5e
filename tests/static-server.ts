// A plain static file server of the built deck (dist/), deliberately not ffi-corners' own server:
// the static build must work from any file server, also from a sub-folder. Shared by the e2e tests
// and the soak.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { ensureDeckBuilt } from '../server/deck-build.ts';
import { projectRoot } from '../server/paths.ts';

const dist = join(projectRoot, 'dist');
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The deck in dist/, built with Vite unless it is fresh (server/deck-build.ts): one build per test run. */
export async function buildDist(): Promise<void> {
  await ensureDeckBuilt((line) => process.stderr.write(`[tests] ${line}\n`));
}

/** Serves dist/ under `mount` (e.g. "/" or "/talk/ffi/") on 127.0.0.1; returns the deck's URL. */
export async function serveDist(mount = '/'): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(mount)) return void res.writeHead(404).end();
    let file = normalize(join(dist, path.slice(mount.length)));
    if (file !== dist && !file.startsWith(dist + sep)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}${mount}`, close: () => new Promise((r) => server.close(() => r())) };
}
