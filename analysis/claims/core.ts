// The core of the claims module: verdict words, the rules on intervals, what a rule reads (the
// runtimes and finished records) and the helpers every section's claims share. The claims
// themselves live beside it, one file per section of the talk (analysis/claims/<section>.ts); the
// registry (analysis/claims.ts) puts them together for `ffi-corners verify` and the deck's badges.
// Pure TypeScript, no DOM or Node APIs.
//
// Comparisons of runtimes, loaders or runs take whole processes as their unit: each record is one
// process, and a ratio's interval (analysis/stats.ts: Student t on the logarithms of per-process
// values) carries the variation between processes. A verdict needs that interval to clear a stated
// minimum effect; otherwise it is inconclusive. One process per arm gives no interval at all.
import { runtimeEnvs, type RunRecord } from '../../protocol/record.ts';
import { ratioCI } from '../format.ts';
import { sameBatch, screenRecords } from '../quality.ts';
import { GIL_ON_SUFFIX } from '../../protocol/runtime.ts';
import type { ProcessRatio } from '../intervals.ts';
import { CLAIM_WORDS, say } from './words.ts';


/** mixed: the claim's parts (bindings, scenarios, cells) were decided in opposite directions. */
export type Verdict = 'holds' | 'differs' | 'mixed' | 'inconclusive' | 'not-tested';
export const VERDICTS: readonly Verdict[] = ['holds', 'differs', 'mixed', 'inconclusive', 'not-tested'];

/** A verdict in running text, in English (the badge word of not-tested has a space). */
export const VERDICT_WORD: Record<Verdict, string> = CLAIM_WORDS.en.verdict;
/** A verdict in a reason, in the language the claims are evaluated in. */
export const verdictWord = (v: Verdict): string => say().verdict[v];

/** One part of a claim (a binding, a scenario, a cell) with its own verdict and numbers. */
export interface ClaimPart {
  id: string;
  verdict: Verdict;
  /** One line: the numbers that decided it. */
  reason: string;
  /** A part of the claim's own subject (the talk's four bindings), or shown apart (judged the same
   * way, but not counted in the claim's verdict). */
  counted: boolean;
  [key: string]: unknown;
}

/**
 * The verdict of a claim made of parts (counted parts only): holds or differs when every decided
 * part agrees and none is undecided, mixed when decided parts disagree (never a pooled mean that
 * hides it), inconclusive when some part is undecided and none disagrees, not-tested when none
 * was measured.
 */
export function combineParts(parts: readonly Pick<ClaimPart, 'verdict' | 'counted'>[]): Verdict {
  const v = parts.filter((p) => p.counted).map((p) => p.verdict).filter((x) => x !== 'not-tested');
  if (!v.length) return 'not-tested';
  if (v.includes('mixed') || (v.includes('holds') && v.includes('differs'))) return 'mixed';
  if (v.every((x) => x === 'holds')) return 'holds';
  if (v.every((x) => x === 'differs')) return 'differs';
  return 'inconclusive';
}

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
  /** The claim's parts, where it has them (per binding, per scenario, per cell). */
  parts?: ClaimPart[];
  /** Runs of the experiments this claim read that a quality check left out, with the reasons. */
  excluded?: ExcludedRun[];
}

export interface ExcludedRun {
  experiment: string;
  runtimeId: string | null;
  startedAt: string;
  reasons: string[];
}

/** A run the claim needs: the experiment, the parameters that make it like for like, where. */
export interface ClaimNeed {
  experiment: string;
  params: Record<string, unknown>;
  /** The GIL build, the free-threaded build, and/or the free-threaded build with the GIL forced on, of `version`. */
  builds: ('gil' | 'nogil' | 'gil-on')[];
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
  needs: ClaimNeed[];
  evaluate(ctx: ClaimContext): Outcome;
}

export interface Outcome {
  verdict: Verdict;
  reason: string;
  command?: string | null;
  evidence: ClaimEvidence;
  parts?: ClaimPart[];
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
  /** The free-threaded build with the GIL forced on (PYTHON_GIL=1): the condition the talk's
   * "no-GIL" runs very probably had, since its modules did not declare free-threading support. */
  gilForcedOn: boolean;
}


/** What the rules read: finished records, and the settings. */
export class ClaimContext {
  readonly runtimes: RuntimeFacts[];
  /** The finished records a quality check did not leave out (what every rule reads). */
  readonly records: readonly RunRecord[];
  /** The records left out, with their reasons. */
  readonly excluded: readonly { record: RunRecord; reasons: string[] }[];
  /** The experiments read since the last `track()`: which exclusions concern the claim at hand. */
  private read = new Set<string>();
  constructor(
    all: readonly RunRecord[],
    readonly rule: RuleSettings = DEFAULT_RULE,
  ) {
    const { kept, leftOut } = screenRecords(all);
    this.records = kept;
    this.excluded = leftOut;
    this.runtimes = [...runtimeEnvs(all)].map(([id, env]) => ({
      id,
      version: env.version,
      minor: env.version.split('.').slice(0, 2).join('.'),
      freeThreaded: env.freeThreadedBuild,
      gilAfterImports: env.gilEnabledAfterImports,
      // The records' meta say it: PYTHON_GIL=1 in the process (or the derived runtime's id).
      gilForcedOn: env.freeThreadedBuild && (env.pythonGil === '1' || id.endsWith(GIL_ON_SUFFIX)),
    }));
  }

  /** Start reading for one claim: forget which experiments were read. */
  track(): void {
    this.read.clear();
  }

