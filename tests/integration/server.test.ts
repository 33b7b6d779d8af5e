// The live server, for real: a spawned `ffi-corners serve`, WebSocket clients, real drivers on the
// real 3.13.5 runtimes. Checks events, cancel, late joiners, bad input, limits and orphans.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { projectRoot } from '../../server/paths.ts';
import { Client, driverProcesses, type Msg, startServer as start, wsUrl } from '../server-client.ts';
import { type Served, stopServer } from '../../server/util/serve-process.ts';
const results = mkdtempSync(join(tmpdir(), 'ffi-corners-server-'));
after(() => rmSync(results, { recursive: true, force: true }));

const startServer = (extra: string[] = []) => start(extra, { FFI_CORNERS_RESULTS: results });

const small = { bindings: ['capi', 'ctypes-cdll'], samples: 8, warmups: 1, batch_ms: 0.5 };
const long = { bindings: ['capi', 'ctypes-cdll', 'ctypes-pydll', 'python'], samples: 20000, batch_ms: 5 };

describe('live server', { concurrency: false }, () => {
  let server: Served;

  test('starts and greets with runtimes, experiments and no job', async () => {
    server = await startServer();
    const c = new Client(wsUrl(server));
    await c.opened;
    const hello = await c.next((m) => m.type === 'hello');
    assert.equal(hello.role, 'control');
    assert.equal(hello.protocol, 1);
    for (const id of ['3.13.5-gil', '3.13.5-nogil']) assert.ok(hello.runtimes.some((r: Msg) => r.id === id), id);
    assert.ok(hello.experiments.some((e: Msg) => e.id === 'call-overhead'));
    assert.equal(hello.current, null);
    assert.ok(Array.isArray(hello.envCheck?.checks) && hello.envCheck.checks.length > 5, 'environment check summary');
    c.close();
  });

  test('runs call-overhead on both 3.13.5 runtimes: meta, progress, samples, result', async () => {
    const c = new Client(wsUrl(server));
    await c.opened;
    for (const runtime of ['3.13.5-gil', '3.13.5-nogil']) {
      const since = c.messages.length;
      c.send({ type: 'run', experiment: 'call-overhead', runtime, params: small });
      const done = await c.next((m) => m.type === 'job' && m.event === 'finished' && m.job.runtime === runtime, 120_000, since);
      assert.equal(done.job.state, 'ok', done.job.reason);
      const mine = c.messages.slice(since).filter((m) => m.type === 'job' && m.job.id === done.job.id);
      const kinds = mine.map((m) => (m.data ? m.data.type : m.event));
      assert.equal(kinds[0], 'queued');
      assert.ok(kinds.includes('started'));
      assert.equal(mine.find((m) => m.data)?.data.type, 'meta', 'meta is the first driver event');
      const meta = mine.find((m) => m.data?.type === 'meta')!.data;
      assert.equal(meta.env.gilEnabledAfterImports, runtime.endsWith('-gil'));
      assert.ok(kinds.includes('progress'));
      const samples = mine.filter((m) => m.data?.type === 'samples').flatMap((m) => Object.values(m.data.data).flat() as number[]);
      assert.ok(samples.length >= 2 * small.samples, `got ${samples.length} samples`);
      assert.ok(samples.every((v) => Number.isFinite(v)));
      assert.ok(mine.some((m) => m.event === 'result' && m.data?.type === 'result'));
      // The deck can ask for it afterwards.
      c.send({ type: 'latest', experiment: 'call-overhead', runtime, requestId: 'L' });
      const latest = await c.next((m) => m.type === 'latest' && m.requestId === 'L' && m.runtime === runtime, 10_000, since);
      assert.equal(latest.record.status, 'ok');
      assert.equal(latest.record.meta.env.runtimeId, runtime);
      // ... among runs with given parameters only.
      c.send({ type: 'latest', experiment: 'call-overhead', runtime, params: { samples: small.samples }, requestId: 'P' });
      assert.equal((await c.next((m) => m.type === 'latest' && m.requestId === 'P' && m.runtime === runtime, 10_000, since)).record.params.samples, small.samples);
      c.send({ type: 'latest', experiment: 'call-overhead', runtime, params: { samples: 19999 }, requestId: 'Q' });
      assert.equal((await c.next((m) => m.type === 'latest' && m.requestId === 'Q' && m.runtime === runtime, 10_000, since)).record, null);
    }
    c.close();
  });

  test('two clients see the same events; a late joiner gets the current job and recent events', async () => {
    const a = new Client(wsUrl(server));
    const b = new Client(wsUrl(server));
    await Promise.all([a.opened, b.opened]);
    a.send({ type: 'run', experiment: 'call-overhead', runtime: '3.13.5-gil', params: { ...small, samples: 300 } });
    const started = await a.next((m) => m.type === 'job' && m.event === 'started');
    await b.next((m) => m.type === 'job' && m.event === 'progress' && m.job.id === started.job.id);
    const late = new Client(wsUrl(server));
    const hello = await late.next((m) => m.type === 'hello');
    assert.equal(hello.current?.id, started.job.id, 'late joiner sees the running job');
    assert.ok(hello.recent.some((e: Msg) => e.type === 'meta'), 'and its recent events, meta included');
    await a.next((m) => m.type === 'job' && m.event === 'finished' && m.job.id === started.job.id);
    await b.next((m) => m.type === 'job' && m.event === 'finished' && m.job.id === started.job.id);
    await late.next((m) => m.type === 'job' && m.event === 'finished' && m.job.id === started.job.id);
    const seq = (c: Client) =>
      c.messages.filter((m) => m.type === 'job' && m.job.id === started.job.id && m.data).map((m) => JSON.stringify(m.data));
    assert.deepEqual(seq(a), seq(b), 'both clients got the same driver events, in the same order');
    for (const c of [a, b, late]) c.close();
  });

  test('the same run requested twice while queued runs once', async () => {
    const c = new Client(wsUrl(server));
    await c.opened;
    const since = c.messages.length;
    const params = { ...small, samples: 200 };
    c.send({ type: 'run', experiment: 'call-overhead', runtime: '3.13.5-nogil', params });
    c.send({ type: 'run', experiment: 'call-overhead', runtime: '3.13.5-gil', params });
    c.send({ type: 'run', experiment: 'call-overhead', runtime: '3.13.5-gil', params });
    const finished = await c.next((m) => m.type === 'job' && m.event === 'finished' && m.job.runtime === '3.13.5-gil', 120_000, since);
    assert.equal(finished.job.state, 'ok');
    const queuedGil = new Set(c.messages.slice(since).filter((m) => m.type === 'job' && m.event === 'queued' && m.job.runtime === '3.13.5-gil').map((m) => m.job.id));
    assert.equal(queuedGil.size, 1, 'the second identical request got the same job');
    const startedIds = new Set(c.messages.slice(since).filter((m) => m.type === 'job' && m.event === 'started').map((m) => m.job.id));
    assert.equal(startedIds.size, 2, 'two distinct jobs ran (nogil, then gil once)');
    c.close();
  });

  test('cancel mid-run: cancelled within 1 s, no process left', async () => {
    const c = new Client(wsUrl(server));
    await c.opened;
    const since = c.messages.length;
    c.send({ type: 'run', experiment: 'call-overhead', runtime: '3.13.5-nogil', params: long });
    const started = await c.next((m) => m.type === 'job' && m.event === 'started', 60_000, since);
    await c.next((m) => m.type === 'job' && m.event === 'data' && m.data.type === 'samples', 60_000, since);
    assert.ok(driverProcesses(results).length > 0, 'the driver is running');
    const t0 = Date.now();
    c.send({ type: 'cancel', jobId: started.job.id });
    const end = await c.next((m) => m.type === 'job' && m.event === 'cancelled' && m.job.id === started.job.id, 5000, since);
    assert.ok(Date.now() - t0 < 1000, `cancelled after ${Date.now() - t0} ms`);
    assert.equal(end.job.state, 'cancelled');
    assert.deepEqual(driverProcesses(results), []);
    // The partial data is on disk, marked cancelled.
    const record = JSON.parse(readFileSync(join(projectRoot, end.job.file), 'utf8'));
    assert.equal(record.status, 'cancelled');
    assert.ok(Object.values(record.samples).flat().length > 0, 'partial samples kept');
    rmSync(join(projectRoot, end.job.file), { force: true });
    c.close();
  });

  test('bad input gets a specific error naming the field; a valid run still works', async () => {
    const c = new Client(wsUrl(server));
    await c.opened;
    await c.next((m) => m.type === 'hello');
    const expectError = async (msg: unknown, field: string | undefined, pattern: RegExp) => {
      const since = c.messages.length;
      c.send(msg);
      const err = await c.next((m) => m.type === 'error', 5000, since);
      assert.equal(err.field, field, JSON.stringify(err));
      assert.match(err.message, pattern);
    };
    await expectError('{not json', undefined, /not valid JSON/);
    await expectError('[1,2]', undefined, /JSON object/);
    await expectError({ hello: 1 }, 'type', /missing "type"/);
    await expectError({ type: 'launch-missiles' }, 'type', /unknown message type "launch-missiles"/);
    await expectError({ type: 'run', experiment: 'nope', runtime: '3.13.5-gil' }, 'experiment', /unknown experiment "nope"/);
    await expectError({ type: 'run', experiment: 'call-overhead', runtime: 'cpython-9' }, 'runtime', /unknown runtime "cpython-9"/);
    await expectError({ type: 'run', experiment: 'call-overhead', runtime: '3.13.5-gil', params: { samples: 10 ** 9 } }, 'params.samples', /expected an integer 5\.\.20000/);
    await expectError({ type: 'run', experiment: 'call-overhead', runtime: '3.13.5-gil', params: { rm: '-rf' } }, 'params.rm', /unknown parameter "rm"/);
    await expectError({ type: 'run', experiment: '../../etc/passwd', runtime: '3.13.5-gil' }, 'experiment', /Expected string to match/);
    await expectError({ type: 'run', experiment: 'call-overhead', runtime: '3.13.5-gil; rm -rf /' }, 'runtime', /Expected string to match/);
    await expectError({ type: 'run', experiment: 'call-overhead', runtime: '3.13.5-gil', extra: true }, 'extra', /Unexpected property/);
    await expectError({ type: 'cancel', jobId: 'job-none' }, 'jobId', /no job "job-none"/);

    // Oversized: the connection is closed with 1009 (message too big); the server lives on.
    const big = new Client(wsUrl(server));
    await big.opened;
    const closed = new Promise<number>((r) => big.ws.once('close', (code) => r(code)));
    big.send({ type: 'run', experiment: 'call-overhead', runtime: '3.13.5-gil', params: { pad: 'x'.repeat(100_000) } });
    assert.equal(await closed, 1009);

    // A bad Origin is refused at the upgrade.
    await assert.rejects(new Client(wsUrl(server), { Origin: 'https://evil.example' }).opened, /HTTP 403/);
    // Not the WebSocket path.
    await assert.rejects(new Client(`${server.url}other`).opened, /HTTP 404/);

    const since = c.messages.length;
    c.send({ type: 'run', experiment: 'call-overhead', runtime: '3.13.5-gil', params: small });
    const done = await c.next((m) => m.type === 'job' && m.event === 'finished', 120_000, since);
    assert.equal(done.job.state, 'ok');
    c.close();
  });

  test('rate limit: a burst beyond the limit gets one rate-limit error, the connection survives', async () => {
    const c = new Client(wsUrl(server));
    await c.opened;
    await c.next((m) => m.type === 'hello');
    for (let i = 0; i < 300; i++) c.send({ type: 'latest', experiment: 'env-check' });
    await c.next((m) => m.type === 'error' && /rate limit/.test(m.message), 5000);
    await new Promise((r) => setTimeout(r, 1200));
    const since = c.messages.length;
    c.send({ type: 'latest', experiment: 'call-overhead', runtime: '3.13.5-gil', requestId: 'after' });
    await c.next((m) => m.type === 'latest' && m.requestId === 'after', 5000, since);
    c.close();
  });

  test('SIGTERM mid-run: the server stops within a second, kills the driver group, marks the run incomplete', async () => {
    const c = new Client(wsUrl(server));
    await c.opened;
    c.send({ type: 'run', experiment: 'call-overhead', runtime: '3.13.5-gil', params: long });
    const started = await c.next((m) => m.type === 'job' && m.event === 'started', 60_000);
    await c.next((m) => m.type === 'job' && m.event === 'data' && m.data.type === 'samples', 60_000);
    const t0 = Date.now();
    await stopServer(server);
    assert.ok(Date.now() - t0 < 1500, `stopped after ${Date.now() - t0} ms`);
    assert.deepEqual(driverProcesses(results), []);
    assert.match(server.stderr(), /outcome=error reason="the server shut down mid-run/, 'the job is logged as one structured line');
    const record = JSON.parse(readFileSync(join(projectRoot, started.job.file), 'utf8'));
    assert.equal(record.status, 'incomplete', 'the interrupted run is marked incomplete');
  });

  test('follow mode: viewers are read-only, the token gives control; other hosts need --follow', async () => {
    await assert.rejects(startServer(['--host', '0.0.0.0']), /--follow/);
    const s = await startServer(['--host', '127.0.0.1', '--follow']);
    try {
      const viewer = new Client(wsUrl(s));
      const hello = await viewer.next((m) => m.type === 'hello');
      assert.equal(hello.role, 'viewer');
      viewer.send({ type: 'run', experiment: 'env-check' });
      const refused = await viewer.next((m) => m.type === 'error');
      assert.match(refused.message, /read-only/);
      viewer.send({ type: 'auth', token: 'guess' });
      await viewer.next((m) => m.type === 'error' && m.field === 'token');

      const presenter = new Client(wsUrl(s, `?token=${s.token}`));
      assert.equal((await presenter.next((m) => m.type === 'hello')).role, 'control');
      presenter.send({ type: 'run', experiment: 'env-check' });
      // The viewer sees the presenter's run.
      const done = await viewer.next((m) => m.type === 'job' && m.event === 'finished', 60_000);
      assert.equal(done.job.state, 'ok', done.job.reason);
      viewer.send({ type: 'auth', token: s.token! });
      assert.equal((await viewer.next((m) => m.type === 'auth')).role, 'control');
      viewer.close();
      presenter.close();
    } finally {
      await stopServer(s);
    }
  });
});
