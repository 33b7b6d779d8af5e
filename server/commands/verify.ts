// `ffi-corners verify [--runtime ID]... [--quick] [--json] [--records FILE...]`: runs what the
// talk's claims need (analysis/claims.ts says which experiments, with which parameters, on which
// builds), alternating the GIL and free-threaded processes in a seeded order, then prints each
// claim's verdict with the number behind it. Progress goes to stderr; every run is also saved, in
// verify's own folder (server/results/store.ts ownResultsRoot), or with --save among the runs the deck
// shows (results/). With --records it runs nothing and judges the given record files.
import { checkLang, parse } from './args.ts';
import { SPECS } from './specs.ts';
import { onInterrupt } from '../util/interrupt.ts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { screenRecords, sessions } from '../../analysis/quality.ts';
import { CLAIMS, DEFAULT_RULE, evaluateClaims, type ClaimNeed } from '../../analysis/claims.ts';
import { seededRandom } from '../../analysis/stats.ts';
import { findExperiment, resolveParams } from '../../protocol/experiments.ts';
import { paramsKey, type RunRecord } from '../../protocol/record.ts';
import { isComplete, minorOf, pairByVersion, type RuntimePair } from '../../protocol/runtime.ts';
import { loadConfig } from '../config.ts';
import { projectRoot } from '../paths.ts';
import { Run } from '../jobs/runner.ts';
import { ownResultsRoot, resultsRoot, ResultsStore } from '../results/store.ts';
import { formatClaims } from '../report/claims.ts';
import { discoverRuntimes, type RuntimeCandidate } from '../runtimes/discover.ts';
import { envPython } from '../runtimes/env.ts';
import { selectRuntimes } from '../runtimes/resolve.ts';
import { UserError } from '../util/errors.ts';

/** How much each mode measures. The rules are the same; --quick only has fewer, shorter processes.
 * Sequential: every run once, then more processes (alternated rounds) only for the runs of claims
 * still undecided after `minProcesses`, until each is decided or `maxProcesses` is reached. */
export const MODES = {
  default: { minProcesses: 3, maxProcesses: 8 },
  quick: { minProcesses: 2, maxProcesses: 4 },
};
export type Mode = keyof typeof MODES;

/** Each experiment's parameters in each mode, unless the claim's need sets them. */
const SIZING: Record<string, Partial<Record<Mode, Record<string, unknown>>>> = {
  'call-overhead': { default: { samples: 40, warmups: 3, batch_ms: 1 }, quick: { samples: 20, warmups: 2, batch_ms: 0.5 } },
  'cdll-vs-pydll': { default: { calls: 300_000, repeats: 3 }, quick: { calls: 150_000, repeats: 3 } },
  'pydll-blocking': { default: { sleep_ms: 500, repeats: 3 }, quick: { sleep_ms: 500, repeats: 2 } },
  // --quick: 200,000 increments per thread, not 1,000,000: the mutex counter (50 threads on one lock) took
  // 4–9 s a repeat; the unsafe bank, which every race claim also reads, races at any count.
  races: { default: { repeats: 3 }, quick: { repeats: 2, iterations: 200_000 } },
  arena: { default: { calls: 3 }, quick: { calls: 2 } },
  // --quick: the talk's four bindings and PyDLL (the GIL hand-over's control): callgrind is slow.
  instructions: { quick: { bindings: ['ctypes-cdll', 'ctypes-pydll', 'cffi-abi', 'pybind11', 'pyo3'] } },
};

/** One run to make: an experiment with its parameters on one runtime. */
export interface PlannedRun {
  experiment: string;
  params: Record<string, unknown>;
  runtime: RuntimeCandidate;
}

