// The rules added for issue #21 (analysis/claims/*), each on records built to sit on either side of
// its threshold: parts and the verdict `mixed`, the quality gate, glibc's arena limit, and the new
// claims of the talk. The live check of the same rules is tests/integration/verify.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CLAIM_IDS, combineParts, evaluateClaim, evaluateClaims, VERDICTS } from '../../analysis/claims.ts';
import { qualityOf, recordQuality } from '../../analysis/quality.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { coProcess, pair, record } from '../claim-records.ts';

const NEW_IDS = [
  'talk-ranking-c', 'talk-ranking-d', 'pydll-speedup-gil', 'ft-critical-sections', 'ctypes-gil-handover', 'arena-rss-amplified',
  'arena-grows-with-threads', 'allocator-scenarios', 'race-magnitude', 'pin-thread', 'pydll-can-deadlock',
];

const spread = (values: number[]) => {
  const v = [...values].sort((a, b) => a - b);
  return { median: v[Math.floor(v.length / 2)]!, low: v[0]!, high: v.at(-1)!, values };
};

describe('parts and the verdict mixed', () => {
  test('every new id is registered once, and mixed is a verdict word', () => {
    for (const id of NEW_IDS) assert.ok(CLAIM_IDS.includes(id), id);
    assert.equal(new Set(CLAIM_IDS).size, CLAIM_IDS.length);
    assert.ok(VERDICTS.includes('mixed'));
  });

  test('combineParts: agreement decides, disagreement is mixed, an undecided part keeps it open, parts shown apart never count', () => {
    const p = (verdict: 'holds' | 'differs' | 'inconclusive' | 'not-tested', counted = true) => ({ verdict, counted });
    assert.equal(combineParts([p('holds'), p('holds')]), 'holds');
    assert.equal(combineParts([p('differs'), p('differs')]), 'differs');
    assert.equal(combineParts([p('holds'), p('differs')]), 'mixed');
    assert.equal(combineParts([p('holds'), p('inconclusive')]), 'inconclusive');
    assert.equal(combineParts([p('holds'), p('not-tested')]), 'holds');
    assert.equal(combineParts([p('holds'), p('differs', false)]), 'holds');
    assert.equal(combineParts([p('not-tested')]), 'not-tested');
  });
});

