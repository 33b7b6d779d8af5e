// Reliability and security under load, faults and bad input, against a real server on loopback.
// Bounded in count and time. `npm test` runs it at its base size; `npm run test:stress` scales it
// (FFI_CORNERS_STRESS_SCALE, default 1). Every figure it reaches is printed as a `# stress:` line.
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import WebSocket from 'ws';
import { projectRoot } from '../../server/paths.ts';
import { Client, driverProcesses, type Msg, startServer, wsUrl } from '../server-client.ts';
import { type Served, stopServer } from '../../server/util/serve-process.ts';

const SCALE = Math.max(1, Number(process.env.FFI_CORNERS_STRESS_SCALE ?? 1));
const FUZZ_MESSAGES = 1000 * SCALE;
const CHURN_CYCLES = 100 * SCALE;
const VIEWERS = 50;

const scratch = mkdtempSync(join(tmpdir(), 'ffi-corners-stress-'));
const results = join(scratch, 'results');
after(() => rmSync(scratch, { recursive: true, force: true }));
const env = { FFI_CORNERS_RESULTS: results, FFI_CORNERS_TEST_FAULTS: '1' };
const figure = (what: string) => console.log(`# stress: ${what}`);

const quick = { bindings: ['capi', 'python'], samples: 6, warmups: 0, batch_ms: 0.3 };
const long = { bindings: ['capi', 'ctypes-cdll', 'python'], samples: 20000, batch_ms: 5 };

function rssKiB(pid: number): number {
  return Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
}

async function runAndWait(c: Client, msg: Msg, timeoutMs = 60_000): Promise<Msg> {
  const since = c.messages.length;
  c.send({ type: 'run', ...msg });
  const queued = await c.next((m) => m.type === 'job' && (m.event === 'queued' || m.event === 'started'), 10_000, since);
  return c.next((m) => m.type === 'job' && (m.event === 'finished' || m.event === 'cancelled') && m.job.id === queued.job.id, timeoutMs, since);
}

