// analysis/arena.ts on records built here: which cell the claims read, the ratio of medians and its
// interval, what happens when the GIL side did not grow, the arena_max cap, allocator ranks.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { arenaRiskAmplified, largestCell, rankAllocators, type ArenaInput } from '../../analysis/arena.ts';
import type { AllocatorScenario, ArenaCell, Spread } from '../../protocol/arena.ts';

const spread = (values: number[]): Spread => {
  const s = [...values].sort((a, b) => a - b);
  return { median: s[(s.length - 1) >> 1]!, low: s[0]!, high: s.at(-1)!, values };
};

function cell(n: number, m: number, rss: number[], arena: number[], arenas = [3, 3, 3]): ArenaCell {
  return {
    pythonThreads: n, nativeThreads: m, repeats: rss.length,
    rssMiB: spread(rss), peakRssMiB: spread(rss), arenas: spread(arenas), arenaMiB: spread(arena), arenaPeakMiB: spread(arena), mmapMiB: spread([0, 0, 0]),
    seconds: spread([1, 1, 1]), callNs: spread([1, 1, 1]), failedCalls: 0,
    interpreterMiB: spread([0.1, 0.1, 0.1]), baselineArenas: spread([2, 2, 2]), baselineArenaMiB: spread([0.1, 0.1, 0.1]),
    arenaExcessMiB: 0, rssExcessMiB: 0, grew: 'neither',
  };
}

const run = (cells: ArenaCell[], params: Record<string, unknown> = {}): ArenaInput => ({ params, partials: cells.map((c) => ({ key: `cell-${c.pythonThreads}-${c.nativeThreads}`, data: c })), result: null });

describe('arena analysis', () => {
  test('the claim reads the largest cell both runs measured, as medians with an interval around their ratio', () => {
    const gil = run([cell(1, 1, [1, 1, 1], [1, 1, 1]), cell(8, 4, [1, 2, 3], [1, 1.2, 1.1]), cell(8, 50, [5, 5, 5], [5, 5, 5])]);
    const nogil = run([cell(1, 1, [1, 1, 1], [1, 1, 1]), cell(8, 4, [4, 6, 8], [2, 2.4, 2.2])]);
    const { talkWay, likeForLike } = arenaRiskAmplified(gil, nogil);
    assert.deepEqual([talkWay!.pythonThreads, talkWay!.nativeThreads], [8, 4], 'N=8, M=50 exists in one run only');
    assert.equal(talkWay!.ratio, 3);
    assert.equal(likeForLike!.ratio, 2);
    for (const a of [talkWay!, likeForLike!]) assert.ok(a.low! <= a.ratio! && a.ratio! <= a.high!);
    assert.equal(likeForLike!.direction, 'higher', 'every resampled ratio is above 1');
  });

  test('a GIL side that did not grow gives no ratio, and says so', () => {
    const { talkWay } = arenaRiskAmplified(run([cell(8, 50, [0, 0, -0.1], [1, 1, 1])]), run([cell(8, 50, [3, 3, 3], [1, 1, 1])]));
    assert.equal(talkWay!.ratio, null);
    assert.match(talkWay!.note ?? '', /denominator/);
  });

  test('the largest cell: most threads in all, ties to more Python threads', () => {
    assert.deepEqual([largestCell([cell(2, 8, [1], [1]), cell(4, 4, [1], [1])])!.pythonThreads], [4], 'ties go to more Python threads');
  });

  test('allocators rank lowest first; a missing one keeps no rank', () => {
    const arm = (name: string, v: number[]) => ({ allocator: name, arm: name, library: null, glibcTunables: null, peakRssMiB: spread(v) });
    const s: AllocatorScenario = {
      id: 'tight-memory', talkRow: 'Tight memory limit (containers, 256–512 MiB)', rankBy: 'peakRssMiB', workload: '',
      arms: [arm('glibc', [65, 66, 64]), arm('jemalloc', [80, 81, 80]), { allocator: 'tcmalloc', arm: 'tcmalloc', library: null, glibcTunables: null, error: 'missing' }, arm('mimalloc', [66, 70, 67])],
    };
    const r = rankAllocators(s);
    assert.deepEqual(r.map((x) => x.rank), [1, 3, null, 2]);
    assert.deepEqual(r.map((x) => x.clearOfNext), [false, null, null, true]);
  });
});
