// Which saved or streamed run a slide shows: only one run with the slide's parameters (its defaults,
// or what was picked on it), matched by the project's one parameter matcher (protocol/record.ts),
// in the deck's store and in the server's `latest` alike. A run made with other parameters (a test's
// 20 samples, the talk's extra cffi series, two bindings) leaves the recorded result on the slide.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { findExperiment, resolveParams } from '../../protocol/experiments.ts';
import type { JobSummary, ServerMessage } from '../../protocol/messages.ts';
import { newRecord, paramsMatch, type RunRecord } from '../../protocol/record.ts';
import { ResultsStore as SavedRuns } from '../../server/results/store.ts';
import { parseViewSources, resolveSource } from '../../slides/live/sources.ts';
import { ResultsStore } from '../../slides/live/store.ts';

const GIL = '3.13.5-gil';
const exp = findExperiment('call-overhead')!;
const offDefault = resolveParams(exp, { samples: 20, talk_cffi: true, bindings: ['capi', 'pyo3'] });
const slideDefault = resolveParams(exp, {});

const record = (params: Record<string, unknown>, startedAt: string, result: unknown): RunRecord => ({
  ...newRecord('call-overhead', GIL, params as RunRecord['params'], startedAt),
  status: 'ok',
  result,
  finishedAt: startedAt,
});
const recordedRun = record({ ...slideDefault, talk_cffi: undefined }, '2025-09-01T00:00:00.000Z', { recorded: true });
const latest = (r: RunRecord): ServerMessage => ({ type: 'latest', experiment: r.experiment, runtime: r.runtimeId, record: r }) as ServerMessage;

/** The violin view of the call-overhead slide, as the deck parses it. */
const violin = () => resolveSource(parseViewSources({ dataset: { experiment: 'call-overhead', runtimes: '@' } })[0]!, { pair: null, selected: GIL });

const scratch = mkdtempSync(join(tmpdir(), 'ffi-params-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('one matcher: scalars equal, a wanted list is matched by a run holding every item, unnamed parameters ignored', () => {
  assert.ok(paramsMatch({ samples: 200, bindings: ['capi', 'pyo3', 'python'] }, { samples: 200, bindings: ['pyo3', 'capi'] }));
  assert.ok(!paramsMatch({ samples: 20, bindings: ['capi', 'pyo3'] }, { samples: 200 }));
  assert.ok(!paramsMatch({ bindings: ['capi', 'pyo3'] }, { bindings: ['capi', 'pyo3', 'python'] }), 'a run of two bindings is not a run of three');
  assert.ok(!paramsMatch({ bindings: 'capi' }, { bindings: ['capi'] }));
  assert.ok(!paramsMatch({ talk_cffi: true }, { talk_cffi: false }));
  assert.ok(paramsMatch({ loader: 'cdll', repeats: 3 }, { loader: 'cdll' }));
  assert.ok(paramsMatch({ loader: 'cdll' }, undefined));
});

test('a view wants every parameter of its slide: the defaults, the slide\'s data-params, its own match', () => {
  assert.deepEqual(violin().params, slideDefault);
  const talkWay = parseViewSources({ dataset: { experiment: 'call-overhead', runtimes: '@', match: '{"method":"single-shot","talk_cffi":true}' } })[0]!;
  assert.deepEqual(talkWay.params, { ...slideDefault, method: 'single-shot', talk_cffi: true });
});

test('deck: with only an off-default run saved, the call-overhead slide shows the recorded result', () => {
  const store = new ResultsStore([recordedRun]);
  store.ingest(latest(record(offDefault, '2026-03-01T00:00:00.000Z', { small: true })));
  const shown = store.get(violin());
  assert.equal(shown?.origin, 'recorded');
  assert.deepEqual(shown?.record.result, { recorded: true });
  // A run with the slide's parameters is shown, even when an off-default run is newer.
  store.ingest(latest(record(slideDefault, '2026-03-02T00:00:00.000Z', { mine: true })));
  store.ingest(latest(record(offDefault, '2026-03-03T00:00:00.000Z', { small: true })));
  assert.equal(store.get(violin())?.origin, 'live');
  assert.deepEqual(store.get(violin())?.record.result, { mine: true });
});

test('deck: a run started in this session counts as picked on the slide; its saved copy too, a reload\'s not', () => {
  const store = new ResultsStore([recordedRun]);
  const job: JobSummary = { id: 'j1', experiment: 'call-overhead', runtime: GIL, params: offDefault, state: 'running', reason: null, queuedAt: '2026-03-04T00:00:00.000Z', startedAt: '2026-03-04T00:00:00.000Z', finishedAt: null, file: null };
  store.ingest({ type: 'job', event: 'started', job } as ServerMessage);
  assert.equal(store.get(violin())?.origin, 'live');
  assert.equal(store.get(violin())?.running, true);
  store.ingest(latest({ ...record(offDefault, job.startedAt!, { done: true }) }));
  assert.deepEqual(store.get(violin())?.record.result, { done: true });
  // The view's own match still holds: a batched run is not the single-shot slide's.
  assert.equal(store.get({ ...violin(), match: { method: 'single-shot' } }), null, 'no live run, and no recorded single-shot run here');
  // A fresh deck (a reload) that only gets the saved record: not picked here, so recorded.
  const reloaded = new ResultsStore([recordedRun]);
  reloaded.ingest(latest(record(offDefault, job.startedAt!, { done: true })));
  assert.equal(reloaded.get(violin())?.origin, 'recorded');
});

test('server: `latest` with a slide\'s parameters skips newer runs made with others', () => {
  const saved = new SavedRuns(join(scratch, 'results'));
  const mine = saved.newFile('call-overhead', GIL, new Date('2026-03-01T00:00:00Z'));
  saved.write(mine, record(slideDefault, '2026-03-01T00:00:00.000Z', { mine: true }));
  const small = saved.newFile('call-overhead', GIL, new Date('2026-03-02T00:00:00Z'));
  saved.write(small, record(offDefault, '2026-03-02T00:00:00.000Z', { small: true }));
  assert.deepEqual(saved.latest('call-overhead', GIL, violin().params)?.result, { mine: true });
  assert.deepEqual(saved.latest('call-overhead', GIL)?.result, { small: true }, 'without parameters: the newest of any');
  assert.equal(saved.latest('call-overhead', GIL, { ...slideDefault, samples: 50 }), null);
});
