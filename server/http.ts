// HTTP: serves the built deck (dist/) on loopback.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { projectRoot } from './paths.ts';
import { UserError } from './util/errors.ts';

export const DEFAULT_PORT = 8765;
export const distDir = join(projectRoot, 'dist');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
};

/** The one inline script the deck runs: Reveal's speaker view (S) writes its page, script included,
 * into an about:blank popup, which inherits this server's CSP. Allowed by its hash, read from the
 * Reveal the deck is built with (a string literal in its notes plugin); null if it cannot be found. */
export function speakerViewScriptHash(file = join(projectRoot, 'node_modules/reveal.js/dist/plugin/notes.mjs')): string | null {
  try {
    const src = readFileSync(file, 'utf8');
    const at = src.indexOf('<script>');
    const unescapedQuote = (i: number) => src[i] === '"' && src[i - 1] !== '\\';
    let start = at;
    while (start > 0 && !unescapedQuote(start)) start--;
    let end = at;
    while (end < src.length && !unescapedQuote(end)) end++;
    const html = runInNewContext(src.slice(start, end + 1)) as string; // a plain string literal
    const body = html.slice(html.indexOf('<script>') + '<script>'.length, html.indexOf('</script>'));
    return at < 0 || !body ? null : `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`;
  } catch {
    return null;
  }
}

/** Sent with every answer: the deck loads its scripts, styles and fonts from this server only and
 * talks to its WebSocket only; no other site may frame it (clickjacking the Run button; 'self', not
 * 'none': Reveal's speaker view frames the deck); no content sniffing. Styles allow 'unsafe-inline'
 * for the style attributes Reveal and the charts set; scripts only this server's files and the
 * speaker view's inline script, by hash. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'self'",
    `script-src 'self'${((h) => (h ? ` ${h}` : ''))(speakerViewScriptHash())}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
};

/** Serves the built deck from dist/ (a clear 503 page when it has not been built). `refuse` vets
 * each request first: a line to answer 403 with, or null to serve it. */
export function createStaticServer(refuse?: (req: IncomingMessage) => string | null): Server {
  return createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const refused = refuse?.(req);
    if (refused) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end(`${refused}\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (!existsSync(join(distDir, 'index.html'))) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('The deck is not built yet: run `npm run build` (or `npm start`).\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    let rel: string;
    try {
      rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    } catch {
      res.writeHead(400).end('bad path');
      return;
    }
    let file = join(distDir, rel);
    if (file !== distDir && !file.startsWith(distDir + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    // No Referer leaves this origin (the presenter URL carries the token until the deck removes it).
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache', 'referrer-policy': 'same-origin' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
}

/** Listens; a port in use is a UserError. Returns the port actually bound (for port 0). */
export async function listen(server: Server, port: number, host: string): Promise<number> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port: expected 0..65535, got "${port}"`);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new UserError(`port ${port} on ${host} is in use: pass --port N`) : err),
    );
    server.listen(port, host, resolve);
  });
  const addr = server.address();
  return typeof addr === 'object' && addr ? addr.port : port;
}
