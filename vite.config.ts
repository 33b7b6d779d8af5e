import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import { middlePair } from './analysis/stats.ts';
import { writeDeckInputs } from './server/deck-inputs.ts';

/** file:// pages may not load ES modules: ship one classic script (IIFE) loaded with `defer`. */
function classicScript(): Plugin {
  return {
    name: 'ffi-corners:classic-script',
    apply: 'build',
    enforce: 'post',
    transformIndexHtml(html) {
      return html.replace(/<script type="module" crossorigin (src="[^"]+")><\/script>/g, '<script defer $1></script>');
    },
  };
}

/** Records what this build read, so the next one is skipped while nothing changed (server/deck-inputs.ts). */
function recordInputs(): Plugin {
  let root = '';
  return {
    name: 'ffi-corners:record-inputs',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    writeBundle() {
      writeDeckInputs(root, this.getModuleIds());
    },
  };
}

/** The recorded processes as the claims read them (slides/live/recorded.ts imports them with
 * `?claims`): each series cut to its two middle samples, whose median is the series' median exactly
 * (analysis/stats.ts middlePair), and without the partials their result repeats. The claims and
 * quality gates read only medians of samples (analysis/claims/series.ts seriesMedian,
 * analysis/quality.ts); the samples behind them, which no chart draws, stay out of the deck. */
function claimsView(): Plugin {
  return {
    name: 'ffi-corners:claims-view',
    enforce: 'pre',
    load(id) {
      const [path, query] = id.split('?');
      if (query !== 'claims' || !path?.endsWith('.json')) return null;
      const record = JSON.parse(readFileSync(path, 'utf8')) as { experiment?: string; samples?: Record<string, number[]>; partials?: unknown[]; result?: Record<string, unknown> | null };
      record.samples = Object.fromEntries(Object.entries(record.samples ?? {}).map(([k, v]) => [k, v.length >= 2 ? middlePair(v) : v]));
      // Partials are the pieces a result repeats once it exists (analysis/arena.ts, instructions.ts).
      if (record.result != null) record.partials = [];
      // call-overhead's calibration (loops per batch) and its empty-loop timings per call shape: how the
      // samples were taken, already subtracted from them; no claim reads them, and they were most of the bytes.
      if (record.experiment === 'call-overhead' && record.result) {
        delete record.result['overhead'];
        delete record.result['calibration'];
      }
      return `export default ${JSON.stringify(record)};`;
    },
  };
}

// The deck is a static site: relative asset paths so it works from a sub-folder and from file://.
export default defineConfig({
  base: './',
  // `npm run dev`: the deck from Vite's dev server, its WebSocket passed to a server started with
  // `ffi-corners serve --dev-origin http://localhost:5173` (the one page besides its own it lets in).
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/ws': { target: 'http://127.0.0.1:8765', ws: true, changeOrigin: true } },
  },
  plugins: [claimsView(), classicScript(), recordInputs()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
    modulePreload: false,
    rollupOptions: { output: { format: 'iife' } },
  },
});
