// The live server: HTTP for the built deck, WebSocket (/ws) for runs. Binds 127.0.0.1 by default;
// any other host needs follow mode, where viewers are read-only and control needs the token.
import type { IncomingMessage, Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DriverEvent } from '../protocol/events.ts';
import { EXPERIMENTS } from '../protocol/experiments.ts';
import { MAX_MESSAGE_BYTES, type JobMessage, type JobSummary, type ServerMessage } from '../protocol/messages.ts';
import type { RuntimeInfo } from '../protocol/runtime.ts';
import { loadConfig } from './config.ts';
import { createStaticServer, DEFAULT_PORT, listen } from './http.ts';
import { JobQueue } from './jobs/queue.ts';
import { Run } from './jobs/runner.ts';
import { faultsEnabled, TEST_EXPERIMENTS } from './jobs/faults.ts';
import { projectRoot } from './paths.ts';
import { loadPresenterToken } from './presenter-token.ts';
import { HostCheck } from './security.ts';
import { DEFAULT_RETAIN, ResultsStore } from './results/store.ts';
import { discoverRuntimes } from './runtimes/discover.ts';
import { probeRuntime } from './runtimes/env.ts';
import { UserError } from './util/errors.ts';
import { serveConnection } from './ws/connection.ts';
import type { Role, WsContext } from './ws/context.ts';
import { FollowState } from './ws/handlers/slide.ts';

const SERVER_VERSION: string = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export const MAX_CONNECTIONS = 64;
export const MAX_CONNECTIONS_FOLLOW = 256;
/** A client this far behind (bytes buffered) stops getting streamed samples until it catches up. */
const SLOW_CLIENT_BYTES = 8 * 1024 * 1024;

export interface AppOptions {
  host?: string | undefined;
  port?: number | undefined;
  follow?: boolean | undefined;
  /** Host names the server answers to besides loopback (follow mode only; the config's `allowedHosts` too). */
  allowedHosts?: string[] | undefined;
  /** Follow mode: a new presenter token instead of the saved one (`--new-token`). */
  newToken?: boolean | undefined;
  /** Where `log` lines go (structured, one per job and per server event). */
  log?: (line: string) => void;
}

export interface App {
  url: string;
  token: string | null;
  /** Follow mode: the address the audience opens (this machine's, no token); null in loopback mode. */
  followUrl: string | null;
  server: Server;
  queue: JobQueue;
  close(): Promise<void>;
}

