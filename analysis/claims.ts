// Every claim of the talk, each with its words (verbatim, with the section they come from), what
// would confirm or refute it, the experiments that test it like for like, and a rule that turns
// run records into a verdict: holds, differs, inconclusive or not-tested. One computation serves
// `ffi-corners verify` and the deck's verdict badges. Pure TypeScript, no DOM or Node APIs.
//
// Comparisons of runtimes, loaders or runs take whole processes as their unit: each record is one
// process, and a ratio's interval (analysis/stats.ts: Student t on the logarithms of per-process
// values) carries the variation between processes. A verdict needs that interval to clear a stated
// minimum effect; otherwise it is inconclusive. One process per arm gives no interval at all.
import type { RunRecord } from '../protocol/record.ts';
import type { InstructionLayer } from '../protocol/results.ts';
import type { BlockingResult, CdllVsPydllResult, RaceResult } from '../protocol/results.ts';
import { instructionsOf, layerShare, layersOf, pathSymbols } from './instructions.ts';
import { arenaCells as arenaCellsOf, cellAt } from './arena.ts';
import type { ArenaCell as ArenaCellOf } from '../protocol/arena.ts';
import { findExperiment } from '../protocol/experiments.ts';
import { ratio as fmtRatio, ratioCI } from './format.ts';
import { median } from './stats.ts';
import { processGeoMeanCI, processRatioCI, type ProcessRatio } from './intervals.ts';
import { TALK_ARENA, TALK_CDLL_VS_PYDLL, TALK_FREE_THREADED_RECAP, TALK_LOADERS, TALK_PYO3_RECAP, TALK_RACES, TALK_TABLES } from './talk.ts';

export type Verdict = 'holds' | 'differs' | 'inconclusive' | 'not-tested';
export const VERDICTS: readonly Verdict[] = ['holds', 'differs', 'inconclusive', 'not-tested'];

/** The thresholds every rule states with its verdict. */
export interface RuleSettings {
  /** Smallest relative effect that counts (0.05: a ratio must clear 1.05, or stay within 1 ± 5% for parity). */
  minEffect: number;
  /** Two-sided confidence of every interval. */
  confidence: number;
}
export const DEFAULT_RULE: RuleSettings = { minEffect: 0.05, confidence: 0.95 };

/** One interval as the JSON and the slides show it. */
export interface RatioEvidence {
  ratio: number;
  ci: [number, number] | null;
  processes: number[];
}

export interface ClaimEvidence {
  /** The rule, in one sentence, with its thresholds. */
  rule: string;
  ratio?: number;
  ci?: [number, number] | null;
  processes?: number[] | number;
  runtimes?: Record<string, string>;
  [key: string]: unknown;
}

export interface ClaimResult {
  id: string;
  talk: string;
  section: string;
  verdict: Verdict;
  reason: string;
  /** What would test it (not-tested), or give it more processes (inconclusive); null otherwise. */
  command: string | null;
  evidence: ClaimEvidence;
}

/** A run the claim needs: the experiment, the parameters that make it like for like, where. */
export interface ClaimNeed {
  experiment: string;
  params: Record<string, unknown>;
  /** The GIL build, the free-threaded build, or both, of `version`. */
  builds: ('gil' | 'nogil')[];
  /** "3.13" or "3.14": that minor version; "newest": the newest with both builds (else any). */
  version: string;
  /** Several alternated processes per build (a between-process interval), or one is enough. */
  processes: 'many' | 'one';
}

export interface Claim {
  id: string;
  /** The talk's words, verbatim. */
  talk: string;
  /** The talk's section (slide title) they come from. */
  section: string;
  confirms: string;
  refutes: string;
  needs: ClaimNeed[];
  evaluate(ctx: ClaimContext): Outcome;
}

export interface Outcome {
  verdict: Verdict;
  reason: string;
  command?: string | null;
  evidence: ClaimEvidence;
}

// ---------------------------------------------------------------------------------------------
// Runtimes and records

export interface RuntimeFacts {
  id: string;
  version: string;
  /** major.minor */
  minor: string;
  freeThreaded: boolean;
  gilAfterImports: boolean;
}

/** What the rules read: finished records, and the settings. */
export class ClaimContext {
  readonly runtimes: RuntimeFacts[];
  constructor(
    readonly records: readonly RunRecord[],
    readonly rule: RuleSettings = DEFAULT_RULE,
  ) {
    const seen = new Map<string, RuntimeFacts>();
    for (const r of records) {
      const env = r.meta?.env;
      if (!r.runtimeId || !env || seen.has(r.runtimeId)) continue;
      seen.set(r.runtimeId, {
        id: r.runtimeId,
        version: env.version,
        minor: env.version.split('.').slice(0, 2).join('.'),
        freeThreaded: env.freeThreadedBuild,
        gilAfterImports: env.gilEnabledAfterImports,
      });
    }
    this.runtimes = [...seen.values()];
  }

  /** The GIL and free-threaded runtimes of a minor version ("newest": the newest with both, else any). */
  pair(version: string): { gil: RuntimeFacts | null; nogil: RuntimeFacts | null; minor: string | null } {
    const minors = [...new Set(this.runtimes.map((r) => r.minor))].sort((a, b) => versionKey(b) - versionKey(a));
    const of = (m: string) => ({
      gil: this.runtimes.find((r) => r.minor === m && !r.freeThreaded) ?? null,
      nogil: this.runtimes.find((r) => r.minor === m && r.freeThreaded) ?? null,
      minor: m,
    });
    if (version !== 'newest') return of(version);
    const both = minors.find((m) => of(m).gil && of(m).nogil);
    return both ? of(both) : minors[0] ? of(minors[0]) : { gil: null, nogil: null, minor: null };
  }

  /** Finished records (one per process) of an experiment on a runtime whose params match. */
  select(experiment: string, runtime: RuntimeFacts | null, match: Record<string, unknown> = {}): RunRecord[] {
    if (!runtime) return [];
    return this.records.filter((r) => r.experiment === experiment && r.runtimeId === runtime.id && r.status === 'ok' && paramsMatch(r.params, match));
  }
}

function versionKey(minor: string): number {
  const [a, b] = minor.split('.').map(Number);
  return (a ?? 0) * 1000 + (b ?? 0);
}

/** A record matches when each wanted param equals its own (lists: every wanted item is in it). */
export function paramsMatch(params: Record<string, unknown>, match: Record<string, unknown>): boolean {
  return Object.entries(match).every(([k, want]) => {
    const have = params[k];
    if (Array.isArray(want)) return Array.isArray(have) && want.every((w) => (have as unknown[]).includes(w));
    return have === want;
  });
}

// ---------------------------------------------------------------------------------------------
// Rules on intervals

/** "B is larger than A by at least the minimum effect": the interval must clear 1 + m to hold and
 * lie wholly below it to differ. */
export function atLeast(r: ProcessRatio, threshold: number): Verdict {
  if (!Number.isFinite(r.low) || !Number.isFinite(r.high)) return 'inconclusive';
  if (r.low > threshold) return 'holds';
  if (r.high < threshold) return 'differs';
  return 'inconclusive';
}

/** "About the same": the interval lies within [1/(1+m), 1+m] to hold, wholly outside it to differ. */
export function parity(r: ProcessRatio, m: number): Verdict {
  if (!Number.isFinite(r.low) || !Number.isFinite(r.high)) return 'inconclusive';
  if (r.low >= 1 / (1 + m) && r.high <= 1 + m) return 'holds';
  if (r.low > 1 + m || r.high < 1 / (1 + m)) return 'differs';
  return 'inconclusive';
}

export function evidenceOf(r: ProcessRatio): RatioEvidence {
  return { ratio: r.ratio, ci: Number.isFinite(r.low) ? [r.low, r.high] : null, processes: r.processes };
}

