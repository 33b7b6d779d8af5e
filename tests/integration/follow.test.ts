// Follow mode, for real: a spawned `ffi-corners serve --follow` and WebSocket clients. The
// presenter's slide position reaches every viewer and each late joiner; a viewer cannot lead; the
// presenter token survives a restart (owner-only file in the cache) and `--new-token` replaces it.
// The cache is a temporary folder (no runtimes needed: nothing is run here).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Client, startServer as start, wsUrl } from '../server-client.ts';
import { type Served, stopServer } from '../../server/util/serve-process.ts';

const tmp = mkdtempSync(join(tmpdir(), 'ffi-corners-follow-'));
const env = { FFI_CORNERS_RESULTS: join(tmp, 'results'), FFI_CORNERS_CACHE: join(tmp, 'cache') };
const servers: Served[] = [];
after(async () => {
  await Promise.all(servers.map(stopServer));
  rmSync(tmp, { recursive: true, force: true });
});
const startServer = async (extra: string[] = []) => {
  const s = await start(['--follow', ...extra], env);
  servers.push(s);
  return s;
};

describe('follow mode', { concurrency: false }, () => {
  let server: Served;

  test('the presenter leads: every viewer gets each position with a rising seq; viewers cannot lead', async () => {
    server = await startServer();
    assert.ok(server.token);
    const presenter = new Client(`${wsUrl(server)}?token=${server.token}`);
    const viewers = [new Client(wsUrl(server)), new Client(wsUrl(server))];
    for (const c of [presenter, ...viewers]) await c.next((m) => m.type === 'hello');
    assert.equal((await viewers[0]!.next((m) => m.type === 'hello')).role, 'viewer');
    assert.match((await viewers[0]!.next((m) => m.type === 'hello')).followUrl, /^http:\/\/[^?]+\/$/, 'the audience URL, without the token');

    const positions = [
      { h: 1, v: 0, f: -1, overview: false },
      { h: 1, v: 0, f: 0, overview: false },
      { h: 2, v: 1, f: -1, overview: false },
      { h: 2, v: 1, f: -1, overview: true },
    ];
    for (const p of positions) {
      presenter.send({ type: 'slide', ...p });
      for (const v of viewers) {
        const got = await v.next((m) => m.type === 'slide' && m.h === p.h && m.v === p.v && m.f === p.f && m.overview === p.overview, 10_000);
        assert.ok(Number.isInteger(got.seq) && got.seq >= 1);
      }
    }
    const seqs = viewers[0]!.messages.filter((m) => m.type === 'slide').map((m) => m.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'seq rises');
    assert.equal(new Set(seqs).size, positions.length);
    assert.ok(!presenter.messages.some((m) => m.type === 'slide'), 'the presenter is not sent its own position');

    // A viewer's attempt: an error naming why, nothing relayed.
    const before = viewers[1]!.messages.length;
    viewers[0]!.send({ type: 'slide', h: 9, v: 0, f: -1, overview: false, requestId: 'V' });
    const refused = await viewers[0]!.next((m) => m.type === 'error' && m.requestId === 'V', 10_000);
    assert.match(refused.message, /presenter token/);
    // Bad positions are refused by the schema, naming the field.
    presenter.send({ type: 'slide', h: -1, v: 0, f: -1, overview: false });
    assert.match((await presenter.next((m) => m.type === 'error', 10_000)).message, /^h: /);
    presenter.send({ type: 'slide', h: 3, v: 0, f: -1, overview: false });
    await viewers[1]!.next((m) => m.type === 'slide' && m.h === 3, 10_000);
    assert.ok(!viewers[1]!.messages.slice(before).some((m) => m.type === 'slide' && m.h === 9), "the viewer's position went nowhere");

    // A late joiner gets the newest position right after its hello.
    const late = new Client(wsUrl(server));
    await late.next((m) => m.type === 'hello');
    const landed = await late.next((m) => m.type === 'slide', 10_000);
    assert.deepEqual({ h: landed.h, v: landed.v, f: landed.f, overview: landed.overview }, { h: 3, v: 0, f: -1, overview: false });
    assert.equal(late.messages.findIndex((m) => m.type === 'slide'), late.messages.findIndex((m) => m.type === 'hello') + 1);
    for (const c of [presenter, ...viewers, late]) c.close();
  });

  test('the presenter token survives a restart (owner-only file); --new-token replaces it', async () => {
    const first = server.token!;
    await stopServer(server);
    const file = join(env.FFI_CORNERS_CACHE, 'presenter-token');
    assert.equal(readFileSync(file, 'utf8').trim(), first);
    assert.equal(statSync(file).mode & 0o777, 0o600, 'owner-only');

    const again = await startServer();
    assert.equal(again.token, first, 'same presenter URL after a restart');
    const c = new Client(`${wsUrl(again)}?token=${first}`);
    assert.equal((await c.next((m) => m.type === 'hello')).role, 'control');
    c.close();
    await stopServer(again);

    const rotated = await startServer(['--new-token']);
    assert.ok(rotated.token && rotated.token !== first, 'a new token');
    assert.equal(readFileSync(file, 'utf8').trim(), rotated.token);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const old = new Client(`${wsUrl(rotated)}?token=${first}`);
    assert.equal((await old.next((m) => m.type === 'hello')).role, 'viewer', 'the old URL no longer controls');
    old.close();
    assert.doesNotMatch(rotated.stderr(), new RegExp(rotated.token!), 'the token is not in the log');
  });
});
