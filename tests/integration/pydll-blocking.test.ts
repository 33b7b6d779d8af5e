// PyDLL blocking on the real runtimes: with the GIL, a thread counting while the main thread sleeps
// in C counts far less under PyDLL (GIL held) than under CDLL (GIL released); free-threaded, both count.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { DriverEvent } from '../../protocol/events.ts';
import { cli } from '../helpers.ts';

const checkEvent = TypeCompiler.Compile(DriverEvent);
const RESULTS = mkdtempSync(join(tmpdir(), 'ffi-corners-blocking-'));

interface Measure { iterations: number; call_seconds: number }
interface Piece { repeat: number; order: string[]; cdll: Measure; pydll: Measure }
interface Result { gil_enabled: boolean; cdll: { iterations: number[]; median: number }; pydll: { iterations: number[]; median: number } }

type Meta = Extract<DriverEvent, { type: 'meta' }>;

function run(runtime: string, sets: string[], env: Record<string, string> = {}): { result: Result; pieces: Piece[]; gil: boolean; meta: Meta } {
  const res = cli(['run', 'pydll-blocking', '--runtime', runtime, ...sets.flatMap((s) => ['--set', s]), '--json'], { FFI_CORNERS_RESULTS: RESULTS, ...env });
  assert.equal(res.code, 0, res.stderr);
  const events = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as DriverEvent);
  for (const e of events) assert.ok(checkEvent.Check(e), `invalid event ${JSON.stringify(e).slice(0, 200)}`);
  assert.equal(events[0]!.type, 'meta');
  assert.equal(events.at(-1)!.type, 'result');
  const meta = events[0] as Meta;
  const pieces = events.filter((e) => e.type === 'partial').map((e) => (e as Extract<DriverEvent, { type: 'partial' }>).data as Piece);
  return { result: (events.at(-1) as Extract<DriverEvent, { type: 'result' }>).data as Result, pieces, gil: meta.env.gilEnabledAfterImports, meta };
}

describe('pydll-blocking', () => {
  test('GIL build: PyDLL holds the GIL through the sleep, the counter nearly stops', () => {
    const { result, pieces, gil } = run('3.13.5-gil', ['sleep_ms=400', 'repeats=2']);
    assert.equal(gil, true);
    assert.equal(pieces.length, 2);
    for (const p of pieces) {
      assert.ok(p.cdll.call_seconds >= 0.39 && p.pydll.call_seconds >= 0.39, 'the C call sleeps as long as asked');
      assert.ok(p.cdll.iterations > 0, 'CDLL: the counter runs during the sleep');
      assert.ok(p.pydll.iterations < p.cdll.iterations / 10, `PyDLL ${p.pydll.iterations} vs CDLL ${p.cdll.iterations}: expected < 1/10`);
    }
    assert.equal(result.gil_enabled, true);
  });

  test('free-threaded build with the GIL forced on (the talk\'s condition): blocks like the GIL build', () => {
    const { result, pieces, gil, meta } = run('3.13.5-nogil-gil-on', ['sleep_ms=400', 'repeats=2']);
    assert.equal(meta.env.freeThreadedBuild, true, 'the record says the build is free-threaded');
    assert.equal(gil, true, 'and that the GIL was on');
    assert.equal(meta.env.pythonGil, '1');
    assert.equal(meta.env.runtimeId, '3.13.5-nogil-gil-on');
    for (const p of pieces) {
      assert.ok(p.cdll.iterations > 0, 'CDLL: the counter runs during the sleep');
      assert.ok(p.pydll.iterations < p.cdll.iterations / 10, `PyDLL ${p.pydll.iterations} vs CDLL ${p.cdll.iterations}: expected < 1/10`);
    }
    assert.equal(result.gil_enabled, true);
  });

  test('free-threaded build: no GIL to hold, the counter runs under both loaders (a PYTHON_GIL=1 in the shell does not reach it)', () => {
    const { result, gil, meta } = run('3.13.5-nogil', ['sleep_ms=300', 'repeats=3'], { PYTHON_GIL: '1' });
    assert.equal(meta.env.pythonGil, null);
    assert.equal(gil, false);
    assert.ok(result.cdll.median > 0);
    assert.ok(result.pydll.median > result.cdll.median / 5, `PyDLL ${result.pydll.median} vs CDLL ${result.cdll.median}`);
  });
});
