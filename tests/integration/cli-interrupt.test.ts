// Ctrl-C (SIGINT) in a command line run: the command stops cleanly, keeps what it had, and exits
// 130 as an interrupted program does (a shell and a script can tell it from a failure, exit 1).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../../server/paths.ts';

/** Starts the CLI, sends SIGINT once `ready` matches its output, and resolves with its exit. */
function interruptWhen(args: string[], ready: RegExp): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, [join(projectRoot, 'bin/ffi-corners.mjs'), ...args], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  process.once('exit', () => proc.kill('SIGKILL'));
  let stdout = '';
  let stderr = '';
  let sent = false;
  const check = () => {
    if (!sent && ready.test(stdout + stderr)) {
      sent = true;
      proc.kill('SIGINT');
    }
  };
  proc.stdout.on('data', (c) => ((stdout += c), check()));
  proc.stderr.on('data', (c) => ((stderr += c), check()));
  return new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

test('serve: Ctrl-C closes the server and exits 130', async () => {
  const res = await interruptWhen(['serve', '--port', '0'], /deck at http/);
  assert.equal(res.code, 130, res.stderr);
  assert.match(res.stderr, /SIGINT: stopping/);
});

test('run: Ctrl-C mid-run saves the run as cancelled and exits 130', async () => {
  // Long enough that it is still measuring when the first samples arrive and SIGINT follows.
  const res = await interruptWhen(
    ['run', 'call-overhead', '--runtime', '3.13.5-gil', '--json', '--set', 'samples=20000', '--set', 'bindings=ctypes-cdll'],
    /"type":"samples"/,
  );
  assert.equal(res.code, 130, res.stderr);
  const file = /saved (\S+\.json)/.exec(res.stderr)?.[1];
  assert.ok(file, res.stderr);
  const path = resolve(projectRoot, file);
  try {
    assert.ok(existsSync(path));
    const record = JSON.parse(readFileSync(path, 'utf8'));
    assert.equal(record.status, 'cancelled');
    assert.ok(Object.keys(record.samples).length > 0, 'the samples measured before Ctrl-C are kept');
  } finally {
    rmSync(path, { force: true });
  }
});
