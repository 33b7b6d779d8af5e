// One inter-process lock for the cache (a runtime's environment, the tools environment): a file
// naming its holder's pid, made only by atomic file-system steps, so that
// - the lock never exists without its pid: the pid is written to a private file first, which is then
//   hard-linked to the lock's name (link(2) fails if the name exists: one winner);
// - a lock whose holder is gone (a set-up killed with kill -9) is taken over; a lock file without a
//   readable pid (a disk that filled up, an editor) is taken over only once it is `graceMs` old,
//   never while a writer may still be at work;
// - of several waiters that find the same stale lock, exactly one takes it over: each claims that
//   lock file (that inode) by hard-linking it to a name made from its inode number, which only one
//   can create; only the claimant removes the stale file, and only while it is that inode.
// Kernel locks (flock) would need a native module; proper-lockfile's stale takeover (remove, then
// create) lets two waiters both win (its issue #121), and its mtime refresh needs a free event loop.
import { linkSync, lstatSync, readFileSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { pidAlive } from './proc.ts';

export interface LockOptions {
  /** Called once when the lock is busy, with the holder's pid (null: not readable yet). */
  onWait?: (holder: number | null) => void;
  /** Called when a stale lock is taken over, with why. */
  onTakeOver?: (why: string) => void;
  /** Give up after this long (ms) with an error naming the holder; default: wait as long as it takes. */
  timeoutMs?: number;
  /** How old a lock file without a readable pid must be before it counts as abandoned (ms). */
  graceMs?: number;
  /** How often to look again while waiting (ms). */
  pollMs?: number;
}

const DEFAULT_GRACE_MS = 10_000;

/** The pid a lock file names, or null when it names none (empty, garbage, being written by some
 * other tool). A folder is the lock of an older ffi-corners: its pid is in `pid` inside. */
function holderOf(path: string, isDir: boolean): number | null {
  try {
    const text = readFileSync(isDir ? `${path}/pid` : path, 'utf8').trim();
    return /^[1-9]\d*$/.test(text) ? Number(text) : null;
  } catch {
    return null;
  }
}

/** One attempt to create the lock: true when this process now holds it. */
function tryCreate(path: string): boolean {
  const mine = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(mine, `${process.pid}\n`);
  try {
    linkSync(mine, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(mine);
  }
}

/** Whether a lock file (its pid, its age) is abandoned: its holder is gone, or it has named no pid for `graceMs`. */
function abandoned(holder: number | null, mtimeMs: number, graceMs: number): string | null {
  if (holder === null) return Date.now() - mtimeMs > graceMs ? `no pid in it for ${((Date.now() - mtimeMs) / 1000).toFixed(0)} s` : null;
  return holder !== process.pid && !pidAlive(holder) ? `pid ${holder} is gone` : null;
}

/** Removes the lock file `ino` if it is abandoned and this process is the one waiter that claims it;
 * returns why it was abandoned, or null. */
export function takeOver(path: string, ino: number, graceMs: number): string | null {
  const claim = `${path}.stale-${ino}`;
  try {
    linkSync(path, claim);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      // Another waiter's claim: it removes the lock. A claim left by a claimant that died within
      // the few synchronous steps below is cleared once old, so the lock is never stuck.
      try {
        if (Date.now() - statSync(claim).ctimeMs > graceMs) rmSync(claim, { force: true });
      } catch {
        /* gone meanwhile */
      }
      return null;
    }
    if (code === 'ENOENT') return null; // the lock went away: try to create it
    throw err;
  }
  try {
    // The claim's name is an inode number: it is ours only if it names the file it links to (the
    // lock may have been made again in between), so every claimant of one file uses one name.
    const st = statSync(claim);
    if (st.ino !== ino) return null;
    // Judged again on the claimed file itself (an inode number can be reused by a new, live lock).
    const why = abandoned(holderOf(claim, false), st.mtimeMs, graceMs);
    // Only the claimant of this file removes it, and nobody else can while it is abandoned.
    if (why) unlinkSync(path);
    return why;
  } finally {
    rmSync(claim, { force: true });
  }
}

/** Takes the lock at `path` (waiting while another live process holds it), runs `fn`, releases. */
export async function withLock<T>(path: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const graceMs = opts.graceMs ?? DEFAULT_GRACE_MS;
  const started = Date.now();
  let told = false;
  while (!tryCreate(path)) {
    let st;
    try {
      st = lstatSync(path);
    } catch {
      continue; // released between the two calls
    }
    const holder = holderOf(path, st.isDirectory());
    const why = abandoned(holder, st.mtimeMs, graceMs);
    if (why) {
      if (st.isDirectory()) {
        // An older version's lock folder: removing its pid file and then the folder never removes
        // a lock file (rmdir refuses files), whoever else is at it.
        try {
          rmSync(`${path}/pid`, { force: true });
          rmdirSync(path);
          opts.onTakeOver?.(why);
        } catch {
          /* another waiter removed it, or it is a lock file by now */
        }
        continue;
      }
      const took = takeOver(path, st.ino, graceMs);
      if (took) opts.onTakeOver?.(took);
      else await new Promise((r) => setTimeout(r, 50)); // another waiter is taking it over
      continue;
    }
    if (opts.timeoutMs !== undefined && Date.now() - started > opts.timeoutMs) throw new Error(`timed out waiting for ${path} (held by pid ${holder ?? 'unknown'})`);
    if (!told) opts.onWait?.(holder);
    told = true;
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
  }
  try {
    return await fn();
  } finally {
    rmSync(path, { force: true });
  }
}
