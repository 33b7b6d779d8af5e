// `ffi-corners export-pdf` for real: Debian's Chromium prints the deck; the PDF is checked with
// poppler (pdfinfo, pdftotext, pdftoppm) for page count, selectable text, notes, and drawn charts.
// Also: the static build served from a sub-folder loads with nothing but localhost reachable.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../server/chromium.ts';
import { projectRoot } from '../../server/paths.ts';
import { serveDist } from '../static-server.ts';
import { cli } from '../helpers.ts';
import { Client, startServer, wsUrl } from '../server-client.ts';
import { stopServer } from '../../server/util/serve-process.ts';

const scratch = mkdtempSync(join(tmpdir(), 'ffi-corners-pdf-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function pdfText(pdf: string, page?: number): string {
  const args = page ? ['-f', String(page), '-l', String(page)] : [];
  const res = spawnSync('pdftotext', [...args, '-layout', pdf, '-'], { encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  return res.stdout;
}

function pageCount(pdf: string): number {
  return Number(/^Pages:\s+(\d+)/m.exec(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout)?.[1]);
}

/** The first page whose text matches. */
function findPage(pdf: string, pattern: RegExp): number {
  for (let p = 1; p <= pageCount(pdf); p++) if (pattern.test(pdfText(pdf, p))) return p;
  assert.fail(`no page matches ${pattern}`);
}

/** Rasterises one page (PPM, parsed here) and counts, inside a box given in fractions of the page,
 * the pixels that are coloured (not white, black or grey): a drawn chart has many, a blank canvas none. */
function colouredPixels(pdf: string, page: number, box: { x0: number; x1: number; y0: number; y1: number }): number {
  const prefix = join(scratch, `page-${page}-${Date.now()}`);
  assert.equal(spawnSync('pdftoppm', ['-r', '40', '-f', String(page), '-l', String(page), pdf, prefix]).status, 0);
  const file = spawnSync('sh', ['-c', `ls ${prefix}*.ppm`], { encoding: 'utf8' }).stdout.trim();
  const data = readFileSync(file);
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 40).toString('latin1'))!;
  const [w, h] = [Number(header[1]), Number(header[2])];
  const px = data.subarray(header[0].length);
  let count = 0;
  for (let y = Math.floor(h * box.y0); y < h * box.y1; y++) {
    for (let x = Math.floor(w * box.x0); x < w * box.x1; x++) {
      const i = (y * w + x) * 3;
      const [r, g, b] = [px[i]!, px[i + 1]!, px[i + 2]!];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 40) count++;
    }
  }
  return count;
}

const CHART_AREA = { x0: 0.05, x1: 0.95, y0: 0.15, y1: 0.75 };

