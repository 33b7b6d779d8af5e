// The command line's conventions: `--help` of every command exits 0 and lists every option the
// command accepts (from its one declaration, server/commands/specs.ts), `--version` prints the
// package's version, `stats -` reads stdin, and a mistyped option points at the command's help.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SPECS } from '../../server/commands/specs.ts';
import { projectRoot } from '../../server/paths.ts';
import { cli } from '../helpers.ts';

test('every command answers --help and -h with its usage and every option, exit 0', () => {
  for (const [name, spec] of Object.entries(SPECS)) {
    for (const flag of ['--help', '-h']) {
      const res = cli([...name.split(' '), flag]);
      assert.equal(res.code, 0, `ffi-corners ${name} ${flag}: ${res.stderr}`);
      assert.equal(res.stderr, '');
      assert.ok(res.stdout.startsWith(`usage: ffi-corners ${name}`), `${name}: ${res.stdout}`);
      for (const option of Object.keys(spec.options)) {
        assert.match(res.stdout, new RegExp(`^  --${option}\\b`, 'm'), `ffi-corners ${name} --help lists --${option}`);
      }
      assert.match(res.stdout, /^ {2}-h, --help/m);
    }
  }
});

test('--help wins wherever it is among the options, and not when it is a value or after --', () => {
  const res = cli(['run', 'races', '--set', 'threads=1', '--help']);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /^usage: ffi-corners run /);
  // After `--` it is an argument: `run` refuses a second experiment name instead of printing help.
  const after = cli(['run', 'races', '--', '--help']);
  assert.equal(after.code, 2);
  assert.match(after.stderr, /unexpected argument "--help"/);
  // As an option's value it is that value.
  const value = cli(['stats', '--estimators=--help', 'samples.json']);
  assert.equal(value.code, 2);
  assert.match(value.stderr, /--estimators: expected scipy or talk, got "--help"/);
});

test('ffi-corners help lists every command; --version prints the package version', () => {
  const help = cli(['help']);
  assert.equal(help.code, 0);
  for (const name of Object.keys(SPECS)) assert.match(help.stdout, new RegExp(`^  ${name} `, 'm'), name);
  const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  const res = cli(['--version']);
  assert.equal(res.code, 0);
  assert.equal(res.stdout, `${version}\n`);
});

test('an unknown option names the option and the command\'s help', () => {
  const res = cli(['compare', '--jsn']);
  assert.equal(res.code, 2);
  assert.equal(res.stderr, "ffi-corners: error: Unknown option '--jsn' (try: ffi-corners compare --help)\n");
});

test('stats - reads the series from stdin; its errors name stdin', () => {
  const run = (input: string) => spawnSync(process.execPath, [join(projectRoot, 'bin/ffi-corners.mjs'), 'stats', '-', '--json'], { cwd: projectRoot, input, encoding: 'utf8' });
  const ok = run(JSON.stringify({ fast: [1, 2, 3, 4, 5], slow: [11, 12, 13, 14, 15] }));
  assert.equal(ok.status, 0, ok.stderr);
  const report = JSON.parse(ok.stdout);
  assert.equal(report.summary.fast.median, 3);
  assert.equal(report.summary.slow.median, 13);
  assert.equal(report.pairs[0].faster, 'fast');
  const bad = run('{"fast": [1, 2], "slow": "x"}');
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, 'ffi-corners: error: stdin: series "slow" is a string "x", not an array of numbers\n');
});
