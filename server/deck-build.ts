// The deck's build (dist/), made only when its sources changed since the last one
// (server/deck-inputs.ts): `npm start` (serve --build), export-pdf/export-data, the browser tests and
// the benchmarks all ask for it here, so a test run builds the deck once. Two processes asking at
// once build it once: the second waits on the lock and finds it fresh.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deckBuildFresh, DECK_INPUTS } from './deck-inputs.ts';
import { projectRoot } from './paths.ts';
import { UserError } from './util/errors.ts';
import { withLock } from './util/lock.ts';
import { lastLines, run } from './util/proc.ts';

/** `vite build` of the project at `root`. */
async function viteBuild(root: string): Promise<void> {
  const res = await run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root });
  if (res.code !== 0) throw new UserError(`vite build failed: ${lastLines(res.stderr) || lastLines(res.stdout)}`);
}

/** Builds the deck into dist/ unless it is fresh; resolves to whether it built. `root` and `build`
 * are the project's and Vite unless a test says otherwise. */
export async function ensureDeckBuilt(log: (line: string) => void = () => {}, root = projectRoot, build = viteBuild): Promise<boolean> {
  if (deckBuildFresh(root)) return false;
  const lock = join(root, `${DECK_INPUTS}.lock`);
  mkdirSync(dirname(lock), { recursive: true });
  return withLock(
    lock,
    async () => {
      if (deckBuildFresh(root)) return false; // built by whoever held the lock
      log('building the deck (vite build)');
      await build(root);
      if (!deckBuildFresh(root)) throw new Error(`the build did not record its inputs (${DECK_INPUTS}): is the plugin in vite.config.ts there?`);
      return true;
    },
    { pollMs: 100, onWait: (pid) => log(`waiting for another build of the deck (pid ${pid ?? 'unknown'})`) },
  );
}