describe('export-pdf', { concurrency: false }, () => {
  const plain = join(scratch, 'deck.pdf');

  test('one page per slide, selectable text, every chart drawn', () => {
    const res = cli(['export-pdf', '--out', plain]);
    assert.equal(res.code, 0, res.stderr);
    const [, pages, slides] = /(\d+) pages \((\d+) slides\)/.exec(res.stdout)!.map(Number);
    assert.ok(slides! > 30, `the whole talk: ${slides} slides`);
    assert.equal(pages, slides);
    assert.equal(pageCount(plain), slides);
    assert.match(res.stderr, /\[export-pdf\] printing \d+ slides/, 'progress on the terminal');
    const text = pdfText(plain);
    for (const title of ['The Dark Corners of Python FFI', 'CDLL vs PyDLL', 'Racing global states after No-GIL', 'Arena risk matrix']) {
      assert.ok(text.includes(title), `"${title}" is selectable text`);
    }
    // Chart pages: the violins of call overhead, the arena heatmap, CDLL vs PyDLL bars.
    for (const pattern of [/return_int\(\): ns per call/, /Arena risk matrix/, /CDLL vs PyDLL: getpid/]) {
      const page = findPage(plain, pattern);
      const coloured = colouredPixels(plain, page, CHART_AREA);
      assert.ok(coloured > 500, `page ${page} (${pattern}) has a drawn chart: ${coloured} coloured pixels`);
    }
    // A slide with no chart is mostly background in the same box (the check can tell them apart).
    assert.ok(colouredPixels(plain, 1, CHART_AREA) < 200, 'the title page has no chart');
  });

  test('speaker notes only with --notes', () => {
    const withNotes = join(scratch, 'notes.pdf');
    const res = cli(['export-pdf', '--out', withNotes, '--notes']);
    assert.equal(res.code, 0, res.stderr);
    const note = /Every chart in this deck is measured on the machine running it/;
    assert.match(pdfText(withNotes, 1).replace(/\s+/g, ' '), note);
    assert.doesNotMatch(pdfText(plain, 1).replace(/\s+/g, ' '), note);
    assert.equal(pageCount(withNotes), pageCount(plain), 'notes do not add pages');
  });

  test('--results live takes the newest live results from a running server', async () => {
    const results = join(scratch, 'live-results');
    const server = await startServer([], { FFI_CORNERS_RESULTS: results });
    try {
      const c = new Client(wsUrl(server));
      c.send({ type: 'run', experiment: 'cdll-vs-pydll', runtime: '3.13.5-gil', params: { calls: 20000, repeats: 2 } });
      const done = await c.next((m) => m.type === 'job' && m.event === 'finished', 60_000);
      assert.equal(done.job.state, 'ok');
      c.close();
      const live = join(scratch, 'live.pdf');
      const res = cli(['export-pdf', '--out', live, '--results', 'live', '--server', server.url]);
      assert.equal(res.code, 0, res.stderr);
      const page = pdfText(live, findPage(live, /CDLL vs PyDLL: getpid/));
      assert.match(page, /LIVE/, 'the live run is on the page, badged');
      assert.match(page, /20,000|20000/, 'with its parameters');
    } finally {
      await stopServer(server);
    }
    const res = cli(['export-pdf', '--out', join(scratch, 'x.pdf'), '--results', 'live', '--server', 'http://127.0.0.1:9/']);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /--results live: no server at http:\/\/127\.0\.0\.1:9\/ .*npm start/);
  });

  test('bad options and a missing Chromium are one clear line each', () => {
    const missing = cli(['export-pdf', '--out', join(scratch, 'y.pdf')], { CHROMIUM_PATH: '/nonexistent/chromium' });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^ffi-corners: error: Chromium not found at \/nonexistent\/chromium: install it with `sudo apt-get install chromium`/);
    assert.equal(existsSync(join(scratch, 'y.pdf')), false);
    assert.match(cli(['export-pdf', '--results', 'maybe']).stderr, /--results: expected live or recorded, got "maybe"/);
    assert.match(cli(['export-pdf', '--out', scratch]).stderr, /is a folder/);
  });

  test('the static build works from a sub-folder with only localhost reachable', async () => {
    const dist = join(projectRoot, 'dist');
    assert.ok(existsSync(join(dist, 'index.html')), 'built by the export above');
    // A plain static file server that serves dist/ under a sub-folder.
    const mount = '/talk/ffi/';
    const served = await serveDist(mount);
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      const failed: string[] = [];
      const outside: string[] = [];
      await page.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
        outside.push(url.href);
        return route.abort();
      });
      page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
      page.on('response', (r) => {
        if (r.status() >= 400) failed.push(`${r.url()}: HTTP ${r.status()}`);
      });
      await page.goto(served.url, { waitUntil: 'networkidle' });
      await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
      assert.deepEqual(outside, [], 'nothing outside localhost was asked for');
      assert.deepEqual(failed, [], 'no failed requests');
      const slides = await page.evaluate(() => (window as unknown as { Reveal: { getTotalSlides(): number } }).Reveal.getTotalSlides());
      assert.ok(slides > 30);
    } finally {
      await browser.close();
      await served.close();
    }
  });
});
