// The foundation, measured for real: every binding on every runtime returns correct values, and the
// free-threaded runtime keeps the GIL off with every binding imported.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { BINDING_IDS, RuntimeInfo } from '../../protocol/runtime.ts';
import { cli } from '../helpers.ts';

// Runs inside each runtime: calls every function of every binding and prints what came back.
const CALL_EVERYTHING = String.raw`
import array, json, os, sys
import ffibench
out = {"pid": os.getpid(), "bindings": {}}
for b in sys.argv[1:]:
    m = ffibench.load(b)
    out["bindings"][b] = {
        "return_int": m.return_int(),
        "add": [m.add(2, 3), m.add(-7, 3), m.add(0, 0)],
        "bytes_len": [m.bytes_len(b"hello"), m.bytes_len(b"")],
        "str_len": [m.str_len("hello"), m.str_len("h\u00e9llo"), m.str_len("\u81fa\u7063")],
        "sum_array": [m.sum_array(array.array("q", range(1000))), m.sum_array(array.array("q")),
                      m.sum_array(array.array("q", [-5, 2**40, -(2**40)]))],
        "get_pid": m.get_pid(),
        "loader": type(m.lib).__name__ if b.startswith("ctypes-") else None,
    }
out["gil"] = sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True
print(json.dumps(out))
`;

// The runtimes this machine has, as `npx ffi-corners runtimes --json` reports them.
const listed = cli(['runtimes', '--json']);
assert.equal(listed.code, 0, listed.stderr);
const runtimes = JSON.parse(listed.stdout) as RuntimeInfo[];
/** The talk's runtimes, which `npm test` provisions: on these every binding must work. */
const REQUIRED = ['3.13.5-gil', '3.13.5-nogil'];

const byId = (id: string): RuntimeInfo => {
  const rt = runtimes.find((r) => r.id === id);
  assert.ok(rt, `runtime ${id} missing; have: ${runtimes.map((r) => r.id).join(', ')}`);
  return rt;
};

describe('runtimes --json', () => {
  test('every entry validates against the protocol and lists every binding', () => {
    assert.ok(runtimes.length >= 2);
    for (const rt of runtimes) {
      const err = Value.Errors(RuntimeInfo, rt).First();
      assert.equal(err, undefined, `${rt.id}: ${err?.path} ${err?.message}`);
      assert.deepEqual(Object.keys(rt.bindings).sort(), [...BINDING_IDS].sort());
    }
  });

  test('3.13.5 with the GIL: a GIL build, GIL on', () => {
    const rt = byId('3.13.5-gil');
    assert.equal(rt.version, '3.13.5');
    assert.equal(rt.freeThreadedBuild, false);
    assert.equal(rt.gilEnabledAfterImports, true);
    assert.deepEqual(rt.configureFlags, ['--with-ensurepip=install']);
  });

  test('3.13.5 free-threaded: GIL stays off after importing every binding', () => {
    const rt = byId('3.13.5-nogil');
    assert.equal(rt.freeThreadedBuild, true);
    assert.equal(rt.gilEnabledAfterImports, false);
    assert.deepEqual(rt.configureFlags, ['--with-ensurepip=install', '--disable-gil']);
    for (const b of BINDING_IDS) assert.equal(rt.bindings[b]!.gilEnabledAfterImport, false, `${b} re-enabled the GIL`);
    // cffi does not support 3.13t upstream: the row must say so.
    for (const b of ['cffi-abi', 'cffi-api']) assert.match(rt.bindings[b]!.note ?? '', /not supported upstream on 3\.13t/);
  });

  test('3.13.5-nogil-gil-on: the free-threaded interpreter with PYTHON_GIL=1, GIL measured on after imports', () => {
    const rt = byId('3.13.5-nogil-gil-on');
    const ft = byId('3.13.5-nogil');
    assert.equal(rt.freeThreadedBuild, true);
    assert.equal(rt.gilEnabledAfterImports, true);
    assert.equal(rt.derivedFrom, '3.13.5-nogil');
    assert.deepEqual(rt.env, { PYTHON_GIL: '1' });
    assert.equal(rt.path, ft.path, 'the same environment (bindings) as the build it is derived from');
    for (const b of BINDING_IDS) assert.equal(rt.bindings[b]!.status, 'ok', `${b}: ${rt.bindings[b]!.error}`);
    assert.equal(ft.derivedFrom, undefined);
  });

  test('a PYTHON_GIL=1 in the caller\'s shell does not reach the free-threaded runtime', () => {
    const res = cli(['runtimes', '--json', '--runtime', '3.13.5-nogil'], { PYTHON_GIL: '1' });
    assert.equal(res.code, 0, res.stderr);
    const [ft] = JSON.parse(res.stdout) as RuntimeInfo[];
    assert.equal(ft!.gilEnabledAfterImports, false);
  });

  test('the two 3.13.5 builds differ only in --disable-gil', () => {
    const gil = byId('3.13.5-gil').configureFlags!;
    const nogil = byId('3.13.5-nogil').configureFlags!;
    assert.deepEqual(nogil.filter((f) => f !== '--disable-gil'), gil);
  });
});

describe('every binding on every runtime returns correct values', () => {
  test('the talk\'s runtimes are there', () => REQUIRED.forEach(byId));
  for (const { id } of runtimes) {
    test(id, () => {
      const rt = byId(id);
      const broken = BINDING_IDS.filter((b) => rt.bindings[b]!.status !== 'ok');
      for (const b of broken) assert.ok(rt.bindings[b]!.error, `${id} ${b} is ${rt.bindings[b]!.status} and must say why`);
      if (REQUIRED.includes(id)) {
        assert.deepEqual(broken.map((b) => `${b}: ${rt.bindings[b]!.error}`), [], 'all bindings built and imported');
      }
      const working = BINDING_IDS.filter((b) => !broken.includes(b));

      // In the environment the runtime's definition gives its processes (a -gil-on runtime: PYTHON_GIL=1).
      const env = { ...process.env, ...rt.env };
      if (!rt.env) delete env['PYTHON_GIL'];
      const res = spawnSync(rt.path, ['-c', CALL_EVERYTHING, ...working], { encoding: 'utf8', env });
      assert.equal(res.status, 0, res.stderr);
      const out = JSON.parse(res.stdout);
      assert.equal(out.pid, res.pid, 'os.getpid() in the child is the pid node started');
      assert.equal(out.gil, rt.gilEnabledAfterImports, 'GIL state after importing everything matches the probe');
      assert.deepEqual(Object.keys(out.bindings), working);
      for (const b of working) {
        const v = out.bindings[b];
        const where = `${id} ${b}`;
        assert.equal(v.return_int, 42, `${where} return_int`);
        assert.deepEqual(v.add, [5, -4, 0], `${where} add`);
        assert.deepEqual(v.bytes_len, [5, 0], `${where} bytes_len`);
        assert.deepEqual(v.str_len, [5, 6, 6], `${where} str_len (UTF-8 bytes)`);
        assert.deepEqual(v.sum_array, [499500, 0, -5], `${where} sum_array`);
        assert.equal(v.get_pid, res.pid, `${where} get_pid`);
      }
      if (working.includes('ctypes-cdll')) assert.equal(out.bindings['ctypes-cdll'].loader, 'CDLL');
      if (working.includes('ctypes-pydll')) assert.equal(out.bindings['ctypes-pydll'].loader, 'PyDLL');
    });
  }
});
