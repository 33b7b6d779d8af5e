// Each runtime's virtual environment: binding toolchains from PyPI and every binding of
// libffibench, built by native/build.py. Lives in the cache (keyed by runtime id) so a fresh clone
// reuses it; rebuilt only when the native sources or the interpreter change.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { BINDING_IDS, BindingStatus, baseRuntimeId, RUNTIME_CONTROLLED_ENV, type RuntimeInfo } from '../../protocol/runtime.ts';
import { cacheDir, nativeDir } from '../paths.ts';
import { withLock } from '../util/lock.ts';
import { lastLines, run } from '../util/proc.ts';
import type { RuntimeCandidate } from './discover.ts';

const ENV_RECORD = 'ffi-corners-env.json';
/** Bump when the way environments are made changes, to rebuild them all. */
const ENV_LAYOUT = 1;

/** A runtime's environment; a derived runtime (`<id>-gil-on`) uses the one of the runtime it is derived from. */
export const envDir = (runtimeId: string): string => join(cacheDir(), 'envs', baseRuntimeId(runtimeId));
export const envPython = (runtimeId: string): string => join(envDir(runtimeId), 'bin', 'python');

/** The environment of a process of a runtime: this process's own, less the variables only a
 * runtime's definition may set (PYTHON_GIL: a stray one in the shell would turn a free-threaded
 * runtime into its `-gil-on` twin unnoticed), plus the runtime's own `env`. */
export function runtimeProcessEnv(env: Readonly<Record<string, string>> | undefined, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...base };
  for (const name of RUNTIME_CONTROLLED_ENV) delete out[name];
  return { ...out, ...env };
}

