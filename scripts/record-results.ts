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
// It refuses a machine whose 1-minute load is at or above `--max-load-per-cpu` (default 1) per CPU:
// such numbers would fail their quality gates; between recordings it waits (up to 3 min) for the load
// its own runs raised to fall below that limit again. `--force` records anyway; `--plan` prints what would
// be recorded, in order, and exits.
//
//   node --import tsx scripts/record-results.ts [--only EXPERIMENT|ASSET-NAME]... [--processes N]
//        [--force] [--max-load-per-cpu X] [--plan]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunRecord } from '../protocol/record.ts';
import { ResultsStore } from '../server/results/store.ts';
import { newestPair } from '../server/runtimes/resolve.ts';
import { seededRandom } from '../analysis/stats.ts';
import { gilOnId } from '../protocol/runtime.ts';

const root = join(import.meta.dirname, '..');
const out = join(root, 'assets', 'results');
const processesDir = join(out, 'processes');

interface Recording {
  experiment: string;
  runtime: string | null;
  /** Suffix of the asset name for a non-default variant. */
  variant?: string;
  set?: Record<string, string>;
  /** Process number (1: the bundled file; k ≥ 2: assets/results/processes/…--p<k>.json). */
  process?: number;
}

/** The recordings the timing claims compare between runtimes: several alternated processes per arm. */
const TIMED = (runtime: string): Recording[] => [
  { experiment: 'call-overhead', runtime },
  { experiment: 'call-overhead', runtime, variant: 'unicode', set: { functions: 'return_int,bytes_len,str_len,str_len_fresh' } },
  { experiment: 'call-overhead', runtime, variant: 'talk-harness', set: { method: 'talk', bindings: 'ctypes-cdll,cffi-abi,pybind11,pyo3', functions: 'return_int' } },
  { experiment: 'cdll-vs-pydll', runtime },
];

/** What is recorded once, on the GIL and free-threaded runtimes of one CPython version (and the
 * talk's condition where a slide shows it). */
const recordings = (RUNTIMES: string[], gilOn: string): Recording[] => [
  { experiment: 'env-check', runtime: null },
  ...RUNTIMES.flatMap((runtime): Recording[] => [
    { experiment: 'call-overhead', runtime, variant: 'talk-cffi', set: { talk_cffi: 'true' } },
    { experiment: 'call-overhead', runtime, variant: 'single-shot', set: { method: 'single-shot', talk_cffi: 'true' } },
    { experiment: 'pydll-blocking', runtime },
    { experiment: 'races', runtime },
    { experiment: 'races', runtime, variant: 'cdll', set: { loader: 'cdll' } },
    { experiment: 'arena', runtime },
    { experiment: 'arena', runtime, variant: 'cdll', set: { loader: 'cdll' } },
    { experiment: 'arena', runtime, variant: 'arena_max-2', set: { arena_max: '2' } },
    { experiment: 'arena', runtime, variant: '64mib', set: { python_threads: '1', native_threads: '2', calls: '1', block_kib: '65536', blocks: '1' } },
    { experiment: 'allocators', runtime },
    { experiment: 'scaling', runtime },
    { experiment: 'instructions', runtime },
  ]),
  { experiment: 'pydll-blocking', runtime: gilOn },
];

/** The timing recordings, `processes` alternated rounds over `runtimes`: in each round every
 * recording once per runtime, the runtimes in a seeded random order (A B C, C A B, …). */
export function timedRounds(runtimes: string[], processes: number, seed = 1): Recording[] {
  const random = seededRandom(seed);
  const out: Recording[] = [];
  for (let k = 1; k <= processes; k++) {
    for (const i of TIMED('').keys()) {
      const order = [...runtimes];
      for (let j = order.length - 1; j > 0; j--) {
        const m = Math.floor(random() * (j + 1));
        [order[j], order[m]] = [order[m]!, order[j]!];
      }
      for (const rt of order) out.push({ ...TIMED(rt)[i]!, process: k });
    }
  }
  return out;
}

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

function record(r: Recording): RunRecord | null {
  const args = ['bin/ffi-corners.mjs', 'run', r.experiment];
  if (r.runtime) args.push('--runtime', r.runtime);
  for (const [k, v] of Object.entries(r.set ?? {})) args.push('--set', `${k}=${v}`);
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

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', multiple: true },
      processes: { type: 'string', default: '5' },
      force: { type: 'boolean', default: false },
      'max-load-per-cpu': { type: 'string', default: '1' },
      plan: { type: 'boolean', default: false },
    },
  });
  const processes = Number(values.processes);
  const maxPerCpu = Number(values['max-load-per-cpu']);
  if (!Number.isInteger(processes) || processes < 1 || processes > 50) return fail(`--processes: expected an integer 1..50, got "${values.processes}"`);
  if (!Number.isFinite(maxPerCpu) || maxPerCpu < 0) return fail(`--max-load-per-cpu: expected a number ≥ 0, got "${values['max-load-per-cpu']}"`);
  const refusal = loadRefusal(loadavg()[0]!, availableParallelism(), maxPerCpu);
  if (refusal && !values.force) return fail(`refusing to record: ${refusal}`);
  if (refusal) process.stderr.write(`recording anyway (--force): ${refusal}\n`);
  // --only takes an experiment, or one recording by its asset name (without .json).
  const pair = await newestPair();
  const all = [...recordings([pair.gil, pair.ft], gilOnId(pair.ft)), ...timedRounds([pair.gil, pair.ft, gilOnId(pair.ft)], processes)];
  const base = (r: Recording) => assetName({ ...r, process: 1 }).replace(/\.json$/, '');
  const todo = values.only?.length ? all.filter((r) => values.only!.includes(r.experiment) || values.only!.includes(base(r))) : all;
  if (values.plan) {
    for (const r of todo) console.log(assetPath(r).slice(root.length + 1));
    return 0;
  }
  mkdirSync(processesDir, { recursive: true });
  const records = todo
    .map((r) => {
      if (!values.force) settle(maxPerCpu);
      return record(r);
    })
    .filter((r): r is RunRecord => r !== null);

  // The machine: from the first record with an environment, plus every runtime's build record.
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
    recordedAt: new Date().toISOString(),
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
  process.stderr.write(`\nwrote ${records.length} record(s) and machine.json to ${out}\n`);
  return 0;
}

function fail(message: string): number {
  process.stderr.write(`record-results: ${message}\n`);
  return 2;
}

if (process.argv[1] === import.meta.filename) process.exitCode = await main();
