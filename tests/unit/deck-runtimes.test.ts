// What the deck shows, before any pixel: a view's sources as its attributes say (the one parser the
// view binder and the live plugin share), and the runtimes the deck pairs by version from discovery.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunRecord } from '../../protocol/record.ts';
import { recordedBuilds, RuntimeChoice } from '../../slides/live/runtimes.ts';
import { pairByVersion, type RuntimeBuild } from '../../protocol/runtime.ts';
import { parseViewSources, resolveSource, type SourceContext } from '../../slides/live/sources.ts';

const builds: RuntimeBuild[] = [
  { id: 'cp3135', version: '3.13.5', freeThreadedBuild: false },
  { id: 'cp3135t', version: '3.13.5', freeThreadedBuild: true },
  { id: 'system', version: '3.11.7', freeThreadedBuild: false },
];
const newer: RuntimeBuild[] = [
  { id: 'cp3140', version: '3.14.0', freeThreadedBuild: false },
  { id: 'cp3140t', version: '3.14.0', freeThreadedBuild: true },
];

const el = (dataset: Record<string, string>) => ({ dataset });
/** What a source names, less the full parameter set it carries (checked in params-match.test.ts). */
const named = ({ params: _params, ...rest }: Record<string, unknown>) => rest;
const ctx: SourceContext = { pair: { version: '3.13.5', gil: 'cp3135', ft: 'cp3135t' }, selected: 'cp3135t' };

test('a view entry "@ft?arena_max=2" is the pair\'s free-threaded build, matched on arena_max 2', () => {
  const parsed = parseViewSources(el({ experiment: 'arena', runtimes: '@gil?arena_max=0 @ft?arena_max=2&touch=true' }));
  assert.deepEqual(
    parsed.map((s) => named({ ...resolveSource(s, ctx) })),
    [
      { experiment: 'arena', runtime: 'cp3135', match: { arena_max: 0 } },
      // A boolean parameter is a boolean (the run's params hold true, not "true").
      { experiment: 'arena', runtime: 'cp3135t', match: { arena_max: 2, touch: true } },
    ],
  );
});

test('view sources: data-match for all, lists, the slide\'s runtime, ids, and no runtime at all', () => {
  const parsed = parseViewSources(el({ experiment: 'call-overhead', runtimes: '@ other?functions=return_int,str_len', match: '{"method":"batched"}' }));
  assert.deepEqual(
    parsed.map((s) => named({ ...resolveSource(s, ctx) })),
    [
      { experiment: 'call-overhead', runtime: 'cp3135t', match: { method: 'batched' } },
      { experiment: 'call-overhead', runtime: 'other', match: { method: 'batched', functions: ['return_int', 'str_len'] } },
    ],
  );
  assert.deepEqual(parseViewSources(el({ experiment: 'env-check', runtimes: '' })).map((s) => named({ ...s })), [{ experiment: 'env-check', runtime: null, match: undefined }]);
  // Before any runtime is known the pair's builds resolve to nothing (not to a guessed id).
  assert.equal(resolveSource(parsed[0]!, { pair: null, selected: null }).runtime, null);
});

test('runtimes pair by version and build kind; a version with one build is no pair', () => {
  assert.deepEqual(pairByVersion([...builds, ...newer]), [
    { version: '3.13.5', gil: 'cp3135', ft: 'cp3135t' },
    { version: '3.11.7', gil: 'system', ft: null },
    { version: '3.14.0', gil: 'cp3140', ft: 'cp3140t' },
  ]);
});

test('the recorded results name their runtimes: the static build pairs them', () => {
  const record = (runtimeId: string, version: string, freeThreadedBuild: boolean) =>
    ({ experiment: 'races', runtimeId, meta: { env: { version, freeThreadedBuild } } }) as unknown as RunRecord;
  const recorded = recordedBuilds([record('a', '3.13.5', false), record('a', '3.13.5', false), record('b', '3.13.5', true), { ...record('m', '', false), runtimeId: null }]);
  assert.deepEqual(recorded.map((b) => b.id), ['a', 'b']);
  assert.deepEqual(new RuntimeChoice(recorded).pair, { version: '3.13.5', gil: 'a', ft: 'b' });
});

test('the deck keeps the recorded pair when the server runs it, and shows a newer pair on request', () => {
  const choice = new RuntimeChoice(builds.slice(0, 2));
  const seen: (string | null)[] = [];
  choice.on('change', ({ pair }) => seen.push(pair?.version ?? null));
  choice.learn([...newer, ...builds], true);
  assert.equal(choice.pair?.version, '3.13.5');
  assert.deepEqual(choice.builds.map((b) => b.id), ['cp3135', 'cp3135t', 'cp3140', 'cp3140t', 'system']);
  choice.follow('system'); // 3.11.7 has no free-threaded build: the pair stays
  assert.equal(choice.pair?.version, '3.13.5');
  choice.follow('cp3140t');
  assert.deepEqual(choice.pair, { version: '3.14.0', gil: 'cp3140', ft: 'cp3140t' });
  assert.deepEqual(seen, ['3.13.5', '3.14.0']);
});

test('a server that cannot run the recorded pair: the deck shows one it can run', () => {
  const choice = new RuntimeChoice(builds.slice(0, 2));
  choice.learn(newer, true);
  assert.equal(choice.pair?.version, '3.14.0');
});

test('listeners go away with their signal', () => {
  const choice = new RuntimeChoice();
  const alive = new AbortController();
  let calls = 0;
  choice.on('change', () => calls++, alive.signal);
  choice.learn(builds, true);
  alive.abort();
  choice.learn(newer, true);
  assert.equal(calls, 1);
});
