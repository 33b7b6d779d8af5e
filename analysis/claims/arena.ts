// "Higher Risk for Arena Leakage in GLIBC": the arena experiment's cells (each a fresh process),
// GIL against free-threaded at the talk's cell, and glibc's arena_max tunable.
import type { ArenaCell as ArenaCellOf } from '../../protocol/arena.ts';
import { findExperiment } from '../../protocol/experiments.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { arenaCells as arenaCellsOf, cellAt, largestCell } from '../arena.ts';
import { ratioCI } from '../format.ts';
import { processRatioCI, type ProcessRatio } from '../intervals.ts';
import { TALK_ALLOCATORS, TALK_ARENA, TALK_ARENA_WORDS } from '../talk.ts';
import { allocatorScenarios, rankAllocators } from '../arena.ts';
import { gilOnId } from './parts.ts';
import { atLeast, parity, describeRatio, evidenceOf, isOutcome, needPair, once, pct, runtimesEvidence, VERIFY, type Claim, type ClaimContext, type Outcome, type RuntimeFacts, type Verdict, type ClaimPart, combineParts, verdictWord } from './core.ts';
import { say } from './words.ts';

const ARENA_SECTION = 'Higher Risk for Arena Leakage in GLIBC';

// ---------------------------------------------------------------------------------------------
// Arenas (the cells of the arena experiment; each cell is a fresh process)

/** The talk's cell: Python threads × native threads. */
export const ARENA_CELL = { python_threads: TALK_ARENA.pythonThreads, native_threads: TALK_ARENA.rustThreads };

const arenaCommand = (rt: string, cap = 0) => `npx ffi-corners run arena --runtime ${rt} --set python_threads=${ARENA_CELL.python_threads} --set native_threads=${ARENA_CELL.native_threads}${cap ? ` --set arena_max=${cap}` : ''}`;

/** The talk's loader: its PyO3 call held the GIL, as PyDLL does. */
const ARENA_HELD = { loader: 'pydll' };
const ARENA_PARAMS = { python_threads: [ARENA_CELL.python_threads], native_threads: [ARENA_CELL.native_threads], ...ARENA_HELD };
/** What verify runs: the talk's cell and smaller ones, where glibc's arena limit is not reached on a small machine. */
const ARENA_GRID = { python_threads: [2, ARENA_CELL.python_threads], native_threads: [4, ARENA_CELL.native_threads], ...ARENA_HELD };

/** The arena driver's default block size: the talk's 64 MiB blocks are a separate, labelled run. */
const ARENA_BLOCK_KIB = findExperiment('arena')?.params['block_kib']?.default;

/** The arena runs a claim compares: the talk's cell in the grid, glibc's malloc, default block sizes. */
// Blocks written (touch; records made before the parameter existed wrote them too): a run of the talk's
// unwritten recipe on the same grid is another experiment.
const arenaRuns = (ctx: ClaimContext, rt: RuntimeFacts | null, match: Record<string, unknown>) =>
  ctx.select('arena', rt, { ...ARENA_PARAMS, allocator: 'glibc', block_kib: ARENA_BLOCK_KIB, ...match }, { where: (r) => r.params['touch'] !== false });

/** One value per process of a quantity at the talk's cell of a run, or [] without it. */
function atTalkCell(r: RunRecord | undefined, pick: (c: ArenaCellOf) => { values: number[] } | null | undefined): number[] {
  const c = r ? cellAt(arenaCellsOf(r), ARENA_CELL.python_threads, ARENA_CELL.native_threads) : null;
  return c ? (pick(c)?.values ?? []) : [];
}

/** glibc's arena limit in a run: what the experiment reports (arenaLimit), else 8 × the CPUs (64-bit glibc's default). */
export function arenaLimit(r: RunRecord): number | null {
  const reported = (r.result as { arenaLimit?: unknown } | null)?.arenaLimit;
  if (typeof reported === 'number' && reported > 0) return reported;
  const cpus = r.meta?.env?.cpuCount;
  return cpus && cpus > 0 ? 8 * cpus : null;
}

