// `ffi-corners bundle [--out FILE] [--runtime ID]... [--from DIR]`: this machine's results in one
// file to carry elsewhere (protocol/bundle.ts): the machine, its runtimes and builds, the newest
// record of each experiment × runtime × parameter set, the per-process medians of its call-overhead
// processes, and the claims' verdicts judged on its records. --from DIR bundles a folder of record
// files instead of results/ (assets/results/: the run recorded with the deck).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { evaluateClaims } from '../../analysis/claims.ts';
import { methodOf } from '../../analysis/compare.ts';
import { median } from '../../analysis/stats.ts';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type Bundle, type BundleProcess, type BundleRuntime } from '../../protocol/bundle.ts';
import { runtimeEnvs, type RunRecord } from '../../protocol/record.ts';
import { projectRoot } from '../paths.ts';
import { ResultsStore } from '../results/store.ts';
import { discoverRuntimes } from '../runtimes/discover.ts';
import { UserError } from '../util/errors.ts';
import { parse } from './args.ts';
import { SPECS } from './specs.ts';

/** Processes of one call-overhead run kept per runtime (verify makes 5; more adds little). */
const MAX_PROCESSES = 20;

const key = (r: RunRecord) => JSON.stringify([r.experiment, r.runtimeId, Object.keys(r.params).sort().map((k) => [k, r.params[k]])]);

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null; // a file being written or damaged: not part of the bundle
  }
}

const isRecord = (x: unknown): x is RunRecord => !!x && typeof x === 'object' && 'experiment' in x && 'samples' in x && 'params' in x && 'startedAt' in x;

/** Every record of a results store (results/<experiment>/<runtime>/*.json), oldest first. */
function storeRecords(store: ResultsStore): RunRecord[] {
  return store
    .list()
    .map((s) => readJson(s.file))
    .filter(isRecord);
}

/** Every record of a folder of record files (assets/results/, with the further processes of its
 * timing recordings in processes/), and its machine.json if any. */
function folderRecords(dir: string): { records: RunRecord[]; machine: Record<string, unknown> | null } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`--from ${dir}: no such folder`);
  const json = (d: string) => (existsSync(d) && statSync(d).isDirectory() ? readdirSync(d).filter((f) => f.endsWith('.json') && f !== 'machine.json').sort().map((f) => join(d, f)) : []);
  const records = [...json(dir), ...json(join(dir, 'processes'))].map(readJson).filter(isRecord);
  if (!records.length) throw new UserError(`--from ${dir}: no run records in it (expected the JSON files \`ffi-corners run\` saves)`);
  const machine = readJson(join(dir, 'machine.json'));
  return { records, machine: machine && typeof machine === 'object' ? (machine as Record<string, unknown>) : null };
}

/** A bundle of `records` (all of a machine's records; the bundle keeps the newest of each kind). */
export function makeBundle(all: RunRecord[], opts: { source: string; runtimes: BundleRuntime[]; only?: string[] }): Bundle {
  const wanted = (r: RunRecord) => !opts.only?.length || r.runtimeId === null || opts.only.includes(r.runtimeId);
  const usable = all.filter((r) => wanted(r) && r.status !== 'running').sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const newest = new Map<string, RunRecord>();
  for (const r of usable) {
    const k = key(r);
    if (r.status === 'ok' || newest.get(k)?.status !== 'ok') newest.set(k, r);
  }
  const records = [...newest.values()];
  // The processes of each runtime's newest batched call-overhead run: every ok record with its parameters.
  const processes: BundleProcess[] = [];
  for (const r of records) {
    if (r.experiment !== 'call-overhead' || methodOf(r) !== 'batched' || !r.runtimeId) continue;
    const same = usable.filter((x) => x.status === 'ok' && key(x) === key(r)).slice(-MAX_PROCESSES);
    for (const p of same) {
      const medians: Record<string, number> = {};
      for (const [series, values] of Object.entries(p.samples)) if (values.length >= 2) medians[series] = median(values);
      processes.push({ runtimeId: p.runtimeId!, params: p.params, startedAt: p.startedAt, medians });
    }
  }
  const ok = usable.filter((r) => r.status === 'ok');
  const machine = [...records].reverse().find((r) => r.meta?.env)?.meta?.env ?? null;
  const ids = new Set(records.map((r) => r.runtimeId).filter((x): x is string => !!x));
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdAt: new Date().toISOString(),
    source: opts.source,
    machine,
    runtimes: opts.runtimes.filter((r) => ids.has(r.id)),
    records,
    processes,
    verdicts: evaluateClaims(ok).map(({ id, talk, verdict, reason }) => ({ id, talk, verdict, reason })),
  };
}

/** The runtimes of `records`: what their environments say, with the build's configure flags. */
function runtimesOf(records: RunRecord[], builds: Map<string, string[] | null>): BundleRuntime[] {
  return [...runtimeEnvs(records)]
    .map(([id, env]): BundleRuntime => ({
      id,
      version: env.version,
      freeThreadedBuild: env.freeThreadedBuild,
      gilEnabledAfterImports: env.gilEnabledAfterImports,
      configureFlags: builds.get(id) ?? null,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** This machine's bundle: from results/ (or `from`, a folder of record files). */
export async function collectBundle(opts: { from?: string; only?: string[] } = {}): Promise<Bundle> {
  if (opts.from) {
    const dir = resolve(opts.from);
    const { records, machine } = folderRecords(dir);
    const listed = Array.isArray(machine?.['runtimes']) ? (machine!['runtimes'] as { id: string; configureFlags: string[] | null }[]) : [];
    const builds = new Map(listed.map((r) => [r.id, r.configureFlags ?? null]));
    const shown = dir.startsWith(projectRoot) ? dir.slice(projectRoot.length + 1) || '.' : dir;
    return makeBundle(records, { source: `${shown}/`, runtimes: runtimesOf(records, builds), only: opts.only });
  }
  const store = new ResultsStore();
  const records = storeRecords(store);
  const builds = new Map((await discoverRuntimes()).map((r) => [r.id, r.configureFlags]));
  return makeBundle(records, { source: `${ResultsStore.shown(store.root)}/`, runtimes: runtimesOf(records, builds), only: opts.only });
}

export async function bundleCommand(args: string[]): Promise<number> {
  const { values } = parse(args, SPECS.bundle);
  const bundle = await collectBundle({ from: values.from, only: values.runtime });
  if (!bundle.records.length) {
    throw new UserError(`no saved runs${values.runtime?.length ? ` of ${values.runtime.join(', ')}` : ''} to bundle: run an experiment first (npx ffi-corners run call-overhead)`);
  }
  const out = resolve(values.out ?? `ffi-corners-${bundle.createdAt.slice(0, 10)}.bundle.json`);
  writeFileSync(out, JSON.stringify(bundle) + '\n');
  const kinds = new Set(bundle.records.map((r) => r.experiment)).size;
  console.log(
    `wrote ${out}: ${bundle.records.length} record(s) of ${kinds} experiment(s) on ${bundle.runtimes.map((r) => r.id).join(', ') || 'no runtime'}, ` +
      `${bundle.processes.length} call-overhead process(es), ${bundle.verdicts.length} verdicts (format version ${bundle.version})`,
  );
  return 0;
}