/** Hash of everything a binding build depends on: the native sources and the base interpreter. */
export function sourcesHash(rt: RuntimeCandidate): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ layout: ENV_LAYOUT, base: rt.basePath, version: rt.version, ft: rt.freeThreadedBuild }));
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'target' || name === '__pycache__' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(relative(nativeDir, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  walk(nativeDir);
  return hash.digest('hex');
}

const BuildReport = Type.Object({
  lib: Type.String(),
  bindings: Type.Record(
    Type.String(),
    Type.Object({
      status: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
      error: Type.Optional(Type.String()),
      note: Type.Optional(Type.String()),
    }),
  ),
});
type BuildReport = Static<typeof BuildReport>;

interface EnvRecord {
  hash: string;
  builtAt: string;
  report: BuildReport;
}

function readRecord(runtimeId: string): EnvRecord | null {
  try {
    return JSON.parse(readFileSync(join(envDir(runtimeId), ENV_RECORD), 'utf8')) as EnvRecord;
  } catch {
    return null;
  }
}

/** The base interpreter a venv was made from, per its pyvenv.cfg. */
function venvBase(dir: string): string | null {
  try {
    const cfg = readFileSync(join(dir, 'pyvenv.cfg'), 'utf8');
    return /^executable\s*=\s*(.+)$/m.exec(cfg)?.[1]?.trim() ?? null;
  } catch {
    return null;
  }
}

export interface EnvOutcome {
  runtimeId: string;
  rebuilt: boolean;
  report: BuildReport;
  seconds: number;
}

/** Runs `fn` holding the environment's lock (util/lock.ts): two set-ups at once (npm start beside
 * npm test, two clones sharing the cache) would otherwise build into one environment together and
 * leave one's modules under the other's record. A lock whose process is gone is taken over. */
async function withEnvLock<T>(rt: RuntimeCandidate, log: (line: string) => void, fn: () => Promise<T>): Promise<T> {
  const lock = `${envDir(rt.id)}.lock`;
  mkdirSync(dirname(lock), { recursive: true });
  return withLock(lock, fn, {
    onWait: (holder) => log(`${rt.id}: waiting for another set-up (pid ${holder ?? 'unknown'}) building this environment`),
    onTakeOver: (why) => log(`${rt.id}: taking over the set-up lock of a set-up that stopped (${why})`),
  });
}

/** Makes sure the runtime's environment exists and its bindings are built from the current sources. */
export async function ensureEnv(rt: RuntimeCandidate, log: (line: string) => void, force = false): Promise<EnvOutcome> {
  const upToDate = () => {
    const record = readRecord(rt.id);
    return record?.hash === sourcesHash(rt) && existsSync(envPython(rt.id)) ? record : null;
  };
  const done = !force && upToDate();
  if (done) return { runtimeId: rt.id, rebuilt: false, report: done.report, seconds: 0 };
  return withEnvLock(rt, log, async () => {
    // Another set-up may have built it while this one waited.
    const built = !force && upToDate();
    return built ? { runtimeId: rt.id, rebuilt: false, report: built.report, seconds: 0 } : buildEnv(rt, log);
  });
}

async function buildEnv(rt: RuntimeCandidate, log: (line: string) => void): Promise<EnvOutcome> {
  const started = Date.now();
  const dir = envDir(rt.id);
  const hash = sourcesHash(rt);
  if (existsSync(dir) && venvBase(dir) !== rt.basePath) {
    log(`${rt.id}: environment was made from another interpreter; recreating it`);
    rmSync(dir, { recursive: true, force: true });
  }
  const failAll = (why: string): EnvOutcome => ({
    runtimeId: rt.id,
    rebuilt: true,
    report: { lib: '', bindings: Object.fromEntries(BINDING_IDS.map((b) => [b, { status: 'error' as const, error: why }])) },
    seconds: (Date.now() - started) / 1000,
  });
  if (!existsSync(envPython(rt.id))) {
    log(`${rt.id}: creating virtual environment ${dir}`);
    mkdirSync(dir, { recursive: true });
    const venv = await run(rt.basePath, ['-m', 'venv', dir]);
    if (venv.code !== 0) {
      rmSync(dir, { recursive: true, force: true });
      return failAll(`python -m venv failed: ${lastLines(venv.stderr)}`);
    }
  }
  log(`${rt.id}: building bindings (native/build.py)`);
  const cargoBin = join(homedir(), '.cargo', 'bin');
  const env = { ...process.env, PATH: [process.env.PATH, cargoBin].filter(Boolean).join(delimiter), PYTHONNOUSERSITE: '1' };
  const res = await run(envPython(rt.id), [join(nativeDir, 'build.py'), '--build-dir', join(dir, 'build')], {
    env,
    // build.py's own progress lines start with [build]; compiler chatter goes to the log file only.
    onStderr: (chunk) => {
      for (const line of chunk.split('\n')) if (line.startsWith('[build]')) log(`${rt.id}: ${line.slice(8)}`);
    },
  });
  const logsDir = join(cacheDir(), 'logs');
  mkdirSync(logsDir, { recursive: true });
  writeFileSync(join(logsDir, `env-${rt.id}.log`), res.stderr);
  if (res.code !== 0) return failAll(`native/build.py failed: ${lastLines(res.stderr)}`);
  let report: BuildReport;
  try {
    report = JSON.parse(res.stdout) as BuildReport;
  } catch {
    return failAll(`native/build.py printed no JSON report: ${lastLines(res.stdout)}`);
  }
  const bad = Value.Errors(BuildReport, report).First();
  if (bad) return failAll(`native/build.py report: ${bad.path}: ${bad.message}`);
  const allOk = BINDING_IDS.every((b) => report.bindings[b]?.status === 'ok');
  // A build with failures is retried next time (it may have been a transient network error).
  const stored: EnvRecord = { hash: allOk ? hash : 'incomplete', builtAt: new Date().toISOString(), report };
  writeFileSync(join(dir, ENV_RECORD), JSON.stringify(stored, null, 2) + '\n');
  return { runtimeId: rt.id, rebuilt: true, report, seconds: (Date.now() - started) / 1000 };
}

const ProbeResult = Type.Object({
  version: Type.String(),
  freeThreadedBuild: Type.Boolean(),
  gilEnabledAfterImports: Type.Boolean(),
  bindings: Type.Record(Type.String(), BindingStatus),
});

const GIL_AFTER_IMPORTS = [
  'import sys, ffibench',
  'for b in sys.argv[1:]:',
  '    ffibench.load(b)',
  'print(sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True)',
].join('\n');

/** sys._is_gil_enabled() after importing `bindings`, in a process of the runtime with its environment. */
async function gilAfterImports(python: string, bindings: string[], rt: RuntimeCandidate): Promise<boolean> {
  const res = await run(python, ['-c', GIL_AFTER_IMPORTS, ...bindings], { timeoutMs: 120_000, env: runtimeProcessEnv(rt.env) });
  const out = res.stdout.trim().split('\n').pop();
  if (res.code !== 0 || (out !== 'True' && out !== 'False')) throw new Error(`${rt.id}: measuring the GIL after imports failed: ${lastLines(res.stderr) || res.code}`);
  return out === 'True';
}

/** Measures, in subprocesses of the runtime, each binding's status and the GIL state after imports. */
export async function probeRuntime(rt: RuntimeCandidate): Promise<RuntimeInfo> {
  const python = existsSync(envPython(rt.id)) ? envPython(rt.id) : rt.basePath;
  const res = await run(python, [join(nativeDir, 'probe.py')], { timeoutMs: 120_000, env: runtimeProcessEnv(rt.env) });
  let probe: unknown;
  try {
    probe = JSON.parse(res.stdout);
  } catch {
    throw new Error(`${rt.id}: native/probe.py failed: ${lastLines(res.stderr) || lastLines(res.stdout) || res.code}`);
  }
  const bad = Value.Errors(ProbeResult, probe).First();
  if (bad) throw new Error(`${rt.id}: native/probe.py output: ${bad.path}: ${bad.message}`);
  const p = probe as Static<typeof ProbeResult>;
  // probe.py measures what the modules declare (it clears PYTHON_GIL); a runtime whose definition
  // sets the environment (a -gil-on runtime) is measured again the way its runs start.
  if (rt.env && Object.keys(rt.env).length) {
    const ok = Object.entries(p.bindings).filter(([, b]) => b.status === 'ok').map(([id]) => id);
    p.gilEnabledAfterImports = await gilAfterImports(python, ok, rt);
  }
  const record = readRecord(rt.id);
  const bindings: Record<string, BindingStatus> = {};
  for (const b of BINDING_IDS) {
    const measured = p.bindings[b] ?? { status: 'missing' as const, gilEnabledAfterImport: null };
    const built = record?.report.bindings[b];
    // A binding that failed to build says why, rather than just "missing".
    if (measured.status === 'missing' && built?.status === 'error') {
      bindings[b] = { status: 'error', error: built.error ?? 'build failed', gilEnabledAfterImport: null };
    } else if (measured.status === 'missing' && !record) {
      bindings[b] = { ...measured, error: 'not built yet: run `npx ffi-corners setup`' };
    } else {
      bindings[b] = measured;
    }
  }
  return {
    id: rt.id,
    path: python,
    basePath: rt.basePath,
    version: p.version,
    source: rt.source,
    freeThreadedBuild: p.freeThreadedBuild,
    gilEnabledAfterImports: p.gilEnabledAfterImports,
    configureFlags: rt.configureFlags,
    bindings,
    ...(rt.derivedFrom ? { derivedFrom: rt.derivedFrom, env: { ...rt.env } } : {}),
  };
}
