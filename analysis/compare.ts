// Your machine against the recorded one: two call-overhead runs of the same function (a live run
// and the recorded run shipped with the deck), per binding the two medians and their ratio, and
// whether the ranking (fastest first) agrees; which recorded run to set beside a live one. Pure
// TypeScript: the deck's comparison slide and `ffi-corners compare` call it.
import type { Lang } from '../protocol/lang.ts';
import { byBindingOrder, byFunctionOrder } from '../protocol/runtime.ts';
import { utcMinute } from './format.ts';
import { median } from './stats.ts';
import { kendallTau, processRatioCI, type ProcessRatio } from './intervals.ts';
import type { Bundle, BundleProcess } from '../protocol/bundle.ts';

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
  /** live / recorded over whole processes (Welch on the logarithms of each process's median), where
   * both sides have at least 2 processes; null otherwise. */
  interval: ProcessRatio | null;
}

/** One process of a run: its median ns/call per "binding/function" (a bundle carries these). */
export interface ComparedProcess {
  medians: Record<string, number>;
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
  const sorted = [...bindings].sort((a, b) => value(a) - value(b) || byBindingOrder(a, b));
  return new Map(sorted.map((b, i) => [b, i + 1]));
}

/**
 * Compares a live run with the recorded one on `fn` (default: the first function, in the
 * protocol's order, that both measured). Null when they share no function or fewer than one binding.
 */
