// Your machine against the recorded one: two call-overhead runs of the same function (a live run
// and the recorded run shipped with the deck), per binding the two medians and their ratio, and
// whether the ranking (fastest first) agrees; which recorded run to set beside a live one. Pure
// TypeScript: the deck's comparison slide and `ffi-corners compare` call it.
import { CALL_OVERHEAD_FUNCTIONS as FUNCTION_IDS } from '../protocol/experiments.ts';
import { BINDING_IDS } from '../protocol/runtime.ts';
import { utcMinute } from './format.ts';
import { kendallTau, median } from './stats.ts';

/** What the comparison reads from a run (RunRecord satisfies it). */
export interface ComparedRun {
  /** "binding/function" -> ns per call. */
  samples: Record<string, readonly number[]>;
}

export interface ComparisonRow {
  binding: string;
  /** Median ns/call of the live run. */
  live: number;
  /** Median ns/call of the recorded run. */
  recorded: number;
  /** live / recorded: above 1, slower here. */
  ratio: number;
  /** 1 = fastest, among the bindings both runs measured. */
  liveRank: number;
  recordedRank: number;
}

export interface RunComparison {
  function: string;
  /** The bindings both runs measured, in the recorded run's order (fastest first). */
  rows: ComparisonRow[];
  /** Measured in one run only: not compared. */
  onlyLive: string[];
  onlyRecorded: string[];
  /** Kendall's τ-b between the two runs' medians over the common bindings (1: the same order). */
  tau: number;
  /** Bindings whose rank differs between the two runs. */
  moved: number;
  /** Geometric mean of the ratios: how much slower (> 1) or faster this machine is overall. */
  geoMeanRatio: number;
}

const order = (b: string) => {
  const i = BINDING_IDS.indexOf(b);
  return i < 0 ? Infinity : i;
};

/** Medians of the usable series (≥ 2 finite samples) of one function, by binding. */
function medians(run: ComparedRun, fn: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, values] of Object.entries(run.samples)) {
    const slash = key.lastIndexOf('/');
    if (slash <= 0 || key.slice(slash + 1) !== fn) continue;
    if (values.length >= 2 && values.every(Number.isFinite)) out.set(key.slice(0, slash), median(values));
  }
  return out;
}

function functionsOf(run: ComparedRun): Set<string> {
  return new Set(Object.keys(run.samples).map((k) => k.slice(k.lastIndexOf('/') + 1)));
}

/** 1-based ranks by median, fastest first; ties broken by the binding list's order. */
function ranks(bindings: string[], value: (b: string) => number): Map<string, number> {
  const sorted = [...bindings].sort((a, b) => value(a) - value(b) || order(a) - order(b) || a.localeCompare(b));
  return new Map(sorted.map((b, i) => [b, i + 1]));
}

/**
 * Compares a live run with the recorded one on `fn` (default: the first function, in the
 * protocol's order, that both measured). Null when they share no function or fewer than one binding.
 */
export function compareRuns(live: ComparedRun, recorded: ComparedRun, fn?: string): RunComparison | null {
  const common = [...functionsOf(live)].filter((f) => functionsOf(recorded).has(f));
  const fnIndex = (f: string) => {
    const i = (FUNCTION_IDS as readonly string[]).indexOf(f);
    return i < 0 ? Infinity : i;
  };
  const chosen = fn ?? common.sort((a, b) => fnIndex(a) - fnIndex(b) || a.localeCompare(b))[0];
  if (!chosen) return null;
  const l = medians(live, chosen);
  const r = medians(recorded, chosen);
  const both = [...l.keys()].filter((b) => r.has(b));
  if (both.length === 0) return null;
  const liveRanks = ranks(both, (b) => l.get(b)!);
  const recordedRanks = ranks(both, (b) => r.get(b)!);
  const rows = both
    .map((binding) => {
      const lv = l.get(binding)!;
      const rv = r.get(binding)!;
      return { binding, live: lv, recorded: rv, ratio: lv / rv, liveRank: liveRanks.get(binding)!, recordedRank: recordedRanks.get(binding)! };
    })
    .sort((a, b) => a.recordedRank - b.recordedRank);
  const byOrder = (list: Iterable<string>) => [...list].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const ratios = rows.map((x) => x.ratio).filter((x) => x > 0 && Number.isFinite(x));
  return {
    function: chosen,
    rows,
    onlyLive: byOrder([...l.keys()].filter((b) => !r.has(b))),
    onlyRecorded: byOrder([...r.keys()].filter((b) => !l.has(b))),
    tau: rows.length >= 2 ? kendallTau(rows.map((x) => x.live), rows.map((x) => x.recorded)) : NaN,
    moved: rows.filter((x) => x.liveRank !== x.recordedRank).length,
    geoMeanRatio: ratios.length ? Math.exp(ratios.reduce((s, x) => s + Math.log(x), 0) / ratios.length) : NaN,
  };
}

