// The talk's condition as a runtime: every free-threaded build gets a derived `<id>-gil-on` runtime
// (the same interpreter and environment, PYTHON_GIL=1 set by the server from its definition); it is
// never one of a version's pair of builds, and no PYTHON_GIL from the caller's shell reaches a run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseRuntimeId, GIL_ON_ENV, gilOnId, pairByVersion } from '../../protocol/runtime.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { withDerived, type RuntimeCandidate } from '../../server/runtimes/discover.ts';
import { envDir, runtimeProcessEnv } from '../../server/runtimes/env.ts';
import { resolveRuntimes } from '../../server/runtimes/resolve.ts';
import { findExperiment } from '../../protocol/experiments.ts';
import { recordedBuilds } from '../../slides/live/runtimes.ts';

const candidate = (id: string, freeThreadedBuild: boolean): RuntimeCandidate => ({
  id,
  basePath: `/opt/${id}/bin/python3`,
  version: '3.13.5',
  freeThreadedBuild,
  source: 'built',
  configureFlags: freeThreadedBuild ? ['--disable-gil'] : [],
});

test('each free-threaded build is followed by its -gil-on runtime: same interpreter, PYTHON_GIL=1', () => {
  const all = withDerived([candidate('3.13.5-gil', false), candidate('3.13.5-nogil', true)]);
  assert.deepEqual(all.map((r) => r.id), ['3.13.5-gil', '3.13.5-nogil', '3.13.5-nogil-gil-on']);
  const derived = all[2]!;
  assert.equal(derived.derivedFrom, '3.13.5-nogil');
  assert.equal(derived.basePath, '/opt/3.13.5-nogil/bin/python3');
  assert.equal(derived.freeThreadedBuild, true);
  assert.deepEqual(derived.env, { PYTHON_GIL: '1' });
  assert.equal(all[0]!.env, undefined);
  assert.equal(all[1]!.env, undefined);
  // Applying it twice derives nothing more.
  assert.equal(withDerived(all).length, 3);
});

test('a derived runtime uses the environment (bindings) of the runtime it is derived from', () => {
  assert.equal(envDir(gilOnId('3.13.5-nogil')), envDir('3.13.5-nogil'));
  assert.notEqual(envDir('3.13.5-gil'), envDir('3.13.5-nogil'));
  assert.equal(baseRuntimeId('3.13.5-nogil-gil-on'), '3.13.5-nogil');
  assert.equal(baseRuntimeId('3.13.5-nogil'), '3.13.5-nogil');
});

test('a run of a runtime gets its definition\'s env, and never a PYTHON_GIL of the caller', () => {
  const shell = { PATH: '/usr/bin', PYTHON_GIL: '1', HOME: '/root' };
  const plain = runtimeProcessEnv(undefined, shell);
  assert.equal(plain.PYTHON_GIL, undefined, 'a stray PYTHON_GIL would turn the free-threaded runtime into its -gil-on twin');
  assert.equal(plain.PATH, '/usr/bin');
  assert.equal(runtimeProcessEnv(GIL_ON_ENV, { ...shell, PYTHON_GIL: '0' }).PYTHON_GIL, '1');
});

test('resolveRuntimes hands the -gil-on runtime\'s env to the run, nothing to the others', () => {
  const known = withDerived([candidate('3.13.5-gil', false), candidate('3.13.5-nogil', true)]);
  const exp = findExperiment('pydll-blocking')!;
  const [gil, ft, on] = resolveRuntimes(known, ['3.13.5-gil', '3.13.5-nogil', '3.13.5-nogil-gil-on'], exp, { checkEnv: false });
  assert.equal(gil!.env, undefined);
  assert.equal(ft!.env, undefined);
  assert.deepEqual(on!.env, { PYTHON_GIL: '1' });
  assert.equal(on!.python, ft!.python);
});

test('pairs by version leave the derived runtime out, in discovery and in recorded results', () => {
  const builds = [
    { id: '3.13.5-gil', version: '3.13.5', freeThreadedBuild: false },
    { id: '3.13.5-nogil-gil-on', version: '3.13.5', freeThreadedBuild: true, derivedFrom: '3.13.5-nogil' },
    { id: '3.13.5-nogil', version: '3.13.5', freeThreadedBuild: true },
  ];
  assert.deepEqual(pairByVersion(builds), [{ version: '3.13.5', gil: '3.13.5-gil', ft: '3.13.5-nogil' }]);
  const record = (runtimeId: string, pythonGil: string | null) =>
    ({ runtimeId, meta: { env: { version: '3.13.5', freeThreadedBuild: true, pythonGil } } }) as unknown as RunRecord;
  const recorded = recordedBuilds([record('3.13.5-nogil-gil-on', '1'), record('3.13.5-nogil', null)]);
  assert.equal(recorded[0]!.derivedFrom, '3.13.5-nogil');
  assert.equal(recorded[1]!.derivedFrom, undefined);
  assert.deepEqual(pairByVersion(recorded), [{ version: '3.13.5', gil: null, ft: '3.13.5-nogil' }]);
});