/** "1.23× [1.10, 1.35] (5+5 processes)" */
export function describeRatio(r: ProcessRatio): string {
  const n = r.processes.join('+');
  return `${ratioCI(r.ratio, r.low, r.high)} (${n} process${r.processes.reduce((a, b) => a + b, 0) === 1 ? '' : 'es'})`;
}

const pct = (m: number) => `${Math.round(m * 100)}%`;
const fewProcesses = (r: ProcessRatio) => r.processes.some((n) => n < 2);
const VERIFY = 'npx ffi-corners verify';

function buildCommand(minor: string, which: ('gil' | 'nogil')[]): string {
  const v = minor === '3.13' ? '3.13.5' : `${minor}.0`;
  return which.map((w) => `npx ffi-corners runtimes build ${v}${w === 'nogil' ? ' --nogil' : ''}`).join(' && ') + ' && npx ffi-corners setup';
}

/** The runtimes a claim needs, or the not-tested outcome that names how to get them. */
function needPair(ctx: ClaimContext, version: string, builds: ('gil' | 'nogil')[], rule: string): { gil: RuntimeFacts | null; nogil: RuntimeFacts | null; minor: string } | Outcome {
  const p = ctx.pair(version);
  const missing = builds.filter((b) => !p[b]);
  if (!missing.length && p.minor) return { ...p, minor: p.minor };
  const minor = version === 'newest' ? (p.minor ?? '3.13') : version;
  return {
    verdict: 'not-tested',
    reason: `no ${missing.map((b) => (b === 'gil' ? 'GIL' : 'free-threaded')).join(' or ')} runtime of ${version === 'newest' ? 'any version' : `CPython ${minor}`} in these results`,
    command: buildCommand(minor, missing),
    evidence: { rule },
  };
}

const isOutcome = (x: unknown): x is Outcome => typeof x === 'object' && x !== null && 'verdict' in x;

function runtimesEvidence(p: { gil: RuntimeFacts | null; nogil: RuntimeFacts | null }): Record<string, string> {
  const out: Record<string, string> = {};
  if (p.gil) out['gil'] = p.gil.id;
  if (p.nogil) out['nogil'] = p.nogil.id;
  return out;
}

/** A free-threaded runtime whose GIL came back on import does not measure free-threading. */
function gilCameBack(p: { gil: RuntimeFacts | null; nogil: RuntimeFacts | null }, rule: string): Outcome | null {
  if (!p.nogil?.gilAfterImports) return null;
  return {
    verdict: 'inconclusive',
    reason: `${p.nogil.id}: a binding re-enabled the GIL on import, so these runs were not free-threaded`,
    command: `npx ffi-corners runtimes --runtime ${p.nogil.id}`,
    evidence: { rule, runtimes: runtimesEvidence(p) },
  };
}

// ---------------------------------------------------------------------------------------------
// Call overhead: per-process medians

/** The bindings that reach the C function through a foreign-function layer (not pure Python, not
 * the hand-written C-API module, not the talk-style cffi wrapper class). */
export const FFI_BINDINGS = ['ctypes-cdll', 'ctypes-pydll', 'cffi-abi', 'cffi-api', 'pybind11', 'pyo3', 'nanobind'] as const;
/** The talk's four names, mapped to what it actually ran: ctypes.CDLL, and cffi ABI mode behind
 * Python wrapper methods (our series cffi-talk). */
export const TALK_NAME_TO_OURS: Record<string, string> = { ctypes: 'ctypes-cdll', cffi: 'cffi-talk', pybind11: 'pybind11', pyo3: 'pyo3' };
/** The call-overhead run the claims read: the talk's call, a bytes and a str argument, and the
 * talk-style cffi series; our batched method. */
export const CO_PARAMS = { functions: ['return_int', 'bytes_len', 'str_len'], talk_cffi: true, method: 'batched' };

/** Median ns/call of one series in one process, or null when it has fewer than 2 samples. */
function seriesMedian(r: RunRecord, binding: string, fn: string): number | null {
  const v = r.samples[`${binding}/${fn}`];
  return v && v.length >= 2 ? median(v) : null;
}

/** Whether a binding called `fn` through a Python wrapper in this run (the driver says so). */
function wrapped(r: RunRecord, binding: string, fn: string): boolean {
  const w = (r.result as { wrapped?: Record<string, string[]> } | null)?.wrapped?.[binding];
  return Array.isArray(w) && w.includes(fn);
}

/** Per-process values: for each record, f(record) (null drops that record). */
function perProcess(records: RunRecord[], f: (r: RunRecord) => number | null): number[] {
  return records.map(f).filter((x): x is number => x !== null && Number.isFinite(x) && x > 0);
}

/** Geometric mean of positive numbers. */
const geo = (xs: number[]) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);

/** Bindings with a median for every function in every record of both arms. */
function commonBindings(records: RunRecord[], candidates: readonly string[], fns: string[]): string[] {
  return candidates.filter((b) => records.length > 0 && records.every((r) => fns.every((f) => seriesMedian(r, b, f) !== null)));
}

interface FtData {
  p: { gil: RuntimeFacts | null; nogil: RuntimeFacts | null; minor: string };
  gil: RunRecord[];
  nogil: RunRecord[];
}

function ftData(ctx: ClaimContext, version: string, rule: string, fns: string[] = ['return_int']): FtData | Outcome {
  const match = { functions: fns, method: 'batched' };
  const p = needPair(ctx, version, ['gil', 'nogil'], rule);
  if (isOutcome(p)) return p;
  const back = gilCameBack(p, rule);
  if (back) return back;
  const gil = ctx.select('call-overhead', p.gil, match);
  const nogil = ctx.select('call-overhead', p.nogil, match);
  if (!gil.length || !nogil.length) {
    return {
      verdict: 'not-tested',
      reason: `no finished call-overhead run with ${JSON.stringify(match)} on ${!gil.length ? p.gil!.id : p.nogil!.id}`,
      command: VERIFY,
      evidence: { rule, runtimes: runtimesEvidence(p) },
    };
  }
  return { p, gil, nogil };
}

/** No-GIL / GIL ratio of each binding's per-process median, and their geometric mean (pooled per process). */
function ftRatios(d: FtData, bindings: readonly string[], fn: string, conf: number) {
  const both = [...d.gil, ...d.nogil];
  const common = commonBindings(both, bindings, [fn]);
  const perBinding = common.map((b) => {
    const r = processRatioCI(perProcess(d.gil, (x) => seriesMedian(x, b, fn)), perProcess(d.nogil, (x) => seriesMedian(x, b, fn)), conf);
    return { binding: b, ...evidenceOf(r), r };
  });
  const pooledScore = (x: RunRecord) => (common.length ? geo(common.map((b) => seriesMedian(x, b, fn)!)) : null);
  const pooled = common.length ? processRatioCI(perProcess(d.gil, pooledScore), perProcess(d.nogil, pooledScore), conf) : null;
  return { common, perBinding, pooled };
}

function ftSlowerFfi(ctx: ClaimContext): Outcome {
  const m = ctx.rule.minEffect;
  const rule = `no-GIL / GIL median ns per return_int() call, geometric mean over the bindings that cross a foreign-function layer (${FFI_BINDINGS.join(', ')}), processes as the unit: holds if the ${pct(ctx.rule.confidence)} interval lies above ${(1 + m).toFixed(2)}, differs if it lies below, else inconclusive`;
  const d = ftData(ctx, '3.13', rule);
  if (isOutcome(d)) return d;
  const { perBinding, pooled } = ftRatios(d, FFI_BINDINGS, 'return_int', ctx.rule.confidence);
  if (!pooled) return { verdict: 'not-tested', reason: 'no FFI binding measured on both runtimes', command: VERIFY, evidence: { rule } };
  const verdict = atLeast(pooled, 1 + m);
  const slower = perBinding.filter((x) => atLeast(x.r, 1 + m) === 'holds').length;
  return {
    verdict,
    reason: `no-GIL / GIL ${describeRatio(pooled)}; ${slower} of ${perBinding.length} bindings slower by more than ${pct(m)}${fewProcesses(pooled) ? '; one process per runtime gives no interval' : ''}`,
    command: verdict === 'inconclusive' ? VERIFY : null,
    evidence: { rule, minEffect: m, ...evidenceOf(pooled), runtimes: runtimesEvidence(d.p), perBinding: perBinding.map(({ r: _r, ...x }) => x) },
  };
}

