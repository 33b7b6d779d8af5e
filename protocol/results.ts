// What each experiment driver (demos/*.py) puts in its `partial` and `result` events: one
// definition as TypeBox schemas, the TypeScript types derived from them. The runner checks every
// driver's `result` against its experiment's schema (EXPERIMENTS[].result) at run time; the CLI's
// text reports (server/report/) and the deck's views (slides/views/) read the derived types.
// Field names are the drivers' own (snake_case where the driver writes it so). Objects accept
// fields beyond those listed (a driver may add one before a reader needs it).
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Bool, Nullable, Num, Nums, Str } from './typebox.ts';



// ---- call-overhead -----------------------------------------------------------------------------
export const CallOverheadResult = Type.Object({
  /** batched (ours), single-shot (the talk's sampling), talk (the talk's whole harness: `talk` below). */
  method: Type.Union([Type.Literal('batched'), Type.Literal('single-shot'), Type.Literal('talk')]),
  /** Per series: its loop count and its function shape (argument list), e.g. "()". */
  calibration: Type.Record(Str, Type.Object({ loops: Num, shape: Str })),
  /** Per shape, the empty loop: its loop count, every batch of it (ns per iteration) and the
   * estimate each measured round subtracted. */
  overhead: Type.Record(Str, Type.Object({ loops: Num, nsPerIteration: Type.Array(Num), subtractedNs: Type.Array(Num) })),
  wrapped: Type.Record(Str, Type.Array(Str)),
  order: Str,
  /** "binding/function" -> median ns per call. */
  medians: Type.Record(Str, Num),
  timerOverheadNs: Type.Optional(Num),
  /** Bindings that could not be imported (or, method=talk, are not the talk's), and why. */
  skipped: Type.Optional(Type.Record(Str, Str)),
  /** perf_counter's resolution (time.get_clock_info), ns: the quality gate's tolerance. */
  timerResolutionNs: Type.Optional(Num),
  /** "binding/function" series that cannot be measured, and why (e.g. str_len_fresh through ctypes,
   * which cannot take a str: "not applicable: ..."). */
  notApplicable: Type.Optional(Type.Record(Str, Str)),
  /** method=talk: each binding's call path, each series' cold first call (ns), samples dropped, GC. */
  talk: Type.Optional(
    Type.Object({ callPaths: Type.Record(Str, Str), coldNs: Type.Record(Str, Num), dropped: Num, gc: Str }),
  ),
});
export type CallOverheadResult = Static<typeof CallOverheadResult>;

/** One repeat of the CDLL-against-PyDLL experiments: both loaders' measure `T`, in the order they ran. */
const LoaderRepeat = <T extends TSchema>(measure: T) => ({ repeat: Num, order: Type.Array(Str), cdll: measure, pydll: measure });

// ---- cdll-vs-pydll -----------------------------------------------------------------------------
export const LoaderSummary = Type.Object({ times_s: Type.Array(Num), ...Nums('median_s', 'min_s', 'max_s', 'ns_per_call') });
export type LoaderSummary = Static<typeof LoaderSummary>;
export const CdllVsPydllResult = Type.Object({
  ...Nums('calls', 'repeats', 'speedup', 'speedup_min', 'loop_ns_per_call'),
  cdll: LoaderSummary,
  pydll: LoaderSummary,
  method: Str,
});
export type CdllVsPydllResult = Static<typeof CdllVsPydllResult>;
const LoaderTiming = Type.Object({ seconds: Num, ns_per_call: Num });
export const CdllVsPydllPiece = Type.Object({ ...LoaderRepeat(LoaderTiming), speedup: Num });
export type CdllVsPydllPiece = Static<typeof CdllVsPydllPiece>;

// ---- env-check ---------------------------------------------------------------------------------
export const EnvCheck = Type.Object({
  id: Str,
  name: Str,
  value: Str,
  verdict: Type.Union([Type.Literal('ok'), Type.Literal('warn'), Type.Literal('info')]),
  fix: Nullable(Str),
  talk: Nullable(Str),
});
export type EnvCheck = Static<typeof EnvCheck>;
export const EnvCheckResult = Type.Object({
  checks: Type.Array(EnvCheck),
  counts: Type.Record(Str, Num),
});
export type EnvCheckResult = Static<typeof EnvCheckResult>;

// ---- pydll-blocking ----------------------------------------------------------------------------
export const BlockingMeasure = Type.Object({ iterations: Num, call_seconds: Num });
export type BlockingMeasure = Static<typeof BlockingMeasure>;
export const BlockingPiece = Type.Object(LoaderRepeat(BlockingMeasure));
export type BlockingPiece = Static<typeof BlockingPiece>;
const BlockingCounts = Type.Object({ iterations: Type.Array(Num), median: Num });
export const BlockingResult = Type.Object({
  ...Nums('sleep_ms', 'switch_interval_s', 'free_running_per_s', 'expected_free'),
  gil_enabled: Bool,
  cdll: BlockingCounts,
  pydll: BlockingCounts,
  ratio: Nullable(Num),
});
export type BlockingResult = Static<typeof BlockingResult>;

