// scripts/record-results.ts, never recording for real here: it refuses a loaded machine unless
// forced, and plans at least 5 alternated processes per arm of every timing recording, on the GIL
// build, the free-threaded build and the free-threaded build with the GIL on.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { GROUPS, loadRefusal, timedRounds } from '../../scripts/record-results.ts';

const root = join(import.meta.dirname, '../..');
const script = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/record-results.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

test('--help prints the usage (exit 0); an unknown option gets one line and the usage (exit 2)', () => {
  const help = script(['--help']);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^usage: npm run record -- .*--only GROUP/);
  const bad = script(['--bogus']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^record-results: Unknown option '--bogus'.*\nusage: /s);
  assert.doesNotMatch(bad.stderr, /at .*parse_args/, 'no stack trace');
});

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

test('--plan records nothing, so it plans on a machine over the limit too: 5 processes per arm by default, the three arms alternated', () => {
  const res = script(['--max-load-per-cpu', '0', '--plan', '--only', 'cdll-vs-pydll']);
  assert.equal(res.status, 0, res.stderr);
  assert.doesNotMatch(res.stderr, /refusing/);
  const files = res.stdout.trim().split('\n').map((l) => l.split('\t')[0]!);
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
    assert.equal(round.length, 5 * 3);
    for (const rt of ['g', 'f', 'o']) assert.equal(round.filter((r) => r.runtime === rt).length, 5);
  }
  const firsts = new Set(plan.filter((r) => r.experiment === 'cdll-vs-pydll').map((r, i, a) => (i % 3 === 0 ? a[i]!.runtime : null)).filter(Boolean));
  assert.ok(firsts.size > 1, 'not always the same runtime first');
  assert.ok(plan.some((r) => r.set?.['method'] === 'talk'), "the talk's harness is a timed recording");
  assert.ok(plan.some((r) => r.set?.['functions']?.includes('str_len_fresh')));
});

/** `--plan` lines: the file, a tab, "~N s" or "~M min N s". */
const planned = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => {
      const [file, est] = l.split('\t');
      const m = /^~(?:(\d+) min )?(\d+) s$/.exec(est ?? '');
      assert.ok(m, `no estimate on "${l}"`);
      return { file: file!, s: Number(m[1] ?? 0) * 60 + Number(m[2]) };
    });

test("--only named groups: only their recordings, into the existing folder's names, each with an estimate; the claims' new groups fit 12 minutes", () => {
  const res = script(['--force', '--plan', '--only', 'pydll-deadlock,races-talk', '--only', 'pinned,unicode-talk']);
  assert.equal(res.status, 0, res.stderr);
  const plan = planned(res.stdout);
  const arms = ['3.13.5-gil', '3.13.5-nogil', '3.13.5-nogil-gil-on'];
  for (const arm of arms) assert.ok(plan.some((p) => p.file === `assets/results/pydll-deadlock--${arm}.json`), arm);
  assert.deepEqual(plan.filter((p) => p.file.includes('races')).map((p) => p.file), ['assets/results/races--3.13.5-nogil--talk.json']);
  // pin-thread needs 5 processes of each arm, same runtime.
  for (const arm of ['pinned', 'unpinned']) assert.ok(plan.filter((p) => p.file.includes(`3.13.5-gil--${arm}`)).length >= 5, arm);
  for (const arm of arms) assert.equal(plan.filter((p) => p.file.includes(`${arm}--unicode-talk`)).length, 5, arm);
  // Nothing else: no default recording is redone.
  assert.ok(plan.every((p) => /pydll-deadlock|races--.*--talk|--pinned|--unpinned|--unicode-talk/.test(p.file)), res.stdout);
  const total = plan.reduce((a, p) => a + p.s, 0);
  assert.ok(total > 0 && total <= 12 * 60, `${total} s`);
  assert.match(res.stderr, new RegExp(`${plan.length} recording\\(s\\), about \\d+ min \\d+ s on a quiet 2-core machine`));
});

test('every group plans recordings, its tiny parameters are parameters of the same experiment, and an unknown --only name is refused by name', () => {
  const rt = { gil: 'g', ft: 'f', gilOn: 'o' };
  for (const g of GROUPS) {
    const plan = g.plan(rt);
    assert.ok(plan.length > 0, g.name);
    for (const r of plan) assert.ok(r.tiny && Object.keys(r.tiny).length, `${g.name}: ${r.experiment} has tiny parameters`);
  }
  const res = script(['--force', '--plan', '--only', 'pinned,no-such-group']);
  assert.equal(res.status, 2);
  assert.match(res.stderr, new RegExp(`--only: "no-such-group" is no group \\(${GROUPS.map((g) => g.name).join(', ')}\\)`));
});

test('--tiny only with --out, and --out never the shipped folder', () => {
  const tiny = script(['--force', '--tiny', '--only', 'pinned']);
  assert.equal(tiny.status, 2);
  assert.match(tiny.stderr, /--tiny records numbers that mean nothing: only with --out DIR/);
  const shipped = script(['--force', '--out', 'assets/results', '--only', 'pinned']);
  assert.equal(shipped.status, 2);
  assert.match(shipped.stderr, /--out: that is the shipped folder/);
});
