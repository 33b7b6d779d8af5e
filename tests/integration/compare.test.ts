// `ffi-corners compare`: a small real call-overhead run saved here, set beside the recorded run: the
// medians of the two record files, their ratio and ranks; a runtime without a saved run says how
// to make one.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunComparison } from '../../analysis/compare.ts';
import { median } from '../../analysis/stats.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { BINDING_IDS } from '../../protocol/runtime.ts';
import { projectRoot } from '../../server/paths.ts';
import { cli } from '../helpers.ts';

const GIL = '3.13.5-gil';
const NOGIL = '3.13.5-nogil';
let tmp: string;
let env: Record<string, string>;

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ffi-corners-compare-cli-'));
  env = { FFI_CORNERS_RESULTS: join(tmp, 'results') };
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('ffi-corners compare', () => {
  test('nothing saved yet: says so and how to make a run', () => {
    const r = cli(['compare'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^no saved call-overhead runs in .+: run it live to compare \(npx ffi-corners run call-overhead\)$/m);
  });

  test('after a small run: the medians of the saved and the recorded run, their ratio, ranks and tau', () => {
    const run = cli(['run', 'call-overhead', '--runtime', GIL, '--set', 'samples=20', '--set', 'warmups=1', '--set', 'batch_ms=0.2'], env);
    assert.equal(run.code, 0, run.stderr);
    const r = cli(['compare', '--json', '--runtime', GIL, '--runtime', NOGIL], env);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { runtimes: { runtime: string; comparison: RunComparison | null; recorded: { file: string } | null; note: string | null }[] };
    const [gil, nogil] = out.runtimes;
    assert.equal(gil!.runtime, GIL);
    assert.equal(gil!.recorded!.file, `assets/results/call-overhead--${GIL}.json`);
    const dir = join(env['FFI_CORNERS_RESULTS']!, 'call-overhead', GIL);
    const live = JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]!), 'utf8')) as RunRecord;
    const rec = JSON.parse(readFileSync(join(projectRoot, gil!.recorded!.file), 'utf8')) as RunRecord;
    const c = gil!.comparison!;
    assert.equal(c.function, 'return_int');
    assert.deepEqual(c.rows.map((x) => x.binding).sort(), [...BINDING_IDS].sort());
    for (const row of c.rows) {
      const m = (x: RunRecord) => median(x.samples[`${row.binding}/return_int`]!);
      assert.equal(row.live, m(live));
      assert.equal(row.recorded, m(rec));
      assert.equal(row.ratio, m(live) / m(rec));
    }
    assert.deepEqual(c.rows.map((x) => x.recordedRank), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(c.moved, c.rows.filter((x) => x.liveRank !== x.recordedRank).length);
    assert.ok(c.tau >= -1 && c.tau <= 1);
    assert.equal(nogil!.comparison, null);
    assert.match(nogil!.note!, /run it live to compare \(npx ffi-corners run call-overhead --runtime 3\.13\.5-nogil\)/);

    const text = cli(['compare'], env);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^== 3\.13\.5-gil: return_int\(\), ordered by the recorded run/m);
    assert.match(text.stdout, /^Ranking: (the same order as the recorded run, all 9 bindings|\d of 9 bindings moved place) \(Kendall τ = -?\d\.\d\d\)\./m);
    assert.match(text.stdout, /^LIVE: .+, batched, 20 samples$/m);
    assert.match(text.stdout, /^RECORDED: .+, batched, 200 samples$/m);
  });

  test('bad options: a clear error', () => {
    const r = cli(['compare', '--runtimes', GIL], env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--runtimes/);
  });
});
