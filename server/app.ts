// The live server: HTTP for the built deck, WebSocket (/ws) for runs. Binds 127.0.0.1 by default;
// any other host needs follow mode, where viewers are read-only and control needs the token.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DriverEvent } from '../protocol/events.ts';
import { EXPERIMENTS, ParamError, resolveParams } from '../protocol/experiments.ts';
import {
  AuthMessage,
  CancelMessage,
  LatestMessage,
  MAX_MESSAGE_BYTES,
  RunMessage,
  WS_PROTOCOL_VERSION,
  type ClientMessage,
  type HelloMessage,
  type JobMessage,
  type JobSummary,
  type ServerMessage,
} from '../protocol/messages.ts';
import type { RuntimeInfo } from '../protocol/runtime.ts';
import { loadConfig } from './config.ts';
import { createStaticServer, DEFAULT_PORT, listen } from './http.ts';
import { JobQueue, latestRecord } from './jobs/queue.ts';
import { recoverIncomplete, Run } from './jobs/runner.ts';
import { faultsEnabled, TEST_EXPERIMENTS } from './jobs/faults.ts';
import { projectRoot } from './paths.ts';
import { HostCheck, tokenMatches } from './security.ts';
import { discoverRuntimes } from './runtimes/discover.ts';
import { envPython, probeRuntime } from './runtimes/env.ts';
import { UserError } from './util/errors.ts';

const SERVER_VERSION: string = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Per connection: this many messages per second on average, bursts up to RATE_BURST. */
export const RATE_PER_S = 50;
export const RATE_BURST = 100;
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
  /** Where `log` lines go (structured, one per job and per server event). */
  log?: (line: string) => void;
}

export interface App {
  url: string;
  token: string | null;
  server: Server;
  queue: JobQueue;
  close(): Promise<void>;
}

const checks: Record<ClientMessage['type'], TypeCheck<TSchema>> = {
  run: TypeCompiler.Compile(RunMessage),
  cancel: TypeCompiler.Compile(CancelMessage),
  latest: TypeCompiler.Compile(LatestMessage),
  auth: TypeCompiler.Compile(AuthMessage),
};

