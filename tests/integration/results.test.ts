// The results store through the real CLI and a real server, on real files: `results --json` lists
// every saved run, `results --prune` keeps the newest N per experiment × runtime (never a running
// one, never the newest, never assets/results), and a server prunes when it starts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { newRecord, type RunRecord, type RunStatus } from '../../protocol/record.ts';
import { projectRoot } from '../../server/paths.ts';
import { cli } from '../helpers.ts';
import { startServer } from '../server-client.ts';
import { stopServer } from '../../server/util/serve-process.ts';

const scratch = mkdtempSync(join(tmpdir(), 'ffi-corners-results-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A pid that no process has any more. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

interface Seed {
  experiment: string;
  runtime: string | null;
  count: number;
  /** Index (0 = oldest) and status of records that are not `ok`, with the pid their name carries. */
  special?: Record<number, { status: RunStatus; pid: number }>;
}

/** Writes records the way the runner names them, one minute apart, oldest first. Returns the files. */
function seed(root: string, s: Seed): string[] {
  const dir = join(root, s.experiment, s.runtime ?? 'machine');
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < s.count; i++) {
    const started = new Date(Date.UTC(2025, 9, 18, 9, i, 0, 123));
    const sp = s.special?.[i];
    const record: RunRecord = { ...newRecord(s.experiment, s.runtime, { repeats: i }, started.toISOString()), status: sp?.status ?? 'ok' };
    record.samples = { s: Array.from({ length: 10 * (i + 1) }, (_, k) => k) }; // sizes differ
    const file = join(dir, `${started.toISOString().replace(/[:.]/g, '-')}-${sp?.pid ?? 4242}.json`);
    writeFileSync(file, JSON.stringify(record));
    files.push(file);
  }
  return files;
}

function config(retain: number | undefined): string {
  const path = join(scratch, `config-${retain}.json`);
  writeFileSync(path, JSON.stringify(retain === undefined ? {} : { retain }));
  return path;
}

/** Every file under assets/results with its size and mtime: pruning must leave it as it is. */
const assetsState = () => {
  const dir = join(projectRoot, 'assets', 'results');
  return readdirSync(dir).map((f) => `${f}:${statSync(join(dir, f)).size}:${statSync(join(dir, f)).mtimeMs}`);
};

describe('results store', { concurrency: false }, () => {
  test('results --json lists every saved run: experiment, runtime, date, state, size', () => {
    const root = join(scratch, 'list');
    const races = seed(root, { experiment: 'races', runtime: 'rt-a', count: 3, special: { 1: { status: 'error', pid: 4242 } } });
    const env = seed(root, { experiment: 'env-check', runtime: null, count: 1 });
    writeFileSync(join(root, 'races', 'rt-a', 'notes.txt'), 'not a record');
    writeFileSync(`${races[0]}.tmp-99`, '{'); // a write in progress
    const res = cli(['results', '--json'], { FFI_CORNERS_RESULTS: root, FFI_CORNERS_CONFIG: config(undefined) });
    assert.equal(res.code, 0, res.stderr);
    const listed = JSON.parse(res.stdout) as { experiment: string; runtime: string | null; date: string; state: string; bytes: number; file: string }[];
    assert.deepEqual(
      listed.map((r) => [r.experiment, r.runtime, r.date, r.state]),
      [
        ['env-check', null, '2025-10-18T09:00:00.123Z', 'ok'],
        ['races', 'rt-a', '2025-10-18T09:00:00.123Z', 'ok'],
        ['races', 'rt-a', '2025-10-18T09:01:00.123Z', 'error'],
        ['races', 'rt-a', '2025-10-18T09:02:00.123Z', 'ok'],
      ],
    );
    assert.deepEqual(listed.map((r) => r.bytes), [...env, ...races].map((f) => statSync(f).size));
    const text = cli(['results'], { FFI_CORNERS_RESULTS: root, FFI_CORNERS_CONFIG: config(undefined) });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^EXPERIMENT\s+RUNTIME\s+DATE\s+STATE\s+SIZE$/m);
    assert.match(text.stdout, /^races\s+rt-a\s+2025-10-18 09:01:00Z\s+error\s+[\d.]+ (B|KiB)$/m);
    assert.match(text.stdout, /4 record\(s\).*the newest 20 per experiment × runtime/);
  });

  test('results --prune keeps the newest 20 per experiment × runtime and every running record', () => {
    const root = join(scratch, 'prune');
    const before = assetsState();
    // 26 runs of races on rt-a; the second oldest is still running (this test's process runs it).
    const a = seed(root, { experiment: 'races', runtime: 'rt-a', count: 26, special: { 1: { status: 'running', pid: process.pid } } });
    const b = seed(root, { experiment: 'races', runtime: 'rt-b', count: 20 });
    const env = seed(root, { experiment: 'env-check', runtime: null, count: 3 });
    const res = cli(['results', '--prune', '--json'], { FFI_CORNERS_RESULTS: root, FFI_CORNERS_CONFIG: config(undefined) });
    assert.equal(res.code, 0, res.stderr);
    const out = JSON.parse(res.stdout) as { retain: number; removed: { file: string }[]; kept: { file: string; state: string }[] };
    assert.equal(out.retain, 20);
    const gone = [a[0], a[2], a[3], a[4], a[5]];
    assert.deepEqual(out.removed.map((r) => resolve(projectRoot, r.file)).sort(), gone.sort());
    for (const f of gone) assert.equal(existsSync(f!), false, `${f} removed`);
    for (const f of [a[1]!, ...a.slice(6), ...b, ...env]) assert.ok(existsSync(f), `${f} kept`);
    assert.equal(out.kept.length, 21 + 20 + 3);
    assert.ok(out.kept.some((r) => r.state === 'running'));
    assert.deepEqual(assetsState(), before, 'assets/results untouched');
  });

  test('retain from the config; the newest of each is kept; a bad retain is a clear error', () => {
    const root = join(scratch, 'retain');
    const a = seed(root, { experiment: 'arena', runtime: 'rt-a', count: 4 });
    const env = seed(root, { experiment: 'env-check', runtime: null, count: 2 });
    const res = cli(['results', '--prune'], { FFI_CORNERS_RESULTS: root, FFI_CORNERS_CONFIG: config(1) });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^removed 4 record\(s\) \([\d.]+ (B|KiB)\), keeping the newest 1 per experiment × runtime$/m);
    assert.deepEqual([...a, ...env].filter((f) => existsSync(f)), [a[3], env[1]]);
    const bad = cli(['results', '--prune'], { FFI_CORNERS_RESULTS: root, FFI_CORNERS_CONFIG: config(0) });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^ffi-corners: error: .*config-0\.json: \/retain: .*1/m);
    assert.ok(existsSync(a[3]!), 'nothing removed on a bad config');
  });

  test('the server marks records of dead processes incomplete and prunes when it starts', async () => {
    const root = join(scratch, 'serve');
    const dead = deadPid();
    const a = seed(root, { experiment: 'races', runtime: 'rt-a', count: 5, special: { 0: { status: 'running', pid: dead }, 4: { status: 'running', pid: dead } } });
    const server = await startServer([], { FFI_CORNERS_RESULTS: root, FFI_CORNERS_CONFIG: config(2) });
    try {
      assert.deepEqual(a.filter((f) => existsSync(f)), [a[3], a[4]]);
      assert.match(server.stderr(), /pruned 3 old record\(s\)/);
      const listed = JSON.parse(cli(['results', '--json'], { FFI_CORNERS_RESULTS: root }).stdout) as { experiment: string; state: string }[];
      assert.deepEqual(listed.filter((r) => r.experiment === 'races').map((r) => r.state), ['ok', 'incomplete']);
    } finally {
      await stopServer(server);
    }
  });
});