/** The runtimes a need names, among those available (paired by minor version, never by id). */
function runtimesFor(need: ClaimNeed, all: RuntimeCandidate[]): RuntimeCandidate[] {
  const newestFirst = (a: RuntimePair, b: RuntimePair) => {
    const [x1, x2] = a.version.split('.').map(Number);
    const [y1, y2] = b.version.split('.').map(Number);
    return y1! - x1! || y2! - x2!;
  };
  const pairs = pairByVersion(all, minorOf).sort(newestFirst);
  const pair = need.version === 'newest' ? (pairs.find(isComplete) ?? pairs[0]) : pairs.find((p) => p.version === need.version);
  if (!pair) return [];
  const byId = (id: string | null) => all.find((r) => r.id === id);
  // The free-threaded build's `-gil-on` runtime (the talk's condition) is derived from it, not a build of its own.
  const roles = { gil: byId(pair.gil), nogil: byId(pair.ft), 'gil-on': pair.ft === null ? undefined : all.find((r) => r.derivedFrom === pair.ft) };
  return need.builds.map((b) => roles[b]).filter((r): r is RuntimeCandidate => !!r);
}

/** A run some claims need: several alternated processes (`many`) or one, and which claims. */
export interface PlannedNeed {
  run: PlannedRun;
  many: boolean;
  claims: string[];
}

/** The runs every claim needs, deduplicated, each with the claims that need it. */
export function planNeeds(all: RuntimeCandidate[], mode: Mode): PlannedNeed[] {
  const wanted = new Map<string, PlannedNeed>();
  for (const claim of CLAIMS) {
    for (const need of claim.needs) {
      const exp = findExperiment(need.experiment);
      if (!exp) continue; // an experiment this checkout does not have (yet): its claims say not-tested
      for (const rt of runtimesFor(need, all)) {
        const params = { ...SIZING[need.experiment]?.[mode], ...need.params };
        const key = JSON.stringify([need.experiment, rt.id, paramsKey(params)]);
        const had = wanted.get(key);
        wanted.set(key, {
          run: { experiment: need.experiment, params, runtime: rt },
          many: (had?.many ?? false) || need.processes === 'many',
          claims: [...new Set([...(had?.claims ?? []), claim.id])],
        });
      }
    }
  }
  return [...wanted.values()];
}

/** One round's runs in the order they run: grouped by experiment and parameters, the runtimes of
 * each group in a seeded random order (A B, B A, …), so drift and load fall on both arms alike. */
