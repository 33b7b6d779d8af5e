// The follow-mode presenter token, kept across restarts: a restarted server prints the same
// presenter URL, so the presenter's open deck reconnects with control mid-talk. Stored in the cache
// folder (cacheDir()/presenter-token), readable by its owner only (0600); `serve --new-token`
// replaces it (the old URL stops giving control).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './paths.ts';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{24,256}$/;

export const tokenFile = (): string => join(cacheDir(), 'presenter-token');

export interface PresenterToken {
  token: string;
  /** What happened, for the log: kept, created, rotated, or why it could not be kept. */
  note: string;
}

/** The saved token (its file made owner-only if it was not), or a new one saved with mode 0600. */
export function loadPresenterToken(opts: { rotate?: boolean } = {}): PresenterToken {
  const file = tokenFile();
  if (!opts.rotate) {
    try {
      const saved = readFileSync(file, 'utf8').trim();
      if (TOKEN_PATTERN.test(saved)) {
        if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
        return { token: saved, note: `presenter token kept from ${file}` };
      }
    } catch {
      /* none yet, or unreadable: make one */
    }
  }
  const token = randomBytes(18).toString('base64url');
  try {
    mkdirSync(cacheDir(), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${token}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600); // whatever the umask
    renameSync(tmp, file);
  } catch (err) {
    return { token, note: `warning: the presenter token could not be saved (${(err as Error).message}); a restart will print a new one` };
  }
  return { token, note: `${opts.rotate ? 'new presenter token' : 'presenter token'} saved in ${file} (owner-only)` };
}
