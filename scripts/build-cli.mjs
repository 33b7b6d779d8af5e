// Builds the CLI as plain JavaScript (.cli/, never committed) so `ffi-corners` starts without
// transpiling TypeScript: server/cli.ts and every command it imports, one chunk per command
// (commands stay loaded only when they run). Writes
// .cli/manifest.json with the size and mtime (ms) of every source file in the build; bin/ffi-corners.mjs
// uses the build only while every one of them is unchanged, and runs the sources through tsx otherwise.
// Part of the set-up step of `npm start`, `npm test` and `npm run bench`; quick, and skipped when fresh.
//
//   node scripts/build-cli.mjs [--force]
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const out = join(root, '.cli');
const manifestPath = join(out, 'manifest.json');

/** Whether the build in .cli/ was made from the sources as they are now. */
export function cliBuildFresh() {
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    return Object.entries(manifest.inputs).every(([file, [size, mtimeMs]]) => {
      const st = statSync(join(root, file));
      return st.size === size && Math.trunc(st.mtimeMs) === mtimeMs;
    });
  } catch {
    return false;
  }
}

export async function buildCli() {
  const { build } = await import('esbuild');
  rmSync(out, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { cli: 'server/cli.ts' },
    outdir: out,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // TypeBox bundled too (one file loads faster than its hundreds of modules); the CommonJS
    // packages (ws, playwright-core with its own binaries, subset-font with HarfBuzz's wasm file)
    // stay imports from node_modules.
    external: ['ws', 'playwright-core', 'subset-font'],
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.fromEntries(
    [...Object.keys(result.metafile.inputs), 'scripts/build-cli.mjs'].map((file) => {
      const st = statSync(join(root, file));
      return [file, [st.size, Math.trunc(st.mtimeMs)]];
    }),
  );
  writeFileSync(manifestPath, JSON.stringify({ builtAt: new Date().toISOString(), inputs }, null, 1) + '\n');
  return Object.keys(inputs).length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--force') || !cliBuildFresh() || !existsSync(join(out, 'cli.mjs'))) {
    const t0 = performance.now();
    const n = await buildCli();
    process.stderr.write(`[ffi-corners] CLI built as JavaScript in .cli/ (${n} sources, ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
}
