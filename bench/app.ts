// Benchmarks of the app as a reader meets it: what the static build ships (gzip), how long the deck
// takes to be ready in Chromium from the static build, and how long the whole-deck PDF export takes.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { median } from '../analysis/stats.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../server/chromium.ts';
import { ensureDeckBuilt } from '../server/deck-build.ts';
import { exportPdf } from '../server/commands/export-pdf.ts';
import { createStaticServer, distDir, listen } from '../server/http.ts';

/** The quality bars of the app (docs/design.md, "Quality bars"). */
export const BARS = { jsGzipKiB: 400, pdfS: 60 };

export interface AppResult {
  js: { files: number; rawKiB: number; gzipKiB: number };
  readyMs: number[];
  pdf: { seconds: number[]; pages: number };
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

export async function benchApp(): Promise<AppResult> {
  if (await ensureDeckBuilt(log)) log('built the deck (vite build)');
  const assets = join(distDir, 'assets');
  const jsFiles = readdirSync(assets).filter((f) => f.endsWith('.js'));
  let raw = 0;
  let gz = 0;
  for (const f of jsFiles) {
    const data = readFileSync(join(assets, f));
    raw += statSync(join(assets, f)).size;
    gz += gzipSync(data, { level: 9 }).length;
  }

  log('time to Reveal ready from the static build, 5 cold loads');
  const server = createStaticServer();
  const port = await listen(server, 0, '127.0.0.1');
  const readyMs: number[] = [];
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } }); // cold cache each time
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady() === true);
      readyMs.push(performance.now() - t0);
      await context.close();
    }
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }

  log('PDF export of the whole deck, 3 times');
  const scratch = mkdtempSync(join(tmpdir(), 'ffi-corners-bench-pdf-'));
  const seconds: number[] = [];
  let pages = 0;
  try {
    for (let i = 0; i < 3; i++) {
      const out = await exportPdf({ out: join(scratch, `deck-${i}.pdf`), notes: false, fragments: false, results: 'recorded', log: () => {} });
      seconds.push(out.seconds);
      pages = out.pages;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { js: { files: jsFiles.length, rawKiB: raw / 1024, gzipKiB: gz / 1024 }, readyMs, pdf: { seconds, pages } };
}

export function renderApp(a: AppResult): string[] {
  const med = (xs: number[]) => median(xs);
  return [
    '## The deck and its PDF',
    '',
    '| what | measured | bar (docs/design.md) | |',
    '|---|---:|---:|:---:|',
    `| JS shipped by the static build, gzip -9 (${a.js.files} file${a.js.files === 1 ? '' : 's'}, ${a.js.rawKiB.toFixed(0)} KiB raw) | ${a.js.gzipKiB.toFixed(0)} KiB | < ${BARS.jsGzipKiB} KiB | ${a.js.gzipKiB < BARS.jsGzipKiB ? 'met' : 'missed'} |`,
    `| time to Reveal \`ready\` in Chromium, static build, cold (median of ${a.readyMs.length}) | ${med(a.readyMs).toFixed(0)} ms | — | |`,
    `| PDF export of the whole deck, ${a.pdf.pages} pages, charts drawn (median of ${a.pdf.seconds.length}) | ${med(a.pdf.seconds).toFixed(1)} s | < ${BARS.pdfS} s | ${med(a.pdf.seconds) < BARS.pdfS ? 'met' : 'missed'} |`,
    '',
    'The JS includes the recorded results the static build shows (assets/results/), Chart.js with its',
    'violin and matrix plugins, highlight.js, Reveal.js and the CSS (the build is one classic script so',
    'that `file://` works).',
    '',
  ];
}