describe('stress', { concurrency: false }, () => {
  let server: Served;

  test('fuzz: malformed, oversized-field, wrong-typed and unknown messages, interleaved with valid runs', async () => {
    server = await startServer([], env);
    const c = new Client(wsUrl(server));
    await c.opened;
    await c.next((m) => m.type === 'hello');
    const json = fc.jsonValue();
    const field = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string()), json);
    const hostile = fc.constantFrom(
      '../../../../etc/passwd', '$(touch /tmp/ffi-corners-pwned)', '`id`', '; rm -rf /', '--help', '-c', 'import os',
      '%00', '\u0000', 'a'.repeat(70), '3.13.5-gil\n', '${PATH}', '|| true', 'C:\\\\Windows', '\\\\..\\\\..',
    );
    const message = fc.oneof(
      fc.string({ maxLength: 200 }), // not JSON (mostly)
      json.map((v) => JSON.stringify(v)), // JSON, wrong shape
      fc.record({ type: fc.oneof(fc.string(), hostile), payload: field }).map((v) => JSON.stringify(v)),
      fc.record({ type: fc.constant('run'), experiment: fc.oneof(hostile, fc.string()), runtime: fc.oneof(hostile, field) }, { requiredKeys: ['type'] }).map((v) => JSON.stringify(v)),
      fc.record({ type: fc.constant('run'), experiment: fc.constantFrom('call-overhead', 'races', 'arena'), runtime: fc.constant('3.13.5-gil'), params: fc.dictionary(fc.oneof(hostile, fc.string({ maxLength: 20 })), fc.oneof(field, hostile), { minKeys: 1 }) }).map((v) => JSON.stringify(v)),
      fc.record({ type: fc.constant('cancel'), jobId: fc.oneof(hostile, field) }).map((v) => JSON.stringify(v)),
      fc.record({ type: fc.constant('latest'), experiment: fc.oneof(hostile, field), runtime: fc.oneof(hostile, field) }).map((v) => JSON.stringify(v)),
    );
    rmSync('/tmp/ffi-corners-pwned', { force: true });
    const samples = fc.sample(message, { numRuns: FUZZ_MESSAGES, seed: 20251018 });
    let errors = 0;
    let valid = 0;
    let nextValidAt = 250;
    for (let i = 0; i < samples.length; i++) {
      const since = c.messages.length;
      c.send(samples[i]!);
      // One reply per message: a specific error, or (rarely, for a valid generated message) a real reply.
      const reply = await c.next((m) => m.type === 'error' || m.type === 'latest' || (m.type === 'job' && m.event === 'queued'), 10_000, since);
      if (reply.type === 'error') {
        errors++;
        assert.ok(reply.message.length > 5 && !/undefined|\[object/.test(reply.message), `vague error: ${reply.message}`);
      }
      if (i === nextValidAt) {
        nextValidAt += 250;
        const done = await runAndWait(c, { experiment: 'call-overhead', runtime: i % 500 ? '3.13.5-nogil' : '3.13.5-gil', params: quick });
        assert.equal(done.job.state, 'ok', done.job.reason);
        valid++;
      }
      // Stay under the rate limit: this test is about content, the limit has its own test.
      if (i % 40 === 39) await new Promise((r) => setTimeout(r, 850));
    }
    assert.equal(existsSync('/tmp/ffi-corners-pwned'), false, 'no injection reached a shell');
    assert.equal(server.proc.exitCode, null, 'server alive');
    figure(`fuzz: ${samples.length} generated messages, ${errors} specific errors, ${valid} valid runs interleaved, all ok`);
    c.close();
  });

  test('churn: connect/disconnect cycles during a run; memory returns to baseline', async () => {
    const anchor = new Client(wsUrl(server)); // keeps the run alive (the last client leaving cancels it)
    await anchor.opened;
    const rss0 = rssKiB(server.proc.pid!);
    const since = anchor.messages.length;
    // A run that ends only when cancelled: it outlasts the churn however long the churn takes here.
    anchor.send({ type: 'run', experiment: 'endless', runtime: '3.13.5-gil', params: { interval_ms: 50 } });
    const started = await anchor.next((m) => m.type === 'job' && m.event === 'started', 10_000, since);
    let greeted = 0;
    for (let i = 0; i < CHURN_CYCLES; i++) {
      const c = new Client(wsUrl(server));
      const hello = await c.next((m) => m.type === 'hello', 10_000);
      if (hello.current?.id === started.job.id) greeted++;
      if (i % 3 === 0) c.ws.terminate(); // abrupt
      else c.close();
    }
    // The run survived the churn: still running, still streaming to the client that stayed.
    const after = anchor.messages.length;
    await anchor.next((m) => m.type === 'job' && m.event === 'data' && m.data.type === 'samples' && m.job.id === started.job.id, 10_000, after);
    assert.equal(anchor.messages.some((m) => m.type === 'job' && m.job.id === started.job.id && (m.event === 'finished' || m.event === 'cancelled')), false, 'the run ended during the churn');
    assert.ok(greeted >= CHURN_CYCLES * 0.9, `late joiners saw the running job (${greeted}/${CHURN_CYCLES})`);
    anchor.send({ type: 'cancel', jobId: started.job.id });
    const done = await anchor.next((m) => m.type === 'job' && m.event === 'cancelled' && m.job.id === started.job.id, 10_000, since);
    assert.equal(done.job.state, 'cancelled', done.job.reason);
    const record = JSON.parse(readFileSync(join(projectRoot, done.job.file), 'utf8'));
    assert.ok(record.samples['endless/tick'].length > 0, 'the samples streamed during the churn are kept');
    await new Promise((r) => setTimeout(r, 1500));
    const rss1 = rssKiB(server.proc.pid!);
    figure(`churn: ${CHURN_CYCLES} connect/disconnect cycles during a run (${greeted} late joiners saw it); server RSS ${(rss0 / 1024).toFixed(1)} -> ${(rss1 / 1024).toFixed(1)} MiB`);
    assert.ok(rss1 - rss0 < 40 * 1024, `server memory grew by ${((rss1 - rss0) / 1024).toFixed(1)} MiB`);
    anchor.close();
  });

  test('faults: segfault, hang, flood, garbage, exit status; the server keeps serving', async () => {
    const c = new Client(wsUrl(server));
    await c.opened;
    const expect: Record<string, RegExp> = {
      segfault: /SIGSEGV \(a native crash\)/,
      hang: /timed out after 3 s/,
      flood: /line longer than 4 MiB/,
      garbage: /does not match the protocol|not JSON/,
      exit: /exited with status 3/,
    };
    for (const [mode, pattern] of Object.entries(expect)) {
      const t0 = Date.now();
      const done = await runAndWait(c, { experiment: 'fault', runtime: '3.13.5-nogil', params: { mode } }, 30_000);
      assert.notEqual(done.job.state, 'ok', mode);
      assert.match(done.job.reason, pattern, `${mode}: ${done.job.reason}`);
      assert.deepEqual(driverProcesses(results), [], `${mode}: no process left`);
      const record = JSON.parse(readFileSync(join(projectRoot, done.job.file), 'utf8'));
      assert.deepEqual(record.samples['fault/warmup'], [1, 2, 3], `${mode}: data before the fault kept`);
      assert.ok(record.meta, `${mode}: meta kept`);
      figure(`fault ${mode}: ${done.job.state} in ${Date.now() - t0} ms: ${done.job.reason.slice(0, 80)}`);
    }
    const ok = await runAndWait(c, { experiment: 'call-overhead', runtime: '3.13.5-gil', params: quick });
    assert.equal(ok.job.state, 'ok');
    c.close();
  });

  test('a runtime that disappears between runs: a clear job error, the server keeps serving', async () => {
    await stopServer(server);
    // A runtime listed in a config file, whose interpreter is then removed. A copy of the binary
    // (not a link: runtimes are told apart by their real path) finds its library by its build prefix.
    const dir = join(scratch, 'vanishing');
    mkdirSync(dir);
    const python = join(dir, 'python3');
    copyFileSync(join(projectRoot, '.runtimes', '3.13.5-gil', 'bin', 'python3'), python);
    chmodSync(python, 0o755);
    const config = join(scratch, 'config.json');
    writeFileSync(config, JSON.stringify({ interpreters: [{ id: 'vanishing', path: python }] }));
    server = await startServer([], { ...env, FFI_CORNERS_CONFIG: config });
    const c = new Client(wsUrl(server));
    const hello = await c.next((m) => m.type === 'hello');
    assert.ok(hello.runtimes.some((r: Msg) => r.id === 'vanishing'));
    rmSync(python);
    const done = await runAndWait(c, { experiment: 'env-check', runtime: 'vanishing' });
    assert.equal(done.job.state, 'ok', 'env-check runs with any interpreter');
    const gone = await runAndWait(c, { experiment: 'call-overhead', runtime: 'vanishing', params: quick });
    assert.equal(gone.job.state, 'error');
    assert.match(gone.job.reason, /^cannot start .*ENOENT$/);
    figure(`vanished runtime: ${gone.job.reason}`);
    const ok = await runAndWait(c, { experiment: 'call-overhead', runtime: '3.13.5-gil', params: quick });
    assert.equal(ok.job.state, 'ok');
    c.close();
  });

  test(`follow mode: ${VIEWERS} viewers get every event in order; none can control`, async () => {
    await stopServer(server);
    server = await startServer(['--follow'], env);
    // Each viewer from its own address, as an audience's devices (one address may open only 16).
    const viewers = Array.from({ length: VIEWERS }, (_, i) => new Client(wsUrl(server), {}, `127.0.3.${1 + i}`));
    await Promise.all(viewers.map((v) => v.next((m) => m.type === 'hello')));
    viewers[0]!.send({ type: 'run', experiment: 'env-check' });
    assert.match((await viewers[0]!.next((m) => m.type === 'error')).message, /read-only/);
    const presenter = new Client(wsUrl(server, `?token=${server.token}`));
    const done = await runAndWait(presenter, { experiment: 'call-overhead', runtime: '3.13.5-nogil', params: { ...quick, samples: 200 } });
    assert.equal(done.job.state, 'ok');
    const seq = (c: Client) => c.messages.filter((m) => m.type === 'job' && m.job.id === done.job.id).map((m) => `${m.event}:${JSON.stringify(m.data ?? null)}`);
    await Promise.all(viewers.map((v) => v.next((m) => m.type === 'job' && m.event === 'finished' && m.job.id === done.job.id)));
    // Viewers get the presenter's events in the same order; their copies leave out interpreter paths.
    const kinds = (c: Client) => c.messages.filter((m) => m.type === 'job' && m.job.id === done.job.id).map((m) => `${m.event}:${m.data?.type ?? ''}`);
    assert.ok(seq(presenter).length > 5);
    const reference = seq(viewers[0]!);
    assert.deepEqual(kinds(viewers[0]!), kinds(presenter), 'the presenter\'s events, in order');
    assert.ok(!reference.join('\n').includes(presenter.messages.find((m) => m.data?.type === 'meta')!.data.env.python), 'no interpreter path to viewers');
    for (const v of viewers) assert.deepEqual(seq(v), reference, 'same events, same order');
    figure(`follow: ${VIEWERS} viewers each received all ${reference.length} job events in order`);
    await Promise.all([...viewers, presenter].map((v) => new Promise((r) => (v.ws.once('close', r), v.close()))));
  });

  test('limits: connections beyond the cap are refused; oversized messages close the socket', async () => {
    const cap = 256; // MAX_CONNECTIONS_FOLLOW
    const sockets: WebSocket[] = [];
    let refused = 0;
    for (let i = 0; i < cap + 10; i++) {
      // 16 per address (the per-address cap), so that only the total cap refuses.
      const ws = new WebSocket(wsUrl(server).replace(/^http/, 'ws'), { localAddress: `127.0.4.${1 + (i >> 4)}` });
      const outcome = await new Promise<string>((resolve) => {
        ws.once('open', () => resolve('open'));
        ws.once('unexpected-response', (_q, res) => resolve(String(res.statusCode)));
        ws.once('error', () => resolve('error'));
      });
      if (outcome === 'open') sockets.push(ws);
      else if (outcome === '503') refused++;
    }
    assert.equal(sockets.length, cap);
    assert.equal(refused, 10);
    for (const ws of sockets) ws.terminate();
    await new Promise((r) => setTimeout(r, 500));
    const c = new Client(wsUrl(server));
    await c.next((m) => m.type === 'hello');
    const closed = new Promise<number>((r) => c.ws.once('close', (code) => r(code)));
    c.send('x'.repeat(70_000));
    assert.equal(await closed, 1009);
    figure(`limits: ${cap} connections accepted, ${refused} refused (503); a 70 kB message closed its socket (1009)`);
  });

  test('kill -9 of the server mid-run: no orphans; after restart the partial result is marked incomplete', async () => {
    await stopServer(server);
    server = await startServer([], env);
    const c = new Client(wsUrl(server));
    c.send({ type: 'run', experiment: 'call-overhead', runtime: '3.13.5-gil', params: long });
    const started = await c.next((m) => m.type === 'job' && m.event === 'started', 10_000);
    await c.next((m) => m.type === 'job' && m.event === 'data' && m.data.type === 'samples', 60_000);
    await new Promise((r) => setTimeout(r, 2500)); // past a checkpoint
    const exited = new Promise((r) => server.proc.once('exit', r));
    server.proc.kill('SIGKILL');
    await exited;
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(driverProcesses(results), [], 'the driver died with the server');
    server = await startServer([], env);
    const file = join(projectRoot, started.job.file);
    const record = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(record.status, 'incomplete');
    assert.ok(Object.values(record.samples).flat().length > 0, 'partial samples kept');
    const c2 = new Client(wsUrl(server));
    const ok = await runAndWait(c2, { experiment: 'call-overhead', runtime: '3.13.5-gil', params: quick });
    assert.equal(ok.job.state, 'ok');
    figure(`kill -9: 0 orphans; ${Object.values(record.samples).flat().length} samples of the killed run kept, marked incomplete (the record is checkpointed every 2 s)`);
    c2.close();
    await stopServer(server);
  });

  test('no result file is left half-written', () => {
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
    const files = walk(results);
    assert.ok(files.length > 10);
    assert.deepEqual(files.filter((f) => !f.endsWith('.json')), [], 'no temporary files');
    for (const f of files) JSON.parse(readFileSync(f, 'utf8'));
  });
});

