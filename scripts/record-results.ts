// Records the results the static deck shows when no server is running: every experiment with its
// default parameters on the newest GIL/free-threaded pair of runtimes found (plus the few variants the slides compare:
// races through CDLL, arena through CDLL, with arena_max and with 64 MiB blocks), run through the real CLI, copied to
// assets/results/<experiment>--<runtime>[--<variant>].json, with a description of the machine.
//
//   node --import tsx scripts/record-results.ts [--only EXPERIMENT|ASSET-NAME]...
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunRecord } from '../protocol/record.ts';
import { ResultsStore } from '../server/results/store.ts';
import { newestPair } from '../server/runtimes/resolve.ts';

const root = join(import.meta.dirname, '..');
const out = join(root, 'assets', 'results');

interface Recording {
  experiment: string;
  runtime: string | null;
  /** Suffix of the asset name for a non-default variant. */
  variant?: string;
  set?: Record<string, string>;
}

/** What is recorded, on the GIL and free-threaded runtimes of one CPython version. */
const recordings = (RUNTIMES: string[]): Recording[] => [
  { experiment: 'env-check', runtime: null },
  ...RUNTIMES.flatMap((runtime): Recording[] => [
    { experiment: 'call-overhead', runtime },
    { experiment: 'call-overhead', runtime, variant: 'unicode', set: { functions: 'return_int,bytes_len,str_len' } },
    { experiment: 'call-overhead', runtime, variant: 'talk-cffi', set: { talk_cffi: 'true' } },
    { experiment: 'call-overhead', runtime, variant: 'single-shot', set: { method: 'single-shot', talk_cffi: 'true' } },
    { experiment: 'cdll-vs-pydll', runtime },
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
];

const assetName = (r: Recording) => `${r.experiment}--${r.runtime ?? 'machine'}${r.variant ? `--${r.variant}` : ''}.json`;

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
  writeFileSync(join(out, assetName(r)), JSON.stringify(compact(rec)) + '\n');
  return rec;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string', multiple: true } } });
  mkdirSync(out, { recursive: true });
  // --only takes an experiment, or one recording by its asset name (without .json).
  const pair = await newestPair();
  const RECORDINGS = recordings([pair.gil, pair.ft]);
  const todo = values.only?.length ? RECORDINGS.filter((r) => values.only!.includes(r.experiment) || values.only!.includes(assetName(r).replace(/\.json$/, ''))) : RECORDINGS;
  const records = todo.map(record).filter((r): r is RunRecord => r !== null);

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
}

await main();
