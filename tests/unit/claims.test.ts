// analysis/claims.ts: the rules, on records built to put each claim on either side of its
// threshold (what a driver would have saved: one record per process). The live check of the same
// rules on real runs is tests/integration/verify.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CLAIM_IDS, evaluateClaim, evaluateClaims } from '../../analysis/claims.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { coProcess, pair, record } from '../claim-records.ts';

const REQUIRED = [
  'ft-slower-ffi', 'ft-314-parity', 'ft-lockfree-not-faster', 'ft-unicode', 'pydll-faster-than-cdll', 'pyo3-vectorcall',
  'libffi-next-bottleneck', 'pyo3-fastest', 'talk-ranking-gil', 'talk-ranking-nogil', 'pydll-blocks-threads',
  'nogil-pydll-no-block', 'gil-protects-unsafe-state', 'cdll-unprotected', 'arena-risk-amplified', 'arena-max-caps',
];

describe('the claims', () => {
  test('every required id exists, once', () => {
    for (const id of REQUIRED) assert.ok(CLAIM_IDS.includes(id), id);
    assert.equal(new Set(CLAIM_IDS).size, CLAIM_IDS.length);
  });

  test('no records: every claim not-tested, each naming a command', () => {
    for (const c of evaluateClaims([])) {
      assert.equal(c.verdict, 'not-tested', c.id);
      assert.match(c.command ?? '', /npx ffi-corners (runtimes build|verify|run)/, c.id);
    }
  });

  test('ft-slower-ffi: parts for the talk\'s four bindings; 30% slower over 5 processes holds; equal differs; one process is inconclusive', () => {
    const slower = evaluateClaim('ft-slower-ffi', pair(5, 1.3, 1.05));
    assert.equal(slower.verdict, 'holds', slower.reason);
    const counted = slower.parts!.filter((p) => p.counted);
    assert.deepEqual(counted.map((p) => p.id), ['ctypes-cdll', 'cffi', 'pybind11', 'pyo3']);
    for (const p of counted) {
      const ft = p['freeThreaded'] as { time: { ratio: number; ci: [number, number]; processes: number[] }; decidedBy: string };
      assert.ok(ft.time.ci[0] > 1.05 && Math.abs(ft.time.ratio - 1.3) < 0.02, p.id);
      assert.deepEqual(ft.time.processes, [5, 5]);
      assert.equal(ft.decidedBy, 'time');
    }
    // Ours apart (not counted); neither pure Python nor the C-API module is a part.
    assert.deepEqual(slower.parts!.filter((p) => !p.counted).map((p) => p.id), ['ctypes-pydll', 'cffi-api', 'nanobind']);
    assert.equal(evaluateClaim('ft-slower-ffi', pair(5, 1.0, 1.05)).verdict, 'differs');
    const one = evaluateClaim('ft-slower-ffi', pair(1, 1.3, 1.05));
    assert.equal(one.verdict, 'inconclusive');
    assert.match(one.command ?? '', /verify/);
  });

  test('ft-slower-ffi is mixed when the bindings disagree, never a pooled mean', () => {
    // Slower for pybind11 and PyO3, faster for CDLL and cffi: a pooled mean would sit near 1.
    const c = evaluateClaim('ft-slower-ffi', pair(5, { 'ctypes-cdll': 0.8, 'cffi-abi': 0.8, pybind11: 1.3, pyo3: 1.3 }, 1.05));
    assert.equal(c.verdict, 'mixed', c.reason);
    assert.deepEqual(c.parts!.filter((p) => p.counted).map((p) => [p.id, p.verdict]), [['ctypes-cdll', 'differs'], ['cffi', 'differs'], ['pybind11', 'holds'], ['pyo3', 'holds']]);
    assert.match(c.reason, /ctypes-cdll: differs.*pyo3: holds/);
    assert.equal(c.evidence.ratio, undefined, 'no pooled ratio');
  });

  test('ft-slower-ffi: instruction counts decide a part whose time is inconclusive, on both sides of the threshold', () => {
    const ins = (id: string, ft: boolean, perCall: Record<string, number>) => record('instructions', id, '3.13.5', ft, {}, { result: { perCall, loopPerIteration: {}, paths: {}, layers: {} } });
    const base = { 'ctypes-cdll/return_int': 1000, 'cffi-abi/return_int': 1000, 'pybind11/return_int': 400, 'pyo3/return_int': 300 };
    // One process per build: no time interval. +6% instructions is above 1.05, +4% below.
    const above = evaluateClaim('ft-slower-ffi', [...pair(1, 1.3, 1.05), ins('a-gil', false, base), ins('a-nogil', true, Object.fromEntries(Object.entries(base).map(([k, v]) => [k, v * 1.06])))]);
    assert.equal(above.verdict, 'holds', above.reason);
    for (const p of above.parts!.filter((x) => x.counted)) assert.equal((p['freeThreaded'] as { decidedBy: string }).decidedBy, 'instructions', p.id);
    const below = evaluateClaim('ft-slower-ffi', [...pair(1, 1.3, 1.05), ins('a-gil', false, base), ins('a-nogil', true, Object.fromEntries(Object.entries(base).map(([k, v]) => [k, v * 1.04])))]);
    assert.equal(below.verdict, 'differs', below.reason);
    // A decided time wins over the instructions.
    const timed = evaluateClaim('ft-slower-ffi', [...pair(5, 1.3, 1.05), ins('a-gil', false, base), ins('a-nogil', true, base)]);
    assert.equal(timed.verdict, 'holds', timed.reason);
  });

  test("three conditions: the talk's (free-threaded, GIL forced on) is reported beside the verdict, never instead of it", () => {
    const recs = pair(5, 1.3, 1.05);
    const none = evaluateClaim('ft-slower-ffi', recs);
    assert.match(none.reason, /the talk's condition \(free-threaded with the GIL on\) not measured: npx ffi-corners run call-overhead --runtime a-nogil-gil-on/);
    for (let i = 0; i < 5; i++) {
      const on = coProcess('a-nogil-gil-on', true, 1.0, 1.05);
      on.meta!.env.gilEnabledAfterImports = true;
      recs.push(on);
    }
    const c = evaluateClaim('ft-slower-ffi', recs);
    assert.equal(c.verdict, 'holds', 'judged against the free-threaded build, not the GIL-on one');
    assert.deepEqual(c.evidence['conditions'], { gil: 'a-gil', gilOn: 'a-nogil-gil-on', freeThreaded: 'a-nogil' });
    assert.equal(c.evidence['talkCondition'], 'differs');
    assert.match(c.reason, /the talk's condition \(a-nogil-gil-on, free-threaded with the GIL on\): differs/);
  });

  test("ft-unicode: (a) the talk's path through its cffi wrapper, (b) translation in native code; the reason says what the talk's code did", () => {
    const penalty = evaluateClaim('ft-unicode', pair(5, 1.3, 1.5));
    assert.equal(penalty.verdict, 'holds', penalty.reason);
    assert.deepEqual(penalty.parts!.filter((p) => p.counted).map((p) => p.id), ['talk-path', 'cached/pybind11', 'cached/pyo3']);
    assert.ok(!penalty.parts!.some((p) => /python|ctypes|cffi-abi/.test(p.id)), 'no pure Python, no wrapped binding as translation');
    assert.match(penalty.reason, /encode\('utf-8'\)/);
    assert.match(penalty.reason, /str-keyed dict lookups/);
    assert.match(penalty.reason, /str_len_fresh not measured/);
    // The same str-over-bytes cost on both builds: no Unicode penalty, even though every call is slower.
    assert.equal(evaluateClaim('ft-unicode', pair(5, 1.3, 1.05)).verdict, 'differs');
    // With str_len_fresh, it replaces the cached str.
    const fresh = pair(5, 1.3, 1.5).map((r) => {
      for (const b of ['pybind11', 'pyo3', 'capi', 'nanobind']) r.samples[`${b}/str_len_fresh`] = r.samples[`${b}/str_len`]!;
      return r;
    });
    const f = evaluateClaim('ft-unicode', fresh);
    assert.ok(f.parts!.some((p) => p.id === 'fresh/pyo3'), f.reason);
    assert.equal(f.evidence['translation'], 'str_len_fresh');
  });

  test("rankings map the talk's cffi to the wrapped ABI-mode series and its ctypes to CDLL", () => {
    const r = evaluateClaim('talk-ranking-gil', pair(5, 1.3, 1.05));
    const pairs = r.evidence['pairs'] as { pair: string; talk: string; ours: string }[];
    // cffi-talk (230 ns) is slower than ctypes-cdll (200 ns) here, so the talk's "cffi" verdict is contradicted.
    assert.equal(pairs.find((p) => p.pair === 'ctypes vs cffi')!.ours, 'ctypes');
    assert.equal(r.verdict, 'differs');
    assert.equal(evaluateClaim('pyo3-fastest', pair(5, 1.3, 1.05)).verdict, 'holds');
  });

  test('3.14 claims: not-tested naming the build commands when no 3.14 pair is present, judged when one is', () => {
    const none = evaluateClaim('ft-314-parity', pair(5, 1.3, 1.05));
    assert.equal(none.verdict, 'not-tested');
    assert.match(none.command!, /npx ffi-corners runtimes build 3\.14\.0 && npx ffi-corners runtimes build 3\.14\.0 --nogil/);
    const r314: RunRecord[] = [];
    for (let i = 0; i < 5; i++) r314.push(coProcess('b-gil', false, 1, 1.05, '3.14.0'), coProcess('b-nogil', true, 1.01, 1.05, '3.14.0'));
    assert.equal(evaluateClaim('ft-314-parity', r314).verdict, 'holds');
  });

  test('pydll-faster-than-cdll: the talk\'s 20% is the threshold', () => {
    const cd = (speedups: number[]) => speedups.map((s) => record('cdll-vs-pydll', 'a-nogil', '3.13.5', true, {}, { result: { speedup: s } }));
    assert.equal(evaluateClaim('pydll-faster-than-cdll', cd([1.3, 1.32, 1.29, 1.31, 1.3])).verdict, 'holds');
    assert.equal(evaluateClaim('pydll-faster-than-cdll', cd([1.05, 1.06, 1.04, 1.05, 1.07])).verdict, 'differs');
    assert.equal(evaluateClaim('pydll-faster-than-cdll', cd([1.3])).verdict, 'inconclusive');
  });

  test('a free-threaded runtime whose GIL came back is not judged as free-threaded', () => {
    const recs = pair(5, 1.3, 1.05);
    for (const r of recs) if (r.runtimeId === 'a-nogil') r.meta!.env.gilEnabledAfterImports = true;
    const c = evaluateClaim('ft-slower-ffi', recs);
    assert.equal(c.verdict, 'inconclusive');
    assert.match(c.reason, /re-enabled the GIL/);
  });

  describe('arena claims (one run per build, each cell measured in several processes)', () => {
    const spread = (values: number[]) => {
      const v = [...values].sort((a, b) => a - b);
      return { median: v[Math.floor(v.length / 2)]!, low: v[0]!, high: v.at(-1)!, values };
    };
    /** An arena run with one cell (8 × 50): arena MiB, arena counts and RSS per process. */
    function arenaRun(id: string, ft: boolean, arenaMiB: number[], arenas: number[], rssMiB: number[], cap = 0): RunRecord {
      const cell = {
        pythonThreads: 8, nativeThreads: 50, repeats: arenaMiB.length,
        rssMiB: spread(rssMiB), peakRssMiB: spread(rssMiB), arenas: spread(arenas), arenaMiB: spread(arenaMiB),
        arenaPeakMiB: spread(arenaMiB), mmapMiB: spread([0, 0, 0]), seconds: spread([1, 1, 1]), callNs: spread([1, 1, 1]), failedCalls: 0,
        interpreterMiB: spread([1, 1, 1]), baselineArenas: spread([1, 1, 1]), baselineArenaMiB: spread([0, 0, 0]), arenaExcessMiB: 0, rssExcessMiB: 0, grew: 'arenas',
      };
      const params = { python_threads: [8], native_threads: [50], loader: 'pydll', allocator: 'glibc', block_kib: 64, arena_max: cap };
      return record('arena', id, '3.13.5', ft, params, { partials: [{ key: 'cell-8-50', data: cell }], result: { cells: [cell] } } as never);
    }

    test('arena-risk-amplified judges arena bytes like for like: 2× holds, equal differs, overlapping is inconclusive', () => {
      const rss = [1, 1.1, 1.2];
      const bigger = evaluateClaim('arena-risk-amplified', [arenaRun('a-gil', false, [4, 4.1, 4.2], [12, 12, 13], rss), arenaRun('a-nogil', true, [8, 8.2, 8.4], [16, 16, 16], [30, 31, 32])]);
      assert.equal(bigger.verdict, 'holds', bigger.reason);
      assert.ok(Math.abs(bigger.evidence.ratio! - 2) < 0.05, String(bigger.evidence.ratio));
      assert.deepEqual(bigger.evidence.processes, [3, 3]);
      // The talk's way (total RSS) is reported beside it, not judged.
      assert.ok(((bigger.evidence['talkWay'] as { ratio: number }).ratio) > 20);
      // The talk's 64 MiB blocks are another experiment: such a run is never the one compared.
      const blocks = (id: string, ft: boolean) => Object.assign(arenaRun(id, ft, [1, 1, 1], [1, 1, 1], rss), { params: { python_threads: [8], native_threads: [50], loader: 'pydll', allocator: 'glibc', block_kib: 65536, arena_max: 0 } });
      assert.equal(evaluateClaim('arena-risk-amplified', [arenaRun('a-gil', false, [4, 4.1, 4.2], [12, 12, 13], rss), arenaRun('a-nogil', true, [8, 8.2, 8.4], [16, 16, 16], rss), blocks('a-gil', false)]).verdict, 'holds');
      const same = evaluateClaim('arena-risk-amplified', [arenaRun('a-gil', false, [4, 4.05, 4.1], [12, 12, 12], rss), arenaRun('a-nogil', true, [4, 4.05, 4.1], [12, 12, 12], [30, 31, 32])]);
      assert.equal(same.verdict, 'differs', same.reason);
      const wide = evaluateClaim('arena-risk-amplified', [arenaRun('a-gil', false, [2, 4, 6], [12, 12, 12], rss), arenaRun('a-nogil', true, [2.5, 4.4, 7], [12, 12, 12], rss)]);
      assert.equal(wide.verdict, 'inconclusive', wide.reason);
    });

    test('arena-max-caps: capped processes at or under the cap while uncapped ones exceed it holds; one over differs', () => {
      const free = [arenaRun('a-gil', false, [4, 4, 4], [12, 13, 14], [1, 1, 1]), arenaRun('a-nogil', true, [4, 4, 4], [16, 16, 16], [1, 1, 1])];
      const capped = (most: number) => [arenaRun('a-gil', false, [1, 1, 1], [2, 2, most], [1, 1, 1], 2), arenaRun('a-nogil', true, [1, 1, 1], [2, 2, 2], [1, 1, 1], 2)];
      assert.equal(evaluateClaim('arena-max-caps', [...free, ...capped(2)]).verdict, 'holds');
      assert.equal(evaluateClaim('arena-max-caps', [...free, ...capped(3)]).verdict, 'differs');
      assert.equal(evaluateClaim('arena-max-caps', capped(2)).verdict, 'inconclusive');
    });
  });
});
