import { defineConfig, type Plugin } from 'vite';
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
  plugins: [classicScript(), recordInputs()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
    modulePreload: false,
    rollupOptions: { output: { format: 'iife' } },
  },
});
