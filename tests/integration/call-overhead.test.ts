// The call-overhead experiment, measured for real: the CLI runs demos/call_overhead.py in each of the
// talk's runtimes; we check the protocol, the physics (the C-API floor beats ctypes and cffi, the
// talk's single-shot method inflates per-call numbers), the GIL state and the saved record.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { DriverEvent } from '../../protocol/events.ts';
import { BINDING_IDS } from '../../protocol/runtime.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { cli, scratchResults } from '../helpers.ts';

const checkEvent = TypeCompiler.Compile(DriverEvent);
const { results, env } = scratchResults('call-overhead');

interface Result {
  method: string;
  calibration: Record<string, { loops: number; shape: string }>;
  overhead: Record<string, { loops: number; nsPerIteration: number[]; subtractedNs: number[] }>;
  wrapped: Record<string, string[]>;
  order: string;
  medians: Record<string, number>;
}

/** Every stdout line of `run --json`, each checked against the protocol (the CLI adds `runtime`). */
function events(stdout: string): DriverEvent[] {
  return stdout
    .trim()
    .split('\n')
    .map((line, i) => {
      const { runtime, ...event } = JSON.parse(line) as DriverEvent & { runtime?: string };
      assert.ok(checkEvent.Check(event), `line ${i + 1} does not match the protocol: ${checkEvent.Errors(event).First()?.message}: ${line.slice(0, 200)}`);
      assert.equal(typeof runtime, 'string');
      return event;
    });
}

function runJson(runtime: string, sets: string[]): { events: DriverEvent[]; result: Result } {
  const res = cli(['run', 'call-overhead', '--runtime', runtime, ...sets.flatMap((s) => ['--set', s]), '--json'], env);
  assert.equal(res.code, 0, `exit ${res.code}: ${res.stderr}`);
  const evs = events(res.stdout);
  const errors = evs.filter((e) => e.type === 'error');
  assert.deepEqual(errors, [], 'no error events');
  const result = evs.find((e) => e.type === 'result');
  assert.ok(result && result.type === 'result', 'a result event');
  return { events: evs, result: result.data as Result };
}

const SMALL = ['samples=25', 'warmups=2', 'batch_ms=1'];