/** A cell where a process of this run reached glibc's arena limit: its arena bytes measure the ceiling. */
const atCap = (c: ArenaCellOf, limit: number | null) => c.atArenaCap ?? (limit !== null && (c.arenas?.values ?? []).some((a) => a >= limit));

interface CellJudgement {
  cell: string;
  verdict: Verdict;
  ratio: ProcessRatio | null;
  capped: { gil: boolean; nogil: boolean };
}

/** Free-threaded over GIL build arena bytes at one cell, or why it is not judged there. */
function judgeCell(ctx: ClaimContext, g: ArenaCellOf, n: ArenaCellOf, limits: { gil: number | null; nogil: number | null }): CellJudgement {
  const cell = `${g.pythonThreads}×${g.nativeThreads}`;
  const capped = { gil: atCap(g, limits.gil), nogil: atCap(n, limits.nogil) };
  const a = g.arenaMiB?.values ?? [];
  const b = n.arenaMiB?.values ?? [];
  if (!a.length || !b.length || ![...a, ...b].every((v) => v > 0)) return { cell, verdict: 'inconclusive', ratio: null, capped };
  const r = processRatioCI(a, b, ctx.rule.confidence);
  return { cell, verdict: capped.gil && capped.nogil ? 'inconclusive' : atLeast(r, 1 + ctx.rule.minEffect), ratio: r, capped };
}

/** The largest cell (N × M) both runs measured where no process of either reached the arena limit. */
function largestUncapped(gil: ArenaCellOf[], nogil: ArenaCellOf[], limits: { gil: number | null; nogil: number | null }): [ArenaCellOf, ArenaCellOf] | null {
  const pairs = gil
    .map((g) => [g, cellAt(nogil, g.pythonThreads, g.nativeThreads)] as const)
    .filter((x): x is [ArenaCellOf, ArenaCellOf] => !!x[1] && !atCap(x[0], limits.gil) && !atCap(x[1], limits.nogil));
  return pairs.reduce<[ArenaCellOf, ArenaCellOf] | null>((best, x) => (!best || x[0].pythonThreads * x[0].nativeThreads > best[0].pythonThreads * best[0].nativeThreads ? x : best), null);
}

const describeCell = (j: CellJudgement) => say().cell(j.cell, verdictWord(j.verdict), j.ratio ? `${ratioCI(j.ratio.ratio, j.ratio.low, j.ratio.high)} (${j.ratio.processes.join('+')})` : null);

