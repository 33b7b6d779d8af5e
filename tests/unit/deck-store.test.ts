// The deck's results store (slides/live/store.ts), fed the server messages a run produces: which
// record each view gets (live, saved, recorded), parameter matches, cancels, reconnects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobSummary, ServerMessage } from '../../protocol/messages.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { ResultsStore } from '../../slides/live/store.ts';

const recorded = (over: Partial<RunRecord> = {}): RunRecord => ({
  experiment: 'races',
  runtimeId: '3.13.5-gil',
  params: { loader: 'pydll' },
  status: 'ok',
  reason: null,
  meta: null,
  samples: {},
  unit: null,
  partials: [{ key: 'repeat-1', data: { recorded: true } }],
  result: { recorded: true },
  errors: [],
  stderrTail: [],
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:05.000Z',
  durationS: 5,
  exitCode: 0,
  signal: null,
  ...over,
});

const job = (over: Partial<JobSummary> = {}): JobSummary => ({
  id: 'job-1',
  experiment: 'races',
  runtime: '3.13.5-gil',
  params: { loader: 'pydll' },
  state: 'running',
  reason: null,
  queuedAt: '2026-02-01T00:00:00.000Z',
  startedAt: '2026-02-01T00:00:01.000Z',
  finishedAt: null,
  file: null,
  ...over,
});

const msg = (event: 'started' | 'data' | 'finished' | 'cancelled', j: JobSummary, data?: unknown): ServerMessage =>
  ({ type: 'job', event, job: j, ...(data ? { data } : {}) }) as ServerMessage;

const src = { experiment: 'races', runtime: '3.13.5-gil' };

test('without a server: the recorded result, matched by parameters', () => {
  const store = new ResultsStore([recorded(), recorded({ params: { loader: 'cdll' }, result: { cdll: true } })]);
  assert.equal(store.get(src)?.origin, 'recorded');
  assert.deepEqual(store.get({ ...src, match: { loader: 'cdll' } })?.record.result, { cdll: true });
  assert.equal(store.get({ ...src, runtime: '3.13.5-nogil' }), null);
});

test('a live run replaces the recorded one from its first event, and grows', () => {
  const store = new ResultsStore([recorded()]);
  const changes: string[] = [];
  store.addEventListener('change', (e) => changes.push((e as CustomEvent<string>).detail));
  const j = job();
  store.ingest(msg('started', j));
  let shown = store.get(src)!;
  assert.equal(shown.origin, 'live');
  assert.equal(shown.running, true);
  store.ingest(msg('data', j, { type: 'samples', unit: 'increments', data: { 'lost/unsafe': [1, 2] } }));
  store.ingest(msg('data', j, { type: 'samples', unit: 'increments', data: { 'lost/unsafe': [3] } }));
  store.ingest(msg('data', j, { type: 'partial', key: 'repeat-1', data: { live: true } }));
  shown = store.get(src)!;
  assert.deepEqual(shown.record.samples['lost/unsafe'], [1, 2, 3]);
  assert.equal(shown.record.partials.length, 1);
  store.ingest(msg('finished', { ...j, state: 'ok', finishedAt: '2026-02-01T00:00:09.000Z' }));
  shown = store.get(src)!;
  assert.equal(shown.running, false);
  assert.equal(shown.record.status, 'ok');
  assert.ok(changes.every((k) => k === 'races|3.13.5-gil'));
  // A live run with other parameters does not answer a view that asks for CDLL.
  assert.equal(store.get({ ...src, match: { loader: 'cdll' } }), null);
});

test('a run cancelled before it measured anything leaves the older data shown', () => {
  const store = new ResultsStore([recorded()]);
  const j = job();
  store.ingest(msg('started', j));
  store.ingest(msg('cancelled', { ...j, state: 'cancelled', reason: 'cancelled' }));
  assert.equal(store.get(src)?.origin, 'recorded');
  // With partial data it is shown, marked cancelled.
  const k = job({ id: 'job-2', startedAt: '2026-02-01T00:01:00.000Z' });
  store.ingest(msg('started', k));
  store.ingest(msg('data', k, { type: 'partial', key: 'repeat-1', data: {} }));
  store.ingest(msg('cancelled', { ...k, state: 'cancelled', reason: 'cancelled' }));
  assert.equal(store.get(src)?.record.status, 'cancelled');
});

test("the server's saved record replaces this session's copy; a checkpoint of a streaming run does not", () => {
  const store = new ResultsStore([]);
  const j = job();
  store.ingest(msg('started', j));
  store.ingest(msg('data', j, { type: 'samples', unit: 'n', data: { a: [1, 2, 3] } }));
  const checkpoint = recorded({ startedAt: j.startedAt!, status: 'running', samples: { a: [1] } });
  store.ingest({ type: 'latest', experiment: 'races', runtime: '3.13.5-gil', record: checkpoint });
  assert.deepEqual(store.get(src)?.record.samples['a'], [1, 2, 3]);
  store.ingest(msg('finished', { ...j, state: 'ok' }));
  const saved = recorded({ startedAt: j.startedAt!, samples: { a: [1, 2, 3, 4] } });
  store.ingest({ type: 'latest', experiment: 'races', runtime: '3.13.5-gil', record: saved });
  assert.equal(store.get(src)?.record, saved);
});

test('a reconnect replaces the stale copy of the running job; a lost connection ends it', () => {
  const store = new ResultsStore([recorded()]);
  const j = job();
  store.ingest(msg('started', j));
  store.ingest(msg('data', j, { type: 'samples', unit: 'n', data: { a: [1] } }));
  const hello = {
    type: 'hello',
    server: '0',
    protocol: 1,
    role: 'control',
    runtimes: [],
    experiments: [],
    envCheck: null,
    current: j,
    queue: [],
    recent: [{ type: 'samples', unit: 'n', data: { a: [7, 8] } }],
  } as ServerMessage;
  store.ingest(hello);
  assert.deepEqual(store.get(src)?.record.samples['a'], [7, 8]);
  store.disconnected();
  const shown = store.get(src)!;
  assert.equal(shown.running, false);
  assert.equal(shown.record.status, 'error');
  assert.match(shown.record.reason ?? '', /connection/);
  assert.equal(store.current, null);
});
