// Browser <-> server messages over the WebSocket at /ws. Versioned; every inbound message is
// validated against ClientMessage, and a bad one gets an `error` reply naming the field.
import { Type, type Static } from '@sinclair/typebox';
import { Bool, Nullable, Str } from './typebox.ts';
import { DriverEvent } from './events.ts';
import { RunRecord } from './record.ts';
import { RuntimeInfo } from './runtime.ts';

export const WS_PROTOCOL_VERSION = 1;
/** Largest inbound message the server accepts, in bytes. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
/** A client's name for its request; the server's replies to it carry the same. */
const RequestId = Type.Optional(Type.String({ maxLength: 64 }));

// ---- client -> server -------------------------------------------------------

export const RunMessage = Type.Object(
  {
    type: Type.Literal('run'),
    requestId: RequestId,
    experiment: Id,
    /** Omitted only for experiments that need no runtime. */
    runtime: Type.Optional(Id),
    params: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Unknown())),
  },
  { additionalProperties: false },
);

export const CancelMessage = Type.Object(
  { type: Type.Literal('cancel'), requestId: RequestId, jobId: Type.Optional(Id) },
  { additionalProperties: false },
);

/** Asks for the newest saved result of (experiment, runtime), optionally only among runs whose
 * parameters include `params` (e.g. {"loader": "cdll"}). */
export const LatestMessage = Type.Object(
  {
    type: Type.Literal('latest'),
    requestId: RequestId,
    experiment: Id,
    runtime: Type.Optional(Id),
    params: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 16 })),
  },
  { additionalProperties: false },
);

/** Presenter control in follow mode: the token printed at start-up. */
export const AuthMessage = Type.Object(
  { type: Type.Literal('auth'), requestId: RequestId, token: Type.String({ maxLength: 256 }) },
  { additionalProperties: false },
);

/** Where the presenter's deck is (follow mode): Reveal's indices and whether the overview is open.
 * `f` is the last fragment shown on the slide, -1 for none. The same fields go out to the audience. */
const SlidePosition = {
  h: Type.Integer({ minimum: 0, maximum: 9999 }),
  v: Type.Integer({ minimum: 0, maximum: 9999 }),
  f: Type.Integer({ minimum: -1, maximum: 9999 }),
  overview: Bool,
};

/** Presenter → server, in follow mode (control role only): the deck moved. */
export const SlideMessage = Type.Object(
  { type: Type.Literal('slide'), requestId: RequestId, ...SlidePosition },
  { additionalProperties: false },
);
export type SlideMessage = Static<typeof SlideMessage>;

export const ClientMessage = Type.Union([RunMessage, CancelMessage, LatestMessage, AuthMessage, SlideMessage]);
export type ClientMessage = Static<typeof ClientMessage>;

// ---- server -> client -------------------------------------------------------

export const JOB_STATES = ['queued', 'running', 'ok', 'error', 'cancelled', 'timeout'] as const;
export const JobState = Type.Union(JOB_STATES.map((s) => Type.Literal(s)));

export const JobSummary = Type.Object({
  id: Str,
  experiment: Str,
  runtime: Nullable(Str),
  params: Type.Record(Str, Type.Unknown()),
  state: JobState,
  reason: Nullable(Str),
  queuedAt: Str,
  startedAt: Nullable(Str),
  finishedAt: Nullable(Str),
  /** results/ file of the run, relative to the project. */
  file: Nullable(Str),
});
export type JobSummary = Static<typeof JobSummary>;

export const ExperimentInfo = Type.Object({
  id: Str,
  title: Str,
  needsRuntime: Bool,
  params: Type.Record(Str, Type.Unknown()),
});

export const HelloMessage = Type.Object({
  type: Type.Literal('hello'),
  server: Str,
  protocol: Type.Literal(WS_PROTOCOL_VERSION),
  /** control: may run and cancel; viewer: read-only (follow mode without the token). */
  role: Type.Union([Type.Literal('control'), Type.Literal('viewer')]),
  runtimes: Type.Array(RuntimeInfo),
  experiments: Type.Array(ExperimentInfo),
  envCheck: Nullable(Type.Unknown()),
  current: Nullable(JobSummary),
  queue: Type.Array(JobSummary),
  /** The current job's recent events, for late joiners. */
  recent: Type.Array(DriverEvent),
  /** Follow mode: the address the audience opens (no token), for the deck's QR code. */
  followUrl: Type.Optional(Str),
});
export type HelloMessage = Static<typeof HelloMessage>;

export const ErrorMessage = Type.Object({
  type: Type.Literal('error'),
  requestId: RequestId,
  /** The offending field, e.g. "params.iterations", "experiment", "type". */
  field: Type.Optional(Str),
  message: Str,
});

const JOB_EVENTS = ['queued', 'started', 'progress', 'data', 'result', 'error', 'cancelled', 'finished'] as const;

/** Something happened to a job: fanned out to every client. The queue is told as its changes
 * (queued, started, finished or cancelled), never sent whole after the hello. */
export const JobMessage = Type.Object({
  type: Type.Literal('job'),
  event: Type.Union(JOB_EVENTS.map((e) => Type.Literal(e))),
  job: JobSummary,
  /** The driver event behind it (progress, samples, partial, meta, result, error). */
  data: Type.Optional(DriverEvent),
  requestId: RequestId,
});
export type JobMessage = Static<typeof JobMessage>;

export const LatestResultMessage = Type.Object({
  type: Type.Literal('latest'),
  requestId: RequestId,
  experiment: Str,
  runtime: Nullable(Str),
  params: Type.Optional(Type.Record(Str, Type.Unknown())),
  /** The saved run record, or null when there is none. */
  record: Nullable(RunRecord),
});
export type LatestResultMessage = Static<typeof LatestResultMessage>;

export const AuthResultMessage = Type.Object({
  type: Type.Literal('auth'),
  requestId: RequestId,
  role: Type.Union([Type.Literal('control'), Type.Literal('viewer')]),
});

/** Server → every other client: the presenter's newest position; `seq` counts them from the
 * server's start (a late joiner gets the newest right after its hello). */
export const SlideStateMessage = Type.Object({
  type: Type.Literal('slide'),
  ...SlidePosition,
  seq: Type.Integer({ minimum: 1 }),
});
export type SlideStateMessage = Static<typeof SlideStateMessage>;

export const ServerMessage = Type.Union([HelloMessage, ErrorMessage, JobMessage, LatestResultMessage, AuthResultMessage, SlideStateMessage]);
export type ServerMessage = Static<typeof ServerMessage>;