function arenaAmplified(ctx: ClaimContext): Outcome {
  const m = ctx.rule.minEffect;
  const rule = `glibc's non-main arena bytes after the run, free-threaded over GIL build, the talk's loader (the GIL held in the call on the GIL build), one value per process: holds if the ${pct(ctx.rule.confidence)} interval (Welch, processes as the unit) lies above ${(1 + m).toFixed(2)}, differs if it lies below, else inconclusive. At the talk's cell (${ARENA_CELL.python_threads} Python × ${ARENA_CELL.native_threads} native threads) unless both builds reach glibc's arena limit there (8 × CPUs, or the run's arena_max): then that cell is inconclusive (both measure the same ceiling) and the claim is judged at the largest cell where no process of either build reached it. The talk's way (total RSS, which also holds the interpreter's own growth) is reported beside it, not judged`;
  const p = needPair(ctx, 'newest', ['gil', 'nogil'], rule);
  if (isOutcome(p)) return p;
  const [g, n] = [arenaRuns(ctx, p.gil, { arena_max: 0 }).at(-1), arenaRuns(ctx, p.nogil, { arena_max: 0 }).at(-1)];
  const [gCells, nCells] = [arenaCellsOf(g), arenaCellsOf(n)];
  const [gT, nT] = [cellAt(gCells, ARENA_CELL.python_threads, ARENA_CELL.native_threads), cellAt(nCells, ARENA_CELL.python_threads, ARENA_CELL.native_threads)];
  if (!g || !n || !gT || !nT) {
    const missing = !g || !gT ? p.gil!.id : p.nogil!.id;
    return { verdict: 'not-tested', reason: say().noArenaCell(`${ARENA_CELL.python_threads}×${ARENA_CELL.native_threads}`, missing), command: arenaCommand(missing), evidence: { rule } };
  }
  const limits = { gil: arenaLimit(g), nogil: arenaLimit(n) };
  const talkCell = judgeCell(ctx, gT, nT, limits);
  const bothCapped = talkCell.capped.gil && talkCell.capped.nogil;
  const other = bothCapped ? largestUncapped(gCells, nCells, limits) : null;
  const judged = other ? judgeCell(ctx, other[0], other[1], limits) : null;
  const decisive = bothCapped ? judged : talkCell;
  const verdict: Verdict = decisive?.verdict ?? 'inconclusive';
  const rss = { gil: atTalkCell(g, (c) => c.rssMiB), nogil: atTalkCell(n, (c) => c.rssMiB) };
  const talkWay = rss.gil.every((v) => v > 0) && rss.nogil.every((v) => v > 0) && rss.gil.length && rss.nogil.length ? processRatioCI(rss.gil, rss.nogil, ctx.rule.confidence) : null;
  const [t313] = TALK_ARENA.rows;
  const capLine = bothCapped ? say().arenaCapped(limits.gil, talkCell.cell, judged ? describeCell(judged) : null) : say().arenaAtTalkCell(describeCell(talkCell));
  const r = decisive?.ratio ?? null;
  // The talk's condition: the free-threaded build with the GIL forced on, at the cell that decides.
  const onRt = ctx.gilOn(p.minor);
  const onRun = arenaRuns(ctx, onRt, { arena_max: 0 }).at(-1);
  const at = decisive?.cell.split('×').map(Number);
  const [gD, oD] = at && onRun ? [cellAt(gCells, at[0]!, at[1]!), cellAt(arenaCellsOf(onRun), at[0]!, at[1]!)] : [null, null];
  const onJ = gD && oD && onRun ? judgeCell(ctx, gD, oD, { gil: limits.gil, nogil: arenaLimit(onRun) }) : null;
  const talkLine = onJ ? say().arenaTalkCondition(onRt!.id, describeCell(onJ)) : say().talkConditionMissing(arenaCommand(gilOnId(p.nogil!)));
  return {
    verdict,
    reason: say().clauses([capLine, talkLine, say().arenaTalkWay(talkWay ? ratioCI(talkWay.ratio, talkWay.low, talkWay.high) : null, t313!.amplification)]),
    command: verdict === 'inconclusive' ? (bothCapped && !judged ? arenaCommand(p.nogil!.id).replace(/--set python_threads=\d+ --set native_threads=\d+/, '--set python_threads=2,8 --set native_threads=4,50') : VERIFY) : null,
    evidence: {
      rule,
      ...(r ? evidenceOf(r) : {}),
      minEffect: m,
      cell: { pythonThreads: ARENA_CELL.python_threads, nativeThreads: ARENA_CELL.native_threads },
      arenaLimit: limits,
      judgedAt: decisive?.cell ?? null,
      arenaMiB: { gil: gT.arenaMiB?.values ?? [], nogil: nT.arenaMiB?.values ?? [] },
      talkWay: talkWay && { ...evidenceOf(talkWay), rssMiB: rss },
      runtimes: { ...runtimesEvidence(p), ...(onJ ? { gilOn: onRt!.id } : {}) },
      conditions: { gil: p.gil!.id, gilOn: onJ ? onRt!.id : null, freeThreaded: p.nogil!.id },
      talkCondition: onJ?.verdict ?? null,
    },
    parts: [
      { id: `cell ${talkCell.cell}`, counted: !bothCapped, verdict: talkCell.verdict, reason: describeCell(talkCell) + (bothCapped ? say().bothAtLimit : ''), capped: talkCell.capped },
      ...(judged ? [{ id: `cell ${judged.cell}`, counted: true, verdict: judged.verdict, reason: describeCell(judged), capped: judged.capped }] : []),
    ],
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
  if (!capped.length) return { verdict: 'not-tested', reason: say().noArenaCap(ARENA_CAP), command: arenaCommand((p.nogil ?? p.gil)!.id, ARENA_CAP), evidence: { rule } };
  const most = Math.max(...capped);
  const verdict: Verdict = most > ARENA_CAP ? 'differs' : free.some((a) => a > ARENA_CAP) ? 'holds' : 'inconclusive';
  return {
    verdict,
    reason: say().arenaCaps(most, free.length ? Math.max(...free) : null),
    command: verdict === 'inconclusive' && !free.length ? arenaCommand((p.nogil ?? p.gil)!.id) : null,
    evidence: { rule, cap: ARENA_CAP, processes: [capped.length, free.length], arenas: { cappedMost: most, uncappedMost: free.length ? Math.max(...free) : null }, runtimes: runtimesEvidence(p) },
  };
}


// ---------------------------------------------------------------------------------------------
// The talk's own recipe: 64 MiB blocks, the GIL held, whole-process RSS

const BLOCKS_64MIB = 64 * 1024;
/** The talk's recipe: one 64 MiB block per native thread, never written (address space, not
 * memory), the GIL held in the call. */
const TALK_RECIPE = { loader: 'pydll', block_kib: BLOCKS_64MIB, blocks: 1, touch: false };
/** The cell verify runs it at: the talk's own, 8 Python threads × 50 native ones (8 × 50 × 64 MiB =
 * 25 GiB of address space at most, never resident: untouched blocks cost no memory or time). */
const TALK_RECIPE_CELL = { n: ARENA_CELL.python_threads, m: ARENA_CELL.native_threads };

function arenaRssAmplified(ctx: ClaimContext): Outcome {
  const m = ctx.rule.minEffect;
  const rule = `the talk's recipe exactly: each native thread allocates one 64 MiB block and never writes it (block_kib=${BLOCKS_64MIB}, touch=false), the GIL held in the call (loader=pydll), whole-process RSS growth at the talk's cell (${ARENA_CELL.python_threads}×${ARENA_CELL.native_threads}), else the largest cell both runs measured (said in the reason), free-threaded over GIL build, one value per process, ${pct(ctx.rule.confidence)} interval (Welch, processes as the unit), two parts: direction holds if the interval lies above ${(1 + m).toFixed(2)}, differs if below; size holds if it lies within ${pct(m)} of the talk's ${TALK_ARENA.rows[0]!.amplification}× both ways, differs if wholly outside; else each inconclusive, and the parts disagreeing is mixed; the reason says where the growth was (the run's own attribution: arenas, the interpreter, both or neither; blocks served by mmap)`;
  const p = needPair(ctx, 'newest', ['gil', 'nogil'], rule);
  if (isOutcome(p)) return p;
  const runs = (rt: RuntimeFacts | null) => ctx.select('arena', rt, { ...TALK_RECIPE, allocator: 'glibc', arena_max: 0 }).at(-1);
  const [g, n] = [runs(p.gil), runs(p.nogil)];
  // The talk's cell (8 × 50 blocks of 64 MiB, unwritten), else the largest cell both runs have (records made before it ran there).
  const pick = (cells: ArenaCellOf[]) => cellAt(cells, ARENA_CELL.python_threads, ARENA_CELL.native_threads) ?? largestCell(cells);
  const gc0 = g ? pick(arenaCellsOf(g)) : null;
  const [gc, nc] = [gc0, gc0 && n ? cellAt(arenaCellsOf(n), gc0.pythonThreads, gc0.nativeThreads) : null];
  const cmd = (rt: string) => `npx ffi-corners run arena --runtime ${rt} --set python_threads=${TALK_RECIPE_CELL.n} --set native_threads=${TALK_RECIPE_CELL.m} --set block_kib=${BLOCKS_64MIB} --set blocks=1 --set touch=false`;
  if (!gc || !nc) return { verdict: 'not-tested', reason: say().noRecipe(!gc ? p.gil!.id : p.nogil!.id), command: cmd(!gc ? p.gil!.id : p.nogil!.id), evidence: { rule } };
  const [a, b] = [gc.rssMiB.values, nc.rssMiB.values];
  if (![...a, ...b].every((v) => v > 0)) return { verdict: 'inconclusive', reason: say().rssZero(a, b), command: VERIFY, evidence: { rule } };
  const r = processRatioCI(a, b, ctx.rule.confidence);
  // The talk's words are a figure: free-threaded grows more (the direction) and 29.46× as much (the size).
  const talkX = TALK_ARENA.rows[0]!.amplification;
  const [direction, size] = [atLeast(r, 1 + m), parity({ ...r, ratio: r.ratio / talkX, low: r.low / talkX, high: r.high / talkX }, m)];
  const parts: ClaimPart[] = [
    { id: 'direction', counted: true, verdict: direction, reason: say().part('direction', verdictWord(direction), describeRatio(r)) },
    { id: 'size', counted: true, verdict: size, reason: say().part('size', verdictWord(size), say().rssSize(describeRatio(r), talkX)) },
  ];
  const verdict = combineParts(parts);
  const mmapped = (g!.result as { blocksMmapped?: unknown } | null)?.blocksMmapped;
  // The talk's condition (the free-threaded build with the GIL forced on) over the GIL build, at the same cell.
  const onRt = ctx.gilOn(p.minor);
  const oc = cellAt(arenaCellsOf(runs(onRt)), gc.pythonThreads, gc.nativeThreads);
  const onR = oc && oc.rssMiB.values.length && oc.rssMiB.values.every((v) => v > 0) ? processRatioCI(a, oc.rssMiB.values, ctx.rule.confidence) : null;
  const onVerdict = onR ? atLeast(onR, 1 + m) : null;
  const talkLine = onR ? say().arenaTalkCondition(onRt!.id, say().cell(`${gc.pythonThreads}×${gc.nativeThreads}`, verdictWord(onVerdict!), describeRatio(onR))) : say().talkConditionMissing(cmd(gilOnId(p.nogil!)));
  const where = say().grewWhere(say().grew(gc.grew), say().grew(nc.grew), gc.interpreterMiB.median.toFixed(1), nc.interpreterMiB.median.toFixed(1), mmapped === undefined ? null : String(mmapped));
  return {
    verdict,
    reason: say().clauses([say().rssGrowth(`${gc.pythonThreads}×${gc.nativeThreads}`, describeRatio(r), talkX), parts.map((x) => say().partVerdict(x.id, verdictWord(x.verdict))).join(', '), talkLine, where]),
    command: verdict === 'inconclusive' ? VERIFY : null,
    evidence: {
      rule,
      ...evidenceOf(r),
      minEffect: m,
      rssMiB: { gil: a, nogil: b, ...(onR ? { gilOn: oc!.rssMiB.values } : {}) },
      grew: { gil: gc.grew, nogil: nc.grew },
      blocksMmapped: mmapped ?? null,
      runtimes: { ...runtimesEvidence(p), ...(onR ? { gilOn: onRt!.id } : {}) },
      conditions: { gil: p.gil!.id, gilOn: onR ? onRt!.id : null, freeThreaded: p.nogil!.id },
      talkCondition: onVerdict,
      talkConditionRatio: onR ? evidenceOf(onR) : null,
    },
    parts,
  };
}

// ---------------------------------------------------------------------------------------------
// The risk matrix: does the risk grow with Python threads × native threads?

function arenaGrowsWithThreads(ctx: ClaimContext): Outcome {
  const m = ctx.rule.minEffect;
  const rule = `per build (free-threaded counted, the GIL build shown apart), glibc's non-main arena bytes at the largest cell (Python × native threads) where no process reached the arena limit, over the smallest cell of the same run, one value per process: holds if the ${pct(ctx.rule.confidence)} interval (Welch) lies above ${(1 + m).toFixed(2)}, differs if below, else inconclusive`;
  const p = needPair(ctx, 'newest', ['gil', 'nogil'], rule);
  if (isOutcome(p)) return p;
  const part = (rt: RuntimeFacts, counted: boolean): ClaimPart => {
    const run = arenaRuns(ctx, rt, { arena_max: 0 }).at(-1);
    const cells = arenaCellsOf(run).filter((c) => !!run && !atCap(c, arenaLimit(run)) && (c.arenaMiB?.values ?? []).every((v) => v > 0) && (c.arenaMiB?.values.length ?? 0) > 0);
    const size = (c: ArenaCellOf) => c.pythonThreads * c.nativeThreads;
    const [lo, hi] = [cells.reduce<ArenaCellOf | null>((a, c) => (!a || size(c) < size(a) ? c : a), null), cells.reduce<ArenaCellOf | null>((a, c) => (!a || size(c) > size(a) ? c : a), null)];
    if (!lo || !hi || size(lo) === size(hi)) return { id: rt.id, counted, verdict: 'not-tested', reason: say().fewCells(rt.id) };
    const r = processRatioCI(lo.arenaMiB!.values, hi.arenaMiB!.values, ctx.rule.confidence);
    const verdict = atLeast(r, 1 + m);
    return { id: rt.id, counted, verdict, reason: say().part(rt.id, verdictWord(verdict), say().cellGrowth(`${hi.pythonThreads}×${hi.nativeThreads}`, `${lo.pythonThreads}×${lo.nativeThreads}`, describeRatio(r))), ...evidenceOf(r) };
  };
  const parts = [part(p.nogil!, true), part(p.gil!, false)];
  const verdict = combineParts(parts);
  return {
    verdict,
    reason: say().clauses(parts.map((x) => x.reason)),
    command: verdict === 'not-tested' ? `${arenaCommand(p.nogil!.id).replace(/--set python_threads=\d+ --set native_threads=\d+/, '--set python_threads=1,8 --set native_threads=1,50')}` : verdict === 'inconclusive' ? VERIFY : null,
    evidence: { rule, minEffect: m, runtimes: runtimesEvidence(p) },
    parts,
  };
}

// ---------------------------------------------------------------------------------------------
// The allocator table: each ★ cell that can be measured here

/** The table's columns our allocators experiment runs (on Linux): glibc, jemalloc, tcmalloc. */
const TABLE_COLUMNS: Record<string, number> = { glibc: 1, jemalloc: 3, tcmalloc: 4 };

function allocatorScenariosClaim(ctx: ClaimContext): Outcome {
  const rule = "each row of the talk's allocator table that the allocators experiment measures (its scenario's talkRow), where the talk gives ★ to an allocator measured here: that row holds if the ★ allocator ranks first by the scenario's quantity among the measured allocators of the talk's table (glibc, jemalloc, tcmalloc), differs if another ranks first with a spread over processes clear of the ★ one's, else inconclusive; one part per row, on the free-threaded build's run (the GIL build's beside it); mixed when rows disagree";
  const p = needPair(ctx, 'newest', ['nogil'], rule);
  if (isOutcome(p)) return p;
  const run = ctx.select('allocators', p.nogil).at(-1);
  if (!run) return { verdict: 'not-tested', reason: say().noAllocators(p.nogil!.id), command: `npx ffi-corners run allocators --runtime ${p.nogil!.id}`, evidence: { rule } };
  const parts: ClaimPart[] = [];
  for (const sc of allocatorScenarios(run)) {
    const row = TALK_ALLOCATORS.rows.find((r) => r[0] === sc.talkRow);
    if (!row) continue;
    const star = Object.entries(TABLE_COLUMNS).find(([, col]) => row[col]!.startsWith('★'))?.[0];
    if (!star) continue; // ★ goes to an allocator not measurable here (macOS libmalloc, Windows HeapAlloc)
    const ranked = rankAllocators(sc).filter((x) => x.arm.arm in TABLE_COLUMNS && x.value);
    ranked.sort((a, b) => a.value!.median - b.value!.median);
    const starArm = ranked.find((x) => x.arm.arm === star);
    const first = ranked[0];
    let verdict: Verdict = 'not-tested';
    if (starArm && first) verdict = first === starArm ? 'holds' : first.value!.high < starArm.value!.low ? 'differs' : 'inconclusive';
    const order = ranked.map((x) => `${x.arm.arm} ${x.value!.median.toFixed(1)}`).join(' < ');
    parts.push({ id: sc.id, counted: true, verdict, reason: say().allocatorRow(sc.talkRow, star, sc.rankBy, order || null, verdictWord(verdict)), talkRow: row, star });
  }
  const verdict = combineParts(parts);
  return {
    verdict,
    reason: parts.length ? say().clauses(parts.map((x) => x.reason)) : say().noStarHere,
    command: verdict === 'not-tested' ? `npx ffi-corners run allocators --runtime ${p.nogil!.id}` : null,
    evidence: { rule, runtimes: runtimesEvidence(p) },
    parts,
  };
}

export const ARENA_CLAIMS: readonly Claim[] = [
  {
    id: 'arena-risk-amplified',
    talk: 'HIGH RISK: no-GIL shows significant arena leakage amplification!',
    section: ARENA_SECTION,
    // One run per build: each arena run measures every cell in `repeats` fresh processes.
    // The talk's condition (free-threaded, the GIL forced on) beside both builds.
    needs: [once('arena', { ...ARENA_GRID, arena_max: 0 }, ['gil', 'nogil', 'gil-on'])],
    evaluate: arenaAmplified,
  },
  {
    id: 'arena-max-caps',
    talk: 'Use GLIBC_TUNABLES when it is matter',
    section: ARENA_SECTION,
    needs: [once('arena', { ...ARENA_PARAMS, arena_max: ARENA_CAP }, ['gil', 'nogil']), once('arena', { ...ARENA_GRID, arena_max: 0 }, ['gil', 'nogil'])],
    evaluate: arenaMaxCaps,
  },
  {
    id: 'arena-rss-amplified',
    talk: TALK_ARENA_WORDS.amplification,
    section: `${ARENA_SECTION} (arena_test.py --arena-risk --python-threads 8 --rust-threads 50)`,
    needs: [once('arena', { ...TALK_RECIPE, python_threads: [TALK_RECIPE_CELL.n], native_threads: [TALK_RECIPE_CELL.m], arena_max: 0 }, ['gil', 'nogil', 'gil-on'])],
    evaluate: arenaRssAmplified,
  },
  {
    id: 'arena-grows-with-threads',
    talk: TALK_ARENA_WORDS.matrix,
    section: ARENA_SECTION,
    needs: [once('arena', { ...ARENA_GRID, arena_max: 0 }, ['gil', 'nogil'])],
    evaluate: arenaGrowsWithThreads,
  },
  {
    id: 'allocator-scenarios',
    talk: TALK_ALLOCATORS.head.join('\t'),
    section: `${ARENA_SECTION} (the allocator table)`,
    // The allocators run is long (every allocator × scenario × repeats): not planned by verify; run it with the command the claim names.
    needs: [],
    evaluate: allocatorScenariosClaim,
  },
];
