// "Benchmark ctypes, cffi, pybind11, PyO3": the talk's "Faster" tables, each pair against the
// within-process ratio of medians on the runtime the table was read from.
import { TALK_TABLES } from '../talk.ts';
import { invertRatio } from '../intervals.ts';
import { atLeast, parity, evidenceOf, isOutcome, pct, VERIFY, type Claim, type ClaimContext, type Outcome, type RuntimeFacts, type Verdict, type ClaimPart, combineParts, needRuntimes } from './core.ts';
import { co, pairRatio, RANKING_PARAMS, TALK_HARNESS_PARAMS, TALK_NAME_TO_OURS } from './series.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { say } from './words.ts';

const BENCH_SECTION = 'Benchmark ctypes, cffi, pybind11, PyO3';

/** The talk's table rows, verbatim (tab-separated as printed). */
export const talkRows = (id: string) => {
  const t = TALK_TABLES.find((x) => x.id === id)!;
  return t.pairs.map((p) => `${p.a} vs ${p.b}\t${p.p}\t${p.bh}\t${p.faster}`).join('\n');
};

/** The talk's names in its harness (method=talk): its four bindings, cffi in ABI mode behind its two wrappers. */
export const TALK_HARNESS_NAMES: Record<string, string> = { ctypes: 'ctypes-cdll', cffi: 'cffi-abi', pybind11: 'pybind11', pyo3: 'pyo3' };

interface PairCheck {
  pair: string;
  talk: string;
  ours: string;
  agrees: boolean | null;
  ratio: number;
  ci: [number, number] | null;
  processes: number[];
}

/** The six pairs of a table against within-process ratios of one set of records. */
function checkPairs(ctx: ClaimContext, tableId: string, recs: RunRecord[], names: Record<string, string>): PairCheck[] {
  const m = ctx.rule.minEffect;
  return TALK_TABLES.find((t) => t.id === tableId)!.pairs.map((pr) => {
    const r = pairRatio(recs, names[pr.a]!, names[pr.b]!, 'return_int', ctx.rule.confidence); // median(a) / median(b)
    if (!r) return { pair: `${pr.a} vs ${pr.b}`, talk: pr.faster, ours: 'n/a', agrees: null, ratio: NaN, ci: null, processes: [0] };
    // "b faster" means a/b > 1 + m, "a faster" b/a > 1 + m.
    const inverted = invertRatio(r);
    const bFaster = atLeast(r, 1 + m) === 'holds';
    const aFaster = atLeast(inverted, 1 + m) === 'holds';
    // The talk's "Faster" read as every claim's "faster" is (atLeast): by the minimum effect or more. It is
    // contradicted when the interval lies wholly short of that, the other side faster or the two within it.
    const v = atLeast(pr.faster === pr.b ? r : inverted, 1 + m);
    // What we found, in words: a binding faster by the margin; one faster by less (`under:<binding>`,
    // the interval within the band but clear of 1); a tie (within the band, 1 inside); the talk's
    // binding not faster by the margin, nothing more decided (`not-faster`); or unresolved.
    const within = parity(r, m) === 'holds';
    const ours = bFaster ? pr.b : aFaster ? pr.a : within && r.low > 1 ? `under:${pr.b}` : within && r.high < 1 ? `under:${pr.a}` : within ? 'tie' : v === 'differs' ? 'not-faster' : 'unresolved';
    return { pair: `${pr.a} vs ${pr.b}`, talk: pr.faster, ours, agrees: v === 'holds' ? true : v === 'differs' ? false : null, ...evidenceOf(r) };
  });
}

