// The talk's condition as a runtime, through the live server: hello lists `<ft>-gil-on` with its
// definition; a run on it gets PYTHON_GIL=1 from that definition (its record says free-threaded
// build, GIL on); the server's own PYTHON_GIL never reaches another runtime, and a message cannot
// set the environment.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Client, type Msg, startServer, wsUrl } from '../server-client.ts';
import { type Served, stopServer } from '../../server/util/serve-process.ts';

const results = mkdtempSync(join(tmpdir(), 'ffi-corners-gil-on-'));
after(() => rmSync(results, { recursive: true, force: true }));
const small = { bindings: ['capi', 'pyo3'], samples: 5, warmups: 1, batch_ms: 0.2 };

describe('the -gil-on runtime through the server', { concurrency: false }, () => {
  let server: Served;
  let c: Client;
  after(async () => {
    c?.close();
    if (server) await stopServer(server);
  });

  const runOn = async (runtime: string): Promise<Msg> => {
    const since = c.messages.length;
    c.send({ type: 'run', experiment: 'call-overhead', runtime, params: small });
    const done = await c.next((m) => m.type === 'job' && m.event === 'finished' && m.job.runtime === runtime, 180_000, since);
    assert.equal(done.job.state, 'ok', done.job.reason);
    return c.messages.slice(since).find((m) => m.type === 'job' && m.job.id === done.job.id && m.data?.type === 'meta')!.data;
  };

  test('hello lists it with its definition, next to the build it is derived from', async () => {
    // The server itself starts with PYTHON_GIL=1 in its environment: only a runtime's definition may pass it on.
    server = await startServer([], { FFI_CORNERS_RESULTS: results, PYTHON_GIL: '1' });
    c = new Client(wsUrl(server));
    await c.opened;
    const hello = await c.next((m) => m.type === 'hello');
    const on = hello.runtimes.find((r: Msg) => r.id === '3.13.5-nogil-gil-on');
    assert.ok(on, hello.runtimes.map((r: Msg) => r.id).join(', '));
    assert.equal(on.derivedFrom, '3.13.5-nogil');
    assert.deepEqual(on.env, { PYTHON_GIL: '1' });
    assert.equal(on.freeThreadedBuild, true);
    assert.equal(on.gilEnabledAfterImports, true);
    const ft = hello.runtimes.find((r: Msg) => r.id === '3.13.5-nogil');
    assert.equal(ft.gilEnabledAfterImports, false, "the server's PYTHON_GIL did not reach the free-threaded runtime's probe");
  });

  test('a run on it: free-threaded build, GIL on, PYTHON_GIL=1 in its record', async () => {
    const meta = await runOn('3.13.5-nogil-gil-on');
    assert.equal(meta.env.runtimeId, '3.13.5-nogil-gil-on');
    assert.equal(meta.env.freeThreadedBuild, true);
    assert.equal(meta.env.gilEnabledAfterImports, true);
    assert.equal(meta.env.pythonGil, '1');
  });

  test("a run on the free-threaded build: the server's own PYTHON_GIL is not passed on", async () => {
    const meta = await runOn('3.13.5-nogil');
    assert.equal(meta.env.gilEnabledAfterImports, false);
    assert.equal(meta.env.pythonGil, null);
  });

  test('a message cannot set the environment', async () => {
    const since = c.messages.length;
    c.send({ type: 'run', experiment: 'call-overhead', runtime: '3.13.5-nogil', params: small, env: { PYTHON_GIL: '1' } });
    const err = await c.next((m) => m.type === 'error', 5000, since);
    assert.equal(err.field, 'env');
    assert.match(err.message, /Unexpected property/);
  });
});