/** "Same order as the recorded run" or "3 of 9 bindings moved (Kendall τ = 0.83)". */
export function rankingAgreement(c: RunComparison): string {
  const n = c.rows.length;
  const tau = Number.isFinite(c.tau) ? ` (Kendall τ = ${c.tau.toFixed(2)})` : '';
  if (c.moved === 0) return `Ranking: the same order as the recorded run, all ${n} bindings${tau}.`;
  return `Ranking: ${c.moved} of ${n} bindings moved place${tau}.`;
}

/** What choosing and describing a run reads from a record (RunRecord satisfies it). */
export interface DescribedRun extends ComparedRun {
  experiment: string;
  runtimeId: string | null;
  params: Record<string, unknown>;
  startedAt?: string;
  meta?: { env: { version: string; freeThreadedBuild: boolean; gilEnabledAfterImports: boolean; cpuModel: string; cpuCount: number } } | null;
}

/** The timing method of a run ("batched" unless it says otherwise). */
export const methodOf = (r: { params: Record<string, unknown> }): string => String(r.params['method'] ?? 'batched');

/** A parameter as compared between runs: absent counts as false (e.g. talk_cffi off). */
const param = (r: DescribedRun, key: string) => JSON.stringify(r.params[key] ?? false);

/**
 * The recorded run to set beside a live one, and the comparison: same experiment and method; the
 * same runtime first, else the same kind of build (GIL or free-threaded) of another version; among
 * those, the one whose parameters differ from the live run's in the fewest keys (earlier in
 * `recorded` on a tie). Null when none shares a function and a binding with it.
 */
export function recordedPeer<R extends DescribedRun>(live: DescribedRun, recorded: readonly R[]): { record: R; comparison: RunComparison } | null {
  const ft = live.meta?.env.freeThreadedBuild;
  const candidates = recorded
    .map((r, i) => ({
      r,
      i,
      kind: r.runtimeId === live.runtimeId ? 0 : ft !== undefined && r.meta?.env.freeThreadedBuild === ft ? 1 : 2,
      differ: [...new Set([...Object.keys(live.params), ...Object.keys(r.params)])].filter((k) => param(r, k) !== param(live, k)).length,
    }))
    .filter((c) => c.kind < 2 && c.r.experiment === live.experiment && methodOf(c.r) === methodOf(live))
    .sort((a, b) => a.kind - b.kind || a.differ - b.differ || a.i - b.i);
  for (const { r } of candidates) {
    const comparison = compareRuns(live, r);
    if (comparison) return { record: r, comparison };
  }
  return null;
}

/** "LIVE: AMD EPYC ×2, Python 3.13.5 (GIL on), 2026-11-25 04:04 UTC, batched, 200 samples". */
export function machineLine(kind: string, r: DescribedRun): string {
  const env = r.meta?.env;
  const cpu = env ? `${env.cpuModel} ×${env.cpuCount}` : 'CPU unknown';
  const py = env ? `Python ${env.version}${env.freeThreadedBuild ? ' free-threaded' : ''} (GIL ${env.gilEnabledAfterImports ? 'on' : 'off'})` : (r.runtimeId ?? 'runtime unknown');
  const samples = typeof r.params['samples'] === 'number' ? `, ${r.params['samples']} samples` : '';
  return `${kind}: ${cpu}, ${py}, ${utcMinute(r.startedAt)}, ${methodOf(r)}${samples}`;
}
