// The instructions experiment, counted for real under valgrind: the CLI runs demos/instructions.py
// in each of the talk's runtimes. Instruction counts do not move with the machine's state, so the
// checks are exact where the mechanism is: the order capi < pyo3 < ctypes-cdll, libffi on the ctypes
// path only, the GIL hand-over on CDLL's path only, layers that add up to the total, the same
// counts (within 0.5%) in two runs. Then the faults: bad `calls`, no valgrind, a crashing binding.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { layerShare, pathSymbols } from '../../analysis/instructions.ts';
import { DriverEvent } from '../../protocol/events.ts';
import { INSTRUCTION_LAYERS, InstructionsPiece, InstructionsResult } from '../../protocol/results.ts';
import { cli, scratchResults } from '../helpers.ts';

const checkEvent = TypeCompiler.Compile(DriverEvent);
const checkResult = TypeCompiler.Compile(InstructionsResult);
const checkPiece = TypeCompiler.Compile(InstructionsPiece);
const { results, env } = scratchResults('instructions');

const BINDINGS = ['capi', 'pyo3', 'ctypes-cdll', 'ctypes-pydll'];
const SMALL = [`bindings=${BINDINGS.join(',')}`, 'calls=5000'];

function runJson(runtime: string, sets: string[], extraEnv: Record<string, string> = {}) {
  const res = cli(['run', 'instructions', '--runtime', runtime, ...sets.flatMap((s) => ['--set', s]), '--json'], { ...env, ...extraEnv });
  const events = res.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line, i) => {
      const { runtime: rt, ...event } = JSON.parse(line) as DriverEvent & { runtime?: string };
      assert.ok(checkEvent.Check(event), `line ${i + 1} off the protocol: ${line.slice(0, 200)}`);
      assert.equal(rt, runtime);
      return event;
    });
  const result = events.find((e) => e.type === 'result');
  return { res, events, result: result?.type === 'result' ? (result.data as InstructionsResult) : null };
}

for (const runtime of ['3.13.5-gil', '3.13.5-nogil']) {
  describe(`instructions on ${runtime}`, () => {
    const first = runJson(runtime, SMALL);
    const second = runJson(runtime, SMALL);

    test('a result of the schema, each binding streamed as its own partial before it', () => {
      assert.equal(first.res.code, 0, first.res.stderr);
      const r = first.result!;
      assert.ok(checkResult.Check(r), `result off the schema: ${checkResult.Errors(r).First()?.path} ${checkResult.Errors(r).First()?.message}`);
      assert.deepEqual(first.events.filter((e) => e.type === 'error'), []);
      assert.equal(r.tool.name, 'callgrind');
      assert.match(r.tool.version, /^valgrind-3\.\d+/);
      assert.equal(r.calls, 5000);
      const partials = first.events.filter((e) => e.type === 'partial');
      assert.deepEqual(partials.map((p) => (p.type === 'partial' ? p.key : '')).sort(), [...BINDINGS].sort());
      for (const p of partials) if (p.type === 'partial') assert.ok(checkPiece.Check(p.data), `partial ${p.key} off the schema`);
      const types = first.events.map((e) => e.type);
      assert.ok(types.lastIndexOf('partial') < types.indexOf('result'));
      assert.ok(types.filter((t) => t === 'progress').length > BINDINGS.length, 'progress per binding');
    });

    test('capi < pyo3 < ctypes-pydll < ctypes-cdll: the binding work, then the GIL hand-over', () => {
      const c = first.result!.perCall;
      const v = (b: string) => c[`${b}/return_int`]!;
      assert.ok(v('capi') > 0, `capi ${v('capi')}`);
      assert.ok(v('capi') < v('pyo3') && v('pyo3') < v('ctypes-cdll'), JSON.stringify(c));
      // PyDLL keeps the GIL: the same call minus its release and re-acquire.
      assert.ok(v('ctypes-pydll') < v('ctypes-cdll'), JSON.stringify(c));
    });

    test('paths: libffi on the ctypes paths only, the GIL released on CDLL only, vectorcall into PyO3', () => {
      const r = first.result!;
      const key = (b: string) => `${b}/return_int`;
      assert.ok(pathSymbols(r, key('ctypes-cdll'), /^ffi_call/).some((e) => e.layer === 'libffi' && e.perCall > 0), JSON.stringify(r.paths![key('ctypes-cdll')]));
      assert.ok(pathSymbols(r, key('ctypes-cdll'), /^PyEval_SaveThread$/).length === 1);
      assert.equal(pathSymbols(r, key('ctypes-pydll'), /^PyEval_(Save|Restore)Thread$/).length, 0);
      for (const b of ['capi', 'pyo3']) assert.equal(r.layers![key(b)]!.libffi, 0, `${b} does not use libffi`);
      assert.ok(layerShare(r, key('ctypes-cdll'), 'libffi')! > 0.05);
      assert.ok((r.layers![key('ctypes-cdll')]!.gil ?? 0) > 0);
      assert.equal(r.layers![key('ctypes-pydll')]!.gil, 0);
      assert.ok(pathSymbols(r, key('pyo3'), /vectorcall/i).length > 0, 'PyO3 is called through vectorcall');
      assert.ok(pathSymbols(r, key('capi'), /^return_int$/).some((e) => e.layer === 'c-function'));
    });

    test('the layers add up to instructions per call; the empty loop is the same for every binding', () => {
      const r = first.result!;
      for (const [key, total] of Object.entries(r.perCall)) {
        const sum = INSTRUCTION_LAYERS.reduce((s, l) => s + r.layers![key]![l]!, 0);
        assert.ok(Math.abs(sum - total) < 0.5, `${key}: layers ${sum} vs ${total}`);
      }
      const loops = Object.values(r.loopPerIteration);
      assert.ok(Math.max(...loops) - Math.min(...loops) < 0.5, JSON.stringify(r.loopPerIteration));
    });

    test('two runs agree within 0.5% for every binding', () => {
      assert.equal(second.res.code, 0, second.res.stderr);
      for (const [key, a] of Object.entries(first.result!.perCall)) {
        const b = second.result!.perCall[key]!;
        assert.ok(Math.abs(a - b) / a < 0.005, `${key}: ${a} vs ${b}`);
      }
    });
  });
}

