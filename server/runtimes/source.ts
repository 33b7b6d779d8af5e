// Where a CPython source tarball comes from: an explicit file or URL, the cache, Debian's source
// archive (through a project-local apt configuration; the system's apt sources are never touched),
// or python.org.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { cacheDir } from '../paths.ts';
import { UserError } from '../util/errors.ts';
import { lastLines, run } from '../util/proc.ts';
import { minorOf } from '../../protocol/runtime.ts';

/** SHA-256 of upstream release tarballs we can vouch for. 3.13.5: the `python3.13_3.13.5.orig.tar.xz`
 * of Debian trixie's signed source package, which is python.org's Python-3.13.5.tar.xz. */
const KNOWN_SHA256: Record<string, string> = {
  '3.13.5': '93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640',
};

/** Debian suites searched for a `python3.X` source package whose upstream version matches. */
const DEBIAN_SUITES = ['trixie', 'forky', 'sid'];
const DEBIAN_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

export interface Source {
  tarball: string;
  origin: string;
  sha256: string;
}

type Log = (line: string) => void;

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function download(url: string, dest: string, log: Log): Promise<void> {
  log(`downloading ${url}`);
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
  } catch (err) {
    throw new Error(`cannot download ${url}: ${(err as Error).message}`);
  }
  if (!res.ok) throw new Error(`cannot download ${url}: HTTP ${res.status}`);
  const tmp = `${dest}.part-${process.pid}`;
  try {
    writeFileSync(tmp, Buffer.from(await res.arrayBuffer()));
    renameSync(tmp, dest);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Fetches `python3.X_<version>.orig.tar.xz` from Debian's source archive with `apt-get source
 * --download-only`, using a sources list and package lists that live in the cache. */
async function fromDebian(version: string, dest: string, log: Log): Promise<void> {
  if (!existsSync('/usr/bin/apt-get')) throw new Error('apt-get not available');
  if (!existsSync(DEBIAN_KEYRING)) throw new Error(`${DEBIAN_KEYRING} missing (not Debian)`);
  const pkg = `python${minorOf(version)}`;
  const aptDir = join(cacheDir(), 'apt');
  const lists = join(aptDir, 'lists');
  mkdirSync(join(lists, 'partial'), { recursive: true });
  mkdirSync(join(aptDir, 'cache'), { recursive: true });
  const sourcesList = join(aptDir, 'sources.list');
  writeFileSync(
    sourcesList,
    DEBIAN_SUITES.map((s) => `deb-src [signed-by=${DEBIAN_KEYRING}] http://deb.debian.org/debian ${s} main\n`).join(''),
  );
  const opts = [
    '-o', `Dir::Etc::SourceList=${sourcesList}`,
    '-o', 'Dir::Etc::SourceParts=/dev/null',
    '-o', `Dir::State::Lists=${lists}`,
    '-o', `Dir::Cache=${join(aptDir, 'cache')}`,
  ];
  log(`looking up Debian source package ${pkg} (${DEBIAN_SUITES.join(', ')})`);
  const update = await run('apt-get', [...opts, '-qq', 'update']);
  if (update.code !== 0) throw new Error(`apt-get update failed: ${lastLines(update.stderr)}`);
  const show = await run('apt-cache', [...opts, 'showsrc', pkg]);
  const debVersions = [...show.stdout.matchAll(/^Version: (\S+)$/gm)].map((m) => m[1]!);
  const upstreamOf = (v: string) => v.replace(/^\d+:/, '').replace(/-[^-]*$/, '');
  const match = debVersions.find((v) => upstreamOf(v) === version);
  if (!match) {
    const have = [...new Set(debVersions.map(upstreamOf))].join(', ') || 'none';
    throw new Error(`Debian has no ${pkg} ${version} source (it has: ${have})`);
  }
  const work = join(aptDir, `src-${process.pid}`);
  mkdirSync(work, { recursive: true });
  try {
    log(`apt-get source --download-only ${pkg}=${match}`);
    const got = await run('apt-get', [...opts, '-qq', 'source', '--download-only', `${pkg}=${match}`], { cwd: work });
    if (got.code !== 0) throw new Error(`apt-get source failed: ${lastLines(got.stderr)}`);
    const orig = readdirSync(work).find((f) => f === `${pkg}_${version}.orig.tar.xz`);
    if (!orig) throw new Error(`apt-get source gave no ${pkg}_${version}.orig.tar.xz`);
    renameSync(join(work, orig), dest);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Returns a verified CPython source tarball for `version`. `explicit` is a file path or an http(s) URL. */
export async function obtainSource(version: string, explicit: string | undefined, log: Log): Promise<Source> {
  const sourcesDir = join(cacheDir(), 'sources');
  mkdirSync(sourcesDir, { recursive: true });

  if (explicit && !/^https?:\/\//.test(explicit)) {
    const file = resolve(explicit);
    if (!existsSync(file) || !statSync(file).isFile()) throw new UserError(`source tarball not found: ${file}`);
    return { tarball: file, origin: `file ${file}`, sha256: await sha256File(file) };
  }

  const cached = join(sourcesDir, `Python-${version}.tar.xz`);
  const attempts: string[] = [];
  let origin = 'cache';
  if (explicit) {
    const dest = join(sourcesDir, basename(new URL(explicit).pathname) || `Python-${version}.tar`);
    if (!existsSync(dest)) await download(explicit, dest, log);
    return { tarball: dest, origin: explicit, sha256: await sha256File(dest) };
  }
  if (!existsSync(cached)) {
    const tries: [string, () => Promise<void>][] = [
      ['Debian source archive', () => fromDebian(version, cached, log)],
      ['python.org', () => download(`https://www.python.org/ftp/python/${version}/Python-${version}.tar.xz`, cached, log)],
    ];
    for (const [name, attempt] of tries) {
      try {
        await attempt();
        origin = name;
        break;
      } catch (err) {
        attempts.push(`${name}: ${(err as Error).message}`);
        log(`${name}: ${(err as Error).message}`);
      }
    }
    if (!existsSync(cached)) {
      throw new UserError(
        `no source for CPython ${version} (${attempts.join('; ')}); pass --source FILE|URL`,
      );
    }
  }
  const sha256 = await sha256File(cached);
  const known = KNOWN_SHA256[version];
  if (known && sha256 !== known) {
    rmSync(cached, { force: true });
    throw new UserError(`Python-${version}.tar.xz has SHA-256 ${sha256}, expected ${known}; removed it, try again`);
  }
  return { tarball: cached, origin, sha256 };
}
