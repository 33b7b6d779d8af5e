// What the deck in dist/ was built from: after every Vite build (`npm run build` too) the plugin in
// vite.config.ts records the size and modification time of each file the build read (its module
// graph, `?raw` code cuts included, plus index.html, vite.config.ts and package-lock.json, and the
// folders they are in, so that a file added where a glob looks counts too);
// server/deck-build.ts skips the next build while none of them changed. Node built-ins only: Vite's
// config imports this file.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

/** The record, relative to the project root (beside Vite's own cache, never served). */
export const DECK_INPUTS = join('node_modules', '.vite', 'ffi-corners-deck-inputs.json');
const ALWAYS = ['index.html', 'vite.config.ts', 'package-lock.json'];

const stamp = (file: string): [number, number] => {
  const st = statSync(file);
  return [st.size, Math.trunc(st.mtimeMs)];
};

/** Records the inputs of the build that just wrote dist/ (Vite's module ids; packages count through package-lock.json). */
export function writeDeckInputs(root: string, moduleIds: Iterable<string>): void {
  const files = new Set(ALWAYS);
  for (const id of moduleIds) {
    if (id.startsWith('\0')) continue; // virtual modules
    const path = id.split('?')[0]!;
    if (!isAbsolute(path) || !existsSync(path)) continue;
    const rel = relative(root, path);
    if (rel.startsWith('..') || rel.startsWith(`node_modules${sep}`)) continue;
    files.add(rel.split(sep).join('/'));
  }
  // And the folders they are in: a file added to one (an import.meta.glob of assets/results/) changes its folder.
  for (const f of [...files]) files.add(dirname(f) === '.' ? '.' : dirname(f));
  files.delete('.');
  const inputs = Object.fromEntries([...files].sort().map((f) => [f, stamp(join(root, f))]));
  mkdirSync(dirname(join(root, DECK_INPUTS)), { recursive: true });
  writeFileSync(join(root, DECK_INPUTS), JSON.stringify({ builtAt: new Date().toISOString(), inputs }, null, 1) + '\n');
}

/** Whether dist/ is there and was built from the files as they are now. */
export function deckBuildFresh(root: string): boolean {
  try {
    if (!existsSync(join(root, 'dist', 'index.html'))) return false;
    const { inputs } = JSON.parse(readFileSync(join(root, DECK_INPUTS), 'utf8')) as { inputs: Record<string, [number, number]> };
    return Object.entries(inputs).every(([file, [size, mtime]]) => {
      const [s, m] = stamp(join(root, file));
      return s === size && m === mtime;
    });
  } catch {
    return false;
  }
}