  /** The runs left out by a quality check among the experiments read since `track()` (and `also`: a claim's needs). */
  excludedRead(also: readonly string[] = []): ExcludedRun[] {
    return this.excluded
      .filter((x) => this.read.has(x.record.experiment) || also.includes(x.record.experiment))
      .map((x) => ({ experiment: x.record.experiment, runtimeId: x.record.runtimeId, startedAt: x.record.startedAt, reasons: x.reasons }));
  }

  /** The free-threaded build of a minor version with the GIL forced on (the talk's condition), or null. */
  gilOn(minor: string | null): RuntimeFacts | null {
    return this.runtimes.find((r) => r.minor === minor && r.gilForcedOn) ?? null;
  }

  /** The GIL and free-threaded runtimes of a minor version ("newest": the newest with both, else any). */
  pair(version: string): { gil: RuntimeFacts | null; nogil: RuntimeFacts | null; minor: string | null } {
    const minors = [...new Set(this.runtimes.map((r) => r.minor))].sort((a, b) => versionKey(b) - versionKey(a));
    const of = (m: string) => ({
      gil: this.runtimes.find((r) => r.minor === m && !r.freeThreaded) ?? null,
      nogil: this.runtimes.find((r) => r.minor === m && r.freeThreaded && !r.gilForcedOn) ?? null,
      minor: m,
    });
    if (version !== 'newest') return of(version);
    const both = minors.find((m) => of(m).gil && of(m).nogil);
    return both ? of(both) : minors[0] ? of(minors[0]) : { gil: null, nogil: null, minor: null };
  }

  /**
   * Finished records (one per process) of an experiment on a runtime whose params match. Only one
   * batch is ever pooled as processes: the same parameters and one recording session, chosen over
   * every runtime at once so the arms of a comparison come from the same batch (analysis/quality.ts
   * sameBatch). `batch: false` keeps every matching record (a claim that compares sessions itself).
   */
  select(experiment: string, runtime: RuntimeFacts | null, match: Record<string, unknown> = {}, opts: { batch?: boolean; where?: (r: RunRecord) => boolean } = {}): RunRecord[] {
    this.read.add(experiment);
    if (!runtime) return [];
    const all = this.records.filter((r) => r.experiment === experiment && r.status === 'ok' && paramsMatch(r.params, match) && (opts.where?.(r) ?? true));
    return (opts.batch === false ? all : sameBatch(all)).filter((r) => r.runtimeId === runtime.id);
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
  return `${ratioCI(r.ratio, r.low, r.high)} (${say().processes(r.processes)})`;
}

export const pct = (m: number) => `${Math.round(m * 100)}%`;
export const fewProcesses = (r: ProcessRatio) => r.processes.some((n) => n < 2);
export const VERIFY = 'npx ffi-corners verify';

export function buildCommand(minor: string, which: ('gil' | 'nogil')[]): string {
  const v = minor === '3.13' ? '3.13.5' : `${minor}.0`;
  return which.map((w) => `npx ffi-corners runtimes build ${v}${w === 'nogil' ? ' --nogil' : ''}`).join(' && ') + ' && npx ffi-corners setup';
}

/** The runtimes a claim needs, or the not-tested outcome that names how to get them. */
export function needPair(ctx: ClaimContext, version: string, builds: ('gil' | 'nogil')[], rule: string): { gil: RuntimeFacts | null; nogil: RuntimeFacts | null; minor: string } | Outcome {
  const p = ctx.pair(version);
  const missing = builds.filter((b) => !p[b]);
  if (!missing.length && p.minor) return { ...p, minor: p.minor };
  const minor = version === 'newest' ? (p.minor ?? '3.13') : version;
  return {
    verdict: 'not-tested',
    reason: say().noRuntime(missing, version === 'newest' ? null : minor),
    command: buildCommand(minor, missing),
    evidence: { rule },
  };
}

export const isOutcome = (x: unknown): x is Outcome => typeof x === 'object' && x !== null && 'verdict' in x;

export function runtimesEvidence(p: { gil: RuntimeFacts | null; nogil: RuntimeFacts | null }): Record<string, string> {
  const out: Record<string, string> = {};
  if (p.gil) out['gil'] = p.gil.id;
  if (p.nogil) out['nogil'] = p.nogil.id;
  return out;
}

/** A free-threaded runtime whose GIL came back on import does not measure free-threading. */
export function gilCameBack(p: { gil: RuntimeFacts | null; nogil: RuntimeFacts | null }, rule: string): Outcome | null {
  if (!p.nogil?.gilAfterImports) return null;
  return {
    verdict: 'inconclusive',
    reason: say().gilCameBack(p.nogil.id),
    command: `npx ffi-corners runtimes --runtime ${p.nogil.id}`,
    evidence: { rule, runtimes: runtimesEvidence(p) },
  };
}


/** needPair, and where the claim measures a free-threaded build, the inconclusive outcome of one whose GIL came back. */
export function needRuntimes(ctx: ClaimContext, version: string, builds: ('gil' | 'nogil')[], rule: string): ReturnType<typeof needPair> {
  const p = needPair(ctx, version, builds, rule);
  if (isOutcome(p) || !builds.includes('nogil')) return p;
  return gilCameBack(p, rule) ?? p;
}

export const once = (experiment: string, params: Record<string, unknown>, builds: ClaimNeed['builds'], version = 'newest', processes: 'many' | 'one' = 'one'): ClaimNeed => ({
  experiment,
  params,
  builds,
  version,
  processes,
});
