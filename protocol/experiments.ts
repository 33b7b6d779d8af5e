// The experiments and their parameters: defaults, bounds, units. One definition for the CLI
// (`run --list`, `--set`), the server (validating `run` messages) and the deck (controls).
import type { TSchema } from '@sinclair/typebox';
import { AllocatorsResult, ArenaResult } from './arena.ts';
import * as R from './results.ts';
import { BINDING_FUNCTIONS, BINDING_IDS } from './runtime.ts';

/** The functions every binding exposes (from the one binding list). */
export const FUNCTION_IDS = BINDING_FUNCTIONS;
/** call-overhead's functions: every binding's own, and str_len_fresh (str_len with a new non-ASCII
 * str per call, so no cached UTF-8 exists; only bindings that take a str themselves run it). */
export const CALL_OVERHEAD_FUNCTIONS: readonly string[] = [...BINDING_FUNCTIONS, 'str_len_fresh'];
/** call-overhead's methods: ours (batched), the talk's sampling (single-shot), the talk's whole harness (talk). */
export const CALL_OVERHEAD_METHODS = ['batched', 'single-shot', 'talk'] as const;

interface ParamBase {
  description: string;
  unit?: string;
}
export type ParamSpec =
  | (ParamBase & { kind: 'integer'; default: number; min: number; max: number })
  | (ParamBase & { kind: 'number'; default: number; min: number; max: number })
  | (ParamBase & { kind: 'boolean'; default: boolean })
  | (ParamBase & { kind: 'choice'; default: string; choices: readonly string[] })
  | (ParamBase & { kind: 'choices'; default: readonly string[]; choices: readonly string[] })
  | (ParamBase & { kind: 'integers'; default: readonly number[]; min: number; max: number; maxItems: number });

export interface ExperimentSpec {
  id: string;
  title: string;
  /** demos/<driver> */
  driver: string;
  /** Whether it runs inside a runtime (all but the environment check). */
  needsRuntime: boolean;
  /** Seconds after which a run is killed. */
  timeoutS: number;
  params: Record<string, ParamSpec>;
  /** The shape of the driver's `result` (protocol/results.ts); a result that does not match is a job error. */
  result: TSchema;
}

export type ParamValue = number | boolean | string | readonly string[] | readonly number[];
export type Params = Record<string, ParamValue>;

/** How the arena experiment makes its native call: the GIL held (PyDLL, PyO3 without detach) or released. */
export const ARENA_LOADERS = ['pydll', 'cdll', 'pyo3-held', 'pyo3-released'] as const;
/** malloc implementations: glibc's own, or one preloaded (LD_PRELOAD) from its Debian package. */
export const ALLOCATORS = ['glibc', 'jemalloc', 'tcmalloc', 'mimalloc'] as const;
/** The rows of the talk's allocator table that can be measured on Linux. */
export const ALLOCATOR_SCENARIOS = ['short-lived-threads', 'long-lived-rss', 'latency', 'tight-memory', 'high-thread-count'] as const;

const allocator: ParamSpec = { kind: 'choice', default: 'glibc', choices: ALLOCATORS, description: 'malloc implementation of the measured processes (LD_PRELOAD of the Debian library)' };
/** GLIBC_TUNABLES=glibc.malloc.<name>=<value> in the measured processes; bounds are glibc's where it has them. */
const glibcTunables: Record<string, ParamSpec> = {
  arena_max: { kind: 'integer', default: 0, min: 0, max: 1024, description: 'glibc.malloc.arena_max (0: glibc default, 8 per CPU)' },
  mmap_threshold: { kind: 'integer', default: 0, min: 0, max: 32768, unit: 'KiB', description: 'glibc.malloc.mmap_threshold (0: glibc default, dynamic from 128 KiB; glibc ignores more than 32 MiB)' },
  trim_threshold: { kind: 'integer', default: 0, min: 0, max: 1048576, unit: 'KiB', description: 'glibc.malloc.trim_threshold (0: glibc default, 128 KiB)' },
};

const seed: ParamSpec = { kind: 'integer', default: 1, min: 0, max: 2 ** 31 - 1, description: 'random seed (order of bindings, bootstrap)' };

