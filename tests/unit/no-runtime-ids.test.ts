// Runtimes come from discovery (and GIL/free-threaded builds pair by version), never from a literal:
// no source file of the deck, the server, the protocol or the analysis names a runtime id like 3.13.5-gil, so a
// pair built with `runtimes build 3.14.0 [--nogil]` works everywhere the 3.13.5 pair does.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../../server/paths.ts';

/** A runtime id as ids are written ("3.13.5-gil", "3.14-nogil"); the talk's own labels ("3.13-NoGIL", quoted on slides) are not ids. */
const RUNTIME_ID = /\b\d+\.\d+(?:\.\d+)?[a-z0-9]*-(?:no)?gil\b/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|mts|js|mjs|html|css)$/.test(name) ? [path] : [];
  });
}

test('no runtime id literal in slides/, server/, protocol/ or analysis/ source', () => {
  const found: string[] = [];
  for (const dir of ['slides', 'server', 'protocol', 'analysis']) {
    for (const file of sources(join(projectRoot, dir))) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const m = RUNTIME_ID.exec(line);
          if (m) found.push(`${relative(projectRoot, file)}:${i + 1}: ${m[0]}`);
        });
    }
  }
  assert.deepEqual(found, []);
});

test('the pattern finds the ids it is meant to find', () => {
  for (const id of ['3.13.5-gil', '3.13.5-nogil', '3.14.0rc1-nogil']) assert.match(`'${id}'`, RUNTIME_ID);
  for (const text of ['3.13.5', '--nogil', 'nogil: true', 'runtimes build 3.14.0 --nogil']) assert.doesNotMatch(text, RUNTIME_ID);
});
