import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder at or above `dir` with a package.json. */
function packageRoot(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) return resolve(dir, '..');
  }
}

/** The project's root folder (where package.json is): found upwards from this module, which is
 * server/paths.ts or, in the CLI's built JavaScript, a chunk under .cli/. */
export const projectRoot = packageRoot(dirname(fileURLToPath(import.meta.url)));

/** Where slow-to-build things are cached, outside the clone so a fresh clone reuses them:
 * $FFI_CORNERS_CACHE, else $XDG_CACHE_HOME/ffi-corners, else ~/.cache/ffi-corners. */
export function cacheDir(): string {
  if (process.env.FFI_CORNERS_CACHE) return resolve(process.env.FFI_CORNERS_CACHE);
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'ffi-corners');
}

/** Project-local links to the runtimes provisioned for this clone (`.runtimes/<id>`). */
export const runtimesLinkDir = join(projectRoot, '.runtimes');

export const nativeDir = join(projectRoot, 'native');
