// `ffi-corners runtimes build <version> [--nogil] [--pgo]`: CPython from source into the cache.
//
// GIL and free-threaded builds of a version use identical configure flags except --disable-gil.
// The install goes to a staging folder (make install DESTDIR=...) and is renamed into place only
// when complete, with its build record inside: an interrupted or failed build leaves nothing behind
// but its log.
import { cpus } from 'node:os';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, runtimesLinkDir } from '../paths.ts';
import { UserError } from '../util/errors.ts';
import { lastLines, run } from '../util/proc.ts';
import { obtainSource } from './source.ts';

export const BUILD_RECORD = 'ffi-corners-build.json';

/** The runtimes `npm start` and `npm test` provision: the talk's CPython, with and without the GIL. */
export const DEFAULT_BUILDS: readonly BuildRequest[] = [
  { version: '3.13.5', nogil: false, pgo: false },
  { version: '3.13.5', nogil: true, pgo: false },
];

export interface BuildRequest {
  version: string;
  nogil: boolean;
  /** --enable-optimizations --with-lto, as the talk's interpreters were built: slower to build. */
  pgo: boolean;
  /** A tarball file or URL; default: cache, Debian's source archive, python.org. */
  source?: string;
  jobs?: number;
}

export interface BuildRecord {
  id: string;
  version: string;
  freeThreaded: boolean;
  configureFlags: string[];
  source: { origin: string; sha256: string };
  builtAt: string;
  buildSeconds: number;
}

export function runtimeId(req: Pick<BuildRequest, 'version' | 'nogil' | 'pgo'>): string {
  return `${req.version}-${req.nogil ? 'nogil' : 'gil'}${req.pgo ? '-pgo' : ''}`;
}

/** Flags recorded in every result's meta (the install prefix, which is machine-specific, is not). */
export function configureFlags(req: Pick<BuildRequest, 'nogil' | 'pgo'>): string[] {
  return [
    '--with-ensurepip=install',
    ...(req.pgo ? ['--enable-optimizations', '--with-lto'] : []),
    ...(req.nogil ? ['--disable-gil'] : []),
  ];
}

export function validateVersion(version: string, nogil: boolean): void {
  const m = /^3\.(\d{1,2})\.(\d{1,2})$/.exec(version);
  if (!m) throw new UserError(`bad version "${version}": expected MAJOR.MINOR.PATCH, e.g. 3.13.5`);
  const minor = Number(m[1]);
  if (minor < 10) throw new UserError(`CPython ${version} is too old: ffi-corners supports 3.10 and later`);
  if (nogil && minor < 13) throw new UserError(`CPython ${version} has no free-threaded build (--nogil needs 3.13 or later)`);
}

export const builtPrefix = (id: string): string => join(cacheDir(), 'runtimes', `cpython-${id}`);

export function readBuildRecord(prefix: string): BuildRecord | null {
  try {
    return JSON.parse(readFileSync(join(prefix, BUILD_RECORD), 'utf8')) as BuildRecord;
  } catch {
    return null;
  }
}

/** Points `.runtimes/<id>` of this clone at the cached build. */
function link(id: string, prefix: string): void {
  mkdirSync(runtimesLinkDir, { recursive: true });
  const at = join(runtimesLinkDir, id);
  rmSync(at, { force: true, recursive: false });
  symlinkSync(prefix, at);
}

// Folders removed if the process exits before a build finishes (error, Ctrl-C, SIGTERM).
const scratch = new Set<string>();
process.on('exit', () => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});
const exitOnSignal = (sig: NodeJS.Signals) => process.exit(sig === 'SIGINT' ? 130 : 143);

export interface BuildOutcome {
  id: string;
  prefix: string;
  cached: boolean;
  record: BuildRecord;
}

/** The CPython source tree extracted into `work`, checked to be `version`'s. */
function sourceTree(work: string, tarball: string, version: string): string {
  const top = readdirSync(work).filter((d) => existsSync(join(work, d, 'configure')));
  if (top.length !== 1) throw new UserError(`${tarball} is not a CPython source tarball (no configure script)`);
  const srcDir = join(work, top[0]!);
  const patchlevel = readFileSync(join(srcDir, 'Include/patchlevel.h'), 'utf8');
  const found = /#define PY_VERSION\s+"([^"]+)"/.exec(patchlevel)?.[1];
  if (found !== version) throw new UserError(`${tarball} is CPython ${found ?? '?'}, not ${version}`);
  return srcDir;
}

