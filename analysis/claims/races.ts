// "Racing FFI after No-GIL": lost updates and broken balances through PyDLL and CDLL, with the GIL
// and without it (experiment `races`).
import type { RunRecord } from '../../protocol/record.ts';
import type { RaceResult } from '../../protocol/results.ts';
import { TALK_RACES } from '../talk.ts';
import { isOutcome, needPair, once, runtimesEvidence, type Claim, type ClaimContext, type Outcome, type RuntimeFacts, type Verdict, type ClaimPart, combineParts, verdictWord } from './core.ts';
import { say } from './words.ts';

const RACE_SECTION = 'Racing global states after No-GIL';

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
  if (!gil.repeats) return { verdict: 'not-tested', reason: say().noRaces(p.gil!.id, 'pydll'), command: racesCommand(p.gil!.id, 'pydll'), evidence: { rule } };
  const verdict: Verdict = gil.unsafeRaces > 0 ? 'differs' : nogil.unsafeRaces > 0 ? 'holds' : 'inconclusive';
  return {
    verdict,
    reason: say().pydllRaces(gil.unsafeRaces, gil.repeats, nogil.unsafeRaces, nogil.repeats),
    command: verdict === 'inconclusive' ? racesCommand(p.nogil!.id, 'pydll') : null,
    evidence: { rule, gil, nogil, processes: gil.records + nogil.records, runtimes: runtimesEvidence(p) },
  };
}

function cdllUnprotected(ctx: ClaimContext): Outcome {
  const rule = 'unsafe counter and bank through CDLL (the GIL released around the call) on the GIL build: holds if any repeat races; no race proves nothing (inconclusive)';
  const p = needPair(ctx, '3.13', ['gil'], rule);
  if (isOutcome(p)) return p;
  const t = raceTally(ctx.select('races', p.gil, { loader: 'cdll' }));
  if (!t.repeats) return { verdict: 'not-tested', reason: say().noRaces(p.gil!.id, 'cdll'), command: racesCommand(p.gil!.id, 'cdll'), evidence: { rule } };
  const verdict: Verdict = t.unsafeRaces > 0 ? 'holds' : 'inconclusive';
  return {
    verdict,
    reason: say().cdllRaces(t.unsafeRaces, t.repeats),
    command: verdict === 'inconclusive' ? racesCommand(p.gil!.id, 'cdll') : null,
    evidence: { rule, ...t, processes: t.records, runtimes: runtimesEvidence(p) },
  };
}

function nogilRaces(ctx: ClaimContext): Outcome {
  const rule = 'unsafe counter and bank on the free-threaded build (PyDLL and CDLL runs): holds if any repeat races; none is inconclusive';
  const p = needPair(ctx, '3.13', ['nogil'], rule);
  if (isOutcome(p)) return p;
  const t = raceTally(ctx.select('races', p.nogil));
  if (!t.repeats) return { verdict: 'not-tested', reason: say().noRaces(p.nogil!.id, null), command: racesCommand(p.nogil!.id, 'pydll'), evidence: { rule } };
  const verdict: Verdict = t.unsafeRaces > 0 ? 'holds' : 'inconclusive';
  return { verdict, reason: say().nogilRaces(t.unsafeRaces, t.repeats), command: null, evidence: { rule, ...t, processes: t.records, runtimes: runtimesEvidence(p) } };
}

function threadSafeSafe(ctx: ClaimContext): Outcome {
  const rule = 'mutex and atomic counters and the locked bank, every races run on both builds: holds if none ever loses an update or breaks the balance, differs if one does';
  const p = needPair(ctx, '3.13', ['gil', 'nogil'], rule);
  if (isOutcome(p)) return p;
  const t = raceTally([...ctx.select('races', p.gil), ...ctx.select('races', p.nogil)]);
  if (!t.repeats) return { verdict: 'not-tested', reason: say().noRaces(null, null), command: racesCommand(p.nogil!.id, 'pydll'), evidence: { rule } };
  const verdict: Verdict = t.safeLosses > 0 ? 'differs' : 'holds';
  return { verdict, reason: say().safeRaces(t.safeLosses, t.records), command: null, evidence: { rule, ...t, processes: t.records, runtimes: runtimesEvidence(p) } };
}


