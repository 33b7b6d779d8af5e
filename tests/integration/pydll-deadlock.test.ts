// PyDLL can deadlock, on the real runtimes: read() on a pipe that another Python thread writes to,
// in a child process with a timeout. With the GIL on (the GIL build, and the free-threaded build with
// PYTHON_GIL=1) PyDLL keeps the GIL and the writer never runs: the child is killed, the run goes on;
// CDLL releases it and completes. Free-threaded with the GIL off, both complete.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { DriverEvent } from '../../protocol/events.ts';
import { DeadlockResult } from '../../protocol/results.ts';
import { cli } from '../helpers.ts';

const checkEvent = TypeCompiler.Compile(DriverEvent);
const checkResult = TypeCompiler.Compile(DeadlockResult);
const RESULTS = mkdtempSync(join(tmpdir(), 'ffi-corners-deadlock-'));

function run(runtime: string, repeats: number): DeadlockResult {
  const res = cli(['run', 'pydll-deadlock', '--runtime', runtime, '--set', 'timeout_ms=1000', '--set', `repeats=${repeats}`, '--json'], { FFI_CORNERS_RESULTS: RESULTS });
  assert.equal(res.code, 0, res.stderr);
  const events = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as DriverEvent);
  for (const e of events) assert.ok(checkEvent.Check(e), JSON.stringify(e).slice(0, 200));
  const result = (events.at(-1) as Extract<DriverEvent, { type: 'result' }>).data;
  assert.ok(checkResult.Check(result), JSON.stringify([...checkResult.Errors(result)][0]));
  return result as DeadlockResult;
}

describe('pydll-deadlock', () => {
  for (const runtime of ['3.13.5-gil', '3.13.5-nogil-gil-on']) {
    test(`${runtime}: PyDLL deadlocks (killed after the timeout), CDLL completes`, () => {
      const r = run(runtime, 2);
      assert.equal(r.gil_enabled, true);
      assert.deepEqual(r.pydll, { completed: 0, deadlocked: 2 });
      assert.deepEqual(r.cdll, { completed: 2, deadlocked: 0 });
      assert.deepEqual(r.runs.map((p) => p.order), [['cdll', 'pydll'], ['pydll', 'cdll']], 'the loaders alternate');
      for (const p of r.runs) {
        assert.equal(p.pydll.seconds, null);
        assert.equal(p.pydll.waitedS, 1);
        assert.ok(p.cdll.seconds! >= r.writer_delay_s, 'read() returned once the writer wrote');
      }
    });
  }

  test('3.13.5-nogil: no GIL to keep, both complete', () => {
    const r = run('3.13.5-nogil', 1);
    assert.equal(r.gil_enabled, false);
    assert.deepEqual(r.pydll, { completed: 1, deadlocked: 0 });
    assert.deepEqual(r.cdll, { completed: 1, deadlocked: 0 });
  });

  test('text output says which deadlocked', () => {
    const res = cli(['run', 'pydll-deadlock', '--runtime', '3.13.5-gil', '--set', 'timeout_ms=500'], { FFI_CORNERS_RESULTS: RESULTS });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /CDLL\s+PyDLL/);
    assert.match(res.stdout, /completed in 0\.2\d\d s\s+deadlocked \(killed after 0\.5 s\)/);
    assert.match(res.stdout, /GIL on: CDLL 1\/1 completed; PyDLL 1\/1 deadlocked/);
  });
});
