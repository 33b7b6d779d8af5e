// What each experiment driver (demos/*.py) puts in its `partial` and `result` events: one
// definition, read by the CLI's text reports (server/report/) and the deck's views (slides/views/).
// Field names are the drivers' own (snake_case where the driver writes it so).

// ---- arena, allocators: TypeBox schemas in ./arena.ts ------------------------------------------
export * from './arena.ts';

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