export async function buildRuntime(req: BuildRequest, log: (line: string) => void): Promise<BuildOutcome> {
  validateVersion(req.version, req.nogil);
  if (req.source && !/^https?:\/\//.test(req.source) && !existsSync(req.source)) {
    throw new UserError(`source tarball not found: ${req.source}`);
  }
  const id = runtimeId(req);
  const prefix = builtPrefix(id);
  const existing = readBuildRecord(prefix);
  if (existing) {
    link(id, prefix);
    return { id, prefix, cached: true, record: existing };
  }
  if (existsSync(prefix)) {
    log(`${id}: removing an incomplete earlier build at ${prefix}`);
    rmSync(prefix, { recursive: true, force: true });
  }

  const started = Date.now();
  const source = await obtainSource(req.version, req.source, (l) => log(`${id}: ${l}`));
  const work = join(cacheDir(), 'tmp', `build-${id}-${process.pid}`);
  const logsDir = join(cacheDir(), 'logs');
  const logFile = join(logsDir, `build-${id}.log`);
  mkdirSync(work, { recursive: true });
  mkdirSync(logsDir, { recursive: true });
  scratch.add(work);
  // Ctrl-C during a build: exit, and the 'exit' hook above removes the scratch folder.
  process.on('SIGINT', exitOnSignal).on('SIGTERM', exitOnSignal);
  let transcript = '';
  const step = async (what: string, cmd: string, args: string[], cwd: string) => {
    log(`${id}: ${what}`);
    const t0 = Date.now();
    const heartbeat = setInterval(() => log(`${id}: ... ${what.split(' ')[0]} running for ${Math.round((Date.now() - t0) / 1000)} s`), 30_000);
    const res = await run(cmd, args, { cwd, env: { ...process.env, LC_ALL: 'C' } }).finally(() => clearInterval(heartbeat));
    transcript += `\n$ ${cmd} ${args.join(' ')}\n${res.stdout}${res.stderr}`;
    if (res.code !== 0) {
      writeFileSync(logFile, transcript);
      const why = lastLines(res.stderr) || lastLines(res.stdout) || `exit ${res.code ?? res.signal}`;
      throw new UserError(`${id}: ${what} failed: ${why} (log: ${logFile})`);
    }
  };
  try {
    await step('extracting source', 'tar', ['-xf', source.tarball, '-C', work], work);
    const srcDir = sourceTree(work, source.tarball, req.version);

    const buildDir = join(work, 'build');
    const stage = join(work, 'stage');
    mkdirSync(buildDir);
    const flags = configureFlags(req);
    const jobs = String(req.jobs ?? cpus().length);
    await step(`configure ${flags.join(' ')}`, join(srcDir, 'configure'), [`--prefix=${prefix}`, ...flags], buildDir);
    await step(`make -j${jobs} (a few minutes${req.pgo ? '; PGO+LTO: much longer' : ''})`, 'make', [`-j${jobs}`], buildDir);
    await step('make install', 'make', ['install', `DESTDIR=${stage}`], buildDir);

    const record: BuildRecord = {
      id,
      version: req.version,
      freeThreaded: req.nogil,
      configureFlags: flags,
      source: { origin: source.origin, sha256: source.sha256 },
      builtAt: new Date().toISOString(),
      buildSeconds: Math.round((Date.now() - started) / 1000),
    };
    const staged = join(stage, prefix);
    writeFileSync(join(staged, BUILD_RECORD), JSON.stringify(record, null, 2) + '\n');
    mkdirSync(join(cacheDir(), 'runtimes'), { recursive: true });
    renameSync(staged, prefix);
    writeFileSync(logFile, transcript);
    link(id, prefix);
    log(`${id}: built in ${record.buildSeconds} s -> ${prefix}`);
    return { id, prefix, cached: false, record };
  } finally {
    process.off('SIGINT', exitOnSignal).off('SIGTERM', exitOnSignal);
    rmSync(work, { recursive: true, force: true });
    scratch.delete(work);
  }
}

/** The builds this clone has linked under `.runtimes/` (only complete ones: they have a build record). */
export function linkedBuilds(): { id: string; prefix: string; record: BuildRecord }[] {
  if (!existsSync(runtimesLinkDir)) return [];
  return readdirSync(runtimesLinkDir).flatMap((id) => {
    const prefix = join(runtimesLinkDir, id);
    const record = readBuildRecord(prefix);
    return record ? [{ id: record.id, prefix, record }] : [];
  });
}