describe('instructions: faults', () => {
  test('calls out of bounds: refused before anything runs, with the bounds', () => {
    const before = existsSync(join(results, 'instructions')) ? readdirSync(join(results, 'instructions'), { recursive: true }).length : 0;
    const res = cli(['run', 'instructions', '--runtime', '3.13.5-gil', '--set', 'calls=10'], env);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /parameter "calls": got "10", expected an integer 1000\.\.200000/);
    const now = existsSync(join(results, 'instructions')) ? readdirSync(join(results, 'instructions'), { recursive: true }).length : 0;
    assert.equal(now, before, 'no record written');
  });

  test('no valgrind on PATH: the run fails saying how to install it', () => {
    const { res, events } = runJson('3.13.5-gil', ['bindings=capi', 'calls=1000'], { PATH: '/nonexistent' });
    assert.notEqual(res.code, 0);
    const errors = events.filter((e) => e.type === 'error').map((e) => (e.type === 'error' ? e.message : ''));
    assert.ok(errors.some((m) => /valgrind not found.*apt-get install valgrind/.test(m)), errors.join('\n'));
  });

  test('a binding that crashes under valgrind: its error in the result, the others counted', () => {
    const { res, result, events } = runJson('3.13.5-gil', ['bindings=capi,pyo3', 'calls=1000', 'paths=0'], {
      FFI_CORNERS_TEST_FAULTS: '1',
      FFI_CORNERS_TEST_CRASH_BINDING: 'pyo3',
    });
    assert.equal(res.code, 0, res.stderr);
    assert.ok(result && checkResult.Check(result));
    assert.match(result.errors['pyo3'] ?? '', /SIGSEGV|signal 11/);
    assert.ok(result.perCall['capi/return_int']! > 0);
    assert.equal(result.perCall['pyo3/return_int'], undefined);
    assert.equal(result.paths, undefined, 'paths=0: counts only');
    const piece = events.find((e) => e.type === 'partial' && e.key === 'pyo3');
    assert.ok(piece && piece.type === 'partial' && /SIGSEGV|signal 11/.test((piece.data as InstructionsPiece).error ?? ''));
  });
});
