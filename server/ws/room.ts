// Everyone connected: who may join (connection caps, per remote address, with a slot kept for the
// presenter), what each is sent (a viewer's copy without paths or host name), and how much a
// connection may owe the server (buffered bytes, requests in flight). A follower who stops reading
// or opens every socket must not cost the presenter anything.
import type { IncomingMessage } from 'node:http';
import { basename } from 'node:path';
import { hostname } from 'node:os';
import type { WebSocket } from 'ws';
import type { ServerMessage } from '../../protocol/messages.ts';
import { tokenMatches } from '../security.ts';
import type { Role } from './context.ts';
import { escapeRegExp } from '../util/regexp.ts';

/** Connections at once: in loopback mode, and in follow mode (an audience). */
export const MAX_CONNECTIONS = 64;
export const MAX_CONNECTIONS_FOLLOW = 256;
/** Connections from one remote address in follow mode (a phone opens one; a tab or two more). */
export const MAX_PER_ADDRESS = 16;
/** Kept above every cap for connections that carry the presenter token. */
export const PRESENTER_SLOTS = 4;
/** Behind by this many bytes: streamed samples are skipped for it, and direct replies wait. */
export const SLOW_CLIENT_BYTES = 1024 * 1024;
/** Behind by this many bytes, or waiting this long to take a reply: the connection is closed. */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
export const MAX_DRAIN_WAIT_MS = 30_000;
/** Requests of one connection being answered at once (`latest` reads a file); more wait, up to MAX_WAITING, then are refused. */
export const MAX_IN_FLIGHT = 4;
export const MAX_WAITING = 64;

export interface Member {
  id: string;
  role: Role;
  address: string;
  inFlight: number;
  /** Requests waiting for one in flight to finish. */
  waiting: (() => void)[];
}

/** A refused upgrade: the status and the one line said. */
export interface Refusal {
  code: number;
  why: string;
}

let counter = 0;

export class Room {
  readonly members = new Map<WebSocket, Member>();
  private readonly maxConnections: number;
  private readonly refusedLogged = new Map<string, number>();
  /** This machine's name as a word (it may be as short as "vm"). */
  private readonly host = new RegExp(`(?<![\\w.-])${escapeRegExp(hostname())}(?![\\w-])`, 'g');

  constructor(private readonly opts: { follow: boolean; token: string | null; log: (line: string) => void }) {
    this.maxConnections = opts.follow ? MAX_CONNECTIONS_FOLLOW : MAX_CONNECTIONS;
  }

  /** The role a new connection starts with: control in loopback mode, or with the token in its URL. */
  roleOf(req: IncomingMessage): Role {
    const given = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
    return this.opts.token === null || tokenMatches(given, this.opts.token) ? 'control' : 'viewer';
  }

  /** Null when this upgrade may join; else why not. The presenter (token) is let in past every cap. */
  admit(req: IncomingMessage): Refusal | null {
    if (this.opts.token !== null && this.roleOf(req) === 'control') {
      return this.members.size >= this.maxConnections + PRESENTER_SLOTS ? { code: 503, why: 'Too many connections' } : null;
    }
    if (this.members.size >= this.maxConnections) return { code: 503, why: 'Too many connections' };
    const address = req.socket.remoteAddress ?? '';
    if (this.opts.follow && this.fromAddress(address) >= MAX_PER_ADDRESS) {
      // One line per address and minute: a hog retrying must not flood the log either.
      const now = Date.now();
      if ((this.refusedLogged.get(address) ?? 0) < now - 60_000) {
        this.refusedLogged.set(address, now);
        this.opts.log(`refused a WebSocket from ${address}: it has ${MAX_PER_ADDRESS} open already (said once a minute per address)`);
      }
      return { code: 429, why: 'Too many connections from this address' };
    }
    return null;
  }

  private fromAddress(address: string): number {
    let n = 0;
    for (const m of this.members.values()) if (m.address === address) n++;
    return n;
  }