export const EXPERIMENTS: readonly ExperimentSpec[] = [
  {
    id: 'call-overhead',
    title: 'Call overhead per binding (ns/call)',
    driver: 'call_overhead.py',
    needsRuntime: true,
    timeoutS: 300,
    result: R.CallOverheadResult,
    params: {
      bindings: { kind: 'choices', default: BINDING_IDS, choices: BINDING_IDS, description: 'bindings to measure' },
      functions: { kind: 'choices', default: ['return_int'], choices: CALL_OVERHEAD_FUNCTIONS, description: 'functions to call (str_len_fresh: a new non-ASCII str per call)' },
      method: {
        kind: 'choice',
        default: 'batched',
        choices: CALL_OVERHEAD_METHODS,
        description:
          "batched: calibrated loops, timer and loop overhead subtracted; single-shot: the talk's one call per two perf_counter_ns() reads; talk: the talk's whole harness (its four bindings behind its wrapper methods and a lambda, cold call + 1 ms sleep, bindings one after another, GC on)",
      },
      samples: { kind: 'integer', default: 200, min: 5, max: 20000, description: 'samples per binding and function (the talk: 200; method=talk: calls timed, the first `warmups` of them dropped)' },
      warmups: { kind: 'integer', default: 5, min: 0, max: 1000, description: 'rounds discarded first (the talk dropped 5 samples)' },
      batch_ms: { kind: 'number', default: 2, min: 0.05, max: 100, unit: 'ms', description: 'target duration of one batched sample' },
      talk_cffi: { kind: 'boolean', default: false, description: "also time series cffi-talk: cffi ABI mode called the talk's way, through a Python wrapper method" },
      seed,
    },
  },
  {
    id: 'cdll-vs-pydll',
    title: 'CDLL vs PyDLL: getpid() through ctypes',
    driver: 'cdll_vs_pydll.py',
    needsRuntime: true,
    timeoutS: 120,
    result: R.CdllVsPydllResult,
    params: {
      calls: { kind: 'integer', default: 2_000_000, min: 1000, max: 20_000_000, description: 'calls per timing (the talk: 2,000,000)' },
      repeats: { kind: 'integer', default: 5, min: 1, max: 50, description: 'timings per loader, interleaved' },
    },
  },
  {
    id: 'pydll-blocking',
    title: 'PyDLL blocking: a Python thread counting while C sleeps',
    driver: 'pydll_blocking.py',
    needsRuntime: true,
    timeoutS: 120,
    result: R.BlockingResult,
    params: {
      sleep_ms: { kind: 'integer', default: 500, min: 10, max: 5000, unit: 'ms', description: 'how long the C call (usleep) lasts' },
      repeats: { kind: 'integer', default: 3, min: 1, max: 10, description: 'runs per loader (at most 10: 2 x 10 x 5 s fits the 120 s timeout)' },
    },
  },
  {
    id: 'pydll-deadlock',
    title: 'PyDLL can deadlock: a C call that waits on a Python thread',
    driver: 'pydll_deadlock.py',
    needsRuntime: true,
    timeoutS: 180,
    result: R.DeadlockResult,
    params: {
      timeout_ms: { kind: 'integer', default: 2000, min: 300, max: 20_000, unit: 'ms', description: 'how long a call may wait before its child process is called deadlocked and killed (the writer writes after 200 ms)' },
      repeats: { kind: 'integer', default: 1, min: 1, max: 5, description: 'trials per loader, alternated (each a fresh child process)' },
    },
  },
  {
    id: 'races',
    title: 'Racing global state: counters and a bank account',
    driver: 'races.py',
    needsRuntime: true,
    timeoutS: 180,
    result: R.RaceResult,
    params: {
      loader: { kind: 'choice', default: 'pydll', choices: ['pydll', 'cdll'], description: 'ctypes loader: PyDLL keeps the GIL during the call, CDLL releases it' },
      threads: { kind: 'integer', default: 50, min: 2, max: 256, description: 'counter threads, released together by a barrier' },
      iterations: { kind: 'integer', default: 1_000_000, min: 1000, max: 10_000_000, description: 'increments per thread and call (10,000 rarely races on 2 cores)' },
      repeats: { kind: 'integer', default: 5, min: 1, max: 50, description: 'times the whole race is repeated' },
      bank_threads: { kind: 'integer', default: 100, min: 2, max: 512, description: 'withdrawing threads' },
      bank_balance: { kind: 'integer', default: 1000, min: 1, max: 1_000_000, unit: '$', description: 'initial balance' },
      bank_amount: { kind: 'integer', default: 50, min: 1, max: 1_000_000, unit: '$', description: 'amount per withdrawal' },
      bank_attempts: { kind: 'integer', default: 3, min: 1, max: 100, description: 'withdrawal attempts per thread' },
      bank_window: { kind: 'integer', default: 1_000_000, min: 0, max: 10_000_000, unit: 'spins', description: 'busy-wait between the balance check and the update (20,000 rarely races on 2 cores; 1,000,000 does)' },
    },
  },
  {
    id: 'arena',
    title: 'glibc arena risk matrix: Python threads × native threads',
    driver: 'arena.py',
    needsRuntime: true,
    timeoutS: 600,
    result: ArenaResult,
    params: {
      python_threads: { kind: 'integers', default: [1, 2, 4, 8], min: 1, max: 64, maxItems: 8, description: 'Python threads (rows)' },
      native_threads: { kind: 'integers', default: [1, 4, 16, 50], min: 1, max: 256, maxItems: 8, description: 'native threads per call (columns)' },
      calls: { kind: 'integer', default: 3, min: 1, max: 100, description: 'native calls per Python thread' },
      block_kib: { kind: 'integer', default: 64, min: 1, max: 131072, unit: 'KiB', description: 'allocation size (glibc mmaps >= 128 KiB by default; the talk used 64 MiB)' },
      blocks: { kind: 'integer', default: 16, min: 1, max: 4096, description: 'allocations per native thread' },
      touch: { kind: 'boolean', default: true, description: "write every byte of each block (resident); false: never written (the talk's 64 MiB recipe: blocks glibc mmaps are then address space only)" },
      loader: {
        kind: 'choice',
        default: 'pydll',
        choices: ARENA_LOADERS,
        description: "how the native call is made: pydll / pyo3-held keep the GIL during it (the talk's), cdll / pyo3-released release it",
      },
      repeats: { kind: 'integer', default: 3, min: 1, max: 20, description: 'processes per cell (medians and their spread)' },
      allocator,
      ...glibcTunables,
    },
  },
  {
    id: 'allocators',
    title: "The talk's allocator table, measured: glibc, jemalloc, tcmalloc, mimalloc",
    driver: 'allocators.py',
    needsRuntime: true,
    timeoutS: 300,
    params: {
      allocators: { kind: 'choices', default: ALLOCATORS, choices: ALLOCATORS, description: 'allocators (LD_PRELOAD of the Debian libraries; glibc is the default malloc)' },
      scenarios: { kind: 'choices', default: ALLOCATOR_SCENARIOS, choices: ALLOCATOR_SCENARIOS, description: "the talk's scenarios that can be measured on Linux" },
      repeats: { kind: 'integer', default: 3, min: 1, max: 20, description: 'processes per allocator and scenario (medians and their spread)' },
      ...glibcTunables,
    },
    result: AllocatorsResult,
  },
  {
    id: 'scaling',
    title: 'Free-threaded scaling: calls/s vs threads',
    driver: 'scaling.py',
    needsRuntime: true,
    timeoutS: 300,
    result: R.ScalingResult,
    params: {
      bindings: { kind: 'choices', default: BINDING_IDS, choices: BINDING_IDS, description: 'bindings to measure' },
      max_threads: { kind: 'integer', default: 2, min: 1, max: 64, description: 'threads from 1 up to this' },
      duration_ms: { kind: 'integer', default: 300, min: 50, max: 10000, unit: 'ms', description: 'measuring time per point' },
    },
  },
  {
    id: 'instructions',
    title: 'Instructions per call, counted under valgrind (callgrind)',
    driver: 'instructions.py',
    needsRuntime: true,
    // ~20 s for every binding on 2 idle cores; a machine busy with other work may take several times that.
    timeoutS: 600,
    result: R.InstructionsResult,
    params: {
      bindings: { kind: 'choices', default: BINDING_IDS, choices: BINDING_IDS, description: 'bindings to count (one valgrind process each)' },
      functions: { kind: 'choices', default: ['return_int'], choices: FUNCTION_IDS, description: 'functions to call' },
      calls: { kind: 'integer', default: 20_000, min: 1000, max: 200_000, description: "iterations of call-overhead's loop counted per function (a run of 0 iterations is subtracted)" },
      paths: { kind: 'boolean', default: true, description: 'call paths and layers per function (1 or 0)' },
    },
  },
  {
    id: 'env-check',
    title: 'Is this a pinned, quiet benchmark machine?',
    driver: 'env_check.py',
    needsRuntime: false,
    timeoutS: 60,
    result: R.EnvCheckResult,
    params: {},
  },
];