for (const [runtime, gilOn] of [
  ['3.13.5-gil', true],
  ['3.13.5-nogil', false],
] as const) {
  describe(`call-overhead on ${runtime}`, () => {
    const batched = runJson(runtime, SMALL);

    test('meta comes first and reports the GIL state after every import', () => {
      const first = batched.events[0]!;
      assert.equal(first.type, 'meta');
      assert.equal(first.experiment, 'call-overhead');
      assert.equal(first.env.runtimeId, runtime);
      assert.equal(first.env.freeThreadedBuild, !gilOn);
      assert.equal(first.env.gilEnabledAfterImports, gilOn, gilOn ? 'GIL on' : 'GIL must stay off with every binding imported');
      assert.equal(batched.events.filter((e) => e.type === 'meta').length, 1);
    });

    test('samples and progress stream before the result; every binding gets every sample', () => {
      const types = batched.events.map((e) => e.type);
      assert.ok(types.indexOf('samples') > 0 && types.indexOf('samples') < types.indexOf('result'));
      assert.ok(types.includes('progress'));
      assert.equal(types.at(-1), 'result');
      const counts: Record<string, number> = {};
      for (const e of batched.events) {
        if (e.type !== 'samples') continue;
        assert.equal(e.unit, 'ns');
        for (const [k, v] of Object.entries(e.data)) counts[k] = (counts[k] ?? 0) + v.length;
      }
      assert.deepEqual(Object.keys(counts).sort(), BINDING_IDS.map((b) => `${b}/return_int`).sort());
      for (const [k, n] of Object.entries(counts)) assert.equal(n, 25, k);
    });

    test('return_int medians are positive and finite for every binding; the C-API floor beats ctypes and cffi', () => {
      const m = batched.result.medians;
      for (const b of BINDING_IDS) {
        const v = m[`${b}/return_int`];
        assert.ok(typeof v === 'number' && Number.isFinite(v) && v > 0, `${b}: ${v}`);
      }
      assert.ok(m['capi/return_int']! < m['ctypes-cdll/return_int']!, `capi ${m['capi/return_int']} vs ctypes-cdll ${m['ctypes-cdll/return_int']}`);
      assert.ok(m['capi/return_int']! < m['cffi-abi/return_int']!, `capi ${m['capi/return_int']} vs cffi-abi ${m['cffi-abi/return_int']}`);
    });

    test('the result states its method: calibration per series, the empty loop of every round, wrapped functions, randomized blocks', () => {
      const r = batched.result;
      assert.equal(r.method, 'batched');
      assert.equal(r.order, 'randomized blocks');
      // return_int takes no arguments: one empty loop, timed 9 times at calibration and once in each
      // of the 2 + 25 rounds; each of the 25 measured rounds subtracted a positive estimate.
      assert.deepEqual(Object.keys(r.overhead), ['()']);
      const empty = r.overhead['()']!;
      assert.ok(Number.isInteger(empty.loops) && empty.loops > 1, `empty loop: ${empty.loops} loops`);
      assert.equal(empty.nsPerIteration.length, 9 + 2 + 25);
      assert.equal(empty.subtractedNs.length, 25);
      // Every empty batch costs something; one batch preempted on a busy machine can take far longer
      // than the loop itself, which is why the driver subtracts medians: the plausibility bound is on those.
      for (const v of [...empty.nsPerIteration, ...empty.subtractedNs]) assert.ok(v > 0, `overhead per iteration ${v} ns`);
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      for (const [name, xs] of [['timed', empty.nsPerIteration], ['subtracted', empty.subtractedNs]] as const) {
        assert.ok(median(xs) < 1000, `median ${name} overhead per iteration ${median(xs)} ns`);
      }
      for (const b of BINDING_IDS) {
        const c = r.calibration[`${b}/return_int`]!;
        assert.ok(Number.isInteger(c.loops) && c.loops >= 1 && c.shape === '()', `${b}: ${JSON.stringify(c)}`);
        assert.ok(Array.isArray(r.wrapped[b]), b);
        assert.ok(!r.wrapped[b]!.includes('return_int'), `${b} return_int is called directly`);
      }
      assert.ok(r.wrapped['cffi-abi']!.includes('str_len'));
    });

    test('the record under results/ holds every sample', () => {
      const dir = join(results, 'call-overhead', runtime);
      const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
      assert.ok(files.length >= 1, `a record in ${dir}`);
      const records = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as RunRecord);
      const rec = records.find((r) => (r.result as Result | null)?.method === 'batched' && r.params['samples'] === 25);
      assert.ok(rec, 'the batched run was saved');
      assert.equal(rec.status, 'ok');
      assert.equal(rec.unit, 'ns');
      assert.equal(rec.meta?.env.gilEnabledAfterImports, gilOn);
      for (const b of BINDING_IDS) assert.equal(rec.samples[`${b}/return_int`]?.length, 25, b);
      // Who used its CPUs while it measured: the run's own CPU time is part of its CPUs' busy time
      // (both counted in clock ticks, 1/100 s here), and a single-threaded run used about one CPU.
      const u = rec.usage;
      assert.ok(u, 'the record says who used its CPUs while it ran');
      assert.ok(u.wallS > 0 && u.ownCpuS > 0, JSON.stringify(u));
      assert.equal(u.cpus, rec.meta!.env.affinity.length, 'the CPUs it could run on');
      assert.ok(u.busyCpuS >= u.ownCpuS - 0.03, `busy ${u.busyCpuS} s ≥ own ${u.ownCpuS} s`);
      assert.ok(u.ownCpuS <= u.wallS * 1.2 + 0.03, `one thread: own ${u.ownCpuS} s over ${u.wallS} s`);
    });

    test("the talk's single-shot method reports more per call than batched (timer overhead inside)", () => {
      const single = runJson(runtime, ['method=single-shot', 'bindings=capi', 'samples=200', 'warmups=5']);
      assert.equal(single.result.method, 'single-shot');
      const s = single.result.medians['capi/return_int']!;
      const b = batched.result.medians['capi/return_int']!;
      assert.ok(s > b, `single-shot ${s} ns should exceed batched ${b} ns`);
    });

    test("text output shows the ranking and the talk's two tables", () => {
      const res = cli(['run', 'call-overhead', '--runtime', runtime, '--set', 'bindings=capi,ctypes-cdll,cffi-abi,pyo3', ...SMALL.flatMap((s) => ['--set', s])], env);
      assert.equal(res.code, 0, res.stderr);
      const out = res.stdout;
      assert.match(out, /return_int\(\): ns\/call, batched/);
      assert.match(out, /Method statistics/);
      assert.match(out, /Indicator\s+Cv\s+Skewness\s+Kurtosis\s+Std\s+mad/);
      assert.match(out, /Mann-Whitney U p-values and Benjamini-Hochberg adjusted p-values/);
      assert.match(out, /Comparison\s+U p-value\s+BH p-value\s+Faster/);
      // 4 bindings: the talk's 6 pairs.
      const pairs = out.split('\n').filter((l) => /^\S+ vs \S+\s+\d\.\d\de[-+]\d\d\s+\d\.\d\de[-+]\d\d\s+\S+/.test(l));
      assert.equal(pairs.length, 6, out);
      assert.match(out, /overhead[^\n]*subtracted/);
      assert.match(out, /randomized blocks/);
      const cffiRow = out.split('\n').find((l) => /^\d+\s+cffi-abi\s/.test(l));
      assert.ok(cffiRow, out);
      if (gilOn) assert.doesNotMatch(cffiRow, /not supported upstream/);
      else assert.match(cffiRow, /not supported upstream on 3\.13t/);
    });
  });
}