  join(ws: WebSocket, req: IncomingMessage): Member {
    const member: Member = { id: `c${(++counter).toString(36)}`, role: this.roleOf(req), address: req.socket.remoteAddress ?? '', inFlight: 0, waiting: [] };
    this.members.set(ws, member);
    return member;
  }

  leave(ws: WebSocket): Member | undefined {
    const m = this.members.get(ws);
    this.members.delete(ws);
    return m;
  }

  /** A direct reply, already serialised (the viewer's copy where it differs). */
  sendText(ws: WebSocket, text: string): void {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount + text.length > MAX_BUFFERED_BYTES) return this.dropSlow(ws);
    ws.send(text);
  }

  /** One text message sent in pieces (WebSocket fragments), so a large shared Buffer goes out uncopied. */
  sendParts(ws: WebSocket, parts: (string | Buffer)[]): void {
    if (ws.readyState !== ws.OPEN) return;
    const size = parts.reduce((n, p) => n + p.length, 0);
    if (ws.bufferedAmount + size > MAX_BUFFERED_BYTES) return this.dropSlow(ws);
    parts.forEach((p, i) => ws.send(p, { binary: false, fin: i === parts.length - 1 }));
  }

  send(ws: WebSocket, msg: ServerMessage): void {
    const m = this.members.get(ws);
    this.sendText(ws, JSON.stringify(m?.role === 'control' ? msg : this.forViewer(msg)));
  }

  /** To everyone: serialised once per role. A streamed sample skips a client that is behind. */
  broadcast(msg: ServerMessage, isSample = false): void {
    let control: string | null = null;
    let viewer: string | null = null;
    for (const [ws, m] of this.members) {
      if (ws.readyState !== ws.OPEN) continue;
      if (isSample && ws.bufferedAmount > SLOW_CLIENT_BYTES) continue;
      const text = m.role === 'control' ? (control ??= JSON.stringify(msg)) : (viewer ??= JSON.stringify(this.forViewer(msg)));
      this.sendText(ws, text);
    }
  }

  /** Resolves once the connection has taken what it was sent (below SLOW_CLIENT_BYTES); a reader
   * that does not within MAX_DRAIN_WAIT_MS is closed, and this resolves false. */
  async drained(ws: WebSocket): Promise<boolean> {
    const until = Date.now() + MAX_DRAIN_WAIT_MS;
    while (ws.readyState === ws.OPEN && ws.bufferedAmount > SLOW_CLIENT_BYTES) {
      if (Date.now() > until) {
        this.dropSlow(ws);
        return false;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return ws.readyState === ws.OPEN;
  }

  private dropSlow(ws: WebSocket): void {
    const m = this.members.get(ws);
    this.opts.log(`closed a slow reader (${m?.address ?? '?'}: ${(ws.bufferedAmount / 1048576).toFixed(1)} MiB unread)`);
    ws.terminate();
  }

  /** What a viewer (no token) may see: interpreter paths cut to their file name, this machine's
   * name replaced. The presenter sees everything. */
  forViewer<T>(value: T): T {
    return scrub(value, this.host) as T;
  }

  /** The same for a message already serialised (a saved record: no parse, one pass of the text).
   * JSON strings hold paths and names unescaped, so the text can be scrubbed as it is. */
  textForViewer(json: string): string {
    return scrubText(json, this.host);
  }
}

/** An absolute path of two or more parts (an interpreter, a build prefix, a traceback's file). */
const ABSOLUTE_PATH = /(?<![\w.~-])(\/[\w.+@~-]+){2,}\/?/g;

function scrubText(s: string, host: RegExp): string {
  return s.replace(ABSOLUTE_PATH, (p) => `…/${basename(p)}`).replace(host, '<host>');
}

function scrub(value: unknown, host: RegExp): unknown {
  if (typeof value === 'string') return scrubText(value, host);
  if (Array.isArray(value)) return value.map((v) => scrub(v, host));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrub(v, host);
    return out;
  }
  return value;
}
