// Records the results the static deck shows when no server is running: every experiment with its
// default parameters on the newest GIL/free-threaded pair of runtimes found (plus the few variants the slides compare:
// races through CDLL, arena through CDLL, with arena_max and with 64 MiB blocks), run through the real CLI, copied to
// assets/results/<experiment>--<runtime>[--<variant>].json, with a description of the machine.
//
// The timing recordings (TIMED below) are made `--processes` times (default 5) per runtime, in
// alternated rounds (the runtimes of each round in a seeded random order), on the GIL build, the
// free-threaded build and the free-threaded build with the GIL on (<ft>-gil-on, the talk's condition):
// process 1 is assets/results/<asset>.json (what the deck bundles), process k is
// assets/results/processes/<asset>--p<k>.json (what `verify --records` pools with it).
// Named groups (GROUPS below: the claims' extra evidence) can be recorded alone into the existing
// folder, leaving every other record as it is: `--only pydll-deadlock,races-talk,pinned,unicode-talk`.
// It refuses a machine whose 1-minute load is at or above `--max-load-per-cpu` (default 1) per CPU:
// such numbers would fail their quality gates; between recordings it waits (up to 3 min) for the load
// its own runs raised to fall below that limit again. `--force` records anyway; `--plan` prints what would
// be recorded, in order, with an estimated duration each (a quiet 2-core machine), and exits.
// `--out DIR` records into another folder (never the shipped one: a check of the plumbing), and
// `--tiny` with it runs every recording with tiny parameters (numbers that mean nothing).
//
//   node --import tsx scripts/record-results.ts [--only GROUP|EXPERIMENT|ASSET-NAME[,…]]... [--processes N]
//        [--force] [--max-load-per-cpu X] [--plan] [--out DIR [--tiny]]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunRecord } from '../protocol/record.ts';
import { ResultsStore } from '../server/results/store.ts';
import { newestPair } from '../server/runtimes/resolve.ts';
import { seededRandom } from '../analysis/stats.ts';
import { CLAIMS } from '../analysis/claims.ts';
import { gilOnId } from '../protocol/runtime.ts';

const root = join(import.meta.dirname, '..');
const shipped = join(root, 'assets', 'results');
let out = shipped;
let processesDir = join(out, 'processes');

interface Recording {
  experiment: string;
  runtime: string | null;
  /** Suffix of the asset name for a non-default variant. */
  variant?: string;
  set?: Record<string, string>;
  /** Process number (1: the bundled file; k ≥ 2: assets/results/processes/…--p<k>.json). */
  process?: number;
  /** The named group `--only` takes it by (GROUPS). */
  group?: string;
  /** Pin the run to these CPUs (`run --cpus`). */
  cpus?: string;
  /** What `--tiny` sets instead (a check of the plumbing, never a recording). */
  tiny?: Record<string, string>;
  /** Seconds it takes on a quiet 2-core machine, starting the CLI and the interpreter included
   * (from the recorded runs' own durations plus ~2 s). */
  estimateS?: number;
}

