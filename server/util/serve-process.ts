// A real `ffi-corners serve` in a child process on a free port, and stopping it: what the tests and
// the benchmarks (bench/) start a server with.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../paths.ts';

export interface Served {
  proc: ChildProcess;
  url: string;
  token: string | null;
  stderr: () => string;
}

export async function startServer(extra: string[] = [], env: Record<string, string> = {}): Promise<Served> {
  const proc = spawn(process.execPath, [join(projectRoot, 'bin/ffi-corners.mjs'), 'serve', '--port', '0', ...extra], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A test that fails midway must not leave its server running.
  process.once('exit', () => proc.kill('SIGKILL'));
  let out = '';
  let err = '';
  proc.stderr!.on('data', (c) => (err += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 60_000);
    proc.stdout!.on('data', (c) => {
      out += c;
      const url = /deck at (http:\/\/\S+\/)/.exec(out)?.[1];
      const tokenNeeded = extra.includes('--follow');
      const token = /\?token=(\S+)/.exec(out)?.[1] ?? null;
      if (url && (!tokenNeeded || token)) {
        clearTimeout(timer);
        resolve({ proc, url, token, stderr: () => err });
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code}: ${err}`));
    });
  });
}

export async function stopServer(s: Served): Promise<void> {
  if (s.proc.exitCode !== null || s.proc.signalCode !== null) return; // exited, or killed by a signal
  const exited = new Promise((r) => s.proc.once('exit', r));
  s.proc.kill('SIGTERM');
  await exited;
}
