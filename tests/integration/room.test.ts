// The server in a hostile room, one hole at a time, against a real server on loopback: runs whose
// results cannot be saved fail with one line and the server stays up; a results root that cannot be
// used is one line at start; records of a reused pid are not left running; pruning keeps what is
// newer than the server; parameters are own keys, nested values are refused by depth; the token
// stays out of the log; every page carries the security headers; viewers get no paths or host name;
// the queue is bounded and told as changes, and a client's waiting runs go when it leaves; one
// follower flooding `latest`, reading nothing or opening every socket costs the others nothing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import WebSocket from 'ws';
import { newRecord } from '../../protocol/record.ts';
import { ResultsStore } from '../../server/results/store.ts';
import { cli } from '../helpers.ts';
import { Client, driverProcesses, type Msg, seedRecords, startServer, wsUrl } from '../server-client.ts';
import { type Served, stopServer } from '../../server/util/serve-process.ts';
import { escapeRegExp } from '../../server/util/regexp.ts';

const scratch = mkdtempSync(join(tmpdir(), 'ffi-corners-room-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const GIL = '3.13.5-gil';

let n = 0;
/** A fresh results folder and the environment of a server that saves there (test drivers on). */
function fresh(): { results: string; env: Record<string, string> } {
  const results = join(scratch, `results-${++n}`);
  return { results, env: { FFI_CORNERS_RESULTS: results, FFI_CORNERS_TEST_FAULTS: '1' } };
}

async function hello(c: Client): Promise<Msg> {
  await c.opened;
  return c.next((m) => m.type === 'hello', 30_000);
}

/** This machine's name as a word (it may be as short as "vm"). */
const hostPattern = () => new RegExp(`(?<![\\w.-])${escapeRegExp(hostname())}(?![\\w-])`);

const rssKiB = (pid: number) => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);

/** A server started with `args`, saving into a fresh results folder (over 20 saved records of 375 kB,
 * as large as real call-overhead runs, when `seeded`): `use` runs against it, and the server is
 * stopped after, whatever happens. */
async function withServer(args: string[], use: (s: Served) => Promise<void>, seeded = false): Promise<void> {
  const { results, env } = fresh();
  if (seeded) seedRecords(results, GIL, 20, 375);
  const s = await startServer(args, env);
  try {
    await use(s);
  } finally {
    await stopServer(s);
  }
}

function get(s: Served, path: string, host = new URL(s.url).host): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, s.url), { headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the server in a hostile room', { concurrency: false }, () => {
  test('a results folder that cannot be created fails that run with one line naming it; the server goes on', async () => {
    const { results, env } = fresh();
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'endless'), 'a file where the folder should be\n'); // mkdir: ENOTDIR
    const s = await startServer([], env);
    try {
      const c = new Client(wsUrl(s));
      await hello(c);
      c.send({ type: 'run', experiment: 'endless', runtime: GIL });
      const failed = await c.next((m) => m.type === 'job' && m.event === 'finished' && m.job.experiment === 'endless', 30_000);
      assert.equal(failed.job.state, 'error');
      assert.match(failed.job.reason, /results not saved: cannot create the folder \S*endless\/3\.13\.5-gil \(ENOTDIR: not a directory\)/);
      // Still serving, and the next run (another folder) is saved.
      c.send({ type: 'run', experiment: 'fault', runtime: GIL, params: { mode: 'exit' } });
      const next = await c.next((m) => m.type === 'job' && m.event === 'finished' && m.job.experiment === 'fault', 30_000);
      assert.ok(existsSync(join(results, 'fault', GIL)), 'the next run saved its record');
      assert.equal(next.job.state, 'error'); // the fault driver's own failure, recorded
      c.close();
    } finally {
      await stopServer(s);
    }
    assert.equal(s.proc.exitCode, 0, `the server stopped cleanly: ${s.stderr().slice(-500)}`);
  });

  test('a folder that stops taking writes mid-run: the run fails naming it and the OS error, its driver is stopped', async () => {
    const { results, env } = fresh();
    const s = await startServer([], env);
    try {
      const c = new Client(wsUrl(s));
      await hello(c);
      c.send({ type: 'run', experiment: 'endless', runtime: GIL, params: { interval_ms: 20 } });
      await c.next((m) => m.type === 'job' && m.event === 'data' && m.data.type === 'samples', 30_000);
      const dir = join(results, 'endless', GIL);
      rmSync(dir, { recursive: true, force: true });
      writeFileSync(dir, 'no longer a folder\n'); // the next checkpoint's write fails (ENOTDIR)
      const failed = await c.next((m) => m.type === 'job' && m.event === 'finished', 30_000);
      assert.equal(failed.job.state, 'error');
      assert.match(failed.job.reason, /results not saved: cannot write in the folder \S*endless\/3\.13\.5-gil \(ENOTDIR: not a directory\)/);
      for (let i = 0; i < 50 && driverProcesses(results).length; i++) await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(driverProcesses(results), [], 'no driver left measuring');
      c.close();
    } finally {
      await stopServer(s);
    }
  });

  test('a results root that cannot be used: one line at start naming it and the OS error, no stack trace', () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, '');
    const res = cli(['serve', '--port', '0'], { FFI_CORNERS_RESULTS: join(file, 'results') }, 60_000);
    assert.notEqual(res.code, 0);
    const lines = res.stderr.trim().split('\n');
    assert.equal(lines.length, 1, res.stderr);
    assert.match(lines[0]!, /results folder \S*a-file\/results cannot be used \(ENOTDIR: not a directory\)/);
    assert.doesNotMatch(res.stderr, /^\s+at /m);
  });

  test('a record whose pid now belongs to a later process is marked incomplete, not left running', async () => {
    const root = join(scratch, 'pid-reuse');
    const dir = join(root, 'races', GIL);
    mkdirSync(dir, { recursive: true });
    // A live process that started long after the record: the record's pid was reused.
    const sleeper = spawn('sleep', ['30']);
    try {
      const started = '2025-10-18T09:00:00.123Z';
      const file = join(dir, `2025-10-18T09-00-00-123Z-${sleeper.pid}.json`);
      writeFileSync(file, JSON.stringify(newRecord('races', GIL, {}, started)));
      const store = new ResultsStore(root);
      assert.deepEqual(store.recoverIncomplete(), [file]);
      assert.equal(JSON.parse(readFileSync(file, 'utf8')).status, 'incomplete');
      // A record of a live process that started before it stays running.
      const own = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${sleeper.pid}.json`);
      writeFileSync(own, JSON.stringify(newRecord('races', GIL, {}, new Date().toISOString())));
      assert.deepEqual(store.recoverIncomplete(), []);
    } finally {
      sleeper.kill();
    }
  });

  test('pruning keeps records newer than the server start, and says each record it removed', async () => {
    const { results, env } = fresh();
    seedRecords(results, GIL, 4, 1);
    const dir = join(results, 'call-overhead', GIL);
    // Another server saving in the same folder right now: two records newer than this server's start.
    for (const [ahead, pid] of [[3_600_000, 4243], [7_200_000, 4244]] as const) {
      const at = new Date(Date.now() + ahead);
      writeFileSync(join(dir, `${at.toISOString().replace(/[:.]/g, '-')}-${pid}.json`), JSON.stringify({ ...newRecord('call-overhead', GIL, {}, at.toISOString()), status: 'ok' }));
    }
    writeFileSync(join(scratch, 'retain.json'), JSON.stringify({ retain: 1 }));
    const s = await startServer([], { ...env, FFI_CORNERS_CONFIG: join(scratch, 'retain.json') });
    await stopServer(s);
    const left = readdirSync(dir).sort();
    assert.deepEqual(left.map((f) => f.slice(-10)), ['-4243.json', '-4244.json'], 'both newer records kept, the four older ones pruned');
    for (const i of [0, 1, 2, 3]) assert.match(s.stderr(), new RegExp(`removed \\S*2025-10-18T09-0${i}-00-123Z-4242\\.json`));
  });

  test('parameters are own keys only; a value nested 30,000 deep gets a clear error naming the field', async () => {
    await withServer([], async (s) => {
      const c = new Client(wsUrl(s));
      await hello(c);
      for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
        const since = c.messages.length;
        c.send(`{"type":"run","experiment":"call-overhead","runtime":"${GIL}","params":{"${name}":1}}`);
        const reply = await c.next((m) => m.type === 'error' || m.type === 'job', 10_000, since);
        assert.equal(reply.type, 'error', `${name} accepted: ${JSON.stringify(reply).slice(0, 200)}`);
        assert.match(reply.message, new RegExp(`unknown parameter "${name}" for call-overhead`));
        assert.equal(reply.field, `params.${name}`);
      }
      const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
      for (const type of ['run', 'latest']) {
        const since = c.messages.length;
        c.send(`{"type":"${type}","experiment":"call-overhead","runtime":"${GIL}","params":{"samples":${deep}}}`);
        const reply = await c.next((m) => m.type === 'error' || m.type === 'job' || m.type === 'latest', 10_000, since);
        assert.equal(reply.type, 'error');
        assert.match(reply.message, /^params\.samples(\.0)*: nested deeper than \d+ levels$/);
        assert.doesNotMatch(reply.message, /call stack/);
      }
      c.close();
    });
  });

  test('the token stays out of the log; every answer carries CSP, nosniff and frame-ancestors', async () => {
    await withServer(['--follow'], async (s) => {
      const refused = await get(s, `/?token=${s.token}`, `attacker.example:${new URL(s.url).port}`);
      assert.equal(refused.status, 403);
      for (let i = 0; i < 50 && !/refused Host/.test(s.stderr()); i++) await new Promise((r) => setTimeout(r, 50));
      assert.match(s.stderr(), /refused Host "attacker\.example/);
      assert.ok(!s.stderr().includes(s.token!), 'the token is not in the log');
      for (const res of [refused, await get(s, '/'), await get(s, '/no-such-file')]) {
        assert.match(String(res.headers['content-security-policy']), /default-src 'self'.*frame-ancestors 'self'/);
        assert.equal(res.headers['x-content-type-options'], 'nosniff');
      }
    });
  });

  test('viewers get no interpreter paths and no host name; the presenter gets them', async () => {
    await withServer(['--follow'], async (s) => {
      const viewer = new Client(wsUrl(s));
      const presenter = new Client(wsUrl(s, `?token=${s.token}`));
      const [v, p] = [await hello(viewer), await hello(presenter)];
      assert.ok(p.runtimes.length > 0 && p.runtimes.every((r: Msg) => r.path.startsWith('/')), 'the presenter sees the paths');
      const paths = p.runtimes.flatMap((r: Msg) => [r.path, r.basePath]);
      const seen = JSON.stringify(v);
      for (const path of paths) assert.ok(!seen.includes(path), `a viewer got ${path}`);
      assert.doesNotMatch(seen, hostPattern(), 'a viewer got the host name');
      // A run's meta (its interpreter) reaches viewers without the path too.
      presenter.send({ type: 'run', experiment: 'endless', runtime: GIL });
      const meta = await viewer.next((m) => m.type === 'job' && m.data?.type === 'meta', 30_000);
      assert.doesNotMatch(meta.data.env.python, /^\//);
      const full = await presenter.next((m) => m.type === 'job' && m.data?.type === 'meta', 30_000);
      assert.match(full.data.env.python, /^\//);
      presenter.send({ type: 'cancel' });
      await viewer.next((m) => m.type === 'job' && m.event === 'cancelled', 30_000);
      viewer.close();
      presenter.close();
    });
  });

  test('the queue: changes only, bounded per client and in all, and a client that leaves takes its waiting runs', async () => {
    await withServer([], async (s) => {
      const watcher = new Client(wsUrl(s));
      await hello(watcher);
      const clients = Array.from({ length: 5 }, () => new Client(wsUrl(s)));
      for (const c of clients) await hello(c);
      const interval = (i: number) => ({ type: 'run', experiment: 'endless', runtime: GIL, params: { interval_ms: 10 + i } });
      // The first client: one running, 8 waiting; the 10th is refused, saying why.
      for (let i = 0; i < 9; i++) {
        clients[0]!.send(interval(i));
        await watcher.next((m) => m.type === 'job' && m.event === 'queued' && m.job.params.interval_ms === 10 + i, 10_000);
      }
      clients[0]!.send(interval(9));
      assert.match((await clients[0]!.next((m) => m.type === 'error', 10_000)).message, /8 runs waiting already/);
      // Three more clients fill the queue (32 waiting); the fifth is told it is full.
      for (let k = 1; k <= 3; k++) for (let i = 0; i < 8; i++) clients[k]!.send(interval(100 * k + i));
      await watcher.next((m) => m.type === 'job' && m.event === 'queued' && m.job.params.interval_ms === 317, 10_000);
      clients[4]!.send(interval(999));
      assert.match((await clients[4]!.next((m) => m.type === 'error', 10_000)).message, /queue is full \(32 runs waiting\)/);
      assert.ok(!watcher.messages.some((m) => m.type === 'queue'), 'no whole-queue message after the hello');
      // Client 1 leaves: its 8 waiting runs are dropped, the running one (client 0's) goes on.
      const since = watcher.messages.length;
      clients[1]!.close();
      for (let i = 0; i < 8; i++) {
        const gone = await watcher.next((m) => m.type === 'job' && m.event === 'cancelled' && m.job.params.interval_ms === 110 + i, 10_000, since);
        assert.match(gone.job.reason, /the client that queued it left/);
      }
      assert.ok(!watcher.messages.slice(since).some((m) => m.type === 'job' && m.event === 'cancelled' && m.job.params.interval_ms === 10));
      for (const c of [...clients, watcher]) c.close();
    });
  });

  test('a follower flooding `latest` with parameters that match nothing trips the rate limit, and costs no file reads', async () => {
    await withServer(['--follow'], async (s) => {
      const viewer = new Client(wsUrl(s));
      await hello(viewer);
      const frames = Array.from({ length: 300 }, (_, i) => JSON.stringify({ type: 'latest', experiment: 'call-overhead', runtime: GIL, params: { samples: 10_000 + i } }));
      for (const f of frames) viewer.ws.send(f);
      await viewer.next((m) => m.type === 'error' && /rate limit/.test(m.message), 30_000);
      // Everything it did get answered is "nothing matches", and most of the burst was dropped.
      await new Promise((r) => setTimeout(r, 500));
      const answers = viewer.messages.filter((m) => m.type === 'latest');
      assert.ok(answers.length <= 110, `${answers.length} answered of 300`);
      assert.ok(answers.every((m) => m.record === null));
      // A matching ask still gets the record.
      viewer.send({ type: 'latest', experiment: 'call-overhead', runtime: GIL, params: { samples: 25 }, requestId: 'm' });
      await new Promise((r) => setTimeout(r, 2100)); // the bucket refills
      viewer.send({ type: 'latest', experiment: 'call-overhead', runtime: GIL, params: { samples: 25 }, requestId: 'm2' });
      const hit = await viewer.next((m) => m.type === 'latest' && m.requestId === 'm2', 30_000);
      assert.equal(hit.record.params.samples, 25);
      viewer.close();
    }, true);
  });

  test('a follower that reads nothing: what it is owed stays bounded (server RSS)', async () => {
    await withServer(['--follow'], async (s) => {
      const slow = new Client(wsUrl(s));
      await hello(slow);
      const before = rssKiB(s.proc.pid!);
      (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause(); // reads nothing from now on
      for (let i = 0; i < 95; i++) slow.ws.send(JSON.stringify({ type: 'latest', experiment: 'call-overhead', runtime: GIL, params: { samples: 25 } }));
      // An ordinary viewer is served meanwhile.
      const other = new Client(wsUrl(s));
      await hello(other);
      other.send({ type: 'latest', experiment: 'call-overhead', runtime: GIL, requestId: 'x' });
      await other.next((m) => m.type === 'latest' && m.requestId === 'x', 30_000);
      await new Promise((r) => setTimeout(r, 1000));
      const grown = (rssKiB(s.proc.pid!) - before) / 1024;
      // 95 replies of 375 kB owed in full would be 35 MiB of buffers (the record itself is read once).
      assert.ok(grown < 20, `server RSS grew ${grown.toFixed(1)} MiB for a reader that reads nothing`);
      slow.ws.terminate();
      other.close();
    }, true);
  });

  test('one address cannot take every connection; the presenter always gets in', async () => {
    const { env } = fresh();
    const s = await startServer(['--follow'], env);
    const open: WebSocket[] = [];
    const connect = (address: string, query = '') =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(wsUrl(s, query).replace(/^http/, 'ws'), { localAddress: address });
        open.push(ws);
        ws.once('open', () => resolve(101));
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode!));
        ws.once('error', () => resolve(0));
      });
    try {
      // A hog on one address: 16 get in, the 17th is refused.
      const hog = await Promise.all(Array.from({ length: 17 }, () => connect('127.0.0.9')));
      assert.equal(hog.filter((c) => c === 101).length, 16);
      assert.ok(hog.includes(429));
      // Sixteen addresses fill the room (256 in all, the hog's 16 included).
      for (let a = 10; a < 25; a++) await Promise.all(Array.from({ length: 16 }, () => connect(`127.0.0.${a}`)));
      assert.equal(await connect('127.0.0.30'), 503, 'a full room refuses one more viewer');
      assert.equal(await connect('127.0.0.9', `?token=${s.token}`), 101, 'the presenter gets in');
    } finally {
      for (const ws of open) ws.terminate();
      await stopServer(s);
    }
  });
});