// ---------------------------------------------------------------------------------------------
// The size of the races, against the talk's own outputs

/** The talk's parameters (demo_race_condition.py): a run is compared only when it used them. */
const TALK_RACE_PARAMS = { loader: 'pydll', threads: TALK_RACES.params.threads, iterations: TALK_RACES.params.iterations, bank_threads: TALK_RACES.params.bank_threads, bank_balance: TALK_RACES.params.bank_balance, bank_amount: TALK_RACES.params.bank_amount, bank_attempts: TALK_RACES.params.bank_attempts };
/** The share of increments the talk lost free-threaded: 19.8% in its single run, 36.3% averaged over its 5 repeats. */
const LOST_RANGE: [number, number] = [TALK_RACES.nogil.counter.lost / (TALK_RACES.params.threads * TALK_RACES.params.iterations), 1 - TALK_RACES.nogil.repeats.counterAccuracy];
/** The share of bank repeats with an over-withdrawal the talk saw: 2 of 5 in its repeats, 1 of 1 in its single run. */
const BANK_RANGE: [number, number] = [2 / 5, 1];
const MIN_REPEATS = 3;

function magnitudePart(id: string, counted: boolean, share: number | null, repeats: number, range: [number, number], what: 'lost' | 'over-withdrew in', label: string): ClaimPart {
  if (share === null || !repeats) return { id, counted, verdict: 'not-tested', reason: say().notTalkParams(label) };
  const inside = share >= range[0] && share <= range[1];
  const verdict: Verdict = repeats < MIN_REPEATS ? 'inconclusive' : inside ? 'holds' : 'differs';
  return { id, counted, verdict, reason: say().raceShare(label, what, (share * 100).toFixed(1), repeats, (range[0] * 100).toFixed(1), (range[1] * 100).toFixed(1), verdictWord(verdict)), share, repeats, range };
}