export async function createApp(opts: AppOptions = {}): Promise<App> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`[ffi-corners] ${line}\n`));
  const config = loadConfig();
  const host = opts.host ?? '127.0.0.1';
  const follow = opts.follow ?? false;
  if (!LOOPBACK.has(host) && !follow) {
    throw new UserError(`--host ${host} exposes the server beyond this machine: add --follow (viewers read-only, control needs the printed token)`);
  }
  if (opts.allowedHosts?.length && !follow) throw new UserError('--allowed-host needs --follow (without it the server answers only to localhost, 127.0.0.1 and [::1])');
  if (config.allowedHosts?.length && !follow) log(`note: allowedHosts in ffi-corners.config.json apply in follow mode only (--follow); this server answers only to localhost, 127.0.0.1 and [::1]`);
  const hostCheck = new HostCheck({ follow, allowedHosts: [...(opts.allowedHosts ?? []), ...(config.allowedHosts ?? [])], log });
  if (opts.newToken && !follow) throw new UserError('--new-token needs --follow (only follow mode has a presenter token)');
  let token: string | null = null;
  if (follow) {
    const kept = loadPresenterToken({ rotate: opts.newToken ?? false });
    token = kept.token;
    log(kept.note);
  }
  const maxConnections = follow ? MAX_CONNECTIONS_FOLLOW : MAX_CONNECTIONS;

  // What the server can run: discovered once at start.
  const candidates = await discoverRuntimes((w) => log(`warning: ${w}`));
  const runtimes: RuntimeInfo[] = (
    await Promise.all(candidates.map((c) => probeRuntime(c).catch((err: Error) => (log(`warning: ${err.message}`), null))))
  ).filter((r): r is RuntimeInfo => r !== null);
  const anyPython = candidates[0]?.basePath;

  const store = new ResultsStore();
  for (const file of store.recoverIncomplete()) log(`marked incomplete (its server stopped mid-run): ${file}`);
  const pruned = store.prune(config.retain ?? DEFAULT_RETAIN);
  if (pruned.length) log(`pruned ${pruned.length} old record(s) from ${store.root} (keeping the newest ${config.retain ?? DEFAULT_RETAIN} per experiment × runtime)`);
  const experiments = faultsEnabled() ? [...EXPERIMENTS, ...TEST_EXPERIMENTS] : EXPERIMENTS;
  const queue = new JobQueue({ store, cpus: config.cpus, log });
  const server = createStaticServer((req) => hostCheck.refuse(req));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  const roles = new WeakMap<WebSocket, Role>();

  const send = (ws: WebSocket, msg: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };
  const broadcast = (msg: ServerMessage, isSample = false) => {
    const text = JSON.stringify(msg);
    for (const ws of wss.clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (isSample && ws.bufferedAmount > SLOW_CLIENT_BYTES) continue;
      ws.send(text);
    }
  };
  const queueState = (): ServerMessage => ({ type: 'queue', current: queue.state.current, queue: queue.state.queue });

  queue.on('queued', (job) => broadcast({ type: 'job', event: 'queued', job }));
  queue.on('started', (job) => broadcast({ type: 'job', event: 'started', job }));
  queue.on('finished', (job) => broadcast({ type: 'job', event: job.state === 'cancelled' ? 'cancelled' : 'finished', job }));
  queue.on('changed', () => broadcast(queueState()));
  queue.on('event', (job: JobSummary, e: DriverEvent) => {
    const event: JobMessage['event'] = e.type === 'progress' ? 'progress' : e.type === 'result' ? 'result' : e.type === 'error' ? 'error' : 'data';
    broadcast({ type: 'job', event, job, data: e }, e.type === 'samples');
  });

  // The environment check is part of every hello: measured once at start (a second or less).
  let envCheckResult: unknown = null;
  const envSpec = EXPERIMENTS.find((e) => e.id === 'env-check');
  if (envSpec && anyPython) {
    const record = await new Run({ experiment: envSpec, runtimeId: null, python: anyPython, params: {}, store }).done;
    envCheckResult = record.status === 'ok' ? record.result : null;
    if (record.status !== 'ok') log(`warning: environment check failed: ${record.reason}`);
  }
  const envCheck = () => store.latest('env-check', null)?.result ?? envCheckResult;

  const followState = follow ? new FollowState(() => wss.clients) : null;
  let followUrl: string | null = null;
  const ctx: WsContext = { runtimes, basePython: anyPython, experiments, queue, store, token, roles, follow: followState, send, log };
  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    serveConnection(ctx, ws, req, () => {
      const state = queue.state;
      return {
        server: SERVER_VERSION,
        runtimes,
        experiments: experiments.map(({ id, title, needsRuntime, params }) => ({ id, title, needsRuntime, params })),
        envCheck: envCheck(),
        current: state.current,
        queue: state.queue,
        recent: state.recent,
        ...(followUrl ? { followUrl } : {}),
      };
    });
    followState?.greet(ws); // a late joiner lands on the presenter's slide
    ws.on('close', () => {
      // The last client gone: nobody is watching the run, so stop it.
      if (wss.clients.size === 0 && queue.state.current) {
        log('last client disconnected: cancelling the running job');
        queue.cancel();
      }
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (code: number, why: string, body = why) => {
      socket.end(`HTTP/1.1 ${code} ${why}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\n`);
    };
    const badHost = hostCheck.refuse(req);
    if (badHost) return refuse(403, 'Forbidden', badHost);
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/ws') return refuse(404, 'Not Found');
    if (!hostCheck.originAllowed(req)) {
      log(`refused WebSocket from origin ${req.headers.origin}`);
      return refuse(403, 'Forbidden origin');
    }
    if (wss.clients.size >= maxConnections) return refuse(503, 'Too many connections');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const port = opts.port ?? config.port ?? DEFAULT_PORT;
  const actual = await listen(server, port, host);
  hostCheck.port = actual;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${actual}/`;
  if (follow) followUrl = `http://${audienceHost(host) ?? shownHost}:${actual}/`;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await queue.close();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
    })());
  return { url, token, followUrl, server, queue, close };
}

/** The address the audience reaches a follow-mode server by: the bound one, or for a wildcard bind
 * this machine's first non-loopback IPv4 address; null when there is none (loopback only). */
function audienceHost(bound: string): string | null {
  if (bound !== '0.0.0.0' && bound !== '::') return LOOPBACK.has(bound) ? null : bound.includes(':') ? `[${bound}]` : bound;
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}
