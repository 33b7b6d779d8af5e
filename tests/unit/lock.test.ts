// The cache's inter-process lock (server/util/lock.ts): a stale lock (its process gone) is taken
// over, a lock file without a pid is not taken from a writer that may still be at work, and of
// waiters that find the same stale lock only one takes it over, so two never hold it at once.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { projectRoot } from '../../server/paths.ts';
import { takeOver, withLock } from '../../server/util/lock.ts';

const scratch = mkdtempSync(join(tmpdir(), 'ffi-corners-lock-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(scratch, `env-${++n}.lock`);

/** The pid of a process that has exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;

/** Resolves when `cond` holds, looking every 10 ms (no deadline: the test runner's timeout is the limit). */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 10));
}

test('a lock whose process is gone is taken over at once, and released after', async () => {
  const lock = fresh();
  const dead = deadPid();
  writeFileSync(lock, `${dead}\n`);
  const took: string[] = [];
  const result = await withLock(lock, async () => readFileSync(lock, 'utf8'), { onTakeOver: (why) => took.push(why) });
  assert.equal(result, `${process.pid}\n`, 'the lock names its new holder while held');
  assert.deepEqual(took, [`pid ${dead} is gone`]);
  assert.equal(existsSync(lock), false, 'released');
  assert.deepEqual(readdirSync(scratch).filter((f) => f.startsWith('env-1')), [], 'no claim or temporary file left');
});

test('a live holder is waited for, never taken over', async () => {
  const lock = fresh();
  const holder = spawn('sleep', ['600']);
  try {
    writeFileSync(lock, `${holder.pid}\n`);
    let waitedFor: number | null = null;
    let ran = false;
    const taking = withLock(lock, async () => void (ran = true), { pollMs: 10, onWait: (pid) => (waitedFor = pid), onTakeOver: () => assert.fail('took over a live lock') });
    await until(() => waitedFor !== null);
    assert.equal(waitedFor, holder.pid);
    assert.equal(ran, false);
    assert.equal(readFileSync(lock, 'utf8'), `${holder.pid}\n`);
    rmSync(lock); // the holder releases
    await taking;
    assert.equal(ran, true);
  } finally {
    holder.kill('SIGKILL');
  }
});

test('an empty pid file is a writer at work until it is older than the grace period', async () => {
  const lock = fresh();
  writeFileSync(lock, '');
  let waited = false;
  const took: string[] = [];
  let ran = false;
  const taking = withLock(lock, async () => void (ran = true), { pollMs: 10, onWait: (pid) => (assert.equal(pid, null), (waited = true)), onTakeOver: (why) => took.push(why) });
  await until(() => waited);
  // Looked at many times while fresh: still not taken (an empty file was read as pid 0 and deleted before).
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(ran, false);
  assert.equal(readFileSync(lock, 'utf8'), '');
  const old = new Date(Date.now() - 60_000);
  utimesSync(lock, old, old);
  await taking;
  assert.equal(ran, true);
  assert.match(took[0]!, /^no pid in it for \d+ s$/);
});

test('a waiter that judged a lock stale after another took it over removes nothing', async () => {
  const lock = fresh();
  writeFileSync(lock, `${deadPid()}\n`);
  const staleIno = lstatSync(lock).ino;
  let release!: () => void;
  let holding = false;
  // Waiter A takes the stale lock over and holds it.
  const a = withLock(lock, () => new Promise<void>((r) => ((holding = true), (release = r))));
  await until(() => holding);
  // Waiter B acts on what it saw before: the stale file's inode.
  assert.equal(takeOver(lock, staleIno, 10_000), null);
  assert.equal(readFileSync(lock, 'utf8'), `${process.pid}\n`, "A's lock is still there");
  // And on A's live lock itself: not abandoned, kept.
  assert.equal(takeOver(lock, lstatSync(lock).ino, 10_000), null);
  assert.equal(readFileSync(lock, 'utf8'), `${process.pid}\n`);
  release();
  await a;
});

test('two processes find the same stale lock: one takes it over, they hold it one after the other', async () => {
  const waiters = 3;
  for (let round = 0; round < 3; round++) {
    const lock = fresh();
    const go = join(scratch, `go-${n}`);
    const log = join(scratch, `log-${n}`);
    writeFileSync(lock, `${deadPid()}\n`);
    writeFileSync(log, '');
    const procs = Array.from({ length: waiters }, () =>
      spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'tests/fixtures/lock-waiter.ts'), lock, go, log, '100'], { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit'] }),
    );
    // Every waiter started and polling for GO before it is given, so they look at the lock together.
    await until(() => readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('ready ')).length === waiters);
    writeFileSync(go, '');
    const codes = await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(p.exitCode) : p.on('exit', r)))));
    assert.deepEqual(codes, Array(waiters).fill(0));
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    assert.equal(lines.filter((l) => l.startsWith('take ')).length, 1, `one takeover:\n${lines.join('\n')}`);
    const holds = lines.filter((l) => /^(enter|leave) /.test(l));
    assert.equal(holds.length, 2 * waiters, lines.join('\n'));
    for (let i = 0; i < holds.length; i += 2) {
      const [enter, leave] = [holds[i]!.split(' '), holds[i + 1]!.split(' ')];
      assert.deepEqual([enter[0], leave[0], enter[1]], ['enter', 'leave', leave[1]], `held by one process at a time:\n${lines.join('\n')}`);
    }
    assert.equal(existsSync(lock), false);
  }
});
