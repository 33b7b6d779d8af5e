// The one list of bindings (native/python/ffibench/bindings.json): well formed, and read the same
// way by TypeScript, by the ffibench package and by native/build.py's builders (real Python).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { BINDING_FUNCTIONS, BINDING_IDS, BINDINGS, BindingList, bindingNote, byBindingOrder, byFunctionOrder, FLOOR_BINDING } from '../../protocol/runtime.ts';
import { nativeDir } from '../../server/paths.ts';

const listPath = join(nativeDir, 'python', 'ffibench', 'bindings.json');
const raw: unknown = JSON.parse(readFileSync(listPath, 'utf8'));

/** Runs the system python3 with native/ and native/python on sys.path; returns its JSON output. */
function python(code: string): unknown {
  const res = spawnSync('python3', ['-c', code], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: [nativeDir, join(nativeDir, 'python')].join(':'), PYTHONDONTWRITEBYTECODE: '1' },
  });
  assert.equal(res.status, 0, res.stderr);
  return JSON.parse(res.stdout);
}

describe('bindings.json', () => {
  test('matches its schema; ids unique; wrapped functions and toolchains exist', () => {
    const err = Value.Errors(BindingList, raw).First();
    assert.equal(err, undefined, `${err?.path} ${err?.message}`);
    assert.equal(new Set(BINDING_IDS).size, BINDING_IDS.length, 'duplicate binding id');
    const pins = readFileSync(join(nativeDir, 'requirements-build.txt'), 'utf8')
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim().split('==')[0]!.toLowerCase())
      .filter(Boolean);
    for (const b of BINDINGS) {
      for (const f of b.wrapped) assert.ok(BINDING_FUNCTIONS.includes(f), `${b.id}: wrapped ${f} is not a function`);
      for (const t of b.toolchains) assert.ok(pins.includes(t), `${b.id}: toolchain ${t} is not pinned`);
      assert.ok(b.module.startsWith('ffibench.'), `${b.id}: ${b.module}`);
    }
    assert.deepEqual(BINDINGS.filter((b) => b.baseline).map((b) => b.id), ['python'], 'one baseline: pure Python');
  });

  test('the ffibench package lists the same bindings, modules and wrapped functions', () => {
    const got = python(
      'import json, ffibench; print(json.dumps([ffibench.BINDINGS, ffibench.MODULES, ffibench.FUNCTIONS, ' +
        '{b: sorted(ffibench.wrapped(b)) for b in ffibench.BINDINGS}]))',
    ) as [string[], Record<string, string>, string[], Record<string, string[]>];
    assert.deepEqual(got[0], [...BINDING_IDS]);
    assert.deepEqual(got[1], Object.fromEntries(BINDINGS.map((b) => [b.id, b.module])));
    assert.deepEqual(got[2], [...BINDING_FUNCTIONS]);
    assert.deepEqual(got[3], Object.fromEntries(BINDINGS.map((b) => [b.id, [...b.wrapped].sort()])));
  });

  test('native/build.py has a builder for exactly the bindings with a compiled extension', () => {
    const builders = python('import json; from ffibuild.bindings import BUILDERS; print(json.dumps(sorted(BUILDERS)))');
    assert.deepEqual(builders, BINDINGS.filter((b) => b.extension).map((b) => b.id).sort());
  });

  test('an unknown binding id is refused by name', () => {
    const res = spawnSync('python3', ['-c', 'import ffibench; ffibench.load("ctypes")'], {
      encoding: 'utf8',
      env: { ...process.env, PYTHONPATH: join(nativeDir, 'python'), PYTHONDONTWRITEBYTECODE: '1' },
    });
    assert.notEqual(res.status, 0);
    assert.match(res.stderr, /ValueError: unknown binding 'ctypes' \(known: python, capi, /);
  });
});

describe('bindingNote', () => {
  const gil = { version: '3.13.5', freeThreadedBuild: false };
  const t313 = { version: '3.13.5', freeThreadedBuild: true };
  const t314 = { version: '3.14.0', freeThreadedBuild: true };
  test('cffi on free-threaded 3.13 carries the note; on 3.14t and with the GIL it does not', () => {
    for (const b of ['cffi-abi', 'cffi-api']) {
      assert.equal(bindingNote(b, t313), 'not supported upstream on 3.13t');
      assert.equal(bindingNote(b, t314), null);
      assert.equal(bindingNote(b, gil), null);
    }
  });
  test('no other binding carries a note; unknown ids and missing env give none', () => {
    for (const b of BINDING_IDS.filter((x) => !x.startsWith('cffi'))) assert.equal(bindingNote(b, t313), null, b);
    assert.equal(bindingNote('nope', t313), null);
    assert.equal(bindingNote('cffi-abi', null), null);
  });
});

test('display order comes from the list; unknown names after it, alphabetically; the floor is a binding', () => {
  assert.ok(BINDING_IDS.includes(FLOOR_BINDING));
  const shuffled = ['zzz-new', ...[...BINDING_IDS].reverse(), 'aaa-new'];
  assert.deepEqual(shuffled.sort(byBindingOrder), [...BINDING_IDS, 'aaa-new', 'zzz-new']);
  const fns = ['other', ...[...BINDING_FUNCTIONS].reverse()];
  assert.deepEqual(fns.sort(byFunctionOrder), [...BINDING_FUNCTIONS, 'other']);
});