function ft314Parity(ctx: ClaimContext): Outcome {
  const m = ctx.rule.minEffect;
  const rule = `3.14 no-GIL / GIL median ns per return_int() call, geometric mean over the FFI bindings, processes as the unit: holds if the ${pct(ctx.rule.confidence)} interval lies within ${(1 / (1 + m)).toFixed(2)}–${(1 + m).toFixed(2)}, differs if it lies wholly outside, else inconclusive`;
  const d = ftData(ctx, '3.14', rule);
  if (isOutcome(d)) return d;
  const { perBinding, pooled } = ftRatios(d, FFI_BINDINGS, 'return_int', ctx.rule.confidence);
  if (!pooled) return { verdict: 'not-tested', reason: 'no FFI binding measured on both 3.14 runtimes', command: VERIFY, evidence: { rule } };
  const verdict = parity(pooled, m);
  return {
    verdict,
    reason: `3.14 no-GIL / GIL ${describeRatio(pooled)}`,
    command: verdict === 'inconclusive' ? VERIFY : null,
    evidence: { rule, minEffect: m, ...evidenceOf(pooled), runtimes: runtimesEvidence(d.p), perBinding: perBinding.map(({ r: _r, ...x }) => x) },
  };
}

function ftLockfree(ctx: ClaimContext): Outcome {
  const m = ctx.rule.minEffect;
  const rule = `"in some cases the locked implementation is faster": holds if for at least one FFI binding the no-GIL / GIL ratio of per-process medians (return_int()) has its ${pct(ctx.rule.confidence)} interval above ${(1 + m).toFixed(2)}; differs if every binding's interval lies below it; else inconclusive`;
  const d = ftData(ctx, '3.13', rule);
  if (isOutcome(d)) return d;
  const { perBinding } = ftRatios(d, FFI_BINDINGS, 'return_int', ctx.rule.confidence);
  if (!perBinding.length) return { verdict: 'not-tested', reason: 'no FFI binding measured on both runtimes', command: VERIFY, evidence: { rule } };
  const v = perBinding.map((x) => atLeast(x.r, 1 + m));
  const faster = perBinding.filter((_, i) => v[i] === 'holds').map((x) => x.binding);
  const verdict: Verdict = faster.length ? 'holds' : v.every((x) => x === 'differs') ? 'differs' : 'inconclusive';
  const worst = perBinding.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  return {
    verdict,
    reason: faster.length ? `the GIL build is faster for ${faster.join(', ')}` : `largest no-GIL / GIL: ${worst.binding} ${describeRatio(worst.r)}`,
    command: verdict === 'inconclusive' ? VERIFY : null,
    evidence: { rule, minEffect: m, ratio: worst.ratio, ci: worst.ci, processes: worst.processes, runtimes: runtimesEvidence(d.p), perBinding: perBinding.map(({ r: _r, ...x }) => x) },
  };
}

function ftUnicode(ctx: ClaimContext): Outcome {
  const m = ctx.rule.minEffect;
  const rule = `(str_len / bytes_len) on no-GIL over the same on GIL, per-process medians, geometric mean over the bindings that call the C function without a Python wrapper for both (pure Python excluded; wrapped ones shown apart): holds if the ${pct(ctx.rule.confidence)} interval lies above ${(1 + m).toFixed(2)}, differs if below, else inconclusive`;
  const d = ftData(ctx, '3.13', rule, ['bytes_len', 'str_len']);
  if (isOutcome(d)) return d;
  const all = [...d.gil, ...d.nogil];
  const measured = commonBindings(all, [...FFI_BINDINGS, 'capi', 'cffi-talk'], ['bytes_len', 'str_len']);
  const direct = measured.filter((b) => all.every((r) => !wrapped(r, b, 'str_len') && !wrapped(r, b, 'bytes_len')));
  const wrappedOnes = measured.filter((b) => !direct.includes(b));
  const unicodeCost = (bs: string[]) => (r: RunRecord) => (bs.length ? geo(bs.map((b) => seriesMedian(r, b, 'str_len')! / seriesMedian(r, b, 'bytes_len')!)) : null);
  if (!direct.length) return { verdict: 'not-tested', reason: 'no binding that takes str and bytes directly was measured on both runtimes', command: VERIFY, evidence: { rule } };
  const pooled = processRatioCI(perProcess(d.gil, unicodeCost(direct)), perProcess(d.nogil, unicodeCost(direct)), ctx.rule.confidence);
  const per = (bs: string[]) =>
    bs.map((b) => ({ binding: b, ...evidenceOf(processRatioCI(perProcess(d.gil, unicodeCost([b])), perProcess(d.nogil, unicodeCost([b])), ctx.rule.confidence)) }));
  const verdict = atLeast(pooled, 1 + m);
  return {
    verdict,
    reason: `str vs bytes cost, no-GIL over GIL: ${describeRatio(pooled)} over ${direct.join(', ')}`,
    command: verdict === 'inconclusive' ? VERIFY : null,
    evidence: { rule, minEffect: m, ...evidenceOf(pooled), runtimes: runtimesEvidence(d.p), bindings: direct, perBinding: per(direct), wrappedApart: per(wrappedOnes) },
  };
}

/** Within-process ratio median(x) / median(y) on one runtime, processes as the unit. */
function pairRatio(records: RunRecord[], x: string, y: string, fn: string, conf: number): ProcessRatio | null {
  const v = perProcess(records, (r) => {
    const a = seriesMedian(r, x, fn);
    const b = seriesMedian(r, y, fn);
    return a !== null && b !== null ? a / b : null;
  });
  return v.length ? processGeoMeanCI(v, conf) : null;
}

function ranking(ctx: ClaimContext, tableId: string, build: 'gil' | 'nogil'): Outcome {
  const m = ctx.rule.minEffect;
  const table = TALK_TABLES.find((t) => t.id === tableId)!;
  const rule = `each of the talk's six "Faster" verdicts (its names mapped to what it ran: ${Object.entries(TALK_NAME_TO_OURS).map(([k, v]) => `${k} = ${v}`).join(', ')}) against the within-process ratio of medians (return_int()), processes as the unit: a pair agrees if the ${pct(ctx.rule.confidence)} interval clears ${pct(m)} the talk's way, contradicts if it clears it the other way; holds if all six agree, differs if any contradicts, else inconclusive`;
  const p = needPair(ctx, '3.13', [build], rule);
  if (isOutcome(p)) return p;
  if (build === 'nogil') {
    const back = gilCameBack(p, rule);
    if (back) return back;
  }
  const rt = p[build]!;
  const recs = ctx.select('call-overhead', rt, { talk_cffi: true, method: 'batched' });
  if (!recs.length) return { verdict: 'not-tested', reason: `no batched call-overhead run with talk_cffi=true on ${rt.id}`, command: VERIFY, evidence: { rule } };
  const pairs = table.pairs.map((pr) => {
    const a = TALK_NAME_TO_OURS[pr.a]!;
    const b = TALK_NAME_TO_OURS[pr.b]!;
    const r = pairRatio(recs, a, b, 'return_int', ctx.rule.confidence); // median(a) / median(b)
    if (!r) return { pair: `${pr.a} vs ${pr.b}`, talk: pr.faster, ours: 'n/a', agrees: null as boolean | null, ratio: NaN, ci: null, processes: [0] };
    // "b faster" means a/b > 1 + m.
    const bFaster = atLeast(r, 1 + m) === 'holds';
    const aFaster = Number.isFinite(r.high) && r.high < 1 / (1 + m);
    const ours = bFaster ? pr.b : aFaster ? pr.a : 'unresolved';
    return { pair: `${pr.a} vs ${pr.b}`, talk: pr.faster, ours, agrees: ours === 'unresolved' ? null : ours === pr.faster, ...evidenceOf(r) };
  });
  const measured = pairs.filter((x) => x.ours !== 'n/a');
  if (measured.length < pairs.length) return { verdict: 'not-tested', reason: `missing series: ${pairs.filter((x) => x.ours === 'n/a').map((x) => x.pair).join(', ')}`, command: VERIFY, evidence: { rule, pairs } };
  const agree = pairs.filter((x) => x.agrees === true).length;
  const contra = pairs.filter((x) => x.agrees === false);
  const verdict: Verdict = contra.length ? 'differs' : agree === pairs.length ? 'holds' : 'inconclusive';
  const n = recs.length;
  return {
    verdict,
    reason: `${agree} of ${pairs.length} "Faster" verdicts repeated on ${rt.id}${contra.length ? `; contradicted: ${contra.map((x) => `${x.pair} (talk ${x.talk}, ours ${x.ours})`).join('; ')}` : ''}${n < 2 ? '; one process gives no interval' : ''}`,
    command: verdict === 'inconclusive' ? VERIFY : null,
    evidence: { rule, minEffect: m, processes: n, runtimes: { [build]: rt.id }, table: table.where, pairs },
  };
}

