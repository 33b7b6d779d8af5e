// Which interpreters this machine offers as runtimes: CPython built by ffi-corners (`.runtimes/`),
// those listed in ffi-corners.config.json, and the system `python3`.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { GIL_ON_ENV, GIL_ON_SUFFIX, gilOnId } from '../../protocol/runtime.ts';
import { loadConfig, configPath } from '../config.ts';
import { run } from '../util/proc.ts';
import { linkedBuilds } from './build.ts';

export interface RuntimeCandidate {
  id: string;
  /** The base interpreter (not the virtual environment). */
  basePath: string;
  version: string;
  freeThreadedBuild: boolean;
  source: 'built' | 'system' | 'config';
  configureFlags: string[] | null;
  /** A derived runtime: the free-threaded runtime whose interpreter and environment it uses. */
  derivedFrom?: string;
  /** What the server adds to the environment of every process of this runtime. */
  env?: Readonly<Record<string, string>>;
}

const INTROSPECT = [
  'import json, os, platform, sys, sysconfig',
  'print(json.dumps({"executable": os.path.realpath(sys.executable), "version": platform.python_version(),',
  ' "implementation": sys.implementation.name, "freeThreaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED"))}))',
].join('\n');

interface Introspection {
  executable: string;
  version: string;
  implementation: string;
  freeThreaded: boolean;
}

async function introspect(python: string): Promise<Introspection> {
  let res;
  try {
    res = await run(python, ['-I', '-c', INTROSPECT], { timeoutMs: 30_000 });
  } catch (err) {
    throw new Error(`cannot run ${python}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (res.code !== 0) throw new Error(`${python} failed: ${res.stderr.trim().split('\n').pop() ?? res.code}`);
  const info = JSON.parse(res.stdout) as Introspection;
  if (info.implementation !== 'cpython') throw new Error(`${python} is ${info.implementation}, not CPython`);
  return info;
}

function onPath(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  }
  return null;
}

/** Discovers runtimes. Interpreters that cannot be used are skipped with a warning through `warn`. */
export async function discoverRuntimes(warn: (msg: string) => void = () => {}): Promise<RuntimeCandidate[]> {
  const found: RuntimeCandidate[] = [];
  const seen = new Set<string>();
  const ids = new Set<string>();
  const add = (info: Introspection, c: Omit<RuntimeCandidate, 'version' | 'freeThreadedBuild' | 'basePath'>) => {
    if (seen.has(info.executable)) return;
    seen.add(info.executable);
    let id = c.id;
    for (let n = 2; ids.has(id); n++) id = `${c.id}-${n}`;
    ids.add(id);
    found.push({ ...c, id, basePath: info.executable, version: info.version, freeThreadedBuild: info.freeThreaded });
  };
  const variant = (info: Introspection) => `${info.version}-${info.freeThreaded ? 'nogil' : 'gil'}`;

  for (const b of linkedBuilds()) {
    try {
      const info = await introspect(join(b.prefix, 'bin', 'python3'));
      add(info, { id: b.record.id, source: 'built', configureFlags: b.record.configureFlags });
    } catch (err) {
      warn(`.runtimes/${b.id}: ${(err as Error).message}; skipped (rebuild: npx ffi-corners runtimes build ${b.record.version}${b.record.freeThreaded ? ' --nogil' : ''})`);
    }
  }

  const config = loadConfig();
  for (const [i, entry] of (config.interpreters ?? []).entries()) {
    const path = typeof entry === 'string' ? entry : entry.path;
    try {
      const info = await introspect(path);
      const id = typeof entry === 'string' || !entry.id ? `${variant(info)}-config` : entry.id;
      if (id.endsWith(GIL_ON_SUFFIX)) throw new Error(`runtime id "${id}" ends with ${GIL_ON_SUFFIX}, which names the runtimes derived from free-threaded builds: choose another id`);
      add(info, { id, source: 'config', configureFlags: null });
    } catch (err) {
      warn(`${configPath()}: interpreters[${i}]: ${(err as Error).message}; skipped`);
    }
  }

  const system = onPath('python3');
  if (system) {
    try {
      const info = await introspect(system);
      add(info, { id: `${variant(info)}-system`, source: 'system', configureFlags: null });
    } catch (err) {
      warn(`system python3: ${(err as Error).message}; skipped`);
    }
  }
  return withDerived(found);
}

/** The runtimes with, after each free-threaded build, the one derived from it: the same interpreter
 * with the GIL forced on (`<id>-gil-on`, PYTHON_GIL=1), the condition the talk's "no-GIL" runs
 * very probably ran under (its extension modules re-enabled the GIL on import). */
export function withDerived(found: readonly RuntimeCandidate[]): RuntimeCandidate[] {
  const has = new Set(found.map((rt) => rt.id));
  return found.flatMap((rt) =>
    rt.freeThreadedBuild && !rt.derivedFrom && !has.has(gilOnId(rt.id)) ? [rt, { ...rt, id: gilOnId(rt.id), derivedFrom: rt.id, env: GIL_ON_ENV }] : [rt],
  );
}
