// DNS rebinding: a real server answers only to the names it is meant to be reached by, on every
// HTTP request and every WebSocket upgrade, in loopback and in follow mode (real sockets, real
// Host and Origin headers, as a page on a rebinding domain would send them).
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Client, startServer, wsUrl } from '../server-client.ts';
import { type Served, stopServer } from '../../server/util/serve-process.ts';

const scratch = mkdtempSync(join(tmpdir(), 'ffi-corners-hosts-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const env = { FFI_CORNERS_RESULTS: join(scratch, 'results') };

/** GET a path of the server over a real socket to its address, with the given Host header. */
function get(s: Served, host: string, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, s.url), { headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens the WebSocket with these headers; resolves with the role from hello, or rejects with the HTTP status. */
async function upgrade(s: Served, headers: Record<string, string>, query = ''): Promise<string> {
  const c = new Client(wsUrl(s, query), headers);
  try {
    await c.opened;
    return (await c.next((m) => m.type === 'hello', 10_000)).role;
  } finally {
    c.ws.terminate();
  }
}

const port = (s: Served) => new URL(s.url).port;
/** This machine's addresses that are not loopback, as a browser writes them in a Host header. */
const ownAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((a) => a && !a.internal && !a.address.includes('%'))
  .map((a) => (a!.family === 'IPv6' ? `[${a!.address}]` : a!.address));

async function assertRefused(s: Served, host: string, option: RegExp): Promise<void> {
  const res = await get(s, host);
  assert.equal(res.status, 403, `HTTP with Host ${host}`);
  assert.equal(res.body.trim().split('\n').length, 1, 'one line');
  assert.ok(res.body.includes(`Host ${JSON.stringify(host)}`), `names the Host: ${res.body}`);
  assert.match(res.body, option, 'names the option that allows a name');
  // Never advice to allow the refused name itself (the page that sent it may be the attacker's).
  const name = host.replace(/:\d+$/, '');
  assert.ok(!res.body.includes(`--allowed-host ${name}`), `suggests the refused name: ${res.body}`);
  await assert.rejects(upgrade(s, { Host: host }), /HTTP 403/, `upgrade with Host ${host}`);
  // As a page on the rebinding domain sends it: Origin and Host both the attacker's.
  await assert.rejects(upgrade(s, { Host: host, Origin: `http://${host}` }), /HTTP 403/, `upgrade with Host and Origin ${host}`);
  const logged = `refused Host ${JSON.stringify(host)}`;
  // The server logs before it answers; the log line may still be on its way through the pipe.
  for (let waited = 0; waited < 5000 && !s.stderr().includes(logged); waited += 50) await new Promise((r) => setTimeout(r, 50));
  assert.ok(s.stderr().includes(logged), `a log line: ${logged}`);
}

async function assertServed(s: Served, host: string, expectedRole: string, query = ''): Promise<void> {
  const res = await get(s, host);
  // 200 with the deck, or 503 where it is not built yet: either way served, not refused.
  assert.ok(res.status === 200 || (res.status === 503 && /not built/.test(res.body)), `HTTP with Host ${host}: ${res.status} ${res.body.slice(0, 200)}`);
  assert.equal(await upgrade(s, { Host: host, Origin: `http://${host}` }, query), expectedRole, `upgrade with Host ${host}`);
}

describe('Host check (DNS rebinding)', { concurrency: false }, () => {
  test('loopback mode: localhost, 127.0.0.1 and [::1] are served; any other Host gets 403 on HTTP and on the upgrade', async () => {
    const s = await startServer([], env);
    try {
      const p = port(s);
      for (const name of ['localhost', '127.0.0.1', '[::1]', 'LOCALHOST']) await assertServed(s, `${name}:${p}`, 'control');
      await assertRefused(s, `attacker.example:${p}`, /start it with --follow and --allowed-host NAME/);
      // Right name, wrong port: a page on another local port that rebinds to this one.
      await assertRefused(s, `localhost:${Number(p) + 1}`, /--allowed-host NAME/);
      // This machine's network addresses are for follow mode only.
      for (const a of ownAddresses) await assertRefused(s, `${a}:${p}`, /--follow/);
      // The Origin check stays on top: an allowed Host with a foreign Origin is refused.
      await assert.rejects(upgrade(s, { Host: `127.0.0.1:${p}`, Origin: `http://attacker.example:${p}` }), /HTTP 403/);
      // A page on another loopback port (another dev server, a notebook) is another site: refused.
      await assert.rejects(upgrade(s, { Host: `127.0.0.1:${p}`, Origin: 'http://localhost:5173' }), /HTTP 403/);
      await assert.rejects(upgrade(s, { Host: `127.0.0.1:${p}`, Origin: `http://127.0.0.1:${Number(p) + 1}` }), /HTTP 403/);
      // The deck this server serves may.
      assert.equal(await upgrade(s, { Host: `127.0.0.1:${p}`, Origin: `http://127.0.0.1:${p}` }), 'control');
      // And the server kept serving.
      assert.equal(await upgrade(s, {}), 'control');
    } finally {
      await stopServer(s);
    }
  });

  test('--dev-origin lets the named page (the Vite dev server) open the WebSocket, and only that one', async () => {
    await assert.rejects(startServer(['--dev-origin', 'localhost:5173'], env), /--dev-origin: expected an origin/);
    const s = await startServer(['--dev-origin', 'http://localhost:5173'], env);
    try {
      const p = port(s);
      assert.equal(await upgrade(s, { Host: `127.0.0.1:${p}`, Origin: 'http://localhost:5173' }), 'control');
      await assert.rejects(upgrade(s, { Host: `127.0.0.1:${p}`, Origin: 'http://localhost:5174' }), /HTTP 403/);
    } finally {
      await stopServer(s);
    }
  });

  test('--allowed-host needs --follow', async () => {
    await assert.rejects(startServer(['--allowed-host', 'talk.example'], env), /--allowed-host needs --follow/);
    await assert.rejects(startServer(['--follow', '--allowed-host', '*.example'], env), /--allowed-host: expected a host name .* got "\*\.example"/);
  });

  test("follow mode: this machine's addresses, --allowed-host and allowedHosts are served; any other Host gets 403", async () => {
    const config = join(scratch, 'config.json');
    writeFileSync(config, JSON.stringify({ allowedHosts: ['from-config.example'] }));
    const s = await startServer(['--follow', '--allowed-host', 'talk.example', '--allowed-host', 'proxy.example:443'], { ...env, FFI_CORNERS_CONFIG: config });
    try {
      const p = port(s);
      for (const name of ['localhost', '127.0.0.1', '[::1]', ...ownAddresses, 'talk.example', 'from-config.example']) await assertServed(s, `${name}:${p}`, 'viewer');
      await assertServed(s, 'proxy.example:443', 'viewer');
      // The presenter's token still gives control through an allowed name.
      await assertServed(s, `talk.example:${p}`, 'control', `?token=${s.token}`);
      await assertRefused(s, `attacker.example:${p}`, /--allowed-host NAME, or in "allowedHosts"/);
      await assertRefused(s, `talk.example:${Number(p) + 1}`, /--allowed-host NAME/);
      await assertRefused(s, `proxy.example:${p}`, /--allowed-host NAME/);
      // Even with the token, a foreign Host is refused before anything else.
      await assert.rejects(upgrade(s, { Host: `attacker.example:${p}` }, `?token=${s.token}`), /HTTP 403/);
      // An Origin equal to the Host is no longer enough: the Origin must be an allowed host too.
      await assert.rejects(upgrade(s, { Host: `talk.example:${p}`, Origin: `http://attacker.example:${p}` }), /HTTP 403/);
    } finally {
      await stopServer(s);
    }
  });

  test('an allowedHosts entry that is not a host name is a clear error naming the field', async () => {
    const config = join(scratch, 'bad-config.json');
    writeFileSync(config, JSON.stringify({ allowedHosts: ['http://x/'] }));
    await assert.rejects(startServer(['--follow'], { ...env, FFI_CORNERS_CONFIG: config }), /allowedHosts\/0: Expected string to match/);
  });
});
