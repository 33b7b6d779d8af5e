// The deck reads a record's build (GIL or free-threaded) from what its driver reported (meta.env),
// never from the runtime's name: a GIL runtime named `my-3.14t` and a free-threaded one named
// `plain` are labelled, coloured and headlined as what they are.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { freeThreadedOf, type RunRecord } from '../../protocol/record.ts';
import { projectRoot } from '../../server/paths.ts';
import { runtimeColor } from '../../slides/charts/core.ts';
import { headlineOf } from '../../slides/live/headline.ts';
import type { Shown } from '../../slides/live/store.ts';
import { buildLabel, runtimeLabel } from '../../slides/views/dom.ts';
import '../../slides/views/headlines.ts';

/** A recorded run of the deck, its runtime renamed. */
function recorded(file: string, runtimeId: string): Shown {
  const record = JSON.parse(readFileSync(join(projectRoot, 'assets/results', file), 'utf8')) as RunRecord;
  return { record: { ...record, runtimeId }, origin: 'recorded', running: false } as Shown;
}

const gil = recorded('cdll-vs-pydll--3.13.5-gil.json', 'my-3.14t');
const ft = recorded('cdll-vs-pydll--3.13.5-nogil.json', 'plain');

test('the recorded runs say what they were measured on', () => {
  assert.equal(gil.record.meta!.env.freeThreadedBuild, false);
  assert.equal(ft.record.meta!.env.freeThreadedBuild, true);
  assert.equal(freeThreadedOf(gil.record), false);
  assert.equal(freeThreadedOf(ft.record), true);
  assert.equal(freeThreadedOf({ ...gil.record, meta: null }), null, 'unknown before the meta event');
});

test('labels: my-3.14t is a GIL build, plain a free-threaded one', () => {
  assert.equal(buildLabel(gil.record), 'GIL');
  assert.equal(buildLabel(ft.record), 'no-GIL');
  assert.equal(runtimeLabel(gil.record), 'my-3.14t, GIL build');
  assert.equal(runtimeLabel(ft.record), 'plain, free-threaded build');
  // The project's own ids read as their version.
  assert.equal(runtimeLabel({ ...ft.record, runtimeId: '3.13.5-nogil' }), '3.13.5 no-GIL (free-threaded)');
  assert.equal(runtimeLabel({ ...gil.record, runtimeId: '3.13.5-gil' }), '3.13.5 GIL');
});

test('headlines name the build each number was measured on', () => {
  const text = headlineOf('cdll-bars')!([gil, ft], [], null as never);
  assert.match(text!, /^CDLL \/ PyDLL time per call: GIL [\d.]+× · no-GIL [\d.]+×$/);
});

test('chart colours: the GIL colour for my-3.14t, the free-threaded one for plain', () => {
  // The palette comes from the page's CSS variables: here each colour is its variable's name.
  const g = globalThis as Record<string, unknown>;
  g['document'] = { documentElement: {} };
  g['getComputedStyle'] = () => ({ getPropertyValue: (name: string) => name });
  try {
    assert.equal(runtimeColor(gil.record), '--series-0');
    assert.equal(runtimeColor(ft.record), '--series-1');
  } finally {
    delete g['document'];
    delete g['getComputedStyle'];
  }
});
