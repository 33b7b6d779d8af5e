// The scaling experiment, measured for real on both of the talk's runtimes: a point per binding and
// thread count, streamed as it completes, with positive calls/s, and the text table.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { DriverEvent } from '../../protocol/events.ts';
import { cli, scratchResults } from '../helpers.ts';

const checkEvent = TypeCompiler.Compile(DriverEvent);
const { results, env } = scratchResults('scaling');

interface Point {
  binding: string;
  threads: number;
  callsPerSec: number;
  perThread: number[];
}

const BINDINGS = ['capi', 'ctypes-cdll', 'pyo3'];
const SETS = [`bindings=${BINDINGS.join(',')}`, 'max_threads=3', 'duration_ms=60'];

for (const [runtime, gilOn] of [
  ['3.13.5-gil', true],
  ['3.13.5-nogil', false],
] as const) {
  describe(`scaling on ${runtime}`, () => {
    const res = cli(['run', 'scaling', '--runtime', runtime, ...SETS.flatMap((s) => ['--set', s]), '--json'], env);
    const evs = res.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const { runtime: _rt, ...event } = JSON.parse(line) as DriverEvent & { runtime?: string };
        return event;
      });

    test('runs and every line matches the protocol', () => {
      assert.equal(res.code, 0, res.stderr);
      for (const e of evs) assert.ok(checkEvent.Check(e), `${checkEvent.Errors(e).First()?.message}: ${JSON.stringify(e).slice(0, 200)}`);
      assert.deepEqual(evs.filter((e) => e.type === 'error'), []);
    });

    test('meta first, with the GIL state after the imports', () => {
      const meta = evs[0]!;
      assert.equal(meta.type, 'meta');
      assert.equal(meta.env.gilEnabledAfterImports, gilOn);
    });

    test('a partial per (binding, T) before the result, and a point for every T with positive calls/s', () => {
      const partials = evs.filter((e) => e.type === 'partial');
      const keys = BINDINGS.flatMap((b) => [1, 2, 3].map((t) => `${b}/${t}`));
      assert.deepEqual(partials.map((p) => p.key).sort(), keys.sort());
      const result = evs.at(-1)!;
      assert.equal(result.type, 'result');
      const points = (result.data as { points: Point[] }).points;
      assert.equal(points.length, keys.length);
      for (const b of BINDINGS) {
        for (const t of [1, 2, 3]) {
          const p = points.find((x) => x.binding === b && x.threads === t);
          assert.ok(p, `${b} × ${t}`);
          assert.ok(Number.isFinite(p.callsPerSec) && p.callsPerSec > 0, `${b} × ${t}: ${p.callsPerSec}`);
          assert.equal(p.perThread.length, t);
          for (const v of p.perThread) assert.ok(Number.isFinite(v) && v > 0);
        }
      }
    });

    test('text output: binding × threads with calls/s and speed-up', () => {
      const text = cli(['run', 'scaling', '--runtime', runtime, '--set', 'bindings=capi', '--set', 'max_threads=2', '--set', 'duration_ms=50'], env);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /Binding\s+1 thread\s+2 threads/);
      assert.match(text.stdout, /capi\s+[\d.]+[kM]? \(1\.00x\)\s+[\d.]+[kM]? \(\d+\.\d\dx\)/);
      assert.match(text.stdout, new RegExp(`GIL ${gilOn ? 'on' : 'off'} after imports`));
    });
  });
}