export function findExperiment(id: string): ExperimentSpec | undefined {
  return EXPERIMENTS.find((e) => e.id === id);
}

/** Human-readable bounds of a parameter, used in every error message about it. */
export function describeBounds(spec: ParamSpec): string {
  const unit = spec.unit ? ` ${spec.unit}` : '';
  switch (spec.kind) {
    case 'integer':
      return `an integer ${spec.min}..${spec.max}${unit}`;
    case 'number':
      return `a number ${spec.min}..${spec.max}${unit}`;
    case 'boolean':
      return 'true or false (1 or 0)';
    case 'choice':
      return `one of ${spec.choices.join(', ')}`;
    case 'choices':
      return `a comma-separated subset of ${spec.choices.join(', ')}`;
    case 'integers':
      return `up to ${spec.maxItems} comma-separated integers ${spec.min}..${spec.max}${unit}`;
  }
}

export class ParamError extends Error {
  override name = 'ParamError';
  /** The parameter at fault. */
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message);
  }
}

/** A value as an error message quotes it: JSON, at most 80 characters, and never a stack overflow. */
function preview(raw: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(raw);
  } catch {
    text = undefined;
  }
  if (text === undefined) return Array.isArray(raw) ? 'a list nested too deep to show' : typeof raw;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Parses one value (a CLI string, or a JSON value from the wire) against its spec. */
