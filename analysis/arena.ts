// The arena and allocator claims, computed from run records: the talk's "risk amplification" both
// ways (its total RSS ratio, and arena bytes like for like), whether arena_max caps the arena count,
// and the allocators' rank per scenario. Pure TypeScript, no Node APIs: the CLI's reports, the
// deck's views and the claims module call these.
import type { AllocatorArm, AllocatorScenario, ArenaCell, ArenaResult, Spread } from '../protocol/arena.ts';
import { bootstrapMedianRatioCI } from './stats.ts';

/** What these functions read from a run record (RunRecord satisfies it; so does a recorded file). */
export interface ArenaInput {
  params: Record<string, unknown>;
  partials: readonly { key: string; data: unknown }[];
  result: unknown;
}

const isCell = (d: unknown): d is ArenaCell => !!d && typeof d === 'object' && typeof (d as ArenaCell).pythonThreads === 'number' && typeof (d as ArenaCell).nativeThreads === 'number';

/** The cells of an arena run: its partials (streamed as measured), else the result's copy. */
export function arenaCells(r: ArenaInput | null | undefined): ArenaCell[] {
  if (!r) return [];
  const streamed = r.partials.filter((p) => p.key.startsWith('cell-')).map((p) => p.data).filter(isCell);
  if (streamed.length) return streamed;
  const res = r.result as Partial<ArenaResult> | null;
  return (res?.cells ?? []).filter(isCell);
}

/** The cell with the most threads (N × M, then N). */
export function largestCell(cells: readonly ArenaCell[]): ArenaCell | null {
  return cells.reduce<ArenaCell | null>((best, c) => {
    if (!best) return c;
    const a = c.pythonThreads * c.nativeThreads;
    const b = best.pythonThreads * best.nativeThreads;
    return a > b || (a === b && c.pythonThreads > best.pythonThreads) ? c : best;
  }, null);
}

export function cellAt(cells: readonly ArenaCell[], n: number, m: number): ArenaCell | null {
  return cells.find((c) => c.pythonThreads === n && c.nativeThreads === m) ?? null;
}

/** A ratio of medians over processes, with a percentile-bootstrap interval from the per-process values. */
export interface Amplification {
  /** Where it was read: the largest cell both runs measured. */
  pythonThreads: number;
  nativeThreads: number;
  /** What was compared, in MiB per process. */
  numerator: Spread;
  denominator: Spread;
  /** median(numerator) / median(denominator); null when the denominator's median is not above 0. */
  ratio: number | null;
  low: number | null;
  high: number | null;
  /** 'higher' / 'lower' when the whole interval lies beyond ±MIN_EFFECT of 1, else 'inconclusive'. */
  direction: 'higher' | 'lower' | 'inconclusive';
  note: string | null;
}

/** The smallest ratio called an effect: an interval within 1 ± 10% says "inconclusive". */
export const MIN_EFFECT = 0.1;

function amplification(cell: { pythonThreads: number; nativeThreads: number }, num: Spread, den: Spread): Amplification {
  const base = { pythonThreads: cell.pythonThreads, nativeThreads: cell.nativeThreads, numerator: num, denominator: den };
  if (!(den.median > 0)) {
    return { ...base, ratio: null, low: null, high: null, direction: num.median > 0 ? 'higher' : 'inconclusive', note: `the denominator's median is ${den.median.toFixed(2)} MiB: no ratio` };
  }
  // Resampled denominators of 0 or below would make a ratio meaningless: resample the positive values only.
  const positive = den.values.filter((v) => v > 0);
  const ci = bootstrapMedianRatioCI(num.values, positive.length ? positive : den.values, { seed: 1 });
  const ratio = num.median / den.median;
  const direction = ci.low > 1 + MIN_EFFECT ? 'higher' : ci.high < 1 / (1 + MIN_EFFECT) ? 'lower' : 'inconclusive';
  return { ...base, ratio, low: ci.low, high: ci.high, direction, note: positive.length < den.values.length ? 'some denominators were not above 0 and were left out of the interval' : null };
}

