// "Higher Risk for Arena Leakage in GLIBC": the arena experiment's cells (each a fresh process),
// GIL against free-threaded at the talk's cell, and glibc's arena_max tunable.
import type { ArenaCell as ArenaCellOf } from '../../protocol/arena.ts';
import { findExperiment } from '../../protocol/experiments.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { arenaCells as arenaCellsOf, cellAt } from '../arena.ts';
import { ratioCI } from '../format.ts';
import { processRatioCI } from '../stats.ts';
import { TALK_ARENA } from '../talk.ts';
import { atLeast, describeRatio, evidenceOf, fewProcesses, gilCameBack, isOutcome, needPair, once, parity, pct, runtimesEvidence, VERIFY, type Claim, type ClaimContext, type Outcome, type RuntimeFacts, type Verdict } from './core.ts';

const ARENA_SECTION = 'Higher Risk for Arena Leakage in GLIBC';

// ---------------------------------------------------------------------------------------------
// Arenas (the cells of the arena experiment; each cell is a fresh process)

/** The talk's cell: Python threads × native threads. */
export const ARENA_CELL = { python_threads: TALK_ARENA.pythonThreads, native_threads: TALK_ARENA.rustThreads };

const arenaCommand = (rt: string, cap = 0) => `npx ffi-corners run arena --runtime ${rt} --set python_threads=${ARENA_CELL.python_threads} --set native_threads=${ARENA_CELL.native_threads}${cap ? ` --set arena_max=${cap}` : ''}`;

/** The talk's loader: its PyO3 call held the GIL, as PyDLL does. */
const ARENA_HELD = { loader: 'pydll' };
const ARENA_PARAMS = { python_threads: [ARENA_CELL.python_threads], native_threads: [ARENA_CELL.native_threads], ...ARENA_HELD };

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


export const ARENA_CLAIMS: readonly Claim[] = [
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