export function compareRuns(
  live: ComparedRun,
  recorded: ComparedRun,
  fn?: string,
  processes: { live: readonly ComparedProcess[]; recorded: readonly ComparedProcess[] } = { live: [], recorded: [] },
): RunComparison | null {
  const common = [...functionsOf(live)].filter((f) => functionsOf(recorded).has(f));
  const chosen = fn ?? common.sort(byFunctionOrder)[0];
  if (!chosen) return null;
  const l = medians(live, chosen);
  const r = medians(recorded, chosen);
  const both = [...l.keys()].filter((b) => r.has(b));
  if (both.length === 0) return null;
  const perProcess = (ps: readonly ComparedProcess[], b: string) => ps.map((p) => p.medians[`${b}/${chosen}`]).filter((x): x is number => typeof x === 'number' && x > 0);
  const between = (b: string): ProcessRatio | null => {
    const a = perProcess(processes.recorded, b);
    const z = perProcess(processes.live, b);
    return a.length >= 2 && z.length >= 2 ? processRatioCI(a, z) : null;
  };
  const liveRanks = ranks(both, (b) => l.get(b)!);
  const recordedRanks = ranks(both, (b) => r.get(b)!);
  const rows = both
    .map((binding) => {
      const lv = l.get(binding)!;
      const rv = r.get(binding)!;
      return { binding, live: lv, recorded: rv, ratio: lv / rv, liveRank: liveRanks.get(binding)!, recordedRank: recordedRanks.get(binding)!, interval: between(binding) };
    })
    .sort((a, b) => a.recordedRank - b.recordedRank);
  const byOrder = (list: Iterable<string>) => [...list].sort(byBindingOrder);
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
export function recordedPeer<R extends DescribedRun>(
  live: DescribedRun,
  recorded: readonly R[],
  processes: { live: readonly ComparedProcess[]; recorded: (r: R) => readonly ComparedProcess[] } = { live: [], recorded: () => [] },
): { record: R; comparison: RunComparison } | null {
  // The same kind of build: free-threaded or not, and the GIL on or off while it ran (a free-threaded
  // build with PYTHON_GIL=1, the talk's condition, is not the free-threaded build's peer).
  const kindOf = (r: DescribedRun) => r.meta && `${r.meta.env.freeThreadedBuild} ${r.meta.env.gilEnabledAfterImports}`;
  const kind = kindOf(live);
  const candidates = recorded
    .map((r, i) => ({
      r,
      i,
      kind: r.runtimeId === live.runtimeId ? 0 : kind !== undefined && kindOf(r) === kind ? 1 : 2,
      differ: [...new Set([...Object.keys(live.params), ...Object.keys(r.params)])].filter((k) => param(r, k) !== param(live, k)).length,
    }))
    .filter((c) => c.kind < 2 && c.r.experiment === live.experiment && methodOf(c.r) === methodOf(live))
    .sort((a, b) => a.kind - b.kind || a.differ - b.differ || a.i - b.i);
  for (const { r } of candidates) {
    const comparison = compareRuns(live, r, undefined, { live: processes.live, recorded: processes.recorded(r) });
    if (comparison) return { record: r, comparison };
  }
  return null;
}

/** "LIVE: AMD EPYC ×2, Python 3.13.5 (GIL on), 2026-11-25 04:04 UTC, batched, 200 samples", in
 * English (the CLI) or Traditional Chinese (the deck in zh-TW; `when` is the time as the deck writes it). */
export function machineLine(kind: string, r: DescribedRun, lang: Lang = 'en', when: string = utcMinute(r.startedAt)): string {
  const env = r.meta?.env;
  const samples = typeof r.params['samples'] === 'number' ? r.params['samples'] : null;
  if (lang === 'zh-TW') {
    const cpu = env ? `${env.cpuModel} ×${env.cpuCount}` : 'CPU 不明';
    const py = env ? `Python ${env.version}${env.freeThreadedBuild ? ' 自由執行緒版本' : ''}（GIL ${env.gilEnabledAfterImports ? '開啟' : '關閉'}）` : (r.runtimeId ?? '執行環境不明');
    return `${kind}：${cpu}，${py}，${when}，${methodOf(r)}${samples === null ? '' : `，${samples} 個樣本`}`;
  }
  const cpu = env ? `${env.cpuModel} ×${env.cpuCount}` : 'CPU unknown';
  const py = env ? `Python ${env.version}${env.freeThreadedBuild ? ' free-threaded' : ''} (GIL ${env.gilEnabledAfterImports ? 'on' : 'off'})` : (r.runtimeId ?? 'runtime unknown');
  return `${kind}: ${cpu}, ${py}, ${when}, ${methodOf(r)}${samples === null ? '' : `, ${samples} samples`}`;
}

// ---------------------------------------------------------------------------------------------
// Bundles: two machines' results side by side (`ffi-corners compare A.bundle [B.bundle]`, the deck's
// comparison slide with a bundle opened).

const sortedJson = (o: Record<string, unknown>) => JSON.stringify(Object.keys(o).sort().map((k) => [k, o[k]]));

/** The processes of a bundle that ran exactly the record's runtime and parameters. */
export function processesOf(bundle: Pick<Bundle, 'processes'>, r: DescribedRun): BundleProcess[] {
  return bundle.processes.filter((p) => p.runtimeId === r.runtimeId && sortedJson(p.params) === sortedJson(r.params));
}

/** "AMD EPYC ×2, 2026-12-01": a bundle's machine and the date of its newest run (else of the bundle). */
export function bundleLabel(b: Pick<Bundle, 'machine' | 'createdAt' | 'records'>): string {
  const m = b.machine;
  const newest = b.records.reduce((d, r) => (r.startedAt > d ? r.startedAt : d), '');
  return `${m ? `${m.cpuModel} ×${m.cpuCount}` : 'machine unknown'}, ${(newest || b.createdAt).slice(0, 10)}`;
}

/** The batched call-overhead records of a bundle, newest first. */
export function comparedRecords<R extends DescribedRun & { startedAt: string }>(records: readonly R[]): R[] {
  return records.filter((r) => r.experiment === 'call-overhead' && methodOf(r) === 'batched' && r.runtimeId).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

export interface BundleRuntimeComparison {
  runtime: string;
  /** The run of B (numerator) and the run of A (reference) compared; null where A has no peer. */
  b: DescribedRun;
  a: DescribedRun | null;
  comparison: RunComparison | null;
}

export interface VerdictPair {
  id: string;
  talk: string;
  a: string | null;
  b: string | null;
}

export interface BundleComparison {
  runtimes: BundleRuntimeComparison[];
  verdicts: VerdictPair[];
}

/**
 * B against A: for each runtime B has a batched call-overhead run of (its newest), the run of A to
 * set beside it (`recordedPeer`: the same runtime, else the same kind of build) and the comparison,
 * B / A, with between-process intervals where both bundles carry processes of those runs; and each
 * claim's verdict on both machines.
 */
export function compareBundles(a: Bundle, b: Bundle): BundleComparison {
  const aRuns = comparedRecords(a.records);
  const newest = new Map<string, (typeof b.records)[number]>();
  for (const r of comparedRecords(b.records)) if (!newest.has(r.runtimeId!)) newest.set(r.runtimeId!, r);
  const runtimes = [...newest.values()]
    .sort((x, y) => x.runtimeId!.localeCompare(y.runtimeId!))
    .map((r) => {
      const peer = recordedPeer(r, aRuns, { live: processesOf(b, r), recorded: (x) => processesOf(a, x) });
      return { runtime: r.runtimeId!, b: r, a: peer?.record ?? null, comparison: peer?.comparison ?? null };
    });
  const ids = [...new Set([...a.verdicts.map((v) => v.id), ...b.verdicts.map((v) => v.id)])];
  const verdicts = ids.map((id) => {
    const va = a.verdicts.find((v) => v.id === id);
    const vb = b.verdicts.find((v) => v.id === id);
    return { id, talk: (va ?? vb)!.talk, a: va?.verdict ?? null, b: vb?.verdict ?? null };
  });
  return { runtimes, verdicts };
}