function coerce(name: string, spec: ParamSpec, raw: unknown): ParamValue {
  const bad = () => new ParamError(`parameter "${name}": got ${preview(raw)}, expected ${describeBounds(spec)}`, name);
  const list = (v: unknown): unknown[] =>
    Array.isArray(v) ? v : typeof v === 'string' ? (v.trim() === '' ? [] : v.split(',').map((s) => s.trim())) : [v];
  const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);
  switch (spec.kind) {
    case 'integer':
    case 'number': {
      const n = num(raw);
      if (!Number.isFinite(n) || n < spec.min || n > spec.max || (spec.kind === 'integer' && !Number.isInteger(n))) throw bad();
      return n;
    }
    case 'boolean':
      if (raw === true || raw === 'true' || raw === 1 || raw === '1') return true;
      if (raw === false || raw === 'false' || raw === 0 || raw === '0') return false;
      throw bad();
    case 'choice':
      if (typeof raw !== 'string' || !spec.choices.includes(raw)) throw bad();
      return raw;
    case 'choices': {
      const items = list(raw);
      if (!items.length || !items.every((i): i is string => typeof i === 'string' && spec.choices.includes(i))) throw bad();
      return [...new Set(items as string[])];
    }
    case 'integers': {
      const items = list(raw).map(num);
      if (!items.length || items.length > spec.maxItems) throw bad();
      if (!items.every((n) => Number.isInteger(n) && n >= spec.min && n <= spec.max)) throw bad();
      return [...new Set(items)].sort((a, b) => a - b);
    }
  }
}

/** Complete, validated parameters: defaults overridden by `given`. Unknown names and values out
 * of bounds throw a ParamError naming the parameter and its bounds, before anything runs. */
export function resolveParams(exp: ExperimentSpec, given: Record<string, unknown>): Params {
  const out: Params = {};
  // Own keys only: "constructor", "toString" or "__proto__" are names on every object's prototype, not parameters.
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(exp.params, name)) {
      const known = Object.keys(exp.params);
      throw new ParamError(
        `unknown parameter "${name}" for ${exp.id} (${known.length ? `known: ${known.join(', ')}` : 'it takes none'})`,
        name,
      );
    }
  }
  for (const [name, spec] of Object.entries(exp.params)) {
    out[name] = Object.hasOwn(given, name) ? coerce(name, spec, given[name]) : spec.default;
  }
  return out;
}