/** The cell both runs measured: `at` if given, else the largest. */
function commonCell(a: readonly ArenaCell[], b: readonly ArenaCell[], at?: { pythonThreads: number; nativeThreads: number }): [ArenaCell, ArenaCell] | null {
  const shared = a.filter((c) => cellAt(b, c.pythonThreads, c.nativeThreads));
  const c = at ? cellAt(shared, at.pythonThreads, at.nativeThreads) : largestCell(shared);
  return c ? [c, cellAt(b, c.pythonThreads, c.nativeThreads)!] : null;
}

/**
 * The talk's way: total RSS growth of the free-threaded build over the GIL build at the largest
 * cell (its 29.46× and 55.26× at N=8, M=50). Includes the interpreter's own growth.
 */
export function rssAmplification(gil: ArenaInput, nogil: ArenaInput): Amplification | null {
  const pair = commonCell(arenaCells(gil), arenaCells(nogil));
  return pair ? amplification(pair[0], pair[1].rssMiB, pair[0].rssMiB) : null;
}

/**
 * Like for like: the bytes glibc's non-main arenas hold after the run where the GIL is not held
 * during the native call (a free-threaded build, or a loader that releases it) over where it is,
 * at the largest cell both measured (or at `at`). Null without arena figures (another allocator
 * than glibc).
 */
export function arenaAmplification(held: ArenaInput, notHeld: ArenaInput, at?: { pythonThreads: number; nativeThreads: number }): Amplification | null {
  const pair = commonCell(arenaCells(held), arenaCells(notHeld), at);
  if (!pair || !pair[0].arenaMiB || !pair[1].arenaMiB) return null;
  return amplification(pair[0], pair[1].arenaMiB, pair[0].arenaMiB);
}

/** The claim `arena-risk-amplified` both ways, from a GIL-build run and a free-threaded run of the same parameters. */
export function arenaRiskAmplified(gil: ArenaInput, nogil: ArenaInput): { talkWay: Amplification | null; likeForLike: Amplification | null } {
  return { talkWay: rssAmplification(gil, nogil), likeForLike: arenaAmplification(gil, nogil) };
}

/** One arm of a scenario with its place: 1 = lowest median of the scenario's ranking quantity. */
export interface RankedArm {
  arm: AllocatorArm;
  value: Spread | null;
  rank: number | null;
  /** Its spread does not overlap the next-ranked arm's: the order between them is clear. */
  clearOfNext: boolean | null;
}

export function rankAllocators(s: AllocatorScenario): RankedArm[] {
  const valueOf = (a: AllocatorArm): Spread | null => (a.error ? null : (a[s.rankBy] ?? null));
  const measured = s.arms.filter((a) => valueOf(a)).sort((a, b) => valueOf(a)!.median - valueOf(b)!.median);
  return s.arms.map((arm) => {
    const value = valueOf(arm);
    const i = measured.indexOf(arm);
    if (!value || i < 0) return { arm, value: null, rank: null, clearOfNext: null };
    const next = measured[i + 1];
    return { arm, value, rank: i + 1, clearOfNext: next ? value.high < valueOf(next)!.low : null };
  });
}

/** The scenarios of an allocators run: its partials, else the result's copy. */
export function allocatorScenarios(r: ArenaInput | null | undefined): AllocatorScenario[] {
  if (!r) return [];
  const isScenario = (d: unknown): d is AllocatorScenario => !!d && typeof d === 'object' && Array.isArray((d as AllocatorScenario).arms);
  const streamed = r.partials.filter((p) => p.key.startsWith('scenario-')).map((p) => p.data).filter(isScenario);
  if (streamed.length) return streamed;
  return ((r.result as { scenarios?: unknown[] } | null)?.scenarios ?? []).filter(isScenario);
}