class BadMessage extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Parses and validates one inbound frame; throws BadMessage naming the field. */
export function parseClientMessage(raw: string): ClientMessage {
  let msg: unknown;
  try {
    msg = JSON.parse(raw);
  } catch {
    throw new BadMessage('message is not valid JSON');
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) throw new BadMessage('message must be a JSON object');
  const type = (msg as { type?: unknown }).type;
  if (typeof type !== 'string') throw new BadMessage('missing "type"', 'type');
  const check = (checks as Record<string, TypeCheck<TSchema> | undefined>)[type];
  if (!check) throw new BadMessage(`unknown message type "${type.slice(0, 40)}" (known: ${Object.keys(checks).join(', ')})`, 'type');
  if (!check.Check(msg)) {
    const first = check.Errors(msg).First();
    const field = (first?.path ?? '').replace(/^\//, '').replace(/\//g, '.') || 'type';
    throw new BadMessage(`${field}: ${first?.message ?? 'invalid'}`, field);
  }
  return msg as ClientMessage;
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
  const hostCheck = new HostCheck({ follow, allowedHosts: [...(opts.allowedHosts ?? []), ...(config.allowedHosts ?? [])], log });
  const token = follow ? randomBytes(18).toString('base64url') : null;
  const maxConnections = follow ? MAX_CONNECTIONS_FOLLOW : MAX_CONNECTIONS;

  // What the server can run: discovered once at start.
  const candidates = await discoverRuntimes((w) => log(`warning: ${w}`));
  const runtimes: RuntimeInfo[] = (
    await Promise.all(candidates.map((c) => probeRuntime(c).catch((err: Error) => (log(`warning: ${err.message}`), null))))
  ).filter((r): r is RuntimeInfo => r !== null);
  const anyPython = candidates[0]?.basePath;

  for (const file of recoverIncomplete()) log(`marked incomplete (its server stopped mid-run): ${file}`);
  const experiments = faultsEnabled() ? [...EXPERIMENTS, ...TEST_EXPERIMENTS] : EXPERIMENTS;
  const findExperiment = (id: string) => experiments.find((e) => e.id === id);
  const queue = new JobQueue({ cpus: config.cpus, log });
  const server = createStaticServer((req) => hostCheck.refuse(req));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  const roles = new WeakMap<WebSocket, 'control' | 'viewer'>();

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
    const record = await new Run({ experiment: envSpec, runtimeId: null, python: anyPython, params: {} }).done;
    envCheckResult = record.status === 'ok' ? record.result : null;
    if (record.status !== 'ok') log(`warning: environment check failed: ${record.reason}`);
  }
  const envCheck = () => latestRecord('env-check', null)?.result ?? envCheckResult;

  function handle(ws: WebSocket, msg: ClientMessage): void {
    const requestId = msg.requestId;
    const fail = (message: string, field?: string) => send(ws, { type: 'error', message, ...(field ? { field } : {}), ...(requestId ? { requestId } : {}) });
    if (msg.type === 'auth') {
      if (!tokenMatches(msg.token, token)) return fail('wrong token', 'token');
      roles.set(ws, 'control');
      return send(ws, { type: 'auth', role: 'control', ...(requestId ? { requestId } : {}) });
    }
    if (msg.type === 'latest') {
      if (!findExperiment(msg.experiment)) return fail(`unknown experiment "${msg.experiment}"`, 'experiment');
      if (msg.runtime && !runtimes.some((r) => r.id === msg.runtime)) return fail(`unknown runtime "${msg.runtime}"`, 'runtime');
      return send(ws, {
        type: 'latest',
        experiment: msg.experiment,
        runtime: msg.runtime ?? null,
        ...(msg.params ? { params: msg.params } : {}),
        record: latestRecord(msg.experiment, msg.runtime ?? null, msg.params),
        ...(requestId ? { requestId } : {}),
      });
    }
    if (roles.get(ws) !== 'control') return fail('read-only viewer: control needs the presenter token (send {"type":"auth","token":...})', 'type');
    if (msg.type === 'cancel') {
      if (!queue.cancel(msg.jobId)) fail(msg.jobId ? `no job "${msg.jobId}" to cancel` : 'no job is running', msg.jobId ? 'jobId' : undefined);
      return;
    }
    // run
    const exp = findExperiment(msg.experiment);
    if (!exp) return fail(`unknown experiment "${msg.experiment}" (known: ${experiments.map((e) => e.id).join(', ')})`, 'experiment');
    let python: string | undefined;
    let runtimeId: string | null = null;
    if (exp.needsRuntime) {
      if (!msg.runtime) return fail(`${exp.id} needs a runtime`, 'runtime');
      const rt = runtimes.find((r) => r.id === msg.runtime);
      if (!rt) return fail(`unknown runtime "${msg.runtime}" (known: ${runtimes.map((r) => r.id).join(', ')})`, 'runtime');
      runtimeId = rt.id;
      python = envPython(rt.id);
    } else {
      python = anyPython;
    }
    if (!python) return fail('no Python interpreter available on the server', 'runtime');
    let params;
    try {
      params = resolveParams(exp, msg.params ?? {});
    } catch (err) {
      if (err instanceof ParamError) return fail(err.message, `params.${err.param}`);
      throw err;
    }
    const { job, duplicate } = queue.submit({ experiment: exp, runtimeId, python, params });
    if (duplicate) send(ws, { type: 'job', event: job.state === 'queued' ? 'queued' : 'started', job, ...(requestId ? { requestId } : {}) });
  }

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const given = url.searchParams.get('token');
    const role = !follow || tokenMatches(given, token) ? 'control' : 'viewer';
    roles.set(ws, role);
    const state = queue.state;
    const hello: HelloMessage = {
      type: 'hello',
      server: SERVER_VERSION,
      protocol: WS_PROTOCOL_VERSION,
      role,
      runtimes,
      experiments: experiments.map(({ id, title, needsRuntime, params }) => ({ id, title, needsRuntime, params })),
      envCheck: envCheck(),
      current: state.current,
      queue: state.queue,
      recent: state.recent,
    };
    send(ws, hello);

    let tokens = RATE_BURST;
    let last = Date.now();
    let warned = 0;
    ws.on('message', (data, isBinary) => {
      const now = Date.now();
      tokens = Math.min(RATE_BURST, tokens + ((now - last) / 1000) * RATE_PER_S);
      last = now;
      if (tokens < 1) {
        if (now - warned > 1000) {
          warned = now;
          send(ws, { type: 'error', message: `rate limit: at most ${RATE_PER_S} messages/s (bursts of ${RATE_BURST}); message dropped` });
        }
        return;
      }
      tokens -= 1;
      if (isBinary) return send(ws, { type: 'error', message: 'binary frames are not accepted; send JSON text' });
      let msg: ClientMessage;
      try {
        msg = parseClientMessage(data.toString());
      } catch (err) {
        if (err instanceof BadMessage) return send(ws, { type: 'error', message: err.message, ...(err.field ? { field: err.field } : {}) });
        throw err;
      }
      try {
        handle(ws, msg);
      } catch (err) {
        log(`error handling ${msg.type}: ${(err as Error).stack}`);
        send(ws, { type: 'error', message: `server error: ${(err as Error).message}` });
      }
    });
    ws.on('error', () => ws.terminate());
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

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await queue.close();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
    })());
  return { url, token, server, queue, close };
}
