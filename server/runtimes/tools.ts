// The "tools" Python: a virtual environment with the reference statistics stack (numpy, scipy,
// pinned in analysis/requirements-reference.txt), used to check analysis/stats.ts against scipy.
// Lives in the cache next to the runtimes' environments; reinstalled only when the requirements
// file or the base interpreter changes.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, projectRoot, runtimesLinkDir } from '../paths.ts';
import { withLock } from '../util/lock.ts';
import { lastLines, run } from '../util/proc.ts';
import { UserError } from '../util/errors.ts';
import { DEFAULT_BUILDS, runtimeId } from './build.ts';

export const toolsRequirements = join(projectRoot, 'analysis', 'requirements-reference.txt');
export const toolsEnvDir = (): string => join(cacheDir(), 'envs', 'tools');
const toolsEnvPython = (): string => join(toolsEnvDir(), 'bin', 'python');
const STAMP = 'ffi-corners-tools.json';
/** Bump when the way the environment is made changes. */
const TOOLS_LAYOUT = 1;
const LOCK_WAIT_MS = 15 * 60_000;

const log = (line: string) => process.stderr.write(`[ffi-corners] tools: ${line}\n`);

/** The interpreter the environment is made from: the project's default GIL runtime, else `python3`. */
function baseInterpreter(): string {
  const gil = DEFAULT_BUILDS.find((b) => !b.nogil);
  const own = gil ? join(runtimesLinkDir, runtimeId(gil), 'bin', 'python3') : '';
  return own && existsSync(own) ? own : 'python3';
}

function stampFor(base: string): string {
  let requirements: Buffer;
  try {
    requirements = readFileSync(toolsRequirements);
  } catch {
    throw new Error(`cannot read ${toolsRequirements}`);
  }
  return createHash('sha256')
    .update(JSON.stringify({ layout: TOOLS_LAYOUT, base }))
    .update('\0')
    .update(requirements)
    .digest('hex');
}

function readStamp(): string | null {
  try {
    return (JSON.parse(readFileSync(join(toolsEnvDir(), STAMP), 'utf8')) as { hash?: string }).hash ?? null;
  } catch {
    return null;
  }
}

/** The tools environment's lock (util/lock.ts), so concurrent test processes install it once. */
function withToolsLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = `${toolsEnvDir()}.lock`;
  mkdirSync(join(cacheDir(), 'envs'), { recursive: true });
  return withLock(lock, fn, {
    timeoutMs: LOCK_WAIT_MS,
    onWait: () => log(`waiting for another process installing the tools environment (${lock})`),
    onTakeOver: (why) => log(`taking over the lock of an install that stopped (${why})`),
  });
}

/** The path of a Python with numpy and scipy at the pinned versions, installing them if needed. */
export async function toolsPython(): Promise<string> {
  const base = baseInterpreter();
  const hash = stampFor(base);
  if (readStamp() === hash && existsSync(toolsEnvPython())) return toolsEnvPython();
  return withToolsLock(async () => {
    if (readStamp() === hash && existsSync(toolsEnvPython())) return toolsEnvPython(); // another process did it
    const dir = toolsEnvDir();
    const env = { ...process.env, PYTHONNOUSERSITE: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1' };
    // Recreate from scratch: the base interpreter may have changed, and pins may have gone down.
    rmSync(dir, { recursive: true, force: true });
    log(`creating virtual environment ${dir} from ${base}`);
    let venv;
    try {
      venv = await run(base, ['-m', 'venv', dir], { env });
    } catch (err) {
      throw new UserError(`cannot run ${base} to make the tools environment: ${(err as Error).message}`);
    }
    if (venv.code !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`${base} -m venv ${dir} failed: ${lastLines(venv.stderr) || venv.code}`);
    }
    log(`installing ${toolsRequirements}`);
    const pip = await run(toolsEnvPython(), ['-m', 'pip', 'install', '--only-binary', ':all:', '-r', toolsRequirements], {
      env,
      onStdout: (chunk) => {
        for (const line of chunk.split('\n')) if (/^(Collecting|Successfully)/.test(line.trim())) log(line.trim());
      },
    });
    if (pip.code !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`pip install -r ${toolsRequirements} failed: ${lastLines(pip.stderr) || lastLines(pip.stdout)}`);
    }
    const check = await run(toolsEnvPython(), ['-c', 'import numpy, scipy; print(numpy.__version__, scipy.__version__)'], { env });
    if (check.code !== 0) throw new Error(`tools environment cannot import numpy/scipy: ${lastLines(check.stderr)}`);
    log(`ready: numpy ${check.stdout.trim().split(' ').join(', scipy ')}`);
    writeFileSync(join(dir, STAMP), JSON.stringify({ hash, base, installedAt: new Date().toISOString() }, null, 2) + '\n');
    return toolsEnvPython();
  });
}
