// "Why Free-Threaded Makes Them Slower?": its recap's four sentences, judged on the call-overhead
// runs of a GIL build and the free-threaded build of the same version.
import type { RunRecord } from '../../protocol/record.ts';
import { processRatioCI, type ProcessRatio } from '../intervals.ts';
import { TALK_FREE_THREADED_RECAP, TALK_PERF_NOGIL_LOCKS } from '../talk.ts';
import { layersOf, pathSymbols } from '../instructions.ts';
import { atLeast, describeRatio, evidenceOf, isOutcome, needPair, once, parity, pct, runtimesEvidence, VERIFY, type Claim, type ClaimContext, type Outcome, type Verdict, type ClaimPart, combineParts, verdictWord, needRuntimes } from './core.ts';
import { CLAIM_WORDS, say } from './words.ts';
import { arm, bindingParts, gilOnId, partsLine, type ConditionEvidence } from './parts.ts';
import { co, INSTR_COMMAND, instructionsResult, PYO3_KEY, THREE, ftData, perProcess, seriesMedian,} from './series.ts';

const FT_SECTION = 'Why Free-Threaded Makes Them Slower? (Recap)';

/** The parts of a GIL-vs-free-threaded claim about FFI calls (return_int()), judged by `judge`
 * against the free-threaded build, with the talk's condition (GIL forced on) in one line. */
function bindingClaim(ctx: ClaimContext, version: string, rule: string, judge: (r: ProcessRatio) => Verdict, combine: (parts: ClaimPart[]) => Verdict = combineParts): Outcome {
  const d = ftData(ctx, version, rule);
  if (isOutcome(d)) return d;
  const match = { functions: ['return_int'], method: 'batched' };
  const gilOnRt = ctx.gilOn(d.p.minor);
  const [gil, ft, on] = [arm(ctx, d.p.gil, match)!, arm(ctx, d.p.nogil, match)!, arm(ctx, gilOnRt, match)];
  const gilOn = on && on.records.length ? on : null;
  const parts = bindingParts(ctx, { gil, ft, gilOn }, 'return_int', judge);
  const counted = parts.filter((p) => p.counted);
  const verdict = combine(counted);
  const talkParts = gilOn ? counted.map((p) => ({ ...p, verdict: (p['talkCondition'] as ConditionEvidence | null)?.verdict ?? 'not-tested' })) : [];
  const talkLine = gilOn
    ? say().talkCondition(gilOn.rt.id, verdictWord(combine(talkParts)), partsLine(talkParts))
    : say().talkConditionMissing(`npx ffi-corners run call-overhead --runtime ${gilOnId(d.p.nogil!)}`);
  const apart = parts.filter((p) => !p.counted);
  return {
    verdict,
    reason: say().clauses([...counted.map((p) => p.reason), ...(apart.length ? [say().apart(partsLine(apart))] : []), talkLine]),
    command: verdict === 'inconclusive' || verdict === 'not-tested' ? VERIFY : null,
    evidence: {
      rule,
      minEffect: ctx.rule.minEffect,
      runtimes: { ...runtimesEvidence(d.p), ...(gilOn ? { gilOn: gilOn.rt.id } : {}) },
      conditions: { gil: d.p.gil!.id, gilOn: gilOn?.rt.id ?? null, freeThreaded: d.p.nogil!.id },
      talkCondition: gilOn ? combine(talkParts) : null,
    },
    parts,
  };
}

const PART_RULE = (ctx: ClaimContext, what: string) =>
  `per binding (the talk's four: ctypes = CDLL, cffi = ABI mode, pybind11, PyO3; our others shown apart), free-threaded / GIL build median ns per return_int() call, processes as the unit, and instructions per call (callgrind, exact): ${what}; time decides a binding where its ${pct(ctx.rule.confidence)} interval is decided, else instructions; the claim holds or differs when all four do, is mixed when they disagree, else inconclusive. The talk's condition (free-threaded with the GIL forced on) is judged the same way and reported beside it`;

