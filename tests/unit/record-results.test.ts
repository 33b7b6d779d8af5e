// scripts/record-results.ts, never recording for real here: it refuses a loaded machine unless
// forced, and plans at least 5 alternated processes per arm of every timing recording, on the GIL
// build, the free-threaded build and the free-threaded build with the GIL on.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadRefusal, timedRounds } from '../../scripts/record-results.ts';

const root = join(import.meta.dirname, '../..');
const script = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/record-results.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

test('loadRefusal: below 1 per CPU records, at or above refuses and says how to go on', () => {
  assert.equal(loadRefusal(1.99, 2, 1), null);
  const why = loadRefusal(2, 2, 1);
  assert.match(why!, /1-minute load is 2\.00 on 2 CPUs \(at or above 1 per CPU\).*quality gates.*--force/);
  assert.ok(loadRefusal(0, 2, 0), 'a limit of 0 per CPU refuses any machine');
});

test('the script refuses a machine above its load limit, records nothing, exit status 2', () => {
  const machine = join(root, 'assets/results/machine.json');
  const before = existsSync(machine) ? statSync(machine).mtimeMs : null;
  const res = script(['--max-load-per-cpu', '0']);
  assert.equal(res.status, 2, res.stderr);
  assert.match(res.stderr, /^record-results: refusing to record: the 1-minute load is .* pass --force\n$/);
  assert.equal(existsSync(machine) ? statSync(machine).mtimeMs : null, before, 'machine.json untouched');
});

test('--force goes on (here only as far as --plan): 5 processes per arm by default, the three arms alternated', () => {
  const res = script(['--max-load-per-cpu', '0', '--force', '--plan', '--only', 'cdll-vs-pydll']);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stderr, /recording anyway \(--force\)/);
  const files = res.stdout.trim().split('\n');
  assert.equal(files.length, 15, files.join('\n'));
  const arms = ['3.13.5-gil', '3.13.5-nogil', '3.13.5-nogil-gil-on'];
  for (const arm of arms) {
    assert.ok(files.includes(`assets/results/cdll-vs-pydll--${arm}.json`), arm);
    for (let k = 2; k <= 5; k++) assert.ok(files.includes(`assets/results/processes/cdll-vs-pydll--${arm}--p${k}.json`), `${arm} p${k}`);
  }
});

test('timedRounds: every round has every recording once per runtime; the runtimes\' order varies between rounds', () => {
  const plan = timedRounds(['g', 'f', 'o'], 5, 1);
  for (let k = 1; k <= 5; k++) {
    const round = plan.filter((r) => r.process === k);
    assert.equal(round.length, 4 * 3);
    for (const rt of ['g', 'f', 'o']) assert.equal(round.filter((r) => r.runtime === rt).length, 4);
  }
  const firsts = new Set(plan.filter((r) => r.experiment === 'cdll-vs-pydll').map((r, i, a) => (i % 3 === 0 ? a[i]!.runtime : null)).filter(Boolean));
  assert.ok(firsts.size > 1, 'not always the same runtime first');
  assert.ok(plan.some((r) => r.set?.['method'] === 'talk'), "the talk's harness is a timed recording");
  assert.ok(plan.some((r) => r.set?.['functions']?.includes('str_len_fresh')));
});