describe('the quality gate', () => {
  const timed = (mutate: (r: RunRecord) => void) => {
    const r = coProcess('a-gil', false, 1, 1.05);
    r.unit = 'ns';
    mutate(r);
    return r;
  };

  test('samples ≤ 0, a median under the C-API floor by more than the timer resolution, a load above the CPUs: each flagged with its reason', () => {
    assert.deepEqual(recordQuality(timed(() => {})), { ok: true, reasons: [] });
    const zero = recordQuality(timed((r) => (r.samples['pyo3/return_int']![3] = 0)));
    assert.equal(zero.ok, false);
    assert.match(zero.reasons.join(), /samples ≤ 0: 1 of pyo3\/return_int/);
    // capi is at 20 ns: 18.5 ns is 1.5 ns below (more than 1 ns), 19.5 ns is within the resolution.
    const below = recordQuality(timed((r) => (r.samples['pybind11/return_int'] = r.samples['capi/return_int']!.map((x) => x - 1.5))));
    assert.match(below.reasons.join(), /below the C-API floor: pybind11\/return_int median/);
    assert.equal(recordQuality(timed((r) => (r.samples['pybind11/return_int'] = r.samples['capi/return_int']!.map((x) => x - 0.5)))).ok, true);
    // With the run's own timer resolution (2 ns), 1.5 ns below is within it.
    assert.equal(recordQuality(timed((r) => { r.samples['pybind11/return_int'] = r.samples['capi/return_int']!.map((x) => x - 1.5); r.result = { ...(r.result as object), timerResolutionNs: 2 }; })).ok, true);
    const loaded = recordQuality(timed((r) => (r.meta!.env.loadavg = [2.5, 1, 1])));
    assert.match(loaded.reasons.join(), /loaded machine: 1-minute load 2\.5 above the 2 CPUs/);
    assert.equal(recordQuality(timed((r) => (r.meta!.env.loadavg = [2, 1, 1]))).ok, true);
    // Instruction counts do not depend on the load; a record is judged by what it holds (its load is in
    // its meta), not by the quality stamped on it under the rules of its day.
    assert.equal(recordQuality(record('instructions', 'a-gil', '3.13.5', false, {}, { meta: { env: { loadavg: [9, 9, 9], cpuCount: 2 } } as never })).ok, true);
    assert.deepEqual(qualityOf(Object.assign(timed(() => {}), { quality: { ok: false, reasons: ['recorded at load 9'] } })), { ok: true, reasons: [] });
    assert.deepEqual(qualityOf(Object.assign(timed((r) => (r.meta!.env.loadavg = [9, 9, 9])), { quality: { ok: true, reasons: [] } })).reasons, ['loaded machine: 1-minute load 9 above the 2 CPUs']);
  });

  test('a flagged run is left out of the verdicts that read it, with the reason', () => {
    const recs = pair(5, 1.3, 1.05);
    const bad = coProcess('a-nogil', true, 0.5, 1.05);
    bad.unit = 'ns';
    bad.samples['pyo3/return_int']![0] = -3;
    const c = evaluateClaim('ft-slower-ffi', [...recs, bad]);
    assert.equal(c.verdict, 'holds', 'the faster bad process did not pull the verdict');
    assert.equal(c.excluded?.length, 1);
    assert.match(c.excluded![0]!.reasons[0]!, /samples ≤ 0/);
    assert.match(c.reason, /1 run left out by a quality check \(samples ≤ 0\)/);
    // A claim that reads other experiments does not list it.
    assert.equal(evaluateClaim('pydll-blocks-threads', [...recs, bad]).excluded, undefined);
  });

  test('a copy of a shipped record with samples ≤ 0 is left out with the reason', () => {
    const shipped = JSON.parse(readFileSync(join(import.meta.dirname, '../../assets/results/call-overhead--3.13.5-gil.json'), 'utf8')) as RunRecord;
    const key = Object.keys(shipped.samples)[0]!;
    shipped.samples[key]![0] = 0;
    const ft = evaluateClaims([shipped]).find((c) => c.id === 'ft-slower-ffi')!;
    assert.ok(ft.excluded?.some((x) => x.reasons.some((r) => r.includes(`1 of ${key}`))), JSON.stringify(ft.excluded));
  });
});