function pyo3Fastest(ctx: ClaimContext): Outcome {
  const m = ctx.rule.minEffect;
  const rivals = ['ctypes', 'cffi', 'pybind11'];
  const rule = `on each 3.13 runtime, median(rival) / median(pyo3) per process for the talk's other three (${rivals.map((r) => TALK_NAME_TO_OURS[r]).join(', ')}), return_int(): holds if every ${pct(ctx.rule.confidence)} interval lies above ${(1 + m).toFixed(2)} on both runtimes, differs if any rival is faster than pyo3 by that margin, else inconclusive`;
  const p = needPair(ctx, '3.13', ['gil', 'nogil'], rule);
  if (isOutcome(p)) return p;
  const rows: { runtime: string; rival: string; ratio: number; ci: [number, number] | null; processes: number[]; v: Verdict; fastestOfAll: string | null }[] = [];
  for (const rt of [p.gil!, p.nogil!]) {
    const recs = ctx.select('call-overhead', rt, { talk_cffi: true, method: 'batched' });
    // Beside the claim: the fastest of every binding measured (nanobind, the C-API floor…), by the
    // geometric mean of its per-process medians.
    const measured = commonBindings(recs, [...FFI_BINDINGS, 'capi', 'cffi-talk'], ['return_int']);
    const typical = (b: string) => geo(perProcess(recs, (x) => seriesMedian(x, b, 'return_int')));
    const fastest = measured.length ? measured.reduce((a, b) => (typical(b) < typical(a) ? b : a)) : null;
    for (const rival of rivals) {
      const r = pairRatio(recs, TALK_NAME_TO_OURS[rival]!, 'pyo3', 'return_int', ctx.rule.confidence);
      if (!r) continue;
      const v = atLeast(r, 1 + m) === 'holds' ? 'holds' : Number.isFinite(r.high) && r.high < 1 / (1 + m) ? 'differs' : 'inconclusive';
      rows.push({ runtime: rt.id, rival: TALK_NAME_TO_OURS[rival]!, ...evidenceOf(r), v, fastestOfAll: fastest });
    }
  }
  if (rows.length < rivals.length * 2) return { verdict: 'not-tested', reason: 'needs call-overhead runs with talk_cffi=true on both 3.13 runtimes', command: VERIFY, evidence: { rule } };
  const verdict: Verdict = rows.some((r) => r.v === 'differs') ? 'differs' : rows.every((r) => r.v === 'holds') ? 'holds' : 'inconclusive';
  const closest = rows.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  return {
    verdict,
    reason: `closest rival: ${closest.rival} on ${closest.runtime}, ${ratioCI(closest.ratio, closest.ci?.[0] ?? NaN, closest.ci?.[1] ?? NaN)} pyo3's time; fastest of all measured: ${[...new Set(rows.map((r) => `${r.fastestOfAll} (${r.runtime})`))].join(', ')}`,
    command: verdict === 'inconclusive' ? VERIFY : null,
    evidence: { rule, minEffect: m, ratio: closest.ratio, ci: closest.ci, processes: closest.processes, runtimes: runtimesEvidence(p), rivals: rows.map(({ v: _v, ...x }) => x) },
  };
}

// ---------------------------------------------------------------------------------------------
// Loaders

function pydllFaster(ctx: ClaimContext): Outcome {
  const threshold = 1.2; // the talk's "over a 20%"
  const rule = `CDLL time / PyDLL time for the same getpid() loop on the free-threaded runtime, each process's interleaved repeats giving one speed-up, processes as the unit: holds if the ${pct(ctx.rule.confidence)} interval lies above ${threshold.toFixed(2)} (the talk's 20%), differs if it lies below, else inconclusive`;
  const p = needPair(ctx, 'newest', ['nogil'], rule);
  if (isOutcome(p)) return p;
  const back = gilCameBack(p, rule);
  if (back) return back;
  const per = (rt: RuntimeFacts | null) => perProcess(ctx.select('cdll-vs-pydll', rt), (r) => (r.result as CdllVsPydllResult | null)?.speedup ?? null);
  const nogil = per(p.nogil);
  if (!nogil.length) return { verdict: 'not-tested', reason: `no finished cdll-vs-pydll run on ${p.nogil!.id}`, command: VERIFY, evidence: { rule, runtimes: runtimesEvidence(p) } };
  const r = processGeoMeanCI(nogil, ctx.rule.confidence);
  const gil = per(p.gil);
  const verdict = atLeast(r, threshold);
  return {
    verdict,
    reason: `PyDLL speed-up on ${p.nogil!.id}: ${describeRatio(r)} (the talk: ${TALK_CDLL_VS_PYDLL.nogil.speedup}× on ${TALK_CDLL_VS_PYDLL.python} no-GIL, ${TALK_CDLL_VS_PYDLL.gil.speedup}× with the GIL)`,
    command: verdict === 'inconclusive' ? VERIFY : null,
    evidence: { rule, threshold, ...evidenceOf(r), runtimes: runtimesEvidence(p), gil: gil.length ? evidenceOf(processGeoMeanCI(gil, ctx.rule.confidence)) : null },
  };
}

/** Iterations a Python thread made while C slept, PyDLL over CDLL, every repeat of every process. */
function blockingTrials(records: RunRecord[]): number[] {
  const out: number[] = [];
  for (const r of records) {
    const res = r.result as BlockingResult | null;
    if (!res) continue;
    res.pydll.iterations.forEach((it, i) => {
      const c = res.cdll.iterations[i];
      if (c && c > 0) out.push(it / c);
    });
  }
  return out;
}

/** Below this share of CDLL's count the other thread was stopped: what PyDLL still lets through is
 * the hand-over around the call (a few switch intervals, longer on a loaded machine), not the sleep. */
const BLOCKED = 0.25;
const FREE = 0.5;