function ftSlowerFfi(ctx: ClaimContext): Outcome {
  const m = ctx.rule.minEffect;
  return bindingClaim(ctx, '3.13', PART_RULE(ctx, `a binding holds if the ratio lies above ${(1 + m).toFixed(2)}, differs if below`), (r) => atLeast(r, 1 + m));
}

function ft314Parity(ctx: ClaimContext): Outcome {
  const m = ctx.rule.minEffect;
  return bindingClaim(ctx, '3.14', PART_RULE(ctx, `a binding holds if the ratio lies within ${(1 / (1 + m)).toFixed(2)}–${(1 + m).toFixed(2)}, differs if wholly outside`), (r) => parity(r, m));
}

/** "In some cases": holds when one of the talk's bindings is faster with the GIL, differs when
 * none is (every part decided the other way), else inconclusive. */
const someHold = (parts: ClaimPart[]): Verdict =>
  parts.some((p) => p.verdict === 'holds') ? 'holds' : parts.length && parts.every((p) => p.verdict === 'differs') ? 'differs' : parts.every((p) => p.verdict === 'not-tested') ? 'not-tested' : 'inconclusive';

function ftLockfree(ctx: ClaimContext): Outcome {
  const m = ctx.rule.minEffect;
  const rule = `"in some cases the locked implementation is faster": ${PART_RULE(ctx, `a binding holds (the GIL build faster) if the ratio lies above ${(1 + m).toFixed(2)}, differs if below`).replace('the claim holds or differs when all four do, is mixed when they disagree, else inconclusive', 'the claim holds if one of the four holds, differs if all four differ, else inconclusive')}`;
  return bindingClaim(ctx, '3.13', rule, (r) => atLeast(r, 1 + m), someHold);
}

// ---------------------------------------------------------------------------------------------
// Unicode

/** What the talk's code did with strings, and where its "Unicode" frames came from (its repository): in English for the evidence. */
const TALK_UNICODE_FACTS = CLAIM_WORDS.en.unicodeTalk;

/** Per process, the cost of `fn` over bytes_len through one series (same series, same process). */
const costOver = (series: string, fn: string) => (r: RunRecord) => {
  const a = seriesMedian(r, series, fn);
  const b = seriesMedian(r, series, 'bytes_len');
  return a !== null && b !== null ? a / b : null;
};

/** One Unicode part: (fn / bytes_len) free-threaded over the same on the GIL build. */
function unicodePart(ctx: ClaimContext, id: string, series: string, fn: string, counted: boolean, gil: RunRecord[], ft: RunRecord[], gilOn: RunRecord[]): ClaimPart {
  const m = ctx.rule.minEffect;
  const [a, b, c] = [perProcess(gil, costOver(series, fn)), perProcess(ft, costOver(series, fn)), perProcess(gilOn, costOver(series, fn))];
  if (!a.length || !b.length) return { id, series, fn, counted, verdict: 'not-tested', reason: say().unicodeMissing(id, series, fn) };
  const r = processRatioCI(a, b, ctx.rule.confidence);
  const on = c.length ? processRatioCI(a, c, ctx.rule.confidence) : null;
  const verdict = atLeast(r, 1 + m);
  return { id, series, fn, counted, verdict, reason: say().part(id, verdictWord(verdict), describeRatio(r)), freeThreaded: evidenceOf(r), talkCondition: on ? { ...evidenceOf(on), verdict: atLeast(on, 1 + m) } : null };
}

/** The bindings that take a str and translate it in native code (no Python wrapper): the talk's two, and ours apart. */
const STR_TAKERS: readonly { id: string; counted: boolean }[] = [
  { id: 'pybind11', counted: true },
  { id: 'pyo3', counted: true },
  { id: 'capi', counted: false },
  { id: 'nanobind', counted: false },
];

