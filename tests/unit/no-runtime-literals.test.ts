// The deck and the analysis take runtimes from discovery: no source file names one (an id like
// "3.13.5-gil" in the source would keep any other build, a 3.14 pair say, out of the deck).
// server/ and protocol/ join this list once their runtime ids are gone too.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../../server/paths.ts';

const CHECKED = ['slides', 'analysis'];
/** A runtime id: a CPython version and its build in lower case, as ids are written ("3.13.5-gil",
 * "3.14-nogil"); the talk's own labels ("3.13-NoGIL", quoted on slides) are not ids. */
const RUNTIME_ID = /\b\d+\.\d+(?:\.\d+)?[a-z]*-(?:no)?gil\b/g;
const SOURCE = /\.(ts|js|mjs|html|css|py)$/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : SOURCE.test(e.name) ? [join(dir, e.name)] : []));
}

test(`no runtime id literal in ${CHECKED.join('/, ')}/`, () => {
  const all = CHECKED.flatMap((d) => files(join(projectRoot, d)));
  assert.ok(all.length > 20, `only ${all.length} source files found`);
  const found = all.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(RUNTIME_ID)].map((m) => `${relative(projectRoot, f)}: ${m[0]}`));
  assert.deepEqual(found, []);
});
