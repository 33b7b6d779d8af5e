// What a WebSocket message handler may use: the server's runtimes, experiments, queue and store,
// the presenter token, the room (each connection's role and limits), and a reply bound to the
// message it answers.
import type { WebSocket } from 'ws';
import type { ExperimentSpec } from '../../protocol/experiments.ts';
import type { ClientMessage, ServerMessage } from '../../protocol/messages.ts';
import type { RuntimeInfo } from '../../protocol/runtime.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { ResultsStore } from '../results/store.ts';
import type { Member, Room } from './room.ts';
import type { FollowState } from './handlers/slide.ts';

export type Role = 'control' | 'viewer';

export interface WsContext {
  runtimes: RuntimeInfo[];
  /** The interpreter of experiments that need no runtime. */
  basePython: string | undefined;
  experiments: readonly ExperimentSpec[];
  queue: JobQueue;
  store: ResultsStore;
  /** Follow mode's presenter token; null in loopback mode (every client controls). */
  token: string | null;
  room: Room;
  /** Follow mode: the presenter's slide position, relayed to the audience; null in loopback mode. */
  follow: FollowState | null;
  log(line: string): void;
}

/** Answers one client message: `send` and `fail` carry its requestId. */
export interface Reply {
  ws: WebSocket;
  member: Member;
  requestId: string | undefined;
  send(msg: ServerMessage): void;
  /** An `error` reply naming the offending field. */
  fail(message: string, field?: string): void;
}

/** A handler that reads files returns a promise: the connection counts it as in flight until it settles. */
export type Handler<T extends ClientMessage['type']> = (ctx: WsContext, msg: Extract<ClientMessage, { type: T }>, reply: Reply) => void | Promise<void>;
