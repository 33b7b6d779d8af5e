// Shared by the tests: run the real CLI the way a user does.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { projectRoot } from '../server/paths.ts';
import { ownResultsRoot } from '../server/results/store.ts';

/** Where a test's runs are saved unless it names a folder of its own (FFI_CORNERS_RESULTS): never the
 * deck's results/, whatever the environment the tests were started from says. */
export const TEST_RESULTS = ownResultsRoot('tests');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], env: Record<string, string> = {}, timeoutMs = 600_000): CliResult {
  const res = spawnSync(process.execPath, [join(projectRoot, 'bin/ffi-corners.mjs'), ...args], {
    cwd: projectRoot,
    env: { ...process.env, FFI_CORNERS_RESULTS: TEST_RESULTS, ...env },
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** A results folder of the calling test file's own (removed after its tests), and the environment
 * that points the CLI at it. */
export function scratchResults(name: string): { results: string; env: { FFI_CORNERS_RESULTS: string } } {
  const results = mkdtempSync(join(tmpdir(), `ffi-corners-${name}-`));
  after(() => rmSync(results, { recursive: true, force: true }));
  return { results, env: { FFI_CORNERS_RESULTS: results } };
}
