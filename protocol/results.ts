// What each experiment driver (demos/*.py) puts in its `partial` and `result` events: one
// definition, read by the CLI's text reports (server/report/) and the deck's views (slides/views/).
// Field names are the drivers' own (snake_case where the driver writes it so).
import { Type, type Static } from '@sinclair/typebox';

// ---- arena -------------------------------------------------------------------------------------
export interface ArenaSide {
  rss_delta_mib: number;
  peak_delta_mib: number;
  arenas_before: number;
  arenas_after: number;
  arena_mib_delta?: number;
  arena_peak_delta_mib?: number;
  thread_arena_peak_mib?: number;
  failed_calls: number;
}
export interface ArenaCell {
  python_threads: number;
  native_threads: number;
  native: ArenaSide;
  baseline: ArenaSide;
  rss_delta_mib: number;
  interpreter_delta_mib: number;
  native_extra_mib: number;
  arena_growth: number;
  thread_arena_peak_mib?: number | null;
  grew: string;
}
export interface ArenaResult {
  glibc_tunables: string | null;
  blocks_mmapped: boolean;
  cpu_count: number;
}

// ---- cdll-vs-pydll -----------------------------------------------------------------------------
export interface LoaderSummary {
  times_s: number[];
  median_s: number;
  min_s: number;
  max_s: number;
  ns_per_call: number;
}
export interface CdllVsPydllResult {
  calls: number;
  repeats: number;
  cdll: LoaderSummary;
  pydll: LoaderSummary;
  speedup: number;
  speedup_min: number;
  loop_ns_per_call: number;
  method: string;
}
export interface CdllVsPydllPiece {
  repeat: number;
  order: string[];
  cdll: { seconds: number; ns_per_call: number };
  pydll: { seconds: number; ns_per_call: number };
  speedup: number;
}

// ---- env-check ---------------------------------------------------------------------------------
export interface EnvCheck {
  id: string;
  name: string;
  value: string;
  verdict: 'ok' | 'warn' | 'info';
  fix: string | null;
  talk: string | null;
}

// ---- pydll-blocking ----------------------------------------------------------------------------
export interface BlockingMeasure {
  iterations: number;
  call_seconds: number;
}
export interface BlockingPiece {
  repeat: number;
  order: string[];
  cdll: BlockingMeasure;
  pydll: BlockingMeasure;
}
export interface BlockingResult {
  sleep_ms: number;
  gil_enabled: boolean;
  switch_interval_s: number;
  free_running_per_s: number;
  expected_free: number;
  cdll: { iterations: number[]; median: number };
  pydll: { iterations: number[]; median: number };
  ratio: number | null;
}

// ---- races -------------------------------------------------------------------------------------
export interface RaceCounterRow {
  final: number;
  expected: number;
  lost: number;
  accuracy: number;
  status: string;
  seconds: number;
}
export interface RaceBankRow {
  successful: number;
  withdrawn: number;
  final_balance: number;
  balance_plus_withdrawn: number;
  initial: number;
  consistent: boolean;
  overdrawn: number;
  seconds: number;
}
export interface RacePiece {
  repeat: number;
  counter: Record<string, RaceCounterRow>;
  bank: Record<string, RaceBankRow>;
}
export interface RaceCounterTotals {
  repeats_with_race: number;
  repeats: number;
  max_lost: number;
  mean_lost: number;
  mean_accuracy: number;
  min_accuracy: number;
  median_seconds: number;
}
export interface RaceBankTotals {
  repeats_inconsistent: number;
  repeats: number;
  mean_successful: number;
  max_successful: number;
  max_withdrawn: number;
  max_overdrawn: number;
  max_error: number;
  median_seconds: number;
}
export interface RaceResult {
  loader: string;
  gil_enabled: boolean;
  counter: Record<string, RaceCounterTotals>;
  bank: Record<string, RaceBankTotals>;
}

// ---- scaling -----------------------------------------------------------------------------------
export interface ScalingPoint {
  binding: string;
  threads: number;
  callsPerSec: number;
  perThread: number[];
}

// ---- instructions ------------------------------------------------------------------------------
/** The layers of a call, outside in (demos/callgrind.py assigns them). */
export const INSTRUCTION_LAYERS = ['dispatch', 'conversion', 'gil', 'libffi', 'ft-sync', 'c-function'] as const;
export type InstructionLayer = (typeof INSTRUCTION_LAYERS)[number];

/** One function under the call: callgrind's inclusive and self instructions per call. */
export const InstructionPathEntry = Type.Object({
  symbol: Type.String(),
  perCall: Type.Number(),
  self: Type.Number(),
  layer: Type.Union(INSTRUCTION_LAYERS.map((l) => Type.Literal(l))),
  object: Type.String(),
});
export type InstructionPathEntry = Static<typeof InstructionPathEntry>;

const PerSeries = Type.Record(Type.String(), Type.Number());
const LayerCounts = Type.Record(Type.String(), Type.Number());

/** Keys of perCall, loopPerIteration, paths and layers: "<binding>/<function>". */
export const InstructionsResult = Type.Object({
  tool: Type.Object({ name: Type.String(), version: Type.String() }),
  calls: Type.Integer({ minimum: 1 }),
  method: Type.String(),
  /** Instructions per call: the loop with the call minus the empty loop, per iteration. */
  perCall: PerSeries,
  /** The empty loop's instructions per iteration (what perCall has already subtracted). */
  loopPerIteration: PerSeries,
  paths: Type.Optional(Type.Record(Type.String(), Type.Array(InstructionPathEntry))),
  layers: Type.Optional(Type.Record(Type.String(), LayerCounts)),
  /** sys._is_gil_enabled() in each binding's worker, after its import. */
  gilEnabled: Type.Record(Type.String(), Type.Boolean()),
  /** "<binding>" or "<binding>/<function>" -> why it was not counted. */
  errors: Type.Record(Type.String(), Type.String()),
  /** Wall time and CPU time (user + system) of each binding's valgrind process. */
  seconds: PerSeries,
  cpuSeconds: PerSeries,
});
export type InstructionsResult = Static<typeof InstructionsResult>;

/** One binding's counts, sent as soon as its valgrind process ends (partial key: the binding). */
export const InstructionsPiece = Type.Object({
  binding: Type.String(),
  seconds: Type.Number(),
  cpuSeconds: Type.Number(),
  error: Type.Optional(Type.String()),
  gilEnabled: Type.Optional(Type.Boolean()),
  perCall: Type.Optional(PerSeries),
  loopPerIteration: Type.Optional(PerSeries),
  paths: Type.Optional(Type.Record(Type.String(), Type.Array(InstructionPathEntry))),
  layers: Type.Optional(Type.Record(Type.String(), LayerCounts)),
});
export type InstructionsPiece = Static<typeof InstructionsPiece>;