// ---- pydll-deadlock ----------------------------------------------------------------------------
/** One trial: read() on a pipe that another Python thread writes to, in a child process. */
export const DeadlockTrial = Type.Object({
  outcome: Type.Union([Type.Literal('completed'), Type.Literal('deadlocked')]),
  /** How long read() took (completed), null when the child was killed. */
  seconds: Nullable(Num),
  /** How long the driver waited after the call began. */
  waitedS: Num,
});
export type DeadlockTrial = Static<typeof DeadlockTrial>;
export const DeadlockPiece = Type.Object(LoaderRepeat(DeadlockTrial));
export type DeadlockPiece = Static<typeof DeadlockPiece>;
const DeadlockCounts = Type.Object({ completed: Num, deadlocked: Num });
export const DeadlockResult = Type.Object({
  timeout_ms: Num,
  repeats: Num,
  writer_delay_s: Num,
  /** The GIL state in the children (the driver's, after the same imports, same environment). */
  gil_enabled: Bool,
  cdll: DeadlockCounts,
  pydll: DeadlockCounts,
  runs: Type.Array(DeadlockPiece),
});
export type DeadlockResult = Static<typeof DeadlockResult>;

// ---- races -------------------------------------------------------------------------------------
export const RaceCounterRow = Type.Object({ ...Nums('final', 'expected', 'lost', 'accuracy', 'seconds'), status: Str });
export type RaceCounterRow = Static<typeof RaceCounterRow>;
export const RaceBankRow = Type.Object({
  ...Nums('successful', 'withdrawn', 'final_balance', 'balance_plus_withdrawn', 'initial', 'overdrawn', 'seconds'),
  consistent: Bool,
});
export type RaceBankRow = Static<typeof RaceBankRow>;
export const RacePiece = Type.Object({
  repeat: Num,
  counter: Type.Record(Str, RaceCounterRow),
  bank: Type.Record(Str, RaceBankRow),
});
export type RacePiece = Static<typeof RacePiece>;
export const RaceCounterTotals = Type.Object(
  Nums('repeats_with_race', 'repeats', 'max_lost', 'mean_lost', 'mean_accuracy', 'min_accuracy', 'median_seconds'),
);
export type RaceCounterTotals = Static<typeof RaceCounterTotals>;
export const RaceBankTotals = Type.Object(
  Nums('repeats_inconsistent', 'repeats', 'mean_successful', 'max_successful', 'max_withdrawn', 'max_overdrawn', 'max_error', 'median_seconds'),
);
export type RaceBankTotals = Static<typeof RaceBankTotals>;
export const RaceResult = Type.Object({
  loader: Str,
  gil_enabled: Bool,
  counter: Type.Record(Str, RaceCounterTotals),
  bank: Type.Record(Str, RaceBankTotals),
});
export type RaceResult = Static<typeof RaceResult>;

// ---- scaling -----------------------------------------------------------------------------------
export const ScalingPoint = Type.Object({
  binding: Str,
  threads: Num,
  callsPerSec: Num,
  perThread: Type.Array(Num),
});
export type ScalingPoint = Static<typeof ScalingPoint>;
export const ScalingResult = Type.Object({ points: Type.Array(ScalingPoint) });
export type ScalingResult = Static<typeof ScalingResult>;

// ---- instructions ------------------------------------------------------------------------------
/** The layers of a call, outside in (demos/callgrind.py assigns them). */
export const INSTRUCTION_LAYERS = ['dispatch', 'conversion', 'gil', 'libffi', 'ft-sync', 'c-function'] as const;
export type InstructionLayer = (typeof INSTRUCTION_LAYERS)[number];

/** One function under the call: callgrind's inclusive and self instructions per call. */
export const InstructionPathEntry = Type.Object({
  symbol: Str,
  perCall: Num,
  self: Num,
  layer: Type.Union(INSTRUCTION_LAYERS.map((l) => Type.Literal(l))),
  object: Str,
});
export type InstructionPathEntry = Static<typeof InstructionPathEntry>;

const PerSeries = Type.Record(Str, Num);
const LayerCounts = Type.Record(Str, Num);

/** Keys of perCall, loopPerIteration, paths and layers: "<binding>/<function>". */
export const InstructionsResult = Type.Object({
  tool: Type.Object({ name: Str, version: Str }),
  calls: Type.Integer({ minimum: 1 }),
  method: Str,
  /** Instructions per call: the loop with the call minus the empty loop, per iteration. */
  perCall: PerSeries,
  /** The empty loop's instructions per iteration (what perCall has already subtracted). */
  loopPerIteration: PerSeries,
  paths: Type.Optional(Type.Record(Str, Type.Array(InstructionPathEntry))),
  layers: Type.Optional(Type.Record(Str, LayerCounts)),
  /** sys._is_gil_enabled() in each binding's worker, after its import. */
  gilEnabled: Type.Record(Str, Bool),
  /** "<binding>" or "<binding>/<function>" -> why it was not counted. */
  errors: Type.Record(Str, Str),
  /** Wall time and CPU time (user + system) of each binding's valgrind process. */
  seconds: PerSeries,
  cpuSeconds: PerSeries,
});
export type InstructionsResult = Static<typeof InstructionsResult>;

/** One binding's counts, sent as soon as its valgrind process ends (partial key: the binding). */
export const InstructionsPiece = Type.Object({
  binding: Str,
  ...Nums('seconds', 'cpuSeconds'),
  error: Type.Optional(Str),
  gilEnabled: Type.Optional(Bool),
  perCall: Type.Optional(PerSeries),
  loopPerIteration: Type.Optional(PerSeries),
  paths: Type.Optional(Type.Record(Str, Type.Array(InstructionPathEntry))),
  layers: Type.Optional(Type.Record(Str, LayerCounts)),
});
export type InstructionsPiece = Static<typeof InstructionsPiece>;
