// The deck is built only when what it is built from changed (server/deck-inputs.ts,
// server/deck-build.ts): a test run, `npm start` and the exports share one build.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ensureDeckBuilt } from '../../server/deck-build.ts';
import { deckBuildFresh, writeDeckInputs } from '../../server/deck-inputs.ts';
import { projectRoot } from '../../server/paths.ts';

const scratch = mkdtempSync(join(tmpdir(), 'ffi-corners-deck-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const WHOLE_SECOND = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);

/** A project of its own: the files a build always reads, a slide, two recorded results, a dist/. */
function fakeProject(): string {
  const root = mkdtempSync(join(scratch, 'p-'));
  for (const f of ['index.html', 'vite.config.ts', 'package-lock.json', 'slides/main.ts', 'assets/results/a.json', 'assets/results/b.json', 'dist/index.html']) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), f);
    utimesSync(join(root, f), WHOLE_SECOND, WHOLE_SECOND); // a time utimes can set back exactly
  }
  writeDeckInputs(root, [join(root, 'slides/main.ts'), `${join(root, 'assets/results/a.json')}?raw`, '\0virtual', join(projectRoot, 'node_modules/vite/package.json')]);
  return root;
}

test('fresh until a file the build read changes, a file appears beside them, or dist/ goes', () => {
  const root = fakeProject();
  assert.equal(deckBuildFresh(root), true);

  const slide = join(root, 'slides/main.ts');
  const { atime, mtime } = statSync(slide);
  utimesSync(slide, atime, new Date(mtime.getTime() + 60_000));
  assert.equal(deckBuildFresh(root), false, 'a source edited');
  utimesSync(slide, atime, mtime);
  assert.equal(deckBuildFresh(root), true, 'as it was built');

  writeFileSync(join(root, 'package-lock.json'), 'another lock');
  assert.equal(deckBuildFresh(root), false, 'the packages changed');

  const other = fakeProject();
  const dir = join(other, 'assets/results');
  const before = statSync(dir);
  writeFileSync(join(dir, 'c.json'), '{}'); // what import.meta.glob would pick up
  utimesSync(dir, before.atime, new Date(before.mtimeMs + 60_000)); // whatever the clock's resolution
  assert.equal(deckBuildFresh(other), false, 'a recorded result added');

  const third = fakeProject();
  rmSync(join(third, 'dist'), { recursive: true });
  assert.equal(deckBuildFresh(third), false, 'dist/ removed');
});

test('two callers at once: one builds, the other waits and finds it fresh', async () => {
  const root = fakeProject();
  writeFileSync(join(root, 'slides/main.ts'), 'edited');
  let builds = 0;
  const build = async (r: string) => {
    builds++;
    await new Promise((done) => setTimeout(done, 300)); // still building when the second caller looks
    writeFileSync(join(r, 'dist/index.html'), 'rebuilt');
    writeDeckInputs(r, [join(r, 'slides/main.ts')]);
  };
  const built = await Promise.all([ensureDeckBuilt(undefined, root, build), ensureDeckBuilt(undefined, root, build)]);
  assert.deepEqual(built.sort(), [false, true]);
  assert.equal(builds, 1);
  assert.equal(await ensureDeckBuilt(undefined, root, build), false, 'nothing changed: no build');
  assert.equal(builds, 1);
});

test('the project\'s deck is fresh after a build and is not built again', async () => {
  await ensureDeckBuilt();
  assert.equal(deckBuildFresh(projectRoot), true);
  assert.equal(await ensureDeckBuilt(), false);
});