/** One way of measuring (ours, or the talk's harness) as a part of a ranking claim. */
function rankingPart(ctx: ClaimContext, id: string, tableId: string, rt: RuntimeFacts, recs: RunRecord[], names: Record<string, string>): ClaimPart {
  if (!recs.length) return { id, counted: true, verdict: 'not-tested', reason: say().notMeasuredOn(id, rt.id), pairs: [] };
  const pairs = checkPairs(ctx, tableId, recs, names);
  const missing = pairs.filter((x) => x.ours === 'n/a');
  if (missing.length) return { id, counted: true, verdict: 'not-tested', reason: say().missingSeries(id, missing.map((x) => x.pair)), pairs };
  const agree = pairs.filter((x) => x.agrees === true).length;
  const contra = pairs.filter((x) => x.agrees === false);
  const verdict: Verdict = contra.length ? 'differs' : agree === pairs.length ? 'holds' : 'inconclusive';
  const reason = say().fasterRepeated(id, agree, pairs.length, rt.id, contra, recs.length < 2, pct(ctx.rule.minEffect));
  return { id, counted: true, verdict, reason, processes: recs.length, pairs };
}

/** A table of the talk against one runtime: our batched calls (its names mapped to what it ran) and its own harness (method=talk). */
export function ranking(ctx: ClaimContext, tableId: string, build: 'gil' | 'nogil', version = '3.13'): Outcome {
  const m = ctx.rule.minEffect;
  const table = TALK_TABLES.find((t) => t.id === tableId)!;
  const rule = `each of the talk's six "Faster" verdicts against the within-process ratio of medians (return_int()), processes as the unit, two ways: ours (batched direct calls; its names mapped to what it ran: ${Object.entries(TALK_NAME_TO_OURS).map(([k, v]) => `${k} = ${v}`).join(', ')}) and the talk's harness (method=talk: lambda, wrapper method, single shots); a pair agrees if the ${pct(ctx.rule.confidence)} interval clears ${pct(m)} the talk's way, contradicts if it lies wholly short of that (the other binding faster, or the two within ${pct(m)} of each other: ours = tie when the interval holds 1, under:<binding> when that binding is faster by less than ${pct(m)}); a way holds if all six agree, differs if any contradicts, else inconclusive; the claim holds or differs when the measured ways agree, mixed when they disagree`;
  const p = needRuntimes(ctx, version, [build], rule);
  if (isOutcome(p)) return p;
  const rt = p[build]!;
  const ours = rankingPart(ctx, 'ours', tableId, rt, ctx.select('call-overhead', rt, RANKING_PARAMS), TALK_NAME_TO_OURS);
  const talk = rankingPart(ctx, 'talk-harness', tableId, rt, ctx.select('call-overhead', rt, TALK_HARNESS_PARAMS), TALK_HARNESS_NAMES);
  const parts = [ours, talk];
  const verdict = combineParts(parts);
  if (ours.verdict === 'not-tested' && talk.verdict === 'not-tested') {
    return { verdict, reason: say().clauses([ours.reason, talk.reason]), command: VERIFY, evidence: { rule, pairs: ours['pairs'] }, parts };
  }
  return {
    verdict,
    reason: say().clauses(parts.map((x) => x.reason)),
    command: verdict === 'inconclusive' || talk.verdict === 'not-tested' ? VERIFY : null,
    evidence: { rule, minEffect: m, processes: (ours['processes'] as number | undefined) ?? 0, runtimes: { [build]: rt.id }, table: table.where, pairs: ours['pairs'], talkHarnessPairs: talk['pairs'] },
    parts,
  };
}


/** The claim that one of the talk's ranking tables repeats on one build, ours and the talk's harness. */
export function rankingClaim(id: string, tableId: string, build: 'gil' | 'nogil', version: string, section: string): Claim {
  return {
    id,
    talk: talkRows(tableId),
    section,
    needs: [co(version, [build]), co(version, [build], TALK_HARNESS_PARAMS)],
    evaluate: (ctx) => ranking(ctx, tableId, build, version),
  };
}

export const BENCHMARK_CLAIMS: readonly Claim[] = [
  rankingClaim('talk-ranking-gil', 'A', 'gil', '3.13', `${BENCH_SECTION} (first table; the talk does not label its runtime: read as the GIL build)`),
  rankingClaim('talk-ranking-nogil', 'B', 'nogil', '3.13', `${BENCH_SECTION} (second table; read as the free-threaded build)`),
];
