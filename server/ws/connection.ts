// One WebSocket connection: its role (control, or a read-only viewer in follow mode without the
// token), the hello it is greeted with, the rate limit and the limit on requests in flight,
// parsing every frame against the protocol, and dispatch to the handler of its message type
// (server/ws/handlers/).
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { WebSocket } from 'ws';
import {
  AuthMessage,
  CancelMessage,
  LatestMessage,
  RunMessage,
  SlideMessage,
  WS_PROTOCOL_VERSION,
  type ClientMessage,
  type HelloMessage,
  type ServerMessage,
} from '../../protocol/messages.ts';
import type { Handler, Reply, WsContext } from './context.ts';
import { MAX_IN_FLIGHT, MAX_WAITING, type Member } from './room.ts';
import { handleAuth } from './handlers/auth.ts';
import { handleCancel } from './handlers/cancel.ts';
import { handleLatest } from './handlers/latest.ts';
import { handleRun } from './handlers/run.ts';
import { handleSlide } from './handlers/slide.ts';

/** Per connection: this many messages per second on average, bursts up to RATE_BURST. */
export const RATE_PER_S = 50;
export const RATE_BURST = 100;
/** Deepest nesting a message may have: the protocol's deepest is 3 (params → a list → a value). */
export const MAX_DEPTH = 8;

const checks: Record<ClientMessage['type'], TypeCheck<TSchema>> = {
  run: TypeCompiler.Compile(RunMessage),
  cancel: TypeCompiler.Compile(CancelMessage),
  latest: TypeCompiler.Compile(LatestMessage),
  auth: TypeCompiler.Compile(AuthMessage),
  slide: TypeCompiler.Compile(SlideMessage),
};

/** One handler per message type; `control` ones are refused to read-only viewers. */
const HANDLERS: { [T in ClientMessage['type']]: { handle: Handler<T>; control: boolean } } = {
  auth: { handle: handleAuth, control: false },
  latest: { handle: handleLatest, control: false },
  cancel: { handle: handleCancel, control: true },
  run: { handle: handleRun, control: true },
  slide: { handle: handleSlide, control: true },
};

export class BadMessage extends Error {
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
  const deep = tooDeep(msg, MAX_DEPTH);
  if (deep !== null) throw new BadMessage(`${deep || 'message'}: nested deeper than ${MAX_DEPTH} levels`, deep || undefined);
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

/** The path (dotted, as errors name fields) of the first value nested deeper than `max`, or null.
 * Iterative: a value nested 30,000 deep is measured without recursion. */
export function tooDeep(value: unknown, max: number): string | null {
  const stack: [unknown, number, string][] = [[value, 0, '']];
  while (stack.length) {
    const [v, depth, path] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return path;
    for (const [k, child] of Object.entries(v)) stack.push([child, depth + 1, path ? `${path}.${k.slice(0, 64)}` : k.slice(0, 64)]);
  }
  return null;
}

function dispatch(ctx: WsContext, ws: WebSocket, member: Member, msg: ClientMessage): void {
  const requestId = msg.requestId;
  const reply: Reply = {
    ws,
    member,
    requestId,
    send: (m: ServerMessage) => ctx.room.send(ws, { ...m, ...(requestId ? { requestId } : {}) } as ServerMessage),
    fail: (message, field) => ctx.room.send(ws, { type: 'error', message, ...(field ? { field } : {}), ...(requestId ? { requestId } : {}) }),
  };
  const entry = HANDLERS[msg.type] as { handle: Handler<ClientMessage['type']>; control: boolean };
  if (entry.control && member.role !== 'control') {
    return reply.fail('read-only viewer: control needs the presenter token (send {"type":"auth","token":...})', 'type');
  }
  // Requests that read files are answered MAX_IN_FLIGHT at a time per connection, the rest wait
  // their turn (an opening deck asks ~31 at once); more than MAX_WAITING waiting are refused.
  if (member.inFlight >= MAX_IN_FLIGHT) {
    if (member.waiting.length >= MAX_WAITING) return reply.fail(`busy: ${MAX_WAITING} requests of this connection are waiting to be answered; message dropped`);
    member.waiting.push(() => dispatch(ctx, ws, member, msg));
    return;
  }
  const done = entry.handle(ctx, msg as never, reply);
  if (!done) return;
  member.inFlight++;
  done
    .catch((err: Error) => {
      ctx.log(`error handling ${msg.type}: ${err.stack}`);
      reply.fail(`server error: ${err.message}`);
    })
    .finally(() => {
      member.inFlight--;
      if (ws.readyState === ws.OPEN) member.waiting.shift()?.();
      else member.waiting.length = 0;
    });
}

/** Greets a new connection and serves its messages. `hello` supplies what changes over time. */
export function serveConnection(
  ctx: WsContext,
  ws: WebSocket,
  member: Member,
  hello: () => Omit<HelloMessage, 'type' | 'protocol' | 'role'>,
): void {
  ctx.room.send(ws, { type: 'hello', protocol: WS_PROTOCOL_VERSION, role: member.role, ...hello() });

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
        ctx.room.send(ws, { type: 'error', message: `rate limit: at most ${RATE_PER_S} messages/s (bursts of ${RATE_BURST}); message dropped` });
      }
      return;
    }
    tokens -= 1;
    if (isBinary) return ctx.room.send(ws, { type: 'error', message: 'binary frames are not accepted; send JSON text' });
    let msg: ClientMessage;
    try {
      msg = parseClientMessage(data.toString());
    } catch (err) {
      if (err instanceof BadMessage) return ctx.room.send(ws, { type: 'error', message: err.message, ...(err.field ? { field: err.field } : {}) });
      throw err;
    }
    try {
      dispatch(ctx, ws, member, msg);
    } catch (err) {
      ctx.log(`error handling ${msg.type}: ${(err as Error).stack}`);
      ctx.room.send(ws, { type: 'error', message: `server error: ${(err as Error).message}` });
    }
  });
  ws.on('error', () => ws.terminate());
}
