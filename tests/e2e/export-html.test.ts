// The one-file deck (`ffi-corners export-html`) opened from file:// in Debian's Chromium with every
// request that would leave file:, data: or blob: aborted and recorded: at most 8 MiB, no request
// leaves, every chart is drawn (canvas inked, its view holding data), the arrow keys move, T switches
// the theme, S opens the speaker notes, and each chart's CSV and JSON downloads match what it shows.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { projectRoot } from '../../server/paths.ts';
import { cli } from '../helpers.ts';
import { findExperiment, resolveParams } from '../../protocol/experiments.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { CHROMIUM, launchDeckBrowser } from '../browser.ts';
import { checkDownloads, openMeasured, prepare, showSlide, slideCount, type DownloadCheck } from '../stage/measure.ts';

const ARTIFACTS = join(projectRoot, 'test-artifacts');
const LOCAL = /^(file|data|blob):/;

let tmp: string;
let file: string;
let context: BrowserContext;
const leaked: string[] = [];
const pageErrors: string[] = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`);
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'ffi-corners-html-'));
  file = join(tmp, 'talk.html');
  const res = cli(['export-html', '--out', file]);
  assert.equal(res.code, 0, `export-html failed:\n${res.stderr}`);
  assert.match(res.stdout, /^wrote .*talk\.html: \d+\.\d\d MiB, one file/);
  context = await launchDeckBrowser(join(tmp, 'profile'), { acceptDownloads: true });
  context.on('request', (r) => {
    if (!LOCAL.test(r.url())) leaked.push(r.url());
  });
  await context.route('**/*', (route) => (LOCAL.test(route.request().url()) ? route.continue() : route.abort()));
});

after(async () => {
  await context?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  assert.deepEqual(pageErrors, [], 'uncaught errors in the deck');
});

const open = (hash = ''): Promise<Page> => openMeasured(context, `${pathToFileURL(file).href}${hash}`, pageErrors);

describe('export-html: one file, offline', () => {
  test('at most 8 MiB, one file', () => {
    const bytes = statSync(file).size;
    assert.ok(bytes <= 8 * 1024 * 1024, `${(bytes / 1048576).toFixed(2)} MiB`);
  });

  test('from file:// with the network blocked: every chart drawn, its downloads matching it, no request leaves', async () => {
    const page = await open();
    const n = await slideCount(page);
    assert.ok(n > 30, `${n} slides`);
    const blank: string[] = [];
    const checks: DownloadCheck[] = [];
    let canvases = 0;
    for (let i = 0; i < n; i++) {
      await showSlide(page, i);
      const drawn = await page.evaluate(() => {
        const slide = (window as unknown as { Reveal: { getCurrentSlide(): HTMLElement } }).Reveal.getCurrentSlide();
        return [...slide.querySelectorAll('canvas')].map((canvas) => {
          const { width, height } = canvas;
          let inked = 0;
          if (width && height) {
            const px = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
            for (let k = 3; k < px.length; k += 4 * 7) if (px[k]! > 0) inked++;
          }
          const view = canvas.closest<HTMLElement>('[data-view]');
          return { id: `${slide.id || slide.querySelector('h1,h2')?.textContent?.slice(0, 40)} / ${view?.dataset['view']}`, inked, data: !!view?.classList.contains('has-data'), visible: canvas.offsetParent !== null };
        });
      });
      for (const c of drawn.filter((d) => d.visible)) {
        canvases++;
        if (c.inked < 200 || !c.data) blank.push(`slide ${i}: ${c.id} (inked ${c.inked}, data ${c.data})`);
      }
      checks.push(...(await checkDownloads(page, i)));
    }
    await page.evaluate(() => (window as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(0));
    await page.screenshot({ path: join(ARTIFACTS, 'export-html-title.png') });
    assert.ok(canvases >= 10, `only ${canvases} chart canvases drawn`);
    assert.deepEqual(blank, [], `blank charts:\n${blank.join('\n')}`);
    assert.ok(checks.length >= 9, `only ${checks.length} chart views with downloads`);
    const bad = checks.filter((c) => c.problems.length).map((c) => `slide ${c.slide}, view ${c.view}: ${c.problems.join('; ')}`);
    assert.deepEqual(bad, [], bad.join('\n'));
    // The fonts are the embedded ones (no fallback drawn for want of a file).
    const fonts = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].map((f) => `${f.family} ${f.weight} ${f.status}`);
    });
    assert.ok(fonts.some((f) => /Noto Sans 400 loaded/.test(f)), fonts.join(', '));
    assert.deepEqual(leaked, [], 'requests that left file:');
    await page.close();
  });

  test('keyboard: arrows move, T switches the theme, S opens the speaker notes', async () => {
    const page = await open();
    const index = () => page.evaluate(() => (window as unknown as { Reveal: { getIndices(): { h: number } } }).Reveal.getIndices().h);
    assert.equal(await index(), 0);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => (window as unknown as { Reveal: { getIndices(): { h: number } } }).Reveal.getIndices().h === 1);
    const theme = () => page.evaluate(() => document.documentElement.dataset['theme'] ?? '');
    const before = await theme();
    await page.keyboard.press('t');
    await page.waitForFunction((b) => (document.documentElement.dataset['theme'] ?? '') !== b, before);
    const [notes] = await Promise.all([context.waitForEvent('page', { timeout: 15_000 }), page.keyboard.press('s')]);
    await notes.waitForLoadState();
    await notes.waitForFunction(() => (document.querySelector('.speaker-controls-notes .value')?.textContent ?? '').trim().length > 20, null, { timeout: 15_000 });
    await notes.screenshot({ path: join(ARTIFACTS, 'export-html-notes.png') });
    await notes.close();
    assert.deepEqual(leaked, [], 'requests that left file:');
    await page.close();
  });

  test('--results live: the newest saved runs embedded, shown with LIVE badges and their date, still offline', async () => {
    // A saved run of this machine: the recorded GIL call-overhead run, dated now, in a results folder of its own.
    const results = join(tmp, 'results');
    const dir = join(results, 'call-overhead', '3.13.5-gil');
    mkdirSync(dir, { recursive: true });
    const r = JSON.parse(readFileSync(join(projectRoot, 'assets/results/call-overhead--3.13.5-gil.json'), 'utf8')) as RunRecord;
    const started = new Date(Date.UTC(2026, 11, 3, 8, 30));
    r.startedAt = started.toISOString();
    // Every parameter resolved, as `ffi-corners run` saves them (the recorded file omits the defaults it predates).
    r.params = resolveParams(findExperiment('call-overhead')!, r.params);
    writeFileSync(join(dir, `${started.toISOString().replace(/[:.]/g, '-')}-4242.json`), JSON.stringify(r));
    const liveFile = join(tmp, 'live.html');
    const res = cli(['export-html', '--out', liveFile, '--results', 'live'], { FFI_CORNERS_RESULTS: results });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /live results from /);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${pathToFileURL(liveFile).href}#/call-overhead-live`);
    await prepare(page);
    await page.selectOption('section.present .run-bar select', '3.13.5-gil').catch(() => {});
    await page.waitForFunction(() => /LIVE 3\.13\.5-gil .*2026-12-03 08:30 UTC/.test(document.querySelector('section.present .provenance')?.textContent ?? ''), null, { timeout: 15_000 });
    assert.deepEqual(leaked, [], 'requests that left file:');
    const empty = cli(['export-html', '--out', join(tmp, 'none.html'), '--results', 'live'], { FFI_CORNERS_RESULTS: join(tmp, 'no-results') });
    assert.notEqual(empty.code, 0);
    assert.match(empty.stderr, /--results live: no finished runs saved in .*no-results/);
    await page.close();
  });
});