/** The parameters a claim's need names, as `--set` values: what is recorded for the claim is what it selects. */
function needSet(claimId: string, experiment: string): Record<string, string> {
  const need = CLAIMS.find((c) => c.id === claimId)?.needs.find((n) => n.experiment === experiment);
  if (!need) throw new Error(`claim ${claimId} names no ${experiment} run`);
  return Object.fromEntries(Object.entries(need.params).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
}

/** The talk's arena recipe (arena-rss-amplified): its own cell, one unwritten 64 MiB block per native thread. */
const TALK_RECIPE_SET = needSet('arena-rss-amplified', 'arena');

/** Tiny call-overhead parameters for `--tiny`. */
const TINY_CO = { samples: '8', warmups: '1', batch_ms: '0.1' };

/** The recordings the timing claims compare between runtimes: several alternated processes per arm. */
const TIMED = (runtime: string): Recording[] => [
  { experiment: 'call-overhead', runtime, estimateS: 7 },
  { experiment: 'call-overhead', runtime, variant: 'unicode', set: { functions: 'return_int,bytes_len,str_len,str_len_fresh' }, estimateS: 30 },
  { experiment: 'call-overhead', runtime, variant: 'talk-harness', set: { method: 'talk', bindings: 'ctypes-cdll,cffi-abi,pybind11,pyo3', functions: 'return_int' }, estimateS: 3 },
  { experiment: 'cdll-vs-pydll', runtime, estimateS: 7 },
  // The talk's cffi (ABI mode behind a wrapper method, series cffi-talk) beside every binding: what
  // pyo3-fastest and the ranking claims read, so it needs as many processes as the others.
  { experiment: 'call-overhead', runtime, variant: 'talk-cffi', set: { talk_cffi: 'true' }, group: 'talk-cffi', tiny: TINY_CO, estimateS: 7 },
];

/** The talk's race parameters (analysis/talk.ts TALK_RACES: 50 threads × 10,000 increments through
 * PyDLL; the bank: 100 threads, $1000, $50, 3 attempts), what race-magnitude compares like with like. */
const TALK_RACES_SET = needSet('race-magnitude', 'races');

/** Processes per arm of the pinned / unpinned comparison (pin-thread needs 5 of each; a spread
 * between processes is a variance, so a few more narrow its interval). */
const PIN_PROCESSES = 8;
/** The talk's four bindings: what pin-thread judges. */
const TALK_FOUR = 'ctypes-cdll,cffi-abi,pybind11,pyo3';

/** Named groups of recordings, each what one claim needs and `--only NAME` records alone. */
export interface Group {
  name: string;
  /** The claim it gives evidence to, and what it records. */
  about: string;
  plan(rt: { gil: string; ft: string; gilOn: string }): Recording[];
}

export const GROUPS: readonly Group[] = [
  {
    name: 'talk-cffi',
    about: 'pyo3-fastest, talk-ranking-*: call-overhead with the talk-style cffi series, 5 alternated processes per runtime (also part of the timed rounds)',
    plan: (rt) => timedRounds([rt.gil, rt.ft, rt.gilOn], 5, 1).filter((r) => r.group === 'talk-cffi'),
  },
  {
    name: 'pydll-deadlock',
    about: 'pydll-can-deadlock: a PyDLL read() waiting on another Python thread, 3 trials per loader, each in a child process with a 2 s timeout',
    plan: (rt) =>
      [rt.gil, rt.ft, rt.gilOn].map((runtime) => ({
        experiment: 'pydll-deadlock',
        runtime,
        set: { repeats: '3' },
        tiny: { repeats: '1', timeout_ms: '500' },
        // With the GIL every PyDLL trial waits out its timeout.
        estimateS: runtime === rt.ft ? 5 : 10,
      })),
  },
  {
    name: 'races-talk',
    about: "race-magnitude: the races at the talk's parameters (50 threads × 10,000 increments, its bank), free-threaded, 5 repeats",
    // Free-threaded only: the claim counts that build (the GIL build is only shown apart), and a
    // races batch on fewer runtimes never displaces the default one the other race claims read.
    plan: (rt) => [{ experiment: 'races', runtime: rt.ft, variant: 'talk', set: TALK_RACES_SET, tiny: { repeats: '3' }, estimateS: 5 }],
  },
  {
    name: 'pinned',
    about: `pin-thread: call-overhead of the talk's four bindings on the GIL build, ${PIN_PROCESSES} processes pinned to CPU 0 alternated with ${PIN_PROCESSES} free to move, same parameters`,
    plan: (rt) =>
      Array.from({ length: PIN_PROCESSES }, (_, i) => i + 1).flatMap((k) =>
        (k % 2 ? ['pinned', 'unpinned'] : ['unpinned', 'pinned']).map(
          (arm): Recording => ({
            experiment: 'call-overhead',
            runtime: rt.gil,
            variant: arm,
            set: { bindings: TALK_FOUR, functions: 'return_int' },
            ...(arm === 'pinned' ? { cpus: '0' } : {}),
            process: k,
            tiny: TINY_CO,
            estimateS: 4,
          }),
        ),
      ),
  },
  {
    name: 'unicode-talk',
    about: "ft-unicode's talk path: cffi-talk's str_len (a wrapper that calls .encode() and passes bytes) against its bytes_len, 5 alternated processes per runtime",
    plan: (rt) =>
      timedRounds([rt.gil, rt.ft, rt.gilOn], 5, 2, (runtime) => [
        { experiment: 'call-overhead', runtime, variant: 'unicode-talk', set: { talk_cffi: 'true', bindings: 'cffi-abi', functions: 'bytes_len,str_len' }, tiny: TINY_CO, estimateS: 5 },
      ]),
  },
  {
    name: 'arena-talk',
    about: "arena-rss-amplified, and the talk's condition of arena-risk-amplified: the talk's recipe at its own cell (8 Python × 50 native threads, one 64 MiB block each, never written, the GIL held) on all three runtimes, and the default matrix on the free-threaded build with the GIL on",
    plan: (rt) => [
      ...[rt.gil, rt.ft, rt.gilOn].map((runtime): Recording => ({ experiment: 'arena', runtime, variant: 'talk-recipe', set: TALK_RECIPE_SET, tiny: { calls: '1', repeats: '1' }, estimateS: 3 })),
      { experiment: 'arena', runtime: rt.gilOn, tiny: { python_threads: '1', native_threads: '1', calls: '1', repeats: '1' }, estimateS: 10 },
    ],
  },
];

/** What is recorded once, on the GIL and free-threaded runtimes of one CPython version (and the
 * talk's condition where a slide shows it). */
const recordings = (RUNTIMES: string[], gilOn: string): Recording[] => [
  { experiment: 'env-check', runtime: null, estimateS: 3 },
  ...RUNTIMES.flatMap((runtime): Recording[] => [
    { experiment: 'call-overhead', runtime, variant: 'single-shot', set: { method: 'single-shot', talk_cffi: 'true' }, estimateS: 3 },
    { experiment: 'pydll-blocking', runtime, estimateS: 6 },
    { experiment: 'races', runtime, estimateS: 27 },
    { experiment: 'races', runtime, variant: 'cdll', set: { loader: 'cdll' }, estimateS: 29 },
    { experiment: 'arena', runtime, estimateS: 10 },
    { experiment: 'arena', runtime, variant: 'cdll', set: { loader: 'cdll' }, estimateS: 10 },
    { experiment: 'arena', runtime, variant: 'arena_max-2', set: { arena_max: '2' }, estimateS: 9 },
    { experiment: 'arena', runtime, variant: '64mib', set: { python_threads: '1', native_threads: '2', calls: '1', block_kib: '65536', blocks: '1' }, estimateS: 3 },
    { experiment: 'allocators', runtime, estimateS: 12 },
    { experiment: 'scaling', runtime, estimateS: 8 },
    { experiment: 'instructions', runtime, estimateS: 28 },
  ]),
  { experiment: 'pydll-blocking', runtime: gilOn, estimateS: 6 },
];

/** The timing recordings, `processes` alternated rounds over `runtimes`: in each round every
 * recording once per runtime, the runtimes in a seeded random order (A B C, C A B, …). */
export function timedRounds(runtimes: string[], processes: number, seed = 1, timed: (runtime: string) => Recording[] = TIMED): Recording[] {
  const random = seededRandom(seed);
  const out: Recording[] = [];
  for (let k = 1; k <= processes; k++) {
    for (const i of timed('').keys()) {
      const order = [...runtimes];
      for (let j = order.length - 1; j > 0; j--) {
        const m = Math.floor(random() * (j + 1));
        [order[j], order[m]] = [order[m]!, order[j]!];
      }
      for (const rt of order) out.push({ ...timed(rt)[i]!, process: k });
    }
  }
  return out;
}

/** `--only` values (repeatable, comma-separated) to the recordings they name: a group (GROUPS), an
 * experiment, or one recording by its asset name (without .json); an unknown name is an error. */
export function selectPlan(all: readonly Recording[], groups: Record<string, Recording[]>, only: readonly string[]): Recording[] | string {
  const names = only.flatMap((o) => o.split(',')).map((o) => o.trim()).filter(Boolean);
  const base = (r: Recording) => assetName({ ...r, process: 1 }).replace(/\.json$/, '');
  const out: Recording[] = [];
  for (const name of names) {
    const picked = groups[name] ?? all.filter((r) => r.experiment === name || base(r) === name);
    if (!picked.length) return `--only: "${name}" is no group (${Object.keys(groups).join(', ')}), experiment or recording of the plan`;
    for (const r of picked) if (!out.some((x) => assetName(x) === assetName(r))) out.push(r);
  }
  return out;
}

/** "1 min 40 s" */
export const duration = (s: number) => (s < 60 ? `${Math.round(s)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`);

/** Why the machine is too busy to record on (null: it is not): a 1-minute load at or above
 * `maxPerCpu` per CPU makes numbers that fail their quality gates. */
export function loadRefusal(load1: number, cpus: number, maxPerCpu: number): string | null {
  if (load1 < maxPerCpu * cpus) return null;
  return `the 1-minute load is ${load1.toFixed(2)} on ${cpus} CPUs (at or above ${maxPerCpu} per CPU): recorded numbers would fail their quality gates. Record on a quiet machine (nothing else running), or pass --force`;
}

const assetName = (r: Recording) =>
  `${r.experiment}--${r.runtime ?? 'machine'}${r.variant ? `--${r.variant}` : ''}${(r.process ?? 1) > 1 ? `--p${r.process}` : ''}.json`;
const assetPath = (r: Recording) => join((r.process ?? 1) > 1 ? processesDir : out, assetName(r));

/** Newest record file of (experiment, runtime) started after `since`. */
function newestRecord(r: Recording, since: number): string | null {
  const runs = new ResultsStore().list().filter((s) => s.experiment === r.experiment && s.runtime === r.runtime && Date.parse(s.date) >= since);
  return runs.at(-1)?.file ?? null;
}

/** Result keys that repeat the streamed partials one for one (arena cells, race repeats, scaling
 * points, allocator scenarios): the deck reads the partials, so the bundled copy leaves these out. */
const REPEATS_PARTIALS = ['cells', 'runs', 'points', 'scenarios'];

/** Smaller files for the bundle: samples rounded to 4 significant digits, result arrays that repeat
 * the partials left out (the full record stays in results/). */
function compact(record: RunRecord): RunRecord {
  const round = (x: number) => (Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(4)) : x);
  const samples = Object.fromEntries(Object.entries(record.samples).map(([k, v]) => [k, v.map(round)]));
  let result = record.result;
  if (result && typeof result === 'object' && record.partials.length) {
    result = Object.fromEntries(Object.entries(result as Record<string, unknown>).filter(([k]) => !REPEATS_PARTIALS.includes(k)));
  }
  return { ...record, samples, result };
}