function ftUnicode(ctx: ClaimContext): Outcome {
  const m = ctx.rule.minEffect;
  const rule = `parts, each the cost of a str call over the same binding's bytes_len call in the same process, free-threaded over GIL build, processes as the unit, holds if the ${pct(ctx.rule.confidence)} interval lies above ${(1 + m).toFixed(2)}, differs if below: (a) the talk's path, cffi-talk's str_len (a Python wrapper that calls .encode() and passes bytes) over its bytes_len (the same wrapper, bytes); (b) real translation, str_len_fresh (a new non-ASCII str each call, so no cached UTF-8) through each binding that takes a str in native code (pybind11 and PyO3 counted; the C-API module and nanobind apart; where str_len_fresh was not measured, str_len, whose UTF-8 is cached after the first call, stands in and says so). The claim holds or differs when every counted part does, is mixed when they disagree`;
  const p = needRuntimes(ctx, '3.13', ['gil', 'nogil'], rule);
  if (isOutcome(p)) return p;
  const gilOnRt = ctx.gilOn(p.minor);
  // Each part reads the one batch of processes that measured it (same parameters, one session):
  // the talk's path needs the talk-style cffi series, translation a fresh str (else a cached one).
  const arms = (match: Record<string, unknown>) => [p.gil, p.nogil, gilOnRt].map((rt) => ctx.select('call-overhead', rt, match));
  const talkArms = arms({ functions: ['bytes_len', 'str_len'], talk_cffi: true, method: 'batched' });
  const freshArms = arms({ functions: ['bytes_len', 'str_len_fresh'], method: 'batched' });
  const [gil, ft, on] = freshArms[0]!.length && freshArms[1]!.length ? freshArms : arms({ functions: ['bytes_len'], method: 'batched' });
  const fresh = [...gil!, ...ft!].some((r) => Object.keys(r.samples).some((k) => k.endsWith('/str_len_fresh')));
  const fn = fresh ? 'str_len_fresh' : 'str_len';
  const parts = [
    unicodePart(ctx, 'talk-path', 'cffi-talk', 'str_len', true, talkArms[0]!, talkArms[1]!, talkArms[2]!),
    ...STR_TAKERS.map((b) => unicodePart(ctx, `${fresh ? 'fresh' : 'cached'}/${b.id}`, b.id, fn, b.counted, gil!, ft!, on!)),
  ].filter((x) => x.counted || x.verdict !== 'not-tested');
  const counted = parts.filter((x) => x.counted);
  const verdict = combineParts(counted);
  const onParts = counted.map((x) => ({ ...x, verdict: ((x['talkCondition'] as { verdict?: Verdict } | null)?.verdict ?? 'not-tested') as Verdict }));
  const talkLine = on!.length || talkArms[2]!.length
    ? say().talkCondition(gilOnRt!.id, verdictWord(combineParts(onParts)), partsLine(onParts))
    : say().talkConditionMissing(`npx ffi-corners run call-overhead --runtime ${gilOnId(p.nogil!)}`);
  return {
    verdict,
    reason: say().withTalk(say().clauses([`${say().clauses(counted.map((x) => x.reason))}${fresh ? '' : say().freshStandsIn}`, talkLine]), say().unicodeTalk),
    command: verdict === 'inconclusive' || verdict === 'not-tested' ? VERIFY : null,
    evidence: {
      rule,
      minEffect: m,
      runtimes: { ...runtimesEvidence(p), ...(on!.length || talkArms[2]!.length ? { gilOn: gilOnRt!.id } : {}) },
      conditions: { gil: p.gil!.id, gilOn: on!.length || talkArms[2]!.length ? gilOnRt!.id : null, freeThreaded: p.nogil!.id },
      translation: fn,
      talkCode: TALK_UNICODE_FACTS,
    },
    parts,
  };
}

// ---------------------------------------------------------------------------------------------
// The lock frames of the talk's perf listing

/** What the talk's perf listing blames: the critical sections and mutexes of the free-threaded build. */
const LOCK_SYMBOLS = /_PyCriticalSection_|PyMutex_|_PyMutex_/;