export function roundOrder(runs: readonly PlannedRun[], random: () => number): PlannedRun[] {
  const groups = new Map<string, PlannedRun[]>();
  for (const r of runs) {
    const k = JSON.stringify([r.experiment, paramsKey(r.params)]);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const ordered: PlannedRun[] = [];
  for (const g of groups.values()) {
    for (let j = g.length - 1; j > 0; j--) {
      const k = Math.floor(random() * (j + 1));
      [g[j], g[k]] = [g[k]!, g[j]!];
    }
    ordered.push(...g);
  }
  return ordered;
}

export interface SequentialOptions {
  minProcesses: number;
  maxProcesses: number;
  seed: number;
}

export interface SequentialOutcome {
  records: RunRecord[];
  /** Runs made in each round. */
  rounds: number[];
  /** Claim id -> processes (rounds) after which it was decided; absent: undecided at the cap. */
  decidedAfter: Record<string, number>;
  cancelled: boolean;
}

/**
 * Sequential verification: round 1 makes every needed run once; each later round makes again only
 * the `many` runs of claims not yet decided, judged (by `judge`) after each round from
 * `minProcesses` on; it stops when no claim that more processes could decide is undecided, or at
 * `maxProcesses`. A claim is decided when its verdict is anything but inconclusive.
 * `runOne` returns null when the user interrupted.
 */
export async function sequential(
  needs: readonly PlannedNeed[],
  opts: SequentialOptions,
  runOne: (p: PlannedRun, at: { index: number; of: number; round: number }) => Promise<RunRecord | null>,
  judge: (records: RunRecord[]) => readonly { id: string; verdict: string }[],
): Promise<SequentialOutcome> {
  const random = seededRandom(opts.seed);
  const out: SequentialOutcome = { records: [], rounds: [], decidedAfter: {}, cancelled: false };
  let undecided = new Set(needs.flatMap((n) => n.claims));
  for (let round = 0; round < opts.maxProcesses; round++) {
    const due = needs.filter((n) => (round === 0 || n.many) && n.claims.some((c) => undecided.has(c)));
    if (!due.length) break;
    let made = 0;
    const order = roundOrder(due.map((n) => n.run), random);
    for (const [i, p] of order.entries()) {
      const record = await runOne(p, { index: i + 1, of: order.length, round: round + 1 });
      if (!record) {
        out.cancelled = true;
        break;
      }
      out.records.push(record);
      made++;
    }
    out.rounds.push(made);
    if (out.cancelled) break;
    if (round + 1 >= opts.minProcesses) {
      for (const c of judge(out.records)) {
        if (c.verdict !== 'inconclusive' && undecided.has(c.id)) out.decidedAfter[c.id] = round + 1;
      }
      undecided = new Set([...undecided].filter((id) => !(id in out.decidedAfter)));
    }
  }
  return out;
}

/** The recorded results shipped with the deck (assets/results/, and the further processes of its
 * timing recordings in assets/results/processes/): what `verify --records` judges with no file. */
export function shippedRecordFiles(): string[] {
  const dir = join(projectRoot, 'assets', 'results');
  const list = (d: string) => (existsSync(d) ? readdirSync(d).filter((f) => f.endsWith('.json')).map((f) => join(d, f)) : []);
  return [...list(dir), ...list(join(dir, 'processes'))]
    .filter((f) => {
      const r = JSON.parse(readFileSync(f, 'utf8')) as { experiment?: unknown };
      return typeof r.experiment === 'string'; // machine.json describes the machine, it is no run
    });
}

/** Of records to judge: those that pass their quality gates, and of runs with identical experiment,
 * runtime and parameters only the newest recording session (runs of another date are never more
 * processes of the same arm); the rest left out, each with its reason. */
export function screenForVerdicts(records: readonly (RunRecord & { file?: string })[]): {
  kept: RunRecord[];
  leftOut: { file: string | null; experiment: string; runtime: string | null; reasons: string[] }[];
} {
  const { kept, leftOut } = screenRecords(records);
  const groups = new Map<string, (RunRecord & { file?: string })[]>();
  for (const r of kept) {
    const k = JSON.stringify([r.experiment, r.runtimeId, paramsKey(r.params)]);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const out: RunRecord[] = [];
  const older: { record: RunRecord & { file?: string }; reasons: string[] }[] = [];
  for (const g of groups.values()) {
    const session = sessions(g);
    const newest = Math.max(...session.values());
    for (const r of g) {
      if (session.get(r) === newest) out.push(r);
      else older.push({ record: r, reasons: [`recorded in an earlier session (${r.startedAt.slice(0, 10)}) than runs with the same parameters: not pooled with them`] });
    }
  }
  return {
    kept: out,
    leftOut: [...leftOut, ...older].map(({ record, reasons }) => ({ file: record.file ?? null, experiment: record.experiment, runtime: record.runtimeId, reasons })),
  };
}

function readRecords(files: string[]): (RunRecord & { file: string })[] {
  return files.map((f) => {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(f, 'utf8'));
    } catch (err) {
      throw new UserError(`${f}: cannot read a run record: ${(err as Error).message.split('\n')[0]}`);
    }
    const r = data as Partial<RunRecord>;
    if (!r || typeof r !== 'object' || typeof r.experiment !== 'string' || typeof r.samples !== 'object' || !('params' in r)) {
      throw new UserError(`${f}: not a run record (expected the JSON that \`ffi-corners run\` saves under results/)`);
    }
    return { ...(r as RunRecord), file: f };
  });
}

function machineOf(records: RunRecord[], extra: Record<string, unknown>): Record<string, unknown> {
  const envs = records.map((r) => r.meta?.env).filter((e) => !!e);
  const e = envs[0];
  return {
    cpuModel: e?.cpuModel ?? null,
    cpuCount: e?.cpuCount ?? null,
    affinity: e?.affinity ?? null,
    kernel: e?.kernel ?? null,
    glibc: e?.glibc ?? null,
    governor: e?.governor ?? null,
    smtActive: e?.smtActive ?? null,
    loadavgFirst: envs[0]?.loadavg ?? null,
    loadavgLast: envs.at(-1)?.loadavg ?? null,
    runtimes: [...new Set(records.map((r) => r.runtimeId).filter(Boolean))],
    records: records.length,
    rule: DEFAULT_RULE,
    ...extra,
  };
}

