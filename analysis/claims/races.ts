// "Racing FFI after No-GIL": lost updates and broken balances through PyDLL and CDLL, with the GIL
// and without it (experiment `races`).
import type { RunRecord } from '../../protocol/record.ts';
import type { RaceResult } from '../../protocol/results.ts';
import { TALK_RACES } from '../talk.ts';
import { atLeast, describeRatio, evidenceOf, fewProcesses, gilCameBack, isOutcome, needPair, once, parity, pct, runtimesEvidence, VERIFY, type Claim, type ClaimContext, type Outcome, type RuntimeFacts, type Verdict } from './core.ts';

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


export const RACE_CLAIMS: readonly Claim[] = [
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
];