function blocking(ctx: ClaimContext, build: 'gil' | 'nogil'): Outcome {
  const rule =
    build === 'gil'
      ? `with the GIL, the iterations a counting Python thread makes while C sleeps, PyDLL over CDLL, every trial: holds if every trial is below ${BLOCKED} (PyDLL held the GIL), differs if the median trial is above ${FREE}, else inconclusive`
      : `free-threaded, the same PyDLL / CDLL share: holds if every trial is above ${FREE} (PyDLL does not stop the other thread), differs if the median trial is below ${BLOCKED}, else inconclusive`;
  const p = needPair(ctx, 'newest', [build], rule);
  if (isOutcome(p)) return p;
  if (build === 'nogil') {
    const back = gilCameBack(p, rule);
    if (back) return back;
  }
  const rt = p[build]!;
  const recs = ctx.select('pydll-blocking', rt);
  const trials = blockingTrials(recs);
  if (!trials.length) return { verdict: 'not-tested', reason: `no finished pydll-blocking run on ${rt.id}`, command: VERIFY, evidence: { rule } };
  const med = median(trials);
  const verdict: Verdict =
    build === 'gil'
      ? trials.every((t) => t < BLOCKED) ? 'holds' : med > FREE ? 'differs' : 'inconclusive'
      : trials.every((t) => t > FREE) ? 'holds' : med < BLOCKED ? 'differs' : 'inconclusive';
  return {
    verdict,
    reason: `PyDLL / CDLL iterations during the C call on ${rt.id}: median ${fmtRatio(med)} over ${trials.length} trials (range ${Math.min(...trials).toFixed(3)}–${Math.max(...trials).toFixed(3)})`,
    command: null,
    evidence: { rule, ratio: med, ci: null, range: [Math.min(...trials), Math.max(...trials)], processes: recs.length, trials: trials.length, runtimes: { [build]: rt.id } },
  };
}

function cdllReleases(ctx: ClaimContext): Outcome {
  const rule = `with the GIL, a counting Python thread while C sleeps through CDLL, against the same thread running free (expected_free): holds if every trial reaches ${FREE} of it, differs if the median trial stays below ${BLOCKED}, else inconclusive`;
  const p = needPair(ctx, 'newest', ['gil'], rule);
  if (isOutcome(p)) return p;
  const recs = ctx.select('pydll-blocking', p.gil);
  const shares: number[] = [];
  for (const r of recs) {
    const res = r.result as BlockingResult | null;
    if (res && res.expected_free > 0) for (const it of res.cdll.iterations) shares.push(it / res.expected_free);
  }
  if (!shares.length) return { verdict: 'not-tested', reason: `no finished pydll-blocking run on ${p.gil!.id}`, command: VERIFY, evidence: { rule } };
  const med = median(shares);
  const verdict: Verdict = shares.every((s) => s >= FREE) ? 'holds' : med < BLOCKED ? 'differs' : 'inconclusive';
  return {
    verdict,
    reason: `CDLL: the other thread ran at ${fmtRatio(med, '')} of its free speed (median of ${shares.length} trials) on ${p.gil!.id}`,
    command: null,
    evidence: { rule, ratio: med, ci: null, range: [Math.min(...shares), Math.max(...shares)], processes: recs.length, trials: shares.length, runtimes: { gil: p.gil!.id } },
  };
}

// ---------------------------------------------------------------------------------------------
// Races

interface RaceTally {
  records: number;
  /** Unsafe trials: counter repeats plus bank repeats. */
  repeats: number;
  unsafeRaces: number;
  safeLosses: number;
}

function raceTally(records: RunRecord[]): RaceTally {
  const t: RaceTally = { records: records.length, repeats: 0, unsafeRaces: 0, safeLosses: 0 };
  for (const r of records) {
    const res = r.result as RaceResult | null;
    if (!res) continue;
    t.repeats += (res.counter['unsafe']?.repeats ?? 0) + (res.bank['unsafe']?.repeats ?? 0);
    t.unsafeRaces += (res.counter['unsafe']?.repeats_with_race ?? 0) + (res.bank['unsafe']?.repeats_inconsistent ?? 0);
    t.safeLosses += (res.counter['mutex']?.repeats_with_race ?? 0) + (res.counter['atomic']?.repeats_with_race ?? 0) + (res.bank['safe']?.repeats_inconsistent ?? 0);
  }
  return t;
}

const racesCommand = (rt: string, loader: string) => `npx ffi-corners run races --runtime ${rt} --set loader=${loader}`;

function gilProtects(ctx: ClaimContext): Outcome {
  const rule = 'unsafe counter and unsafe bank through PyDLL with the GIL: holds if no repeat races while the same run on the free-threaded build does (the test can see a race); differs if any repeat races with the GIL; inconclusive if neither races';
  const p = needPair(ctx, '3.13', ['gil', 'nogil'], rule);
  if (isOutcome(p)) return p;
  const gil = raceTally(ctx.select('races', p.gil, { loader: 'pydll' }));
  const nogil = raceTally(ctx.select('races', p.nogil, { loader: 'pydll' }));
  if (!gil.repeats) return { verdict: 'not-tested', reason: `no races run with loader=pydll on ${p.gil!.id}`, command: racesCommand(p.gil!.id, 'pydll'), evidence: { rule } };
  const verdict: Verdict = gil.unsafeRaces > 0 ? 'differs' : nogil.unsafeRaces > 0 ? 'holds' : 'inconclusive';
  return {
    verdict,
    reason: `PyDLL: ${gil.unsafeRaces} of ${gil.repeats} unsafe trials raced with the GIL, ${nogil.unsafeRaces} of ${nogil.repeats} without (counter and bank)`,
    command: verdict === 'inconclusive' ? racesCommand(p.nogil!.id, 'pydll') : null,
    evidence: { rule, gil, nogil, processes: gil.records + nogil.records, runtimes: runtimesEvidence(p) },
  };
}

function cdllUnprotected(ctx: ClaimContext): Outcome {
  const rule = 'unsafe counter and bank through CDLL (the GIL released around the call) on the GIL build: holds if any repeat races; no race proves nothing (inconclusive)';
  const p = needPair(ctx, '3.13', ['gil'], rule);
  if (isOutcome(p)) return p;
  const t = raceTally(ctx.select('races', p.gil, { loader: 'cdll' }));
  if (!t.repeats) return { verdict: 'not-tested', reason: `no races run with loader=cdll on ${p.gil!.id}`, command: racesCommand(p.gil!.id, 'cdll'), evidence: { rule } };
  const verdict: Verdict = t.unsafeRaces > 0 ? 'holds' : 'inconclusive';
  return {
    verdict,
    reason: `CDLL with the GIL: ${t.unsafeRaces} of ${t.repeats} unsafe trials raced (counter and bank)`,
    command: verdict === 'inconclusive' ? racesCommand(p.gil!.id, 'cdll') : null,
    evidence: { rule, ...t, processes: t.records, runtimes: runtimesEvidence(p) },
  };
}

function nogilRaces(ctx: ClaimContext): Outcome {
  const rule = 'unsafe counter and bank on the free-threaded build (PyDLL and CDLL runs): holds if any repeat races; none is inconclusive';
  const p = needPair(ctx, '3.13', ['nogil'], rule);
  if (isOutcome(p)) return p;
  const t = raceTally(ctx.select('races', p.nogil));
  if (!t.repeats) return { verdict: 'not-tested', reason: `no races run on ${p.nogil!.id}`, command: racesCommand(p.nogil!.id, 'pydll'), evidence: { rule } };
  const verdict: Verdict = t.unsafeRaces > 0 ? 'holds' : 'inconclusive';
  return { verdict, reason: `free-threaded: ${t.unsafeRaces} of ${t.repeats} unsafe trials raced (counter and bank)`, command: null, evidence: { rule, ...t, processes: t.records, runtimes: runtimesEvidence(p) } };
}

function threadSafeSafe(ctx: ClaimContext): Outcome {
  const rule = 'mutex and atomic counters and the locked bank, every races run on both builds: holds if none ever loses an update or breaks the balance, differs if one does';
  const p = needPair(ctx, '3.13', ['gil', 'nogil'], rule);
  if (isOutcome(p)) return p;
  const t = raceTally([...ctx.select('races', p.gil), ...ctx.select('races', p.nogil)]);
  if (!t.repeats) return { verdict: 'not-tested', reason: 'no races run', command: racesCommand(p.nogil!.id, 'pydll'), evidence: { rule } };
  const verdict: Verdict = t.safeLosses > 0 ? 'differs' : 'holds';
  return { verdict, reason: `thread-safe functions: ${t.safeLosses} failing trials in ${t.records} runs`, command: null, evidence: { rule, ...t, processes: t.records, runtimes: runtimesEvidence(p) } };
}

