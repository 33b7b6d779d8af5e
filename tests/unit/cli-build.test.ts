// The CLI's plain JavaScript build (.cli/, scripts/build-cli.mjs) says what the TypeScript sources
// say, and a source changed after the build sends the CLI back to the sources: never a stale answer.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../../server/paths.ts';
import { buildCli, cliBuildFresh } from '../../scripts/build-cli.mjs';
import { cli } from '../helpers.ts';

const fromSources = { FFI_CORNERS_CLI_FROM_SOURCES: '1' };

test('the built CLI answers as the sources do', async () => {
  if (!cliBuildFresh()) await buildCli();
  assert.ok(cliBuildFresh());
  for (const args of [['--help'], ['run', '--list', '--json'], ['schema', 'Environment'], ['no-such-command'], ['run', 'races', '--set', 'threads=1']]) {
    const built = cli(args);
    const sources = cli(args, fromSources);
    assert.deepEqual(built, sources, `ffi-corners ${args.join(' ')}`);
  }
  assert.match(cli(['no-such-command']).stderr, /^ffi-corners: error: unknown command "no-such-command"/);
});

test('a source changed after the build: the build is not used', async () => {
  if (!cliBuildFresh()) await buildCli();
  const file = join(projectRoot, 'server', 'commands', 'schema.ts');
  const { atime, mtime } = statSync(file);
  // The exact modification time, to the nanosecond: a Date (milliseconds, through a float of seconds)
  // can come back 1 ms off, and the build's manifest would then rightly call it changed.
  const exactNs = statSync(file, { bigint: true }).mtimeNs;
  const exact = `@${exactNs / 1_000_000_000n}.${String(exactNs % 1_000_000_000n).padStart(9, '0')}`;
  try {
    utimesSync(file, atime, new Date(mtime.getTime() + 60_000));
    assert.equal(cliBuildFresh(), false);
    const schema = cli(['schema', 'Environment']);
    assert.equal(schema.code, 0, schema.stderr);
    assert.deepEqual(schema, cli(['schema', 'Environment'], fromSources));
    assert.equal(JSON.parse(schema.stdout).type, 'object');
  } finally {
    execFileSync('touch', ['-m', '-d', exact, file]);
  }
  assert.ok(cliBuildFresh(), 'fresh again once the file is as it was built');
});