/** Waits (up to `maxS`) for the 1-minute load to fall below the limit again: the experiments
 * themselves raise it (races start 50 threads), and a run started on its echo would fail its gate. */
function settle(maxPerCpu: number, maxS = 180): void {
  const limit = maxPerCpu * availableParallelism();
  const until = Date.now() + maxS * 1000;
  let told = false;
  while (loadavg()[0]! >= limit && Date.now() < until) {
    if (!told) process.stderr.write(`   waiting for the 1-minute load (${loadavg()[0]!.toFixed(2)}) to fall below ${limit}\n`);
    told = true;
    spawnSync('sleep', ['2']);
  }
}

function record(r: Recording, tiny: boolean): RunRecord | null {
  const args = ['bin/ffi-corners.mjs', 'run', r.experiment];
  if (r.runtime) args.push('--runtime', r.runtime);
  if (r.cpus) args.push('--cpus', r.cpus);
  for (const [k, v] of Object.entries({ ...r.set, ...(tiny ? r.tiny : {}) })) args.push('--set', `${k}=${v}`);
  const since = Date.now() - 1000;
  process.stderr.write(`\n== ${assetName(r)}: node ${args.join(' ')}\n`);
  const t0 = Date.now();
  const res = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
  process.stderr.write(`   exit ${res.status} after ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  const file = newestRecord(r, since);
  if (!file) {
    process.stderr.write(`   no record written for ${assetName(r)}\n`);
    return null;
  }
  const rec = JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
  if (rec.status !== 'ok') process.stderr.write(`   status ${rec.status}: ${rec.reason}\n`);
  writeFileSync(assetPath(r), JSON.stringify(compact(rec)) + '\n');
  return rec;
}

const USAGE = `usage: npm run record -- [--only GROUP[,…]] [--processes N] [--plan] [--force] [--max-load-per-cpu X] [--out DIR [--tiny]]

  Records assets/results/ (the results the deck shows without a server) on a quiet machine.
  --only      groups, experiments or asset names (comma-separated); the rest stay as they are
  --plan      print what would run and its estimated duration; records nothing
  --processes alternated processes per arm of the timing recordings (default 5)
  --force     record even when the 1-minute load is at or above --max-load-per-cpu (default 1) per CPU
  --out DIR   record into DIR instead; --tiny: tiny parameters, to check the plumbing
`;

/** machine.json: the machine from the first record with an environment, plus every runtime's build record. */
function writeMachine(records: RunRecord[], only: string[] | undefined): void {
  const env = records.find((r) => r.meta)?.meta?.env;
  const runtimes = spawnSync(process.execPath, ['bin/ffi-corners.mjs', 'runtimes', '--json'], { cwd: root, encoding: 'utf8' });
  let runtimeInfo: unknown = null;
  try {
    runtimeInfo = JSON.parse(runtimes.stdout);
  } catch {
    /* keep null: the records still carry their own environment */
  }
  const machinePath = join(out, 'machine.json');
  const previous = existsSync(machinePath) ? (JSON.parse(readFileSync(machinePath, 'utf8')) as Record<string, unknown>) : {};
  const machine = {
    ...previous,
    // Recording a few groups into an existing folder keeps its date and says what was added when.
    recordedAt: only?.length && previous['recordedAt'] ? previous['recordedAt'] : new Date().toISOString(),
    ...(only?.length ? { added: [...((previous['added'] as unknown[] | undefined) ?? []), { at: new Date().toISOString(), only: only.join(',') }] } : {}),
    cpuModel: env?.cpuModel ?? previous['cpuModel'] ?? null,
    cpuCount: env?.cpuCount ?? previous['cpuCount'] ?? null,
    kernel: env?.kernel ?? previous['kernel'] ?? null,
    glibc: env?.glibc ?? previous['glibc'] ?? null,
    affinity: env?.affinity ?? previous['affinity'] ?? null,
    runtimes: Array.isArray(runtimeInfo)
      ? runtimeInfo.map((r: Record<string, unknown>) => ({
          id: r['id'],
          version: r['version'],
          freeThreadedBuild: r['freeThreadedBuild'],
          gilEnabledAfterImports: r['gilEnabledAfterImports'],
          configureFlags: r['configureFlags'],
        }))
      : (previous['runtimes'] ?? null),
    files: readdirSync(out).filter((f) => f.endsWith('.json') && f !== 'machine.json').sort(),
  };
  writeFileSync(machinePath, JSON.stringify(machine, null, 2) + '\n');
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ options: {
      help: { type: 'boolean', short: 'h', default: false },
      only: { type: 'string', multiple: true },
      processes: { type: 'string', default: '5' },
      force: { type: 'boolean', default: false },
      'max-load-per-cpu': { type: 'string', default: '1' },
      plan: { type: 'boolean', default: false },
      out: { type: 'string' },
      tiny: { type: 'boolean', default: false },
    } });
  } catch (e) {
    return fail(`${(e as Error).message}\n${USAGE}`);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.tiny && !values.out) return fail('--tiny records numbers that mean nothing: only with --out DIR (never into assets/results/)');
  if (values.out) {
    out = resolve(values.out);
    if (out === shipped) return fail('--out: that is the shipped folder; leave --out out to record there');
    processesDir = join(out, 'processes');
  }
  const processes = Number(values.processes);
  const maxPerCpu = Number(values['max-load-per-cpu']);
  if (!Number.isInteger(processes) || processes < 1 || processes > 50) return fail(`--processes: expected an integer 1..50, got "${values.processes}"`);
  if (!Number.isFinite(maxPerCpu) || maxPerCpu < 0) return fail(`--max-load-per-cpu: expected a number ≥ 0, got "${values['max-load-per-cpu']}"`);
  // --only takes a group, an experiment, or one recording by its asset name (without .json).
  const pair = await newestPair();
  const rt = { gil: pair.gil, ft: pair.ft, gilOn: gilOnId(pair.ft) };
  const groups = Object.fromEntries(GROUPS.map((g) => [g.name, g.plan(rt)]));
  const all = [
    ...recordings([pair.gil, pair.ft], rt.gilOn),
    ...timedRounds([rt.gil, rt.ft, rt.gilOn], processes),
    ...GROUPS.filter((g) => g.name !== 'talk-cffi').flatMap((g) => groups[g.name]!),
  ];
  const todo = values.only?.length ? selectPlan(all, groups, values.only) : all;
  if (typeof todo === 'string') return fail(todo);
  if (values.plan) {
    const total = todo.reduce((a, r) => a + (r.estimateS ?? 15), 0);
    for (const r of todo) console.log(`${relative(root, assetPath(r))}\t~${duration(r.estimateS ?? 15)}`);
    process.stderr.write(`${todo.length} recording(s), about ${duration(total)} on a quiet 2-core machine (the load waits between runs add to it on a busy one)\n`);
    return 0;
  }
  // --plan records nothing, so only a recording checks the load.
  const refusal = loadRefusal(loadavg()[0]!, availableParallelism(), maxPerCpu);
  if (refusal && !values.force) return fail(`refusing to record: ${refusal}`);
  if (refusal) process.stderr.write(`recording anyway (--force): ${refusal}\n`);
  mkdirSync(processesDir, { recursive: true });
  const records = todo
    .map((r) => {
      if (!values.force) settle(maxPerCpu);
      return record(r, values.tiny);
    })
    .filter((r): r is RunRecord => r !== null);

  writeMachine(records, values.only);
  process.stderr.write(`\nwrote ${records.length} record(s) and machine.json to ${out}\n`);
  return 0;
}

function fail(message: string): number {
  process.stderr.write(`record-results: ${message}\n`);
  return 2;
}

if (process.argv[1] === import.meta.filename) process.exitCode = await main();