// ---------------------------------------------------------------------------------------------
// Arenas (the cells of the arena experiment; each cell is a fresh process)

/** The talk's cell: Python threads × native threads. */
export const ARENA_CELL = { python_threads: TALK_ARENA.pythonThreads, native_threads: TALK_ARENA.rustThreads };

const arenaCommand = (rt: string, cap = 0) => `npx ffi-corners run arena --runtime ${rt} --set python_threads=${ARENA_CELL.python_threads} --set native_threads=${ARENA_CELL.native_threads}${cap ? ` --set arena_max=${cap}` : ''}`;

/** The talk's loader: its PyO3 call held the GIL, as PyDLL does. */
const ARENA_HELD = { loader: 'pydll' };

/** The arena driver's default block size: the talk's 64 MiB blocks are a separate, labelled run. */
const ARENA_BLOCK_KIB = findExperiment('arena')?.params['block_kib']?.default;

/** The arena runs a claim compares: the talk's cell in the grid, glibc's malloc, default block sizes. */
const arenaRuns = (ctx: ClaimContext, rt: RuntimeFacts | null, match: Record<string, unknown>) =>
  ctx.select('arena', rt, { ...ARENA_PARAMS, allocator: 'glibc', block_kib: ARENA_BLOCK_KIB, ...match });

/** One value per process of a quantity at the talk's cell of a run, or [] without it. */
function atTalkCell(r: RunRecord | undefined, pick: (c: ArenaCellOf) => { values: number[] } | null | undefined): number[] {
  const c = r ? cellAt(arenaCellsOf(r), ARENA_CELL.python_threads, ARENA_CELL.native_threads) : null;
  return c ? (pick(c)?.values ?? []) : [];
}

function arenaAmplified(ctx: ClaimContext): Outcome {
  const m = ctx.rule.minEffect;
  const rule = `glibc's non-main arena bytes after the run at the talk's cell (${ARENA_CELL.python_threads} Python × ${ARENA_CELL.native_threads} native threads), free-threaded over GIL build, the talk's loader (the GIL held in the call on the GIL build), one value per process: holds if the ${pct(ctx.rule.confidence)} interval (Welch, processes as the unit) lies above ${(1 + m).toFixed(2)}, differs if it lies below, else inconclusive. The talk's way (total RSS, which also holds the interpreter's own growth) is reported beside it, not judged`;
  const p = needPair(ctx, 'newest', ['gil', 'nogil'], rule);
  if (isOutcome(p)) return p;
  const [g, n] = [arenaRuns(ctx, p.gil, { arena_max: 0 }).at(-1), arenaRuns(ctx, p.nogil, { arena_max: 0 }).at(-1)];
  const gil = atTalkCell(g, (c) => c.arenaMiB);
  const nogil = atTalkCell(n, (c) => c.arenaMiB);
  if (!gil.length || !nogil.length) {
    const missing = !gil.length ? p.gil!.id : p.nogil!.id;
    return { verdict: 'not-tested', reason: `no arena run with the cell ${ARENA_CELL.python_threads}×${ARENA_CELL.native_threads} (loader=pydll, glibc, no arena_max) on ${missing}`, command: arenaCommand(missing), evidence: { rule } };
  }
  const rss = { gil: atTalkCell(g, (c) => c.rssMiB), nogil: atTalkCell(n, (c) => c.rssMiB) };
  const talkWay = rss.gil.every((v) => v > 0) && rss.nogil.every((v) => v > 0) ? processRatioCI(rss.gil, rss.nogil, ctx.rule.confidence) : null;
  if (![...gil, ...nogil].every((v) => v > 0)) {
    return { verdict: 'inconclusive', reason: `an arena figure of 0 MiB at the talk's cell: no ratio (GIL ${gil.join(', ')}; no-GIL ${nogil.join(', ')} MiB)`, command: VERIFY, evidence: { rule, arenaMiB: { gil, nogil } } };
  }
  const r = processRatioCI(gil, nogil, ctx.rule.confidence);
  const verdict = atLeast(r, 1 + m);
  const [t313] = TALK_ARENA.rows;
  return {
    verdict,
    reason: `arena bytes, free-threaded / GIL: ${ratioCI(r.ratio, r.low, r.high)} (${r.processes.join('+')} processes); the talk's way (total RSS): ${talkWay ? ratioCI(talkWay.ratio, talkWay.low, talkWay.high) : 'n/a'}; the talk: ${t313!.amplification}×`,
    command: verdict === 'inconclusive' ? VERIFY : null,
    evidence: {
      rule,
      ...evidenceOf(r),
      minEffect: m,
      cell: { pythonThreads: ARENA_CELL.python_threads, nativeThreads: ARENA_CELL.native_threads },
      arenaMiB: { gil, nogil },
      talkWay: talkWay && { ...evidenceOf(talkWay), rssMiB: rss },
      runtimes: runtimesEvidence(p),
    },
  };
}

const ARENA_CAP = 2;

function arenaMaxCaps(ctx: ClaimContext): Outcome {
  const rule = `GLIBC_TUNABLES=glibc.malloc.arena_max=${ARENA_CAP}: at the talk's cell (${ARENA_CELL.python_threads}×${ARENA_CELL.native_threads}, glibc, the talk's loader): holds if no process of a capped run ends with more than ${ARENA_CAP} arenas while processes of uncapped runs exceed ${ARENA_CAP}; differs if a capped process has more; inconclusive if uncapped processes never exceed ${ARENA_CAP}`;
  const p = needPair(ctx, 'newest', ['gil', 'nogil'], rule);
  if (isOutcome(p)) return p;
  const runs = (cap: number) => [p.gil, p.nogil].flatMap((rt) => arenaRuns(ctx, rt, { arena_max: cap }));
  // The talk's cell in every run: its processes' arena counts, capped against uncapped.
  const capped = runs(ARENA_CAP).flatMap((r) => atTalkCell(r, (c) => c.arenas));
  const free = runs(0).flatMap((r) => atTalkCell(r, (c) => c.arenas));
  if (!capped.length) return { verdict: 'not-tested', reason: `no arena run with arena_max=${ARENA_CAP}`, command: arenaCommand((p.nogil ?? p.gil)!.id, ARENA_CAP), evidence: { rule } };
  const most = Math.max(...capped);
  const verdict: Verdict = most > ARENA_CAP ? 'differs' : free.some((a) => a > ARENA_CAP) ? 'holds' : 'inconclusive';
  return {
    verdict,
    reason: `most arenas in a capped process: ${most}; uncapped: ${free.length ? Math.max(...free) : 'not measured'}`,
    command: verdict === 'inconclusive' && !free.length ? arenaCommand((p.nogil ?? p.gil)!.id) : null,
    evidence: { rule, cap: ARENA_CAP, processes: [capped.length, free.length], arenas: { cappedMost: most, uncappedMost: free.length ? Math.max(...free) : null }, runtimes: runtimesEvidence(p) },
  };
}

// ---------------------------------------------------------------------------------------------
// Mechanism claims: instruction counts (experiment `instructions`)

/** The newest `instructions` result on a runtime (or the one its partials make while it runs). */
function instructionsResult(ctx: ClaimContext, rt: RuntimeFacts | null) {
  const r = ctx.select('instructions', rt).at(-1);
  return r ? instructionsOf(r) : null;
}

