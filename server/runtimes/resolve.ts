// Which interpreter runs what: the one place that turns runtime ids (from the command line or a
// WebSocket message) into runtimes, for the CLI's commands, `run` and the server alike.
import { existsSync } from 'node:fs';
import type { ExperimentSpec } from '../../protocol/experiments.ts';
import { isComplete, pairByVersion } from '../../protocol/runtime.ts';
import { UserError } from '../util/errors.ts';
import { envPython } from './env.ts';

/** A runtime as discovery or probing describes it: its id and its base interpreter. */
export interface KnownRuntime {
  id: string;
  basePath: string;
  /** What the server adds to the environment of this runtime's processes (a derived runtime's PYTHON_GIL=1). */
  env?: Readonly<Record<string, string>> | undefined;
}

/** What an experiment runs with: the runtime id recorded (null: no runtime), the interpreter and the
 * environment the runtime's definition adds (never anything from a message). */
export interface ResolvedRuntime {
  id: string | null;
  python: string;
  env?: Readonly<Record<string, string>> | undefined;
}

const knownIds = (known: readonly KnownRuntime[]) => known.map((r) => r.id).join(', ') || 'none';

/** The runtimes named by `ids`, in that order (every known one when none is named); an unknown id is
 * a UserError listing the known ones. */
export function selectRuntimes<T extends KnownRuntime>(known: readonly T[], ids: readonly string[] | undefined): T[] {
  if (!ids?.length) return [...known];
  return ids.map((id) => {
    const rt = known.find((r) => r.id === id);
    if (!rt) throw new UserError(`unknown runtime "${id}" (known: ${knownIds(known)})`);
    return rt;
  });
}

/** The interpreters `exp` runs with for the runtimes named by `ids`: each runtime's environment
 * (bindings built) for an experiment that needs one, else `basePython` (default: the first known
 * runtime's base interpreter). `checkEnv`: refuse a runtime whose environment does not exist (the
 * CLI); the server, which probed its runtimes at start, leaves that to the run, which then fails
 * saying the interpreter cannot start. Errors are UserErrors a user can act on. */
export function resolveRuntimes(
  known: readonly KnownRuntime[],
  ids: readonly string[],
  exp: ExperimentSpec,
  { basePython = known[0]?.basePath, checkEnv = true }: { basePython?: string | undefined; checkEnv?: boolean } = {},
): ResolvedRuntime[] {
  if (!exp.needsRuntime) {
    if (!basePython) throw new UserError('no Python interpreter found (run `npm start` once to build the runtimes)');
    return [{ id: null, python: basePython }];
  }
  if (!ids.length) throw new UserError(`${exp.id} needs a runtime (known: ${knownIds(known)})`);
  return selectRuntimes(known, ids).map((rt) => {
    const python = envPython(rt.id);
    if (checkEnv && !existsSync(python)) throw new UserError(`runtime ${rt.id} has no bindings built yet: run \`npx ffi-corners setup --runtime ${rt.id}\``);
    return { id: rt.id, python, env: rt.env };
  });
}

/** The GIL and free-threaded builds the scripts (record, bench) measure: of the discovered runtimes
 * whose bindings are built, the newest CPython version that has both builds. A UserError names the
 * command that builds a pair when there is none. */
export async function newestPair(): Promise<{ version: string; gil: string; ft: string }> {
  const { discoverRuntimes } = await import('./discover.ts');
  const built = (await discoverRuntimes(() => {})).filter((rt) => !rt.derivedFrom && existsSync(envPython(rt.id)));
  const key = (v: string) => v.split(/[^\d]+/).filter(Boolean).map(Number);
  const newer = (a: string, b: string) => {
    const [x, y] = [key(a), key(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
    return 0;
  };
  const pair = pairByVersion(built)
    .filter(isComplete)
    .sort((a, b) => newer(a.version, b.version))[0];
  if (!pair) throw new UserError('no CPython version has both a GIL and a free-threaded build with bindings: run `npm start` once (or `npx ffi-corners runtimes build VERSION [--nogil]`, then `npx ffi-corners setup`)');
  return { version: pair.version, gil: pair.gil, ft: pair.ft };
}
