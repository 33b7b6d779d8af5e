// `ffi-corners verify` pairs the runtimes it has by minor version and build (protocol/runtime.ts
// pairByVersion), never by their names: a claim about the newest complete pair runs on that pair.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planNeeds } from '../../server/commands/verify.ts';
import type { RuntimeCandidate } from '../../server/runtimes/discover.ts';

const rt = (id: string, version: string, freeThreadedBuild: boolean): RuntimeCandidate => ({ id, basePath: `/opt/${id}/bin/python3`, version, freeThreadedBuild, source: 'config', configureFlags: null });

test('claims run on the newest complete GIL / free-threaded pair, whatever the runtimes are called', () => {
  const all = [rt('my-3.14t', '3.14.0', false), rt('gil-313', '3.13.5', false), rt('plain', '3.13.5', true)];
  const used = new Set(planNeeds(all, 'quick').map((p) => p.run.runtime.id));
  // 3.14 has no free-threaded build here: the complete pair is 3.13's, and both its builds run.
  assert.ok(used.has('gil-313') && used.has('plain'), [...used].join(', '));
  const both = [...all, rt('ft-314', '3.14.0', true)];
  const runs = planNeeds(both, 'quick').map((p) => p.run);
  assert.ok(runs.some((p) => p.runtime.id === 'ft-314'), 'with both 3.14 builds, the 3.14 pair is the newest');
  assert.ok(runs.some((p) => p.runtime.id === 'my-3.14t'));
  // A runtime derived from a build (the -gil-on one) is not a build: it never takes a build's place.
  const gilOn = { ...rt('a-gil-on', '3.13.5', true), derivedFrom: 'plain' };
  const derived = planNeeds([gilOn, ...all], 'quick').map((p) => p.run.runtime.id);
  assert.ok(derived.includes('plain') && !derived.includes('a-gil-on'), derived.join(', '));
});
