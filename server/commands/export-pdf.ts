// `ffi-corners export-pdf`: the deck as a PDF through Reveal's print view in Debian's Chromium.
// Every chart is drawn and turned into an image before printing (the deck sets
// <html data-charts-ready="1"> when it is done), one page per slide unless --fragments.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config.ts';
import { createStaticServer, DEFAULT_PORT, distDir, listen } from '../http.ts';
import { projectRoot } from '../paths.ts';
import { UserError } from '../util/errors.ts';
import { parse } from './args.ts';
import { SPECS } from './specs.ts';

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

export interface ExportOptions {
  out: string;
  notes: boolean;
  fragments: boolean;
  /** Notes and the charts' data tables under each slide, one slide per page. */
  handout?: boolean;
  results: 'live' | 'recorded';
  /** The running server to take live results from. */
  server?: string | undefined;
  log: (line: string) => void;
}

export interface ExportOutcome {
  out: string;
  pages: number;
  slides: number;
  seconds: number;
  source: string;
}

/** Newest modification time of anything the deck is built from. */
function newestSource(): number {
  let newest = 0;
  const walk = (path: string): void => {
    if (!existsSync(path)) return;
    const st = statSync(path);
    if (st.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ['slides', 'assets', 'protocol', 'analysis', 'index.html', 'vite.config.ts', 'package-lock.json']) walk(join(projectRoot, p));
  return newest;
}

/** Builds the deck into dist/ when it is missing or older than its sources. */
function ensureBuilt(log: (line: string) => void): void {
  const index = join(distDir, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource()) return;
  log('building the deck (vite build)');
  const res = spawnSync(process.execPath, [join(projectRoot, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new UserError(`vite build failed: ${res.stderr.trim().split('\n').pop()}`);
}

/** Where the deck is served from: the running server (live results), or dist/ (built if stale) on
 * a private static server (recorded results). Shared by export-pdf and export-data. */
export async function deckBase(opts: Pick<ExportOptions, 'results' | 'server' | 'log'>): Promise<{ base: string; close: () => Promise<void> }> {
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
  ensureBuilt(opts.log);
  const server = createStaticServer();
  const port = await listen(server, 0, '127.0.0.1');
  return { base: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Opens the deck's print view (?print-pdf plus `query`) in Debian's Chromium at 1920×1080, waits
 * until every chart is drawn, and hands the page to `use`. Shared by export-pdf and export-data. */
export async function withPrintView<T>(
  opts: Pick<ExportOptions, 'results' | 'server' | 'log'>,
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

export async function exportPdf(opts: ExportOptions): Promise<ExportOutcome> {
  const started = Date.now();
  const query: Record<string, string> = {};
  if (opts.notes) query['notes'] = '1';
  if (opts.fragments) query['fragments'] = '1';
  if (opts.handout) query['handout'] = '1';
  return withPrintView(opts, query, async (page, base) => {
    const slides = await page.evaluate(() => (window as unknown as { Reveal: { getTotalSlides(): number } }).Reveal.getTotalSlides());
    opts.log(`printing ${slides} slides`);
    await page.pdf({ path: opts.out, preferCSSPageSize: true, printBackground: true });
    const pages = countPages(opts.out);
    const seconds = (Date.now() - started) / 1000;
    return { out: opts.out, pages, slides, seconds, source: base };
  });
}

/** Page count of a PDF (pdfinfo from poppler-utils). */
export function countPages(pdf: string): number {
  const res = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(res.stdout ?? '')?.[1]);
  if (!pages) throw new Error(`cannot read ${pdf}: ${res.stderr || 'pdfinfo failed'}`);
  return pages;
}

export async function exportPdfCommand(args: string[]): Promise<number> {
  const { values } = parse(args, SPECS['export-pdf']);
  if (values.results !== 'live' && values.results !== 'recorded') throw new UserError(`--results: expected live or recorded, got "${values.results}"`);
  const out = resolve(values.out);
  if (existsSync(out) && statSync(out).isDirectory()) throw new UserError(`--out ${out} is a folder; give a file name`);
  const log = (line: string) => process.stderr.write(`[export-pdf] ${line}\n`);
  if (values.handout && values.fragments) throw new UserError('--handout is one page per slide: it does not go with --fragments');
  const done = await exportPdf({ out, notes: values.notes, fragments: values.fragments, handout: values.handout, results: values.results, server: values.server, log });
  console.log(`wrote ${done.out}: ${done.pages} pages (${done.slides} slides) in ${done.seconds.toFixed(1)} s, ${values.results} results from ${done.source}`);
  return 0;
}
