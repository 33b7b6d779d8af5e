// The runs the project makes to check itself never land among the runs the deck shows: a test's CLI
// run and a test server's runs go to the tests' own folder (TEST_RESULTS) unless the test names one,
// so after `npm test` the project's results/ holds nothing new. (`verify` and its --save: verify.test.ts.)
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { projectRoot } from '../../server/paths.ts';
import { resultsRoot } from '../../server/results/store.ts';
import { cli, TEST_RESULTS } from '../helpers.ts';
import { Client, startServer, wsUrl } from '../server-client.ts';
import { type Served, stopServer } from '../../server/util/serve-process.ts';

/** Every file under a folder, with its size and time (what "nothing new" compares). */
function snapshot(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort().map((f) => {
    const s = statSync(join(dir, f));
    return `${f} ${s.size} ${s.mtimeMs}`;
  });
}

const deckResults = join(projectRoot, 'results');
const before = snapshot(deckResults);
const own = (): number => snapshot(join(TEST_RESULTS, 'env-check')).filter((f) => /\.json /.test(f)).length;
let server: Served | null = null;

after(async () => {
  if (server) await stopServer(server);
});

test('the tests\' folder is not the deck\'s', () => {
  assert.notEqual(TEST_RESULTS, deckResults);
  assert.ok(!TEST_RESULTS.startsWith(deckResults + '/'), TEST_RESULTS);
});

test('a test\'s CLI run with no folder of its own is saved in the tests\' folder, not in results/', () => {
  const had = own();
  const res = cli(['run', 'env-check', '--json']);
  assert.equal(res.code, 0, res.stderr);
  assert.equal(own(), had + 1, 'one more record in the tests\' folder');
  assert.deepEqual(snapshot(deckResults), before, 'results/ unchanged');
});

test('a test server with no folder of its own saves its runs in the tests\' folder, not in results/', async () => {
  server = await startServer();
  const had = own();
  const c = new Client(wsUrl(server));
  try {
    await c.next((m) => m.type === 'hello');
    c.send({ type: 'run', experiment: 'env-check' });
    const done = await c.next((m) => m.type === 'job' && (m.event === 'finished' || m.event === 'cancelled'));
    assert.equal(done.job.state, 'ok', done.job.reason);
  } finally {
    c.close();
  }
  assert.equal(own(), had + 1, 'one more record in the tests\' folder');
  assert.deepEqual(snapshot(deckResults), before, 'results/ unchanged');
});
