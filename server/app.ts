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
import { MAX_MESSAGE_BYTES, type HelloMessage, type JobMessage, type JobSummary } from '../protocol/messages.ts';
import type { RuntimeInfo } from '../protocol/runtime.ts';
import { loadConfig, type Config } from './config.ts';
import { createStaticServer, DEFAULT_PORT, listen } from './http.ts';
import { JobQueue } from './jobs/queue.ts';
import { Run } from './jobs/runner.ts';
import { faultsEnabled, TEST_EXPERIMENTS } from './jobs/faults.ts';
import { projectRoot } from './paths.ts';
import { loadPresenterToken } from './presenter-token.ts';
import { HostCheck } from './security.ts';
import { Room } from './ws/room.ts';
import { DEFAULT_RETAIN, ResultsStore } from './results/store.ts';
import { discoverRuntimes } from './runtimes/discover.ts';
import { probeRuntime } from './runtimes/env.ts';
import { UserError } from './util/errors.ts';
import { serveConnection } from './ws/connection.ts';
import type { WsContext } from './ws/context.ts';
import { FollowState } from './ws/handlers/slide.ts';

const SERVER_VERSION: string = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export { MAX_CONNECTIONS, MAX_CONNECTIONS_FOLLOW } from './ws/room.ts';

export interface AppOptions {
  host?: string | undefined;
  port?: number | undefined;
  follow?: boolean | undefined;
  /** Host names the server answers to besides loopback (follow mode only; the config's `allowedHosts` too). */
  allowedHosts?: string[] | undefined;
  /** Follow mode: a new presenter token instead of the saved one (`--new-token`). */
  newToken?: boolean | undefined;
  /** Pages served elsewhere that may open the WebSocket (`--dev-origin`: the Vite dev server). */
  devOrigins?: string[] | undefined;
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

type Log = (line: string) => void;

/** The options that cannot go together, refused before anything starts. */
function checkOptions(opts: AppOptions, config: Config, host: string, follow: boolean, log: Log): void {
  if (!LOOPBACK.has(host) && !follow) {
    throw new UserError(`--host ${host} exposes the server beyond this machine: add --follow (viewers read-only, control needs the printed token)`);
  }
  if (opts.allowedHosts?.length && !follow) throw new UserError('--allowed-host needs --follow (without it the server answers only to localhost, 127.0.0.1 and [::1])');
  if (config.allowedHosts?.length && !follow) log(`note: allowedHosts in ffi-corners.config.json apply in follow mode only (--follow); this server answers only to localhost, 127.0.0.1 and [::1]`);
  if (opts.newToken && !follow) throw new UserError('--new-token needs --follow (only follow mode has a presenter token)');
}

/** Follow mode's presenter token: kept across restarts (--new-token replaces it); null in loopback mode. */
function presenterToken(follow: boolean, rotate: boolean, log: Log): string | null {
  if (!follow) return null;
  const kept = loadPresenterToken({ rotate });
  log(kept.note);
  return kept.token;
}

/** What the server can run: discovered once at start. */
async function findRuntimes(log: Log): Promise<{ runtimes: RuntimeInfo[]; basePython: string | undefined }> {
  const candidates = await discoverRuntimes((w) => log(`warning: ${w}`));
  const runtimes = (
    await Promise.all(candidates.map((c) => probeRuntime(c).catch((err: Error) => (log(`warning: ${err.message}`), null))))
  ).filter((r): r is RuntimeInfo => r !== null);
  return { runtimes, basePython: candidates[0]?.basePath };
}

/** The results store, checked before anything is run: records of dead runs marked, old ones pruned
 * (never one newer than this server's start: another server may be saving there), each removal said. */
function openStore(config: Config, started: Date, log: Log): ResultsStore {
  const store = new ResultsStore();
  store.checkUsable();
  for (const file of store.recoverIncomplete()) log(`marked incomplete (its server stopped mid-run): ${file}`);
  const retain = config.retain ?? DEFAULT_RETAIN;
  const pruned = store.prune(retain, { keepSince: started });
  if (pruned.length) {
    log(`pruned ${pruned.length} old record(s) from ${store.root} (keeping the newest ${retain} per experiment × runtime; "retain" in ffi-corners.config.json):`);
    for (const run of pruned) log(`  removed ${ResultsStore.shown(run.file)} (${run.state}, ${run.date})`);
  }
  return store;
}

/** The environment check, part of every hello: measured once at start (a second or less), and
 * read again when a client runs it. */
async function environmentCheck(store: ResultsStore, queue: JobQueue, basePython: string | undefined, log: Log): Promise<() => unknown> {
  let result: unknown = null;
  const spec = EXPERIMENTS.find((e) => e.id === 'env-check');
  if (spec && basePython) {
    try {
      const record = await new Run({ experiment: spec, runtimeId: null, python: basePython, params: {}, store }).done;
      if (record.status === 'ok') result = record.result;
      else log(`warning: environment check failed: ${record.reason}`);
    } catch (err) {
      log(`warning: environment check not run: ${(err as Error).message}`);
    }
  }
  queue.on('finished', (job) => {
    if (job.experiment === 'env-check' && job.state === 'ok') result = store.latest('env-check', null)?.result ?? result;
  });
  return () => result;
}

/** Job events to everyone: each change of the queue as it happens (queued, started, finished), never the whole queue. */
function relayJobs(queue: JobQueue, room: Room): void {
  queue.on('queued', (job) => room.broadcast({ type: 'job', event: 'queued', job }));
  queue.on('started', (job) => room.broadcast({ type: 'job', event: 'started', job }));
  queue.on('finished', (job) => room.broadcast({ type: 'job', event: job.state === 'cancelled' ? 'cancelled' : 'finished', job }));
  queue.on('event', (job: JobSummary, e: DriverEvent) => {
    const event: JobMessage['event'] = e.type === 'progress' ? 'progress' : e.type === 'result' ? 'result' : e.type === 'error' ? 'error' : 'data';
    room.broadcast({ type: 'job', event, job, data: e }, e.type === 'samples');
  });
}

/** The WebSocket at /ws: who may upgrade (Host, Origin, the room's caps), and each connection's life. */
function attachWebSocket(server: Server, ctx: WsContext, hostCheck: HostCheck, hello: () => Omit<HelloMessage, 'type' | 'protocol' | 'role'>): WebSocketServer {
  const { room, queue, log } = ctx;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    const member = room.join(ws, req);
    serveConnection(ctx, ws, member, hello);
    ctx.follow?.greet(ws); // a late joiner lands on the presenter's slide
    ws.on('close', () => {
      room.leave(ws);
      const dropped = queue.dropOwner(member.id);
      if (dropped) log(`a client left: its ${dropped} waiting run(s) dropped`);
      // The last client gone: nobody is watching the run, so stop it.
      if (room.members.size === 0 && queue.state.current) {
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
      log(`refused WebSocket from origin ${JSON.stringify(String(req.headers.origin).slice(0, 100))}`);
      return refuse(403, 'Forbidden origin', 'Forbidden origin: only pages this server serves may open its WebSocket (a dev server: start serve with --dev-origin ORIGIN)');
    }
    const full = room.admit(req);
    if (full) return refuse(full.code, full.why);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  return wss;
}

export async function createApp(opts: AppOptions = {}): Promise<App> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`[ffi-corners] ${line}\n`));
  const started = new Date();
  const config = loadConfig();
  const host = opts.host ?? '127.0.0.1';
  const follow = opts.follow ?? false;
  checkOptions(opts, config, host, follow, log);
  const hostCheck = new HostCheck({ follow, allowedHosts: [...(opts.allowedHosts ?? []), ...(config.allowedHosts ?? [])], devOrigins: opts.devOrigins, log });
  const token = presenterToken(follow, opts.newToken ?? false, log);
  const store = openStore(config, started, log);
  const { runtimes, basePython } = await findRuntimes(log);
  const experiments = faultsEnabled() ? [...EXPERIMENTS, ...TEST_EXPERIMENTS] : EXPERIMENTS;
  const queue = new JobQueue({ store, cpus: config.cpus, log });
  const room = new Room({ follow, token, log });
  relayJobs(queue, room);
  const envCheck = await environmentCheck(store, queue, basePython, log);

  const server = createStaticServer((req) => hostCheck.refuse(req));
  const followState = follow ? new FollowState(() => room.members.keys()) : null;
  let followUrl: string | null = null;
  const ctx: WsContext = { runtimes, basePython, experiments, queue, store, token, room, follow: followState, log };
  const wss = attachWebSocket(server, ctx, hostCheck, () => {
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

  const actual = await listen(server, opts.port ?? config.port ?? DEFAULT_PORT, host);
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
