// analysis/compare.ts: a live call-overhead run against the recorded one (medians, ratios, ranks,
// Kendall's τ), and Kendall's τ-b itself (analysis/stats.ts).
import { utcMinute } from '../../analysis/format.ts';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { compareRuns, machineLine, rankingAgreement, recordedPeer } from '../../analysis/compare.ts';
import { median, StatsInputError } from '../../analysis/stats.ts';
import { kendallTau } from '../../analysis/intervals.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { projectRoot } from '../../server/paths.ts';

const recorded = (name: string): RunRecord => JSON.parse(readFileSync(join(projectRoot, 'assets', 'results', `${name}.json`), 'utf8')) as RunRecord;

describe("Kendall's tau-b", () => {
  test('1 for the same order, -1 for the reverse, whatever the scale', () => {
    assert.equal(kendallTau([1, 2, 3, 4], [10, 200, 3000, 40000]), 1);
    assert.equal(kendallTau([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  });
  test('one swapped neighbour pair of five: (9 - 1) / 10', () => {
    assert.equal(kendallTau([1, 2, 3, 4, 5], [1, 3, 2, 4, 5]), 0.8);
  });
  test('ties are corrected for as tau-b (the example of scipy.stats.kendalltau)', () => {
    assert.ok(Math.abs(kendallTau([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]) - -0.47140452079103173) < 1e-12);
  });
  test('NaN when one side is constant or has one value; unpaired input is an error', () => {
    assert.ok(Number.isNaN(kendallTau([1, 1, 1], [1, 2, 3])));
    assert.ok(Number.isNaN(kendallTau([1], [2])));
    assert.throws(() => kendallTau([1, 2], [1]), (e: unknown) => e instanceof StatsInputError && /2 x values, 1 y values/.test(e.message));
    assert.throws(() => kendallTau([1, NaN], [1, 2]), /x value \[1\] is NaN/);
  });
});

describe('compareRuns', () => {
  const live = {
    samples: {
      'capi/return_int': [20, 22, 21],
      'pyo3/return_int': [40, 44, 42],
      'ctypes-cdll/return_int': [300, 310, 305],
      'nanobind/return_int': [30, 30],
      'python/return_int': [50], // one sample: not usable
      'capi/str_len': [1, 2],
    },
  };
  const rec = {
    samples: {
      'capi/return_int': [10, 10, 10],
      'pyo3/return_int': [15, 16, 17],
      'ctypes-cdll/return_int': [100, 100],
      'nanobind/return_int': [18, 18],
      'pybind11/return_int': [25, 25],
    },
  };

  test('per binding: both medians and live / recorded, in the recorded order', () => {
    const c = compareRuns(live, rec)!;
    assert.equal(c.function, 'return_int');
    assert.deepEqual(
      c.rows.map((r) => [r.binding, r.live, r.recorded, r.ratio]),
      [
        ['capi', 21, 10, 2.1],
        ['pyo3', 42, 16, 42 / 16],
        ['nanobind', 30, 18, 30 / 18],
        ['ctypes-cdll', 305, 100, 3.05],
      ],
    );
    assert.deepEqual(c.onlyLive, []); // python: one sample only
    assert.deepEqual(c.onlyRecorded, ['pybind11']);
  });

  test('ranks among the common bindings; swapped pyo3 and nanobind: 2 of 4 moved, tau (5 - 1) / 6', () => {
    const c = compareRuns(live, rec)!;
    assert.deepEqual(
      c.rows.map((r) => [r.binding, r.liveRank, r.recordedRank]),
      [
        ['capi', 1, 1],
        ['pyo3', 3, 2],
        ['nanobind', 2, 3],
        ['ctypes-cdll', 4, 4],
      ],
    );
    assert.equal(c.moved, 2);
    assert.ok(Math.abs(c.tau - 4 / 6) < 1e-12);
    assert.equal(rankingAgreement(c), 'Ranking: 2 of 4 bindings moved place (Kendall τ = 0.67).');
    const expected = Math.exp((Math.log(2.1) + Math.log(42 / 16) + Math.log(30 / 18) + Math.log(3.05)) / 4);
    assert.ok(Math.abs(c.geoMeanRatio - expected) < 1e-12);
  });

  test('another function on request; none shared or no common binding: null', () => {
    assert.equal(compareRuns(live, { samples: { 'capi/str_len': [3, 5] } })!.rows[0]!.ratio, 1.5 / 4);
    assert.equal(compareRuns(live, { samples: { 'capi/bytes_len': [3, 5] } }), null);
    assert.equal(compareRuns(live, rec, 'str_len'), null);
    assert.equal(compareRuns({ samples: {} }, rec), null);
  });

  test('the recorded GIL run against itself: every ratio 1, the same order', () => {
    const gil = recorded('call-overhead--3.13.5-gil');
    const c = compareRuns(gil, gil)!;
    assert.equal(c.rows.length, 9);
    assert.ok(c.rows.every((r) => r.ratio === 1 && r.liveRank === r.recordedRank));
    assert.equal(c.tau, 1);
    assert.match(rankingAgreement(c), /^Ranking: the same order as the recorded run, all 9 bindings \(Kendall τ = 1\.00\)\.$/);
  });

  test('the recorded free-threaded run against the GIL one: the medians of the files, ranks a permutation', () => {
    const gil = recorded('call-overhead--3.13.5-gil');
    const ft = recorded('call-overhead--3.13.5-nogil');
    const c = compareRuns(ft, gil)!;
    for (const r of c.rows) {
      assert.equal(r.live, median(ft.samples[`${r.binding}/return_int`]!));
      assert.equal(r.recorded, median(gil.samples[`${r.binding}/return_int`]!));
    }
    assert.deepEqual(c.rows.map((r) => r.recordedRank), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual([...c.rows.map((r) => r.liveRank)].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.ok(c.tau > -1 && c.tau <= 1);
    // Free-threading costs the pure-Python function more than the C-API call (section 06).
    const at = (b: string) => c.rows.find((r) => r.binding === b)!.ratio;
    assert.ok(at('python') > 1, `python no-GIL/GIL ${at('python')}`);
  });
});

describe('recordedPeer: which recorded run a live one is set beside', () => {
  const files = readdirSync(join(projectRoot, 'assets', 'results')).filter((f) => f.startsWith('call-overhead--'));
  const all = files.map((f) => ({ file: f, ...recorded(f.replace(/\.json$/, '')) }));
  const peer = (live: RunRecord) => recordedPeer(live, all)?.record.file ?? null;
  const gil = recorded('call-overhead--3.13.5-gil');
  const as = (r: RunRecord, params: RunRecord['params'], extra: Partial<RunRecord> = {}): RunRecord => ({ ...r, ...extra, params: { ...r.params, ...params } });

  test('a default run: the default recorded run of its runtime, not a variant', () => {
    assert.equal(peer(as(gil, { samples: 20, talk_cffi: false })), 'call-overhead--3.13.5-gil.json');
    assert.equal(peer(recorded('call-overhead--3.13.5-nogil')), 'call-overhead--3.13.5-nogil.json');
  });
  test('the variants by their parameters: talk-style cffi, single-shot, the Unicode functions', () => {
    assert.equal(peer(as(gil, { talk_cffi: true })), 'call-overhead--3.13.5-gil--talk-cffi.json');
    assert.equal(peer(as(gil, { method: 'single-shot', talk_cffi: true })), 'call-overhead--3.13.5-gil--single-shot.json');
    const strOnly = { ...gil, params: { ...gil.params, functions: ['str_len'] }, samples: { 'capi/str_len': [5, 6] } };
    assert.equal(peer(strOnly), 'call-overhead--3.13.5-gil--unicode.json');
  });
  test('another version: the recorded run of the same kind of build; no match at all: null', () => {
    const env = gil.meta!.env;
    const other = (ft: boolean) => as(gil, {}, { runtimeId: 'x.y-other', meta: { ...gil.meta!, env: { ...env, freeThreadedBuild: ft, gilEnabledAfterImports: !ft } } });
    assert.equal(peer(other(false)), 'call-overhead--3.13.5-gil.json');
    assert.equal(peer(other(true)), 'call-overhead--3.13.5-nogil.json');
    assert.equal(peer({ ...gil, experiment: 'races' }), null);
    assert.equal(peer({ ...gil, samples: { 'no-such-binding/return_int': [1, 2] } }), null);
  });
  test("a run's provenance in one line: CPU, Python, date, method, samples", () => {
    assert.equal(machineLine('RECORDED', gil), `RECORDED: ${gil.meta!.env.cpuModel} ×${gil.meta!.env.cpuCount}, Python 3.13.5 (GIL on), ${utcMinute(gil.startedAt)}, batched, 200 samples`);
    const ft = recorded('call-overhead--3.13.5-nogil');
    assert.match(machineLine('LIVE', ft), /^LIVE: .+, Python 3\.13\.5 free-threaded \(GIL off\), \d{4}-\d\d-\d\d \d\d:\d\d UTC, batched, 200 samples$/);
  });
});
