// Who may talk to the server: the Host of every HTTP request and WebSocket upgrade (against DNS
// rebinding), the Origin of upgrades, and the follow-mode presenter token (compared in constant time).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';
import { UserError } from './util/errors.ts';

/** The names a loopback server answers to (with its own port). */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;
const LOOPBACK = new Set<string>(LOOPBACK_HOSTS);

/** An allowed host as given (`--allowed-host`, `allowedHosts`): a name or address, optionally :port; no wildcards. */
export const ALLOWED_HOST_PATTERN = '^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(:[0-9]{1,5})?$';

/** A Host header's name and port ('[::1]' keeps its brackets, as URL.hostname does); null if it is not a bare host[:port]. */
export function parseHost(value: string): { name: string; port: number } | null {
  if (!/^[^\s/?#@\\]+$/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(`http://${value}`);
  } catch {
    return null;
  }
  return { name: url.hostname, port: url.port === '' ? 80 : Number(url.port) };
}

/** This machine's own addresses, as a browser writes them in a Host header (IPv6 in brackets). */
function interfaceHosts(): Set<string> {
  const hosts = new Set<string>();
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) hosts.add(a.family === 'IPv6' ? `[${a.address.replace(/%.*$/, '')}]` : a.address);
  }
  return hosts;
}

export interface HostCheckOptions {
  /** Follow mode: the audience reaches the server by this machine's addresses and the allowed names. */
  follow: boolean;
  /** Extra names (`--allowed-host`, `allowedHosts` in the config), each `name` or `name:port`. */
  allowedHosts?: readonly string[];
  /** Where the one line per refused request goes. */
  log: (line: string) => void;
  /** Pages served elsewhere that may open the WebSocket besides this server's own (`--dev-origin`, the Vite dev server). */
  devOrigins?: readonly string[];
}

/** A `--dev-origin` as a browser sends it in Origin (scheme://host[:port]); a UserError when it is not one. */
export function parseOrigin(value: string): string {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    /* said below */
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash || url.username) {
    throw new UserError(`--dev-origin: expected an origin such as http://localhost:5173 (scheme, host, port; no path), got "${value}"`);
  }
  return url.origin;
}

/** Decides which Host headers the server answers. `port` is set once the server listens (it may be 0 before). */
export class HostCheck {
  port = 0;
  private readonly named: { name: string; port: number | null }[];
  private readonly devOrigins: Set<string>;

  constructor(private readonly opts: HostCheckOptions) {
    this.devOrigins = new Set((opts.devOrigins ?? []).map(parseOrigin));
    this.named = (opts.allowedHosts ?? []).map((h) => {
      const parsed = new RegExp(ALLOWED_HOST_PATTERN).test(h) ? parseHost(h) : null;
      if (!parsed) throw new UserError(`--allowed-host: expected a host name or address, optionally with :port (no wildcards), got "${h}"`);
      return { name: parsed.name, port: /:\d+$/.test(h) ? parsed.port : null };
    });
  }

  /** True when a request with this Host header is for this server. */
  allows(host: string | undefined): boolean {
    const h = host === undefined ? null : parseHost(host.toLowerCase());
    if (!h) return false;
    if (h.port === this.port && LOOPBACK.has(h.name)) return true;
    if (!this.opts.follow) return false;
    if (this.named.some((n) => n.name === h.name && (n.port ?? this.port) === h.port)) return true;
    return h.port === this.port && interfaceHosts().has(h.name);
  }

  /** Null when the request's Host is allowed; else the line to answer with 403 (and one log line). */
  refuse(req: IncomingMessage): string | null {
    const host = req.headers.host;
    if (this.allows(host)) return null;
    // The path only: a query may carry the presenter token, which never goes to a log.
    const path = (req.url ?? '').replace(/[?#].*$/s, '').slice(0, 100);
    this.opts.log(`refused Host ${JSON.stringify((host ?? '').slice(0, 100))} (${req.method} ${path}) from ${req.socket.remoteAddress}`);
    return this.refusal(host);
  }

  /** One line for the refused client: which Host, and the option that would allow a name. It never
   * suggests the refused name itself: a page that rebinds DNS to this machine must not get advice
   * to be allowed, and the presenter decides which names the audience uses. */
  refusal(host: string | undefined): string {
    if (host === undefined) return 'Forbidden: the request has no Host header';
    const h = parseHost(host.toLowerCase());
    const shown = JSON.stringify(host.slice(0, 100));
    if (!h) return `Forbidden: Host ${shown} is not a host name`;
    const config = '"allowedHosts" in ffi-corners.config.json';
    const how = this.opts.follow
      ? `a name the audience should use can be allowed with --allowed-host NAME, or in ${config}`
      : `to let an audience reach it by another name, start it with --follow and --allowed-host NAME (or ${config})`;
    return `Forbidden: Host ${shown} is not allowed (this server answers to ${LOOPBACK_HOSTS.join(', ')}${this.opts.follow ? " and this machine's addresses" : ''} on port ${this.port}); ${how}`;
  }

  /** An upgrade's Origin: none (not a browser), a page this server served (its own host and port),
   * or one named with `--dev-origin`. A page on another loopback port (another dev server, a
   * notebook) is another site: it gets no control of this one. */
  originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true; // not a browser (CLI, tests): browsers always send Origin on WebSocket upgrades
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (this.devOrigins.has(url.origin)) return true;
    return this.allows(url.port === '' ? `${url.hostname}:${url.protocol === 'https:' ? 443 : 80}` : url.host);
  }
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Compares a given token with the server's in constant time (equal-length digests: the length leaks nothing either). */
export function tokenMatches(given: string | null | undefined, token: string | null): boolean {
  if (token === null || typeof given !== 'string') return false;
  return timingSafeEqual(digest(given), digest(token));
}
