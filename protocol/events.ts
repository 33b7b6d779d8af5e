// Driver -> server events: the JSON Lines an experiment driver (demos/*.py) prints on stdout.
// The one definition: the runner validates every line against these schemas, the CLI and the
// deck read them, and `npx ffi-corners schema` prints them as JSON Schema for the Python side.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Bool, Nullable, Num, Str } from './typebox.ts';

export const PROTOCOL_VERSION = 1;


/** The machine and interpreter an experiment ran on, recorded before anything is measured. */
export const Environment = Type.Object({
  runtimeId: Str,
  python: Str,
  version: Str,
  freeThreadedBuild: Bool,
  /** sys._is_gil_enabled() measured after the imports this experiment needs. */
  gilEnabledAfterImports: Bool,
  /** CPUs this process may run on (sched_getaffinity), after pinning. */
  affinity: Type.Array(Type.Integer()),
  cpuModel: Str,
  cpuCount: Type.Integer(),
  kernel: Str,
  glibc: Str,
  governor: Nullable(Str),
  smtActive: Nullable(Bool),
  aslr: Nullable(Type.Integer()),
  loadavg: Type.Array(Num),
  /** GLIBC_TUNABLES in effect for this process, if any. */
  glibcTunables: Nullable(Str),
  /** PYTHON_GIL in effect for this process ("1": the GIL forced on, the `-gil-on` runtimes), if any. */
  pythonGil: Type.Optional(Nullable(Str)),
});
export type Environment = Static<typeof Environment>;

export const MetaEvent = Type.Object({
  type: Type.Literal('meta'),
  protocol: Type.Literal(PROTOCOL_VERSION),
  experiment: Str,
  params: Type.Record(Str, Type.Unknown()),
  env: Environment,
  startedAt: Str,
});
export type MetaEvent = Static<typeof MetaEvent>;

export const ProgressEvent = Type.Object({
  type: Type.Literal('progress'),
  done: Type.Integer({ minimum: 0 }),
  total: Type.Integer({ minimum: 0 }),
  phase: Str,
});

/** New measurements, keyed by series (e.g. "ctypes-cdll/return_int"); values in `unit`. */
export const SamplesEvent = Type.Object({
  type: Type.Literal('samples'),
  unit: Str,
  data: Type.Record(Str, Type.Array(Num)),
});
export type SamplesEvent = Static<typeof SamplesEvent>;

/** An experiment-specific piece of the result that is complete already (one repeat, one cell). */
export const PartialEvent = Type.Object({
  type: Type.Literal('partial'),
  key: Str,
  data: Type.Unknown(),
});
export type PartialEvent = Static<typeof PartialEvent>;

/** Who used the CPUs the run may run on (its affinity), from meta to result: their busy CPU seconds
 * (/proc/stat, steal included) and this run's own (the driver and the children it waited for). The
 * rest is other work on the same CPUs. */
export const RunUsage = Type.Object({
  wallS: Num,
  /** How many CPUs the run could use (its affinity). */
  cpus: Type.Integer(),
  busyCpuS: Num,
  ownCpuS: Num,
  /** The clock tick both counters advance by (1/USER_HZ: 0.01 s on Linux); absent in older records. */
  tickS: Type.Optional(Num),
});
export type RunUsage = Static<typeof RunUsage>;

export const ResultEvent = Type.Object({
  type: Type.Literal('result'),
  data: Type.Unknown(),
  usage: Type.Optional(RunUsage),
});
export type ResultEvent = Static<typeof ResultEvent>;

export const ErrorEvent = Type.Object({
  type: Type.Literal('error'),
  message: Str,
});

export const DriverEvent = Type.Union([MetaEvent, ProgressEvent, SamplesEvent, PartialEvent, ResultEvent, ErrorEvent]);
export type DriverEvent = Static<typeof DriverEvent>;

/** Every schema by name, for `ffi-corners schema` (JSON Schema for non-TypeScript readers). */
export const SCHEMAS: Record<string, TSchema> = { DriverEvent, Environment };