const INSTR_COMMAND = (rt: string) => `npx ffi-corners run instructions --runtime ${rt}`;
const PYO3_KEY = 'pyo3/return_int';
const CTYPES_KEY = 'ctypes-cdll/return_int';
/** How CPython calls a callable: through its vectorcall slot, or through tp_call (the generic
 * path that builds an argument tuple). */
const VECTORCALL = /vectorcall/i;
const TP_CALL = /_PyObject_MakeTpCall|PyCFuncPtr_call/;

function pyo3Vectorcall(ctx: ClaimContext): Outcome {
  const rule = 'call paths of return_int() counted under callgrind on the free-threaded build: holds if PyO3\'s path enters through a vectorcall function and never through tp_call (_PyObject_MakeTpCall) while ctypes\' path goes through tp_call (PyCFuncPtr_call); differs if PyO3\'s path goes through tp_call; else inconclusive';
  const p = needPair(ctx, 'newest', ['nogil'], rule);
  if (isOutcome(p)) return p;
  const ins = instructionsResult(ctx, p.nogil);
  if (!ins?.paths?.[PYO3_KEY] || !ins.paths[CTYPES_KEY]) {
    return { verdict: 'not-tested', reason: `no instructions run with call paths of pyo3 and ctypes-cdll on ${p.nogil!.id}`, command: INSTR_COMMAND(p.nogil!.id), evidence: { rule } };
  }
  const names = (key: string, re: RegExp) => pathSymbols(ins, key, re).map((e) => e.symbol);
  const pyo3Vector = names(PYO3_KEY, VECTORCALL);
  const pyo3Tp = names(PYO3_KEY, TP_CALL);
  const ctypesTp = names(CTYPES_KEY, TP_CALL);
  const verdict: Verdict = pyo3Tp.length ? 'differs' : pyo3Vector.length && ctypesTp.length ? 'holds' : 'inconclusive';
  return {
    verdict,
    reason: `pyo3 enters through ${pyo3Vector.join(', ') || 'no vectorcall function'}${pyo3Tp.length ? ` and ${pyo3Tp.join(', ')}` : ''}; ctypes through ${ctypesTp.join(', ') || 'no tp_call function'} (${ins.perCall[PYO3_KEY]?.toFixed(0)} vs ${ins.perCall[CTYPES_KEY]?.toFixed(0)} instructions per call)`,
    command: null,
    evidence: { rule, perCall: { pyo3: ins.perCall[PYO3_KEY], 'ctypes-cdll': ins.perCall[CTYPES_KEY] }, pyo3: { vectorcall: pyo3Vector, tpCall: pyo3Tp }, ctypes: { tpCall: ctypesTp }, runtimes: runtimesEvidence(p) },
  };
}

function libffiBottleneck(ctx: ClaimContext): Outcome {
  const rule = 'instructions per return_int() call of ctypes (CDLL) on the free-threaded build, by layer: holds if libffi (ffi_call and its trampoline) is the largest layer besides the interpreter\'s own dispatch, differs if another layer is larger';
  const p = needPair(ctx, 'newest', ['nogil'], rule);
  if (isOutcome(p)) return p;
  const ins = instructionsResult(ctx, p.nogil);
  const layers = ins ? layersOf(ins, CTYPES_KEY) : null;
  if (!layers) return { verdict: 'not-tested', reason: `no instructions run with ctypes-cdll layers on ${p.nogil!.id}`, command: INSTR_COMMAND(p.nogil!.id), evidence: { rule } };
  const [top, count] = (Object.entries(layers) as [InstructionLayer, number][]).filter(([l]) => l !== 'dispatch').reduce((a, b) => (b[1] > a[1] ? b : a));
  const verdict: Verdict = top === 'libffi' ? 'holds' : 'differs';
  return {
    verdict,
    reason: `largest ctypes layer besides dispatch: ${top} (${count.toFixed(0)} instructions per call); libffi ${layers.libffi.toFixed(0)} (${((layerShare(ins!, CTYPES_KEY, 'libffi') ?? 0) * 100).toFixed(0)}% of the call)`,
    command: null,
    evidence: { rule, layers, runtimes: runtimesEvidence(p) },
  };
}

// ---------------------------------------------------------------------------------------------
// The claims

const FT_SECTION = 'Why Free-Threaded Makes Them Slower? (Recap)';
const PYO3_SECTION = 'Why PyO3 fast, but ctypes slow? (Recap)';
const RACE_SECTION = 'Racing global states after No-GIL';
const ARENA_SECTION = 'Higher Risk for Arena Leakage in GLIBC';
const BENCH_SECTION = 'Benchmark ctypes, cffi, pybind11, PyO3';
const BLOCK_SECTION = 'Not Release GIL, But Built with Free-Threaded';

const co = (version: string, builds: ('gil' | 'nogil')[]): ClaimNeed => ({ experiment: 'call-overhead', params: CO_PARAMS, builds, version, processes: 'many' });
const once = (experiment: string, params: Record<string, unknown>, builds: ('gil' | 'nogil')[], version = 'newest', processes: 'many' | 'one' = 'one'): ClaimNeed => ({ experiment, params, builds, version, processes });
const ARENA_PARAMS = { python_threads: [ARENA_CELL.python_threads], native_threads: [ARENA_CELL.native_threads], ...ARENA_HELD };

/** The talk's table rows, verbatim (tab-separated as printed). */
const talkRows = (id: string) => {
  const t = TALK_TABLES.find((x) => x.id === id)!;
  return t.pairs.map((p) => `${p.a} vs ${p.b}\t${p.p}\t${p.bh}\t${p.faster}`).join('\n');
};

