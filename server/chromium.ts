// Debian's Chromium driving the deck: where it is, how it is started, and the deck's print view
// with every chart drawn. Used by export-pdf and export-data, the browser tests, the benchmarks and
// scripts/screenshots.ts.
import { existsSync } from 'node:fs';
import { loadConfig } from './config.ts';
import { ensureDeckBuilt } from './deck-build.ts';
import { createStaticServer, DEFAULT_PORT, listen } from './http.ts';
import { UserError } from './util/errors.ts';

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium (never a downloaded browser); CHROMIUM_PATH overrides. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) throw new UserError(`Chromium not found at ${path}: install it with \`sudo apt-get install chromium\` (or set CHROMIUM_PATH)`);
  return path;
}

/** A script for page.evaluate: the data points drawn in the charts of the deck's current slide. */
export const POINTS_ON_SLIDE = `(() => {
  const slide = window.Reveal.getCurrentSlide();
  let n = 0;
  for (const c of window.ffiCorners.charts) {
    if (!slide.contains(c.canvas)) continue;
    for (const ds of c.data.datasets) for (const d of ds.data) n += Array.isArray(d) ? d.length : d === null ? 0 : 1;
  }
  return n;
})()`;

/** Which deck a print view shows and how to report progress. */
export interface PrintViewOptions {
  results: 'live' | 'recorded';
  /** The running server to take live results from. */
  server?: string | undefined;
  log: (line: string) => void;
}

/** Where the deck is served from: the running server (live results), or dist/ (built if stale) on
 * a private static server (recorded results). Shared by export-pdf and export-data. */
export async function deckBase(opts: PrintViewOptions): Promise<{ base: string; close: () => Promise<void> }> {
  if (opts.results === 'live') {
    const base = opts.server ?? `http://127.0.0.1:${loadConfig().port ?? DEFAULT_PORT}/`;
    try {
      const res = await fetch(base, { signal: AbortSignal.timeout(3000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    } catch (err) {
      throw new UserError(`--results live: no server at ${base} (${(err as Error).message}); start one with \`npm start\`, or use --results recorded`);
    }
    return { base, close: async () => {} };
  }
  await ensureDeckBuilt(opts.log);
  const server = createStaticServer();
  const port = await listen(server, 0, '127.0.0.1');
  return { base: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Opens the deck's print view (?print-pdf plus `query`) in Debian's Chromium at 1920×1080, waits
 * until every chart is drawn, and hands the page to `use`. Shared by export-pdf and export-data. */
export async function withPrintView<T>(
  opts: PrintViewOptions,
  query: Record<string, string>,
  use: (page: import('playwright-core').Page, base: string) => Promise<T>,
): Promise<T> {
  const executablePath = chromiumPath();
  const { chromium } = await import('playwright-core');
  const { base, close } = await deckBase(opts);
  // playwright-core gives the browser a fresh temporary profile of its own.
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const q = new URLSearchParams({ 'print-pdf': '', theme: 'light', ...query });
    const url = `${base}?${q.toString().replace('print-pdf=', 'print-pdf')}`;
    opts.log(`loading ${url} (${opts.results} results)`);
    await page.goto(url, { waitUntil: 'load' });
    opts.log('drawing every chart');
    await page.waitForSelector('html[data-charts-ready="1"]', { timeout: 90_000 });
    return await use(page, base);
  } finally {
    await browser.close();
    await close();
  }
}