function raceMagnitude(ctx: ClaimContext): Outcome {
  const rule = `with the talk's parameters (${TALK_RACE_PARAMS.threads} threads × ${TALK_RACE_PARAMS.iterations.toLocaleString('en-US')} increments through PyDLL; the bank: ${TALK_RACE_PARAMS.bank_threads} threads, $${TALK_RACE_PARAMS.bank_balance}, $${TALK_RACE_PARAMS.bank_amount}, ${TALK_RACE_PARAMS.bank_attempts} attempts) on the free-threaded build, two parts: the share of increments lost (mean over repeats) holds inside the talk's ${(LOST_RANGE[0] * 100).toFixed(1)}–${(LOST_RANGE[1] * 100).toFixed(1)}%, differs outside; the share of bank repeats that over-withdrew holds inside the talk's ${BANK_RANGE[0] * 100}–${BANK_RANGE[1] * 100}%, differs outside; fewer than ${MIN_REPEATS} repeats is inconclusive. The GIL build (the talk: nothing lost) and the free-threaded build with the GIL on are shown apart`;
  const p = needPair(ctx, '3.13', ['gil', 'nogil'], rule);
  if (isOutcome(p)) return p;
  const cmd = (rt: string) => `${racesCommand(rt, 'pydll')} --set threads=${TALK_RACE_PARAMS.threads} --set iterations=${TALK_RACE_PARAMS.iterations}`;
  const parts = (rt: RuntimeFacts | null, label: 'free-threaded' | 'GIL build' | 'GIL on', counted: boolean): ClaimPart[] => {
    const res = ctx.select('races', rt, TALK_RACE_PARAMS).map((r) => r.result as RaceResult | null).filter((r): r is RaceResult => !!r);
    const total = TALK_RACE_PARAMS.threads * TALK_RACE_PARAMS.iterations;
    const c = res.map((r) => r.counter['unsafe']).filter((x) => !!x);
    const b = res.map((r) => r.bank['unsafe']).filter((x) => !!x);
    const cRep = c.reduce((a, x) => a + x!.repeats, 0);
    const bRep = b.reduce((a, x) => a + x!.repeats, 0);
    const lost = cRep ? c.reduce((a, x) => a + x!.mean_lost * x!.repeats, 0) / cRep / total : null;
    const over = bRep ? b.reduce((a, x) => a + x!.repeats_inconsistent, 0) / bRep : null;
    return [magnitudePart(`${label} counter`, counted, lost, cRep, counted ? LOST_RANGE : [0, 0], 'lost', say().raceArm(label, 'counter')), magnitudePart(`${label} bank`, counted, over, bRep, counted ? BANK_RANGE : [0, 0], 'over-withdrew in', say().raceArm(label, 'bank'))];
  };
  const all = [...parts(p.nogil, 'free-threaded', true), ...parts(p.gil, 'GIL build', false), ...parts(ctx.gilOn(p.minor), 'GIL on', false)];
  const counted = all.filter((x) => x.counted);
  const verdict = combineParts(counted);
  return {
    verdict,
    reason: say().clauses(all.filter((x) => x.verdict !== 'not-tested' || x.counted).map((x) => x.reason)),
    command: verdict === 'not-tested' || verdict === 'inconclusive' ? cmd(p.nogil!.id) : null,
    evidence: { rule, runtimes: runtimesEvidence(p), conditions: { gil: p.gil!.id, gilOn: ctx.gilOn(p.minor)?.id ?? null, freeThreaded: p.nogil!.id } },
    parts: all.filter((x) => x.verdict !== 'not-tested' || x.counted),
  };
}

export const RACE_CLAIMS: readonly Claim[] = [
  {
    id: 'gil-protects-unsafe-state',
    talk: TALK_RACES.recap[0]!,
    section: `${RACE_SECTION} (Recap)`,
    needs: [once('races', { loader: 'pydll' }, ['gil', 'nogil'], '3.13')],
    evaluate: gilProtects,
  },
  {
    id: 'cdll-unprotected',
    talk: TALK_RACES.recap[1]!,
    section: `${RACE_SECTION} (Recap)`,
    needs: [once('races', { loader: 'cdll' }, ['gil'], '3.13')],
    evaluate: cdllUnprotected,
  },
  {
    id: 'nogil-unsafe-races',
    talk: `${TALK_RACES.matrix[1]!.ffi}\t${TALK_RACES.matrix[1]!.gil}\t${TALK_RACES.matrix[1]!.nogil}`,
    section: RACE_SECTION,
    needs: [once('races', { loader: 'pydll' }, ['nogil'], '3.13')],
    evaluate: nogilRaces,
  },
  {
    id: 'thread-safe-ffi-safe',
    talk: `${TALK_RACES.matrix[0]!.ffi}\t${TALK_RACES.matrix[0]!.gil}\t${TALK_RACES.matrix[0]!.nogil}`,
    section: RACE_SECTION,
    needs: [once('races', { loader: 'pydll' }, ['gil', 'nogil'], '3.13')],
    evaluate: threadSafeSafe,
  },
  {
    id: 'race-magnitude',
    talk: `- Race conditions detected: ${TALK_RACES.nogil.repeats.counterRaces}\n- Average accuracy: ${(TALK_RACES.nogil.repeats.counterAccuracy * 100).toFixed(1)}%\n- Average lost increments: ${TALK_RACES.nogil.repeats.averageLost}`,
    section: `${RACE_SECTION} (Testing with No-GIL Python)`,
    needs: [once('races', { ...TALK_RACE_PARAMS, repeats: 5 }, ['gil', 'gil-on', 'nogil'], '3.13')],
    evaluate: raceMagnitude,
  },
];
