// A real `ffi-corners serve` for the tests (server/util/serve-process.ts, saving into the tests' own
// results folder) and WebSocket clients that validate every message against the protocol: shared by
// the server, stress and deck tests.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import WebSocket from 'ws';
import { ServerMessage } from '../protocol/messages.ts';
import { projectRoot } from '../server/paths.ts';
import { startServer as startServe, type Served } from '../server/util/serve-process.ts';
import { TEST_RESULTS } from './helpers.ts';

const checkServerMessage = TypeCompiler.Compile(ServerMessage);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Msg = Record<string, any>;

/** A real `ffi-corners serve` on an ephemeral port; its runs are saved in the tests' own folder
 * (TEST_RESULTS) unless `env` names one (FFI_CORNERS_RESULTS). */
export const startServer = (extra: string[] = [], env: Record<string, string> = {}): Promise<Served> => startServe(extra, { FFI_CORNERS_RESULTS: TEST_RESULTS, ...env });

/** A WebSocket client that records every message, validated against the protocol. */
export class Client {
  readonly messages: Msg[] = [];
  readonly ws: WebSocket;
  private waiters: { pred: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  readonly opened: Promise<void>;
  private pending: Promise<unknown> = Promise.resolve();

  /** `localAddress`: connect from this loopback address (127.x.y.z), as one of many devices would. */
  constructor(url: string, headers: Record<string, string> = {}, localAddress?: string) {
    this.ws = new WebSocket(url.replace(/^http/, 'ws'), { headers, ...(localAddress ? { localAddress } : {}) });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    this.ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as Msg;
      assert.ok(checkServerMessage.Check(msg), `server message off-protocol: ${JSON.stringify(checkServerMessage.Errors(msg).First())} ${data.toString().slice(0, 300)}`);
      this.messages.push(msg);
      this.waiters = this.waiters.filter((w) => (w.pred(msg) ? (w.resolve(msg), false) : true));
    });
  }

  /** Sends now, or once the socket is open (in order). */
  send(msg: unknown): void {
    const text = typeof msg === 'string' ? msg : JSON.stringify(msg);
    if (this.ws.readyState === WebSocket.CONNECTING) this.pending = this.pending.then(() => this.opened).then(() => this.ws.send(text));
    else this.ws.send(text);
  }

  /** The first message (already received or future) matching pred. */
  next(pred: (m: Msg) => boolean, timeoutMs = 120_000, since = 0): Promise<Msg> {
    const have = this.messages.slice(since).find(pred);
    if (have) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; last messages: ${JSON.stringify(this.messages.slice(-3)).slice(0, 600)}`)), timeoutMs);
      this.waiters.push({ pred, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  close(): void {
    this.ws.close();
  }
}

export const wsUrl = (s: Served, query = '') => `${s.url}ws${query}`;

/** Driver processes still alive that a server started with FFI_CORNERS_RESULTS=`resultsDir` left
 * (drivers inherit the server's environment, which tells them apart from anyone else's). */
export function driverProcesses(resultsDir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (!environ.includes(`FFI_CORNERS_RESULTS=${resultsDir}`)) continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const state = /^State:\s+(\w)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      const ours = [join(projectRoot, 'demos'), join(projectRoot, 'tests', 'fixtures', 'drivers')].some((d) => cmd.includes(d));
      if (ours && state !== 'Z') found.push(`${pid}: ${cmd}`);
    } catch {
      /* gone, or not ours to read */
    }
  }
  return found;
}