export async function verifyCommand(args: string[], write: (t: string) => void = (t) => void process.stdout.write(t)): Promise<number> {
  // Any number of positionals: this command says itself what it expects of them.
  const { values, positionals } = parse(args, SPECS.verify);
  if (positionals.length && !values.records) throw new UserError(`unexpected argument "${positionals[0]}" (to judge saved runs: --records FILE...)`);
  if (values.save && values.records) throw new UserError('--save: --records runs nothing, so there is nothing to save');
  const lang = checkLang(values.lang);
  const log = (line: string) => process.stderr.write(`[verify] ${line}\n`);
  const started = Date.now();

  let records: RunRecord[];
  let extra: Record<string, unknown>;
  if (values.records) {
    const files = positionals.length ? positionals : shippedRecordFiles();
    const read = readRecords(files);
    const screened = screenForVerdicts(read);
    for (const l of screened.leftOut) log(`left out ${l.file ?? `${l.experiment} on ${l.runtime}`}: ${l.reasons.join('; ')}`);
    // The claims module screens them itself (the quality gates, one batch per comparison), as the
    // deck's badges do on the same records: one reason in both places, and each claim's `excluded`.
    records = read;
    extra = { mode: 'records', files: files.length, shipped: !positionals.length, leftOut: screened.leftOut };
  } else {
    const mode: Mode = values.quick ? 'quick' : 'default';
    const seed = values.seed === undefined ? 1 : Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new UserError(`--seed: expected a non-negative integer, got "${values.seed}"`);
    const cpus = values.cpus ?? loadConfig().cpus;
    let all = await discoverRuntimes((w) => process.stderr.write(`ffi-corners: warning: ${w}\n`));
    all = selectRuntimes(all, values.runtime);
    all = all.filter((rt) => {
      if (existsSync(envPython(rt.id))) return true;
      log(`${rt.id}: no bindings built (npx ffi-corners setup --runtime ${rt.id}); its claims will say not-tested`);
      return false;
    });
    // Verify's runs are its own; only --save puts them where the deck shows saved runs.
    const store = new ResultsStore(values.save ? resultsRoot() : ownResultsRoot('verify'));
    log(`records saved under ${store.root}${values.save ? ' (--save: the deck shows them)' : ' (--save to show them in the deck)'}`);
    const needs = planNeeds(all, mode);
    const { minProcesses, maxProcesses } = MODES[mode];
    log(`${mode}: ${needs.length} runs per round, ${minProcesses} to ${maxProcesses} rounds (more only for undecided claims) on ${all.map((r) => r.id).join(', ') || 'no runtime'} (seed ${seed})`);
    const runOne = async (p: PlannedRun, at: { index: number; of: number; round: number }): Promise<RunRecord | null> => {
      const exp = findExperiment(p.experiment)!;
      const run = new Run({ experiment: exp, runtimeId: p.runtime.id, python: envPython(p.runtime.id), env: p.runtime.env, params: resolveParams(exp, p.params), cpus, store });
      let cancelled = false;
      const off = onInterrupt(() => {
        cancelled = true;
        run.cancel();
      });
      const t0 = Date.now();
      const record = await run.done;
      off();
      log(`${at.index}/${at.of} (round ${at.round}) ${p.experiment} on ${p.runtime.id}: ${record.status}${record.status === 'ok' ? '' : ` (${record.reason})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return cancelled ? null : record;
    };
    const outcome = await sequential(needs, { minProcesses, maxProcesses, seed }, runOne, (recs) => evaluateClaims(recs));
    records = outcome.records;
    if (outcome.cancelled) log('interrupted: judging what was measured');
    extra = { mode, seed, minProcesses, maxProcesses, rounds: outcome.rounds, decidedAfter: outcome.decidedAfter };
  }
  const claims = evaluateClaims(records, DEFAULT_RULE, undefined, lang);
  const wallS = (Date.now() - started) / 1000;
  const machine = machineOf(records, { ...extra, wallS });
  if (values.json) write(JSON.stringify({ claims, machine }, null, 2) + '\n');
  else write(formatClaims(claims) + `\n\n${records.length} runs, ${wallS.toFixed(0)} s.\n`);
  return 0;
}
