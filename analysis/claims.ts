// Every claim of the talk, each with its words (verbatim, with the section they come from), what
// would confirm or refute it, the experiments that test it like for like, and a rule that turns
// run records into a verdict. One computation serves `ffi-corners verify` and the deck's verdict
// badges. This file is the registry: the rules and verdict words are in analysis/claims/core.ts,
// the claims one file per section of the talk beside it. Pure TypeScript, no DOM or Node APIs.
import type { RunRecord } from '../protocol/record.ts';
import { ARENA_CLAIMS } from './claims/arena.ts';
import { BENCHMARK_CLAIMS } from './claims/benchmark.ts';
import { BEST_PRACTICE_CLAIMS } from './claims/best-practice.ts';
import { ClaimContext, DEFAULT_RULE, VERIFY, type Claim, type ClaimResult, type Outcome, type RuleSettings, type Verdict, VERDICT_WORD } from './claims/core.ts';
import { FREE_THREADED_CLAIMS } from './claims/free-threaded.ts';
import { PYO3_VS_CTYPES_CLAIMS } from './claims/pyo3-vs-ctypes.ts';
import { gateName, inLang, say } from './claims/words.ts';
import type { Lang } from '../protocol/lang.ts';
import { RACE_CLAIMS } from './claims/races.ts';

export * from './claims/core.ts';
export { CO_PARAMS, FFI_BINDINGS, TALK_NAME_TO_OURS } from './claims/series.ts';
export { ARENA_CELL } from './claims/arena.ts';

/** Every claim, in the talk's order of sections. */
export const CLAIMS: readonly Claim[] = [...FREE_THREADED_CLAIMS, ...PYO3_VS_CTYPES_CLAIMS, ...BENCHMARK_CLAIMS, ...RACE_CLAIMS, ...ARENA_CLAIMS, ...BEST_PRACTICE_CLAIMS];

export const CLAIM_IDS = CLAIMS.map((c) => c.id);

/** Every claim's verdict on these records (one record = one process), its reasons said in `lang`
 * (English by default: the JSON, bundles and the CLI; the deck passes its own language). */
export function evaluateClaims(records: readonly RunRecord[], rule: RuleSettings = DEFAULT_RULE, ids?: readonly string[], lang: Lang = 'en'): ClaimResult[] {
  return inLang(lang, () => evaluate(records, rule, ids));
}

function evaluate(records: readonly RunRecord[], rule: RuleSettings, ids?: readonly string[]): ClaimResult[] {
  const ctx = new ClaimContext(records, rule);
  return CLAIMS.filter((c) => !ids || ids.includes(c.id)).map((c) => {
    ctx.track();
    let out: Outcome;
    try {
      out = c.evaluate(ctx);
    } catch (err) {
      out = { verdict: 'inconclusive', reason: say().unreadable((err as Error).message), command: VERIFY, evidence: { rule: '' } };
    }
    const excluded = ctx.excludedRead(c.needs.map((n) => n.experiment));
    return {
      id: c.id,
      talk: c.talk,
      section: c.section,
      verdict: out.verdict,
      // `verify --records` and the deck judge the same records: both say how many runs were left out, and why.
      reason: excluded.length ? say().leftOut(out.reason, excluded.length, [...new Set(excluded.flatMap((x) => x.reasons.map((r) => gateName(r))))].sort()) : out.reason,
      command: out.command ?? null,
      evidence: out.evidence,
      ...(out.parts ? { parts: out.parts } : {}),
      ...(excluded.length ? { excluded } : {}),
    };
  });
}

/** One claim's result (for a slide that shows a single badge). */
export function evaluateClaim(id: string, records: readonly RunRecord[], rule: RuleSettings = DEFAULT_RULE, lang: Lang = 'en'): ClaimResult {
  const r = evaluateClaims(records, rule, [id], lang)[0];
  if (!r) throw new Error(`unknown claim "${id}" (known: ${CLAIM_IDS.join(', ')})`);
  return r;
}

/** The word a badge shows for a verdict. */
export const VERDICT_LABEL: Record<Verdict, string> = VERDICT_WORD;