describe('arena claims at glibc\'s arena limit (8 × CPUs: 16 here)', () => {
  const cell = (n: number, m: number, arenaMiB: number[], arenas: number[], rssMiB = [1, 1.1, 1.2]) => ({
    pythonThreads: n, nativeThreads: m, repeats: 3, rssMiB: spread(rssMiB), peakRssMiB: spread(rssMiB), arenas: spread(arenas), arenaMiB: spread(arenaMiB),
    arenaPeakMiB: spread(arenaMiB), mmapMiB: spread([0, 0, 0]), seconds: spread([1, 1, 1]), callNs: spread([1, 1, 1]), failedCalls: 0,
    interpreterMiB: spread([1, 1, 1]), baselineArenas: spread([1, 1, 1]), baselineArenaMiB: spread([0, 0, 0]), arenaExcessMiB: 0, rssExcessMiB: 0, grew: 'arenas',
  });
  const run = (id: string, ft: boolean, cells: ReturnType<typeof cell>[], extra: Record<string, unknown> = {}) => {
    const params = { python_threads: [2, 8], native_threads: [4, 50], loader: 'pydll', allocator: 'glibc', block_kib: 64, arena_max: 0, ...extra };
    return record('arena', id, '3.13.5', ft, params, { partials: cells.map((c) => ({ key: `cell-${c.pythonThreads}-${c.nativeThreads}`, data: c })), result: { cells, arenaLimit: 16 } } as never);
  };

  test('both builds at the limit at 8×50: inconclusive there, judged at the largest cell below it (both sides of the threshold)', () => {
    const capped = cell(8, 50, [2, 2, 2], [16, 16, 16]);
    const judged = (g: number[], f: number[]) =>
      evaluateClaim('arena-risk-amplified', [run('a-gil', false, [capped, cell(2, 4, g, [5, 5, 6])]), run('a-nogil', true, [cell(8, 50, [2, 2.02, 2.01], [16, 16, 16]), cell(2, 4, f, [6, 6, 7])])]);
    const up = judged([0.5, 0.52, 0.51], [1, 1.02, 1.01]);
    assert.equal(up.verdict, 'holds', up.reason);
    assert.match(up.reason, /both builds reached glibc's arena limit \(16 arenas\) at the talk's cell 8×50: inconclusive there/);
    assert.equal(up.evidence['judgedAt'], '2×4');
    assert.deepEqual(up.parts!.map((p) => [p.id, p.verdict, p.counted]), [['cell 8×50', 'inconclusive', false], ['cell 2×4', 'holds', true]]);
    const flat = judged([0.5, 0.52, 0.51], [0.5, 0.51, 0.52]);
    assert.equal(flat.verdict, 'differs', 'judged below the limit, never at the ceiling');
  });

  test('only one build at the limit: judged at the talk\'s cell as before', () => {
    const runs = [run('a-gil', false, [cell(8, 50, [1, 1.02, 1.01], [12, 12, 13])]), run('a-nogil', true, [cell(8, 50, [2, 2.02, 2.01], [16, 16, 16])])];
    const c = evaluateClaim('arena-risk-amplified', runs);
    assert.equal(c.verdict, 'holds', c.reason);
    assert.equal(c.evidence['judgedAt'], '8×50');
    // A run of the same grid with the blocks unwritten (touch=false) is another experiment: never taken instead.
    const unwritten = run('a-nogil', true, [cell(8, 50, [1, 1.01, 1.02], [16, 16, 16])], { touch: false });
    unwritten.startedAt = '2026-01-01T00:30:00Z';
    assert.equal(evaluateClaim('arena-risk-amplified', [...runs, unwritten]).verdict, 'holds');
    assert.equal(evaluateClaim('arena-risk-amplified', [runs[0]!, unwritten]).verdict, 'not-tested');
  });

  test('arena-grows-with-threads: the largest cell below the limit over the smallest, on the free-threaded build', () => {
    const runs = (big: number[]) => [run('a-gil', false, [cell(2, 4, [1, 1, 1.01], [5, 5, 5]), cell(8, 50, [2, 2, 2], [16, 16, 16])]), run('a-nogil', true, [cell(2, 4, [1, 1.01, 1.02], [5, 5, 5]), cell(8, 4, big, [12, 12, 12]), cell(8, 50, [2, 2, 2], [16, 16, 16])])];
    const grows = evaluateClaim('arena-grows-with-threads', runs([2, 2.02, 2.04]));
    assert.equal(grows.verdict, 'holds', grows.reason);
    assert.match(grows.reason, /a-nogil: holds, 8×4 over 2×4/);
    assert.equal(evaluateClaim('arena-grows-with-threads', runs([1, 1.01, 1.02])).verdict, 'differs');
  });

  test("arena-rss-amplified: the talk's 64 MiB recipe (never written), whole-process RSS, both sides, and the talk's condition", () => {
    const recipe = { python_threads: [8], native_threads: [50], block_kib: 65536, blocks: 1, touch: false };
    const one = (id: string, ft: boolean, rss: number[], extra = recipe) => run(id, ft, [cell(8, 50, [0.1, 0.1, 0.1], [16, 16, 16], rss)], extra);
    const blocks = (g: number[], f: number[]) => [one('a-gil', false, g), one('a-nogil', true, f)];
    // The talk's figure (29.46×), within 5% both ways: direction and size hold.
    const same = evaluateClaim('arena-rss-amplified', blocks([1, 1.01, 1.02], [29.4, 29.7, 30]));
    assert.equal(same.verdict, 'holds', same.reason);
    // 10× more: the direction holds, the size (the talk's 29.46×) differs: mixed.
    const more = evaluateClaim('arena-rss-amplified', blocks([1, 1.1, 1.2], [10, 11, 12]));
    assert.equal(more.verdict, 'mixed', more.reason);
    assert.deepEqual(more.parts!.map((x) => [x.id, x.verdict]), [['direction', 'holds'], ['size', 'differs']]);
    assert.match(more.reason, /direction holds, size differs/);
    assert.match(more.reason, /growth attributed to: GIL build arenas, free-threaded arenas/);
    assert.match(more.reason, /the talk's condition \(free-threaded with the GIL on\) not measured: .*--runtime a-nogil-gil-on .*--set touch=false/);
    assert.equal(evaluateClaim('arena-rss-amplified', blocks([1, 1.01, 1.02], [1, 1.01, 1.02])).verdict, 'differs');
    assert.equal(evaluateClaim('arena-rss-amplified', []).verdict, 'not-tested');
    // Blocks written (touch, the default): resident memory, not the talk's recipe.
    const written = { ...recipe, touch: true };
    assert.equal(evaluateClaim('arena-rss-amplified', [one('a-gil', false, [1, 1.1, 1.2], written), one('a-nogil', true, [10, 11, 12], written)]).verdict, 'not-tested');
    // The talk's condition: the free-threaded build with the GIL forced on, over the GIL build, at the same cell.
    const on = one('a-nogil-gil-on', true, [1, 1.01, 1.02]);
    on.meta!.env.gilEnabledAfterImports = true;
    const c = evaluateClaim('arena-rss-amplified', [...blocks([1, 1.1, 1.2], [10, 11, 12]), on]);
    assert.equal(c.verdict, 'mixed', c.reason);
    assert.ok(['differs', 'inconclusive'].includes(c.evidence['talkCondition'] as string), String(c.evidence['talkCondition']));
    assert.match(c.reason, /the talk's condition \(a-nogil-gil-on\) at 8×50: (differs|inconclusive), 0\.9\d× /);
    assert.deepEqual(c.evidence['conditions'], { gil: 'a-gil', gilOn: 'a-nogil-gil-on', freeThreaded: 'a-nogil' });
  });
});

describe('allocator-scenarios: one part per ★ row measurable here', () => {
  const arm = (name: string, retained: number[]) => ({ allocator: name, arm: name, library: null, glibcTunables: null, retainedMiB: spread(retained), peakRssMiB: spread(retained) });
  const run = (arms: ReturnType<typeof arm>[], arms2: ReturnType<typeof arm>[]) =>
    record('allocators', 'a-nogil', '3.13.5', true, {}, {
      partials: [
        { key: 'scenario-short-lived-threads', data: { id: 'short-lived-threads', talkRow: 'many short-lived threads', rankBy: 'retainedMiB', workload: 'w', arms } },
        { key: 'scenario-tight-memory', data: { id: 'tight-memory', talkRow: 'Tight memory limit (containers, 256–512 MiB)', rankBy: 'peakRssMiB', workload: 'w', arms: arms2 } },
      ],
    });
  test('★ first holds, another clearly first differs, both rows mixed', () => {
    const starFirst = [arm('jemalloc', [1, 1.1, 1.2]), arm('glibc', [2, 2.1, 2.2]), arm('tcmalloc', [3, 3.1, 3.2])];
    const glibcFirst = [arm('glibc', [1, 1.1, 1.2]), arm('jemalloc', [2, 2.1, 2.2]), arm('tcmalloc', [3, 3.1, 3.2])];
    assert.equal(evaluateClaim('allocator-scenarios', [run(starFirst, starFirst)]).verdict, 'holds');
    assert.equal(evaluateClaim('allocator-scenarios', [run(glibcFirst, glibcFirst)]).verdict, 'differs');
    const m = evaluateClaim('allocator-scenarios', [run(starFirst, glibcFirst)]);
    assert.equal(m.verdict, 'mixed', m.reason);
    // Overlapping spreads: the order is not clear.
    const close = [arm('glibc', [1, 1.5, 2.2]), arm('jemalloc', [1.1, 1.6, 2.1]), arm('tcmalloc', [3, 3.1, 3.2])];
    assert.equal(evaluateClaim('allocator-scenarios', [run(close, close)]).verdict, 'inconclusive');
  });
});

describe('the loaders and the mechanisms', () => {
  test('talk-ranking-c reads table C on the free-threaded build; the talk\'s harness is a second part; talk-ranking-d needs 3.14', () => {
    const c = evaluateClaim('talk-ranking-c', pair(5, 1.3, 1.05));
    // cffi-talk (230 ns) behind ctypes-cdll (200 ns), as table C says; pyo3 fastest.
    assert.equal(c.verdict, 'holds', c.reason);
    const harness = (speeds: Record<string, number>) =>
      Array.from({ length: 5 }, () => record('call-overhead', 'a-nogil', '3.13.5', true, { functions: ['return_int'], method: 'talk' }, { samples: Object.fromEntries(Object.entries(speeds).map(([b, ns]) => [`${b}/return_int`, Array.from({ length: 20 }, (_, i) => ns + i * 0.01)])) }));
    // The talk's harness with cffi ahead of ctypes: that pair contradicts table C there.
    const m = evaluateClaim('talk-ranking-c', [...pair(5, 1.3, 1.05), ...harness({ 'ctypes-cdll': 300, 'cffi-abi': 250, pybind11: 120, pyo3: 100 })]);
    assert.equal(m.verdict, 'mixed', m.reason);
    const d = evaluateClaim('talk-ranking-d', pair(5, 1.3, 1.05));
    assert.equal(d.verdict, 'not-tested');
    assert.match(d.command!, /runtimes build 3\.14\.0/);
  });

  test("pydll-speedup-gil: the GIL build against the talk's 20%", () => {
    const cd = (s: number[]) => s.map((x) => record('cdll-vs-pydll', 'a-gil', '3.13.5', false, {}, { result: { speedup: x } }));
    assert.equal(evaluateClaim('pydll-speedup-gil', cd([1.25, 1.26, 1.24, 1.25, 1.27])).verdict, 'holds');
    assert.equal(evaluateClaim('pydll-speedup-gil', cd([1.1, 1.12, 1.11, 1.1, 1.09])).verdict, 'differs');
  });

  const ins = (id: string, ft: boolean, perCall: Record<string, number>, layers: Record<string, Record<string, number>>, paths: Record<string, { symbol: string }[]> = {}) =>
    record('instructions', id, '3.13.5', ft, {}, { result: { perCall, loopPerIteration: {}, layers, paths } });

  test('ctypes-gil-handover: the GIL layer at or above 5% of a CDLL call holds, below differs', () => {
    const path = { 'ctypes-cdll/return_int': [{ symbol: 'take_gil' }, { symbol: 'drop_gil' }] };
    const layers = (gil: number) => ({ 'ctypes-cdll/return_int': { dispatch: 200, conversion: 700, gil, libffi: 200 } });
    const holds = evaluateClaim('ctypes-gil-handover', [ins('a-gil', false, { 'ctypes-cdll/return_int': 1100 + 60 }, layers(60), path)]);
    assert.equal(holds.verdict, 'holds', holds.reason);
    assert.equal(evaluateClaim('ctypes-gil-handover', [ins('a-gil', false, { 'ctypes-cdll/return_int': 1140 }, layers(40), path)]).verdict, 'differs');
  });

  test('ft-critical-sections: a free-threaded sync layer with half the growth holds; none differs', () => {
    const run = (sync: number) => [
      ins('a-gil', false, { 'pyo3/return_int': 300 }, { 'pyo3/return_int': { dispatch: 170, conversion: 130 } }),
      ins('a-nogil', true, { 'pyo3/return_int': 340 }, { 'pyo3/return_int': { dispatch: 170, conversion: 170 - sync, 'ft-sync': sync } }, { 'pyo3/return_int': sync ? [{ symbol: '_PyCriticalSection_BeginMutex' }] : [] }),
    ];
    const h = evaluateClaim('ft-critical-sections', run(25));
    assert.equal(h.verdict, 'holds', h.reason);
    assert.equal(evaluateClaim('ft-critical-sections', run(10)).verdict, 'inconclusive');
    assert.equal(evaluateClaim('ft-critical-sections', run(0)).verdict, 'differs');
  });

  test('pydll-can-deadlock: stuck with the GIL (CDLL completing) and done free-threaded holds; a PyDLL call done with the GIL differs', () => {
    const dl = (id: string, ft: boolean, pydll: [number, number], cdll: [number, number] = [1, 0]) =>
      record('pydll-deadlock', id, '3.13.5', ft, {}, { result: { timeout_ms: 2000, repeats: 1, writer_delay_s: 0.2, gil_enabled: !ft, cdll: { completed: cdll[0], deadlocked: cdll[1] }, pydll: { completed: pydll[0], deadlocked: pydll[1] }, runs: [] } });
    assert.equal(evaluateClaim('pydll-can-deadlock', [dl('a-gil', false, [0, 1]), dl('a-nogil', true, [1, 0])]).verdict, 'holds');
    assert.equal(evaluateClaim('pydll-can-deadlock', [dl('a-gil', false, [1, 0]), dl('a-nogil', true, [1, 0])]).verdict, 'differs');
    // The control failed too (CDLL deadlocked): the test did not show what PyDLL does.
    assert.equal(evaluateClaim('pydll-can-deadlock', [dl('a-gil', false, [0, 1], [0, 1]), dl('a-nogil', true, [1, 0])]).verdict, 'inconclusive');
    const none = evaluateClaim('pydll-can-deadlock', [record('races', 'a-gil', '3.13.5', false, {}, {}), record('call-overhead', 'a-nogil', '3.13.5', true, {}, {})]);
    assert.equal(none.verdict, 'not-tested');
    assert.match(none.command!, /npx ffi-corners run pydll-deadlock --runtime a-gil/);
  });
});

describe('races and pinning', () => {
  const TALK = { loader: 'pydll', threads: 50, iterations: 10_000, bank_threads: 100, bank_balance: 1000, bank_amount: 50, bank_attempts: 3 };
  const races = (id: string, ft: boolean, meanLost: number, inconsistent: number, repeats = 5, params: Record<string, unknown> = TALK) =>
    record('races', id, '3.13.5', ft, params, {
      result: { loader: 'pydll', gil_enabled: !ft, counter: { unsafe: { repeats_with_race: meanLost ? repeats : 0, repeats, max_lost: meanLost, mean_lost: meanLost, mean_accuracy: 1 - meanLost / 500_000, min_accuracy: 0, median_seconds: 0 } }, bank: { unsafe: { repeats_inconsistent: inconsistent, repeats, mean_successful: 0, max_successful: 0, max_withdrawn: 0, max_overdrawn: 0, max_error: 0, median_seconds: 0 } } },
    });
  test("race-magnitude: inside the talk's ranges holds, outside differs, too few repeats inconclusive, other parameters not compared", () => {
    const gil = races('a-gil', false, 0, 0);
    assert.equal(evaluateClaim('race-magnitude', [gil, races('a-nogil', true, 125_000, 3)]).verdict, 'holds');
    assert.equal(evaluateClaim('race-magnitude', [gil, races('a-nogil', true, 10_000, 3)]).verdict, 'mixed');
    assert.equal(evaluateClaim('race-magnitude', [gil, races('a-nogil', true, 10_000, 0)]).verdict, 'differs');
    assert.equal(evaluateClaim('race-magnitude', [gil, races('a-nogil', true, 125_000, 1, 2)]).verdict, 'inconclusive');
    const other = evaluateClaim('race-magnitude', [gil, races('a-nogil', true, 125_000, 3, 5, { ...TALK, iterations: 1_000_000 })]);
    assert.equal(other.verdict, 'not-tested');
    assert.match(other.command!, /--set iterations=10000/);
  });

  test('pin-thread: a narrower spread between pinned processes holds; the same spread does not hold', () => {
    const procs = (id: string, affinity: number[], spreadNs: number) =>
      Array.from({ length: 8 }, (_, i) => {
        const r = coProcess(id, false, 1 + spreadNs * ((i % 4) - 1.5), 1.05);
        r.meta!.env.affinity = affinity;
        return r;
      });
    const narrow = evaluateClaim('pin-thread', [...procs('a-gil', [0, 1], 0.1), ...procs('a-gil', [1], 0.01)]);
    assert.equal(narrow.verdict, 'holds', narrow.reason);
    assert.notEqual(evaluateClaim('pin-thread', [...procs('a-gil', [0, 1], 0.05), ...procs('a-gil', [1], 0.05)]).verdict, 'holds');
    assert.equal(evaluateClaim('pin-thread', procs('a-gil', [0, 1], 0.1)).verdict, 'not-tested');
  });
});
