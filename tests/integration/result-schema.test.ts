// A driver result of the wrong shape, through a real server and a real driver process: the job
// fails with an error that names the field, and what the driver measured before it stays on disk.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { RunRecord } from '../../protocol/record.ts';
import { projectRoot } from '../../server/paths.ts';
import { Client, startServer, wsUrl } from '../server-client.ts';
import { stopServer } from '../../server/util/serve-process.ts';

const results = mkdtempSync(join(tmpdir(), 'ffi-corners-result-schema-'));
after(() => rmSync(results, { recursive: true, force: true }));

test('a result that does not match its schema is a job error naming the field; samples and partials kept', async () => {
  const server = await startServer([], { FFI_CORNERS_RESULTS: results, FFI_CORNERS_TEST_FAULTS: '1' });
  try {
    const c = new Client(wsUrl(server));
    await c.opened;
    const hello = await c.next((m) => m.type === 'hello');
    const runtime = hello.runtimes[0].id as string;
    c.send({ type: 'run', experiment: 'fault', runtime, params: { mode: 'bad-result' } });
    const done = await c.next((m) => m.type === 'job' && m.event === 'finished', 30_000);
    assert.equal(done.job.state, 'error');
    assert.match(done.job.reason, /result\.medians\.capi/);
    assert.ok(
      c.messages.some((m) => m.type === 'job' && m.data?.type === 'error' && /result\.medians\.capi: .*got "fast"/.test(m.data.message)),
      'the clients saw the error event naming the field and the value',
    );
    assert.ok(!c.messages.some((m) => m.type === 'job' && m.data?.type === 'result'), 'the bad result is not passed on');
    const record = JSON.parse(readFileSync(join(projectRoot, done.job.file), 'utf8'));
    assert.ok(TypeCompiler.Compile(RunRecord).Check(record), 'the record on disk is a RunRecord');
    assert.equal(record.status, 'error');
    assert.deepEqual(record.samples['fault/warmup'], [1, 2, 3], 'samples before the result kept');
    assert.deepEqual(record.partials, [{ key: 'first', data: { kept: true } }], 'partials before the result kept');
    assert.equal(record.result, null, 'the result of the wrong shape is not kept as the result');
    c.close();
  } finally {
    await stopServer(server);
  }
});