function ftCriticalSections(ctx: ClaimContext): Outcome {
  const rule = "instructions per return_int() call of PyO3 under callgrind, by layer, free-threaded against GIL build: holds if the free-threaded sync layer (critical sections, PyMutex, atomics) of PyO3's call is above 0 and makes at least half of its growth in instructions; differs if that layer is 0 in the call (the lock frames the talk saw came from elsewhere: its profiling loop's module-global counter); else inconclusive. The talk's condition (GIL forced on) is reported beside it";
  const p = needPair(ctx, 'newest', ['gil', 'nogil'], rule);
  if (isOutcome(p)) return p;
  const [g, f] = [instructionsResult(ctx, p.gil), instructionsResult(ctx, p.nogil)];
  const [lg, lf] = [g ? layersOf(g, PYO3_KEY) : null, f ? layersOf(f, PYO3_KEY) : null];
  if (!g || !f || !lg || !lf) {
    const missing = !lg ? p.gil!.id : p.nogil!.id;
    return { verdict: 'not-tested', reason: say().noInstructions('pyo3 layers', missing), command: INSTR_COMMAND(missing), evidence: { rule } };
  }
  const growth = (f.perCall[PYO3_KEY] ?? 0) - (g.perCall[PYO3_KEY] ?? 0);
  const sync = lf['ft-sync'];
  const locks = pathSymbols(f, PYO3_KEY, LOCK_SYMBOLS).map((e) => e.symbol);
  const verdict: Verdict = sync > 0 && growth > 0 && sync >= growth / 2 ? 'holds' : sync === 0 ? 'differs' : 'inconclusive';
  const on = instructionsResult(ctx, ctx.gilOn(p.minor));
  const onSync = on ? layersOf(on, PYO3_KEY)?.['ft-sync'] : undefined;
  return {
    verdict,
    reason: say().pyo3Sync(`${g.perCall[PYO3_KEY]?.toFixed(0)}`, p.gil!.id, `${f.perCall[PYO3_KEY]?.toFixed(0)}`, p.nogil!.id, `${growth >= 0 ? '+' : ''}${growth.toFixed(0)}`, sync.toFixed(0), locks, onSync === undefined ? null : onSync.toFixed(0), INSTR_COMMAND(gilOnId(p.nogil!))),
    command: null,
    evidence: { rule, layers: { gil: lg, freeThreaded: lf }, growth, locks, talkConditionSync: onSync ?? null, runtimes: runtimesEvidence(p) },
  };
}

export const FREE_THREADED_CLAIMS: readonly Claim[] = [
  {
    id: 'ft-slower-ffi',
    talk: TALK_FREE_THREADED_RECAP[0]!,
    section: FT_SECTION,
    needs: [co('3.13', THREE), once('instructions', {}, ['gil', 'nogil'], '3.13')],
    evaluate: ftSlowerFfi,
  },
  {
    id: 'ft-314-parity',
    talk: TALK_FREE_THREADED_RECAP[1]!,
    section: FT_SECTION,
    needs: [co('3.14', THREE), once('instructions', {}, ['gil', 'nogil'], '3.14')],
    evaluate: ft314Parity,
  },
  {
    id: 'ft-lockfree-not-faster',
    talk: TALK_FREE_THREADED_RECAP[2]!,
    section: FT_SECTION,
    needs: [co('3.13', THREE), once('instructions', {}, ['gil', 'nogil'], '3.13')],
    evaluate: ftLockfree,
  },
  {
    id: 'ft-unicode',
    talk: TALK_FREE_THREADED_RECAP[3]!,
    section: FT_SECTION,
    needs: [co('3.13', THREE)],
    evaluate: ftUnicode,
  },
  {
    id: 'ft-critical-sections',
    talk: TALK_PERF_NOGIL_LOCKS,
    section: 'Why Free-Threaded Makes Them Slower? (perf report of PyO3 on no-GIL)',
    needs: [once('instructions', {}, ['gil', 'nogil'])],
    evaluate: ftCriticalSections,
  },
];