describe("call-overhead method=talk: the talk's harness, on the talk's condition (free-threaded build, GIL on)", () => {
  const TALK4 = ['ctypes-cdll', 'cffi-abi', 'pybind11', 'pyo3'];
  const talk = runJson('3.13.5-nogil-gil-on', ['method=talk', `bindings=${TALK4.join(',')}`, 'functions=return_int', 'samples=30', 'warmups=5']);
  const r = talk.result as Result & {
    talk: { callPaths: Record<string, string>; coldNs: Record<string, number>; dropped: number; gc: string };
    timerResolutionNs: number;
  };

  test('the four bindings, one after another in the talk\'s order, 30 shots each with the first 5 dropped', () => {
    assert.equal(r.method, 'talk');
    assert.match(r.order, /sequential/);
    const streamed = talk.events.filter((e) => e.type === 'samples').flatMap((e) => Object.keys((e as Extract<DriverEvent, { type: 'samples' }>).data));
    assert.deepEqual(streamed, TALK4.map((b) => `${b}/return_int`), 'one samples event per binding, in the talk\'s order');
    for (const b of TALK4) {
      const values = (talk.events.find((e) => e.type === 'samples' && `${b}/return_int` in e.data) as Extract<DriverEvent, { type: 'samples' }>).data[`${b}/return_int`]!;
      assert.equal(values.length, 25, b);
      assert.ok(values.every((v) => Number.isInteger(v) && v > 0), `${b}: whole, positive nanoseconds (nothing subtracted)`);
      assert.ok(r.talk.coldNs[`${b}/return_int`]! > 0, `${b}: the cold first call is kept`);
    }
    assert.equal(r.talk.dropped, 5);
    assert.equal(r.talk.gc, 'on');
    assert.ok(r.timerResolutionNs > 0);
  });

  test('each binding states its call path: a lambda and a wrapper method, cffi through two wrappers', () => {
    assert.deepEqual(Object.keys(r.talk.callPaths), TALK4);
    for (const b of TALK4) assert.match(r.talk.callPaths[b]!, /^lambda -> .*wrapper method/);
    assert.match(r.talk.callPaths['cffi-abi']!, /outer wrapper method -> inner wrapper method -> ffi\.dlopen/);
    assert.match(r.talk.callPaths['ctypes-cdll']!, /CDLL function \(argtypes\/restype set\)/);
  });

  test("the talk's path costs more per call than our batched direct call of the same binding", () => {
    const ours = runJson('3.13.5-nogil-gil-on', [`bindings=${TALK4.join(',')}`, ...SMALL]);
    for (const b of TALK4) {
      const [t, o] = [r.medians[`${b}/return_int`]!, ours.result.medians[`${b}/return_int`]!];
      assert.ok(t > o, `${b}: talk ${t} ns vs batched ${o} ns`);
    }
  });

  test('a binding the talk did not measure is skipped with the reason', () => {
    const res = cli(['run', 'call-overhead', '--runtime', '3.13.5-gil', '--set', 'method=talk', '--set', 'bindings=capi,pyo3', '--set', 'samples=10', '--json'], env);
    assert.equal(res.code, 0, res.stderr);
    const evs = events(res.stdout);
    const errors = evs.filter((e) => e.type === 'error').map((e) => (e as { message: string }).message);
    assert.deepEqual(errors, ["binding capi skipped: not one of the talk's four bindings (method=talk measures ctypes-cdll, cffi-abi, pybind11, pyo3)"]);
    const result = evs.find((e) => e.type === 'result') as Extract<DriverEvent, { type: 'result' }>;
    assert.deepEqual(Object.keys((result.data as Result).medians), ['pyo3/return_int']);
  });
});

describe('call-overhead str_len_fresh: a new non-ASCII str per call', () => {
  const fresh = runJson('3.13.5-nogil', ['bindings=capi,ctypes-cdll,pyo3', 'functions=str_len,str_len_fresh', ...SMALL]);
  const r = fresh.result as Result & { notApplicable: Record<string, string> };

  test('bindings that take a str run it; ctypes, which needs a Python wrapper to encode, is not applicable', () => {
    assert.deepEqual(Object.keys(r.notApplicable), ['ctypes-cdll/str_len_fresh']);
    assert.match(r.notApplicable['ctypes-cdll/str_len_fresh']!, /^not applicable: .*\.encode\(\)/);
    for (const k of ['capi/str_len_fresh', 'pyo3/str_len_fresh', 'ctypes-cdll/str_len']) assert.ok(r.medians[k]! > 0, k);
    assert.equal(r.medians['ctypes-cdll/str_len_fresh'], undefined);
    assert.match(r.calibration['capi/str_len_fresh']!.shape, /fresh str/);
    assert.ok(r.overhead['(a) fresh str'], 'its own empty loop (walking a list of fresh strings)');
  });

  test('a fresh str costs the C-API its UTF-8 conversion: more than the same str every call (cached UTF-8)', () => {
    const [freshNs, cachedNs] = [r.medians['capi/str_len_fresh']!, r.medians['capi/str_len']!];
    assert.ok(freshNs > cachedNs, `fresh ${freshNs} ns vs cached ${cachedNs} ns`);
  });
});