export const CLAIMS: readonly Claim[] = [
  {
    id: 'ft-slower-ffi',
    talk: TALK_FREE_THREADED_RECAP[0]!,
    section: FT_SECTION,
    confirms: 'every FFI binding slower per call on 3.13t than on 3.13, across alternated processes',
    refutes: 'the no-GIL/GIL interval below the minimum effect',
    needs: [co('3.13', ['gil', 'nogil'])],
    evaluate: ftSlowerFfi,
  },
  {
    id: 'ft-314-parity',
    talk: TALK_FREE_THREADED_RECAP[1]!,
    section: FT_SECTION,
    confirms: '3.14t within the minimum effect of 3.14 for FFI calls',
    refutes: '3.14t slower (or faster) by more than the minimum effect',
    needs: [co('3.14', ['gil', 'nogil'])],
    evaluate: ft314Parity,
  },
  {
    id: 'ft-lockfree-not-faster',
    talk: TALK_FREE_THREADED_RECAP[2]!,
    section: FT_SECTION,
    confirms: 'at least one binding faster with the GIL than without, beyond the minimum effect',
    refutes: 'no binding faster with the GIL by the minimum effect',
    needs: [co('3.13', ['gil', 'nogil'])],
    evaluate: ftLockfree,
  },
  {
    id: 'ft-unicode',
    talk: TALK_FREE_THREADED_RECAP[3]!,
    section: FT_SECTION,
    confirms: 'str_len costs more than bytes_len on 3.13t by more than it does on 3.13, for bindings that take both directly',
    refutes: 'the same str-over-bytes cost on both builds',
    needs: [co('3.13', ['gil', 'nogil'])],
    evaluate: ftUnicode,
  },
  {
    id: 'pydll-faster-than-cdll',
    talk: TALK_PYO3_RECAP[0]!,
    section: PYO3_SECTION,
    confirms: 'CDLL/PyDLL time ratio above 1.2 on the free-threaded build',
    refutes: 'the ratio below 1.2',
    needs: [once('cdll-vs-pydll', {}, ['gil', 'nogil'], 'newest', 'many')],
    evaluate: pydllFaster,
  },
  {
    id: 'pyo3-vectorcall',
    talk: TALK_PYO3_RECAP[1]!,
    section: PYO3_SECTION,
    confirms: "PyO3's call path enters through vectorcall, without tp_call",
    refutes: 'PyO3 called through tp_call',
    needs: [once('instructions', {}, ['nogil'])],
    evaluate: pyo3Vectorcall,
  },
  {
    id: 'libffi-next-bottleneck',
    talk: TALK_PYO3_RECAP[2]!,
    section: PYO3_SECTION,
    confirms: "libffi the largest layer of a ctypes call outside the interpreter loop (instruction counts)",
    refutes: 'another layer larger',
    needs: [once('instructions', {}, ['nogil'])],
    evaluate: libffiBottleneck,
  },
  {
    id: 'pyo3-fastest',
    talk: 'Why PyO3 fast, but ctypes slow?',
    section: 'Why PyO3 fast, but ctypes slow?',
    confirms: "pyo3 faster than the talk's other three on both builds, beyond the minimum effect",
    refutes: 'one of them faster than pyo3 by the minimum effect',
    needs: [co('3.13', ['gil', 'nogil'])],
    evaluate: pyo3Fastest,
  },
  {
    id: 'talk-ranking-gil',
    talk: talkRows('A'),
    section: `${BENCH_SECTION} (first table; the talk does not label its runtime: read as the GIL build)`,
    confirms: 'all six "Faster" verdicts repeated with intervals',
    refutes: 'one verdict reversed beyond the minimum effect',
    needs: [co('3.13', ['gil'])],
    evaluate: (ctx) => ranking(ctx, 'A', 'gil'),
  },
  {
    id: 'talk-ranking-nogil',
    talk: talkRows('B'),
    section: `${BENCH_SECTION} (second table; read as the free-threaded build)`,
    confirms: 'all six "Faster" verdicts repeated with intervals',
    refutes: 'one verdict reversed beyond the minimum effect',
    needs: [co('3.13', ['nogil'])],
    evaluate: (ctx) => ranking(ctx, 'B', 'nogil'),
  },
  {
    id: 'pydll-blocks-threads',
    talk: `PyDLL\t${TALK_LOADERS[1]!.released}\t${TALK_LOADERS[1]!.bestFor}\t${TALK_LOADERS[1]!.risk}`,
    section: 'Why PyO3 fast, but ctypes slow? (the CDLL / PyDLL table)',
    confirms: 'with the GIL, another Python thread makes almost no progress during a PyDLL call',
    refutes: 'it runs during the PyDLL call as it does during a CDLL call',
    needs: [once('pydll-blocking', {}, ['gil'])],
    evaluate: (ctx) => blocking(ctx, 'gil'),
  },
  {
    id: 'cdll-releases-gil',
    talk: `CDLL\t${TALK_LOADERS[0]!.released}\t${TALK_LOADERS[0]!.bestFor}\t${TALK_LOADERS[0]!.risk}`,
    section: 'Why PyO3 fast, but ctypes slow? (the CDLL / PyDLL table)',
    confirms: 'with the GIL, another Python thread keeps running during a CDLL call',
    refutes: 'it stops during the CDLL call',
    needs: [once('pydll-blocking', {}, ['gil'])],
    evaluate: cdllReleases,
  },
  {
    id: 'nogil-pydll-no-block',
    talk: BLOCK_SECTION,
    section: BLOCK_SECTION,
    confirms: 'free-threaded, the other thread runs during a PyDLL call as during a CDLL call',
    refutes: 'it stops during the PyDLL call',
    needs: [once('pydll-blocking', {}, ['nogil'])],
    evaluate: (ctx) => blocking(ctx, 'nogil'),
  },
  {
    id: 'gil-protects-unsafe-state',
    talk: TALK_RACES.recap[0]!,
    section: `${RACE_SECTION} (Recap)`,
    confirms: 'no lost update through PyDLL with the GIL, while the free-threaded build loses some',
    refutes: 'a lost update through PyDLL with the GIL',
    needs: [once('races', { loader: 'pydll' }, ['gil', 'nogil'], '3.13')],
    evaluate: gilProtects,
  },
  {
    id: 'cdll-unprotected',
    talk: TALK_RACES.recap[1]!,
    section: `${RACE_SECTION} (Recap)`,
    confirms: 'lost updates through CDLL even with the GIL',
    refutes: 'nothing can: a run without a race does not show protection',
    needs: [once('races', { loader: 'cdll' }, ['gil'], '3.13')],
    evaluate: cdllUnprotected,
  },
  {
    id: 'nogil-unsafe-races',
    talk: `${TALK_RACES.matrix[1]!.ffi}\t${TALK_RACES.matrix[1]!.gil}\t${TALK_RACES.matrix[1]!.nogil}`,
    section: RACE_SECTION,
    confirms: 'lost updates or a broken balance on the free-threaded build',
    refutes: 'nothing can: a run without a race does not show safety',
    needs: [once('races', { loader: 'pydll' }, ['nogil'], '3.13')],
    evaluate: nogilRaces,
  },
  {
    id: 'thread-safe-ffi-safe',
    talk: `${TALK_RACES.matrix[0]!.ffi}\t${TALK_RACES.matrix[0]!.gil}\t${TALK_RACES.matrix[0]!.nogil}`,
    section: RACE_SECTION,
    confirms: 'mutex and atomic counters and the locked bank never lose an update, on either build',
    refutes: 'one lost update',
    needs: [once('races', { loader: 'pydll' }, ['gil', 'nogil'], '3.13')],
    evaluate: threadSafeSafe,
  },
  {
    id: 'arena-risk-amplified',
    talk: 'HIGH RISK: no-GIL shows significant arena leakage amplification!',
    section: ARENA_SECTION,
    confirms: "more glibc arena memory left behind on the free-threaded build at the talk's cell",
    refutes: 'no more arena memory left behind than with the GIL',
    // One run per build: each arena run measures every cell in `repeats` fresh processes.
    needs: [once('arena', { ...ARENA_PARAMS, arena_max: 0 }, ['gil', 'nogil'])],
    evaluate: arenaAmplified,
  },
  {
    id: 'arena-max-caps',
    talk: 'Use GLIBC_TUNABLES when it is matter',
    section: ARENA_SECTION,
    confirms: 'arena_max caps the arena count that native threads otherwise grow',
    refutes: 'more arenas than the cap',
    needs: [once('arena', { ...ARENA_PARAMS, arena_max: ARENA_CAP }, ['gil', 'nogil']), once('arena', { ...ARENA_PARAMS, arena_max: 0 }, ['gil', 'nogil'])],
    evaluate: arenaMaxCaps,
  },
];

export const CLAIM_IDS = CLAIMS.map((c) => c.id);

/** Every claim's verdict on these records (one record = one process). */
export function evaluateClaims(records: readonly RunRecord[], rule: RuleSettings = DEFAULT_RULE, ids?: readonly string[]): ClaimResult[] {
  const ctx = new ClaimContext(records, rule);
  return CLAIMS.filter((c) => !ids || ids.includes(c.id)).map((c) => {
    let out: Outcome;
    try {
      out = c.evaluate(ctx);
    } catch (err) {
      out = { verdict: 'inconclusive', reason: `the data could not be read: ${(err as Error).message}`, command: VERIFY, evidence: { rule: '' } };
    }
    return { id: c.id, talk: c.talk, section: c.section, verdict: out.verdict, reason: out.reason, command: out.command ?? null, evidence: out.evidence };
  });
}

/** One claim's result (for a slide that shows a single badge). */
export function evaluateClaim(id: string, records: readonly RunRecord[], rule: RuleSettings = DEFAULT_RULE): ClaimResult {
  const r = evaluateClaims(records, rule, [id])[0];
  if (!r) throw new Error(`unknown claim "${id}" (known: ${CLAIM_IDS.join(', ')})`);
  return r;
}

/** The word a badge shows for a verdict. */
export const VERDICT_LABEL: Record<Verdict, string> = { holds: 'holds', differs: 'differs', inconclusive: 'inconclusive', 'not-tested': 'not tested' };
