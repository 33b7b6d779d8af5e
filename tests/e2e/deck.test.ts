// The deck in a real Chromium: built with Vite, served by the real server (runs stream into the
// charts, Cancel stops a run), and opened from a plain static file server with no WebSocket
// (every chart drawn from the recorded results). Screenshots of key slides go to test-artifacts/.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, POINTS_ON_SLIDE } from '../../server/chromium.ts';
import { projectRoot } from '../../server/paths.ts';
import { startServer as startRealServer } from '../server-client.ts';
import { type Served, stopServer } from '../../server/util/serve-process.ts';
import { buildDist, serveDist } from '../static-server.ts';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = CHROMIUM_ARGS;
const ARTIFACTS = join(projectRoot, 'test-artifacts');
const dist = join(projectRoot, 'dist');

let tmp: string;
const servers: Served[] = [];
let serverUrl = '';
let closeStatic: () => Promise<void> = async () => {};
let staticUrl = '';
let context: BrowserContext;
/** Uncaught errors of every page opened: none expected. */
const pageErrors: string[] = [];

/** The real server (tests/server-client.ts), with its own results folder; returns the deck URL
 * (the presenter's, with the token, in follow mode). */
async function startServer(resultsDir: string, extra: string[] = []): Promise<string> {
  const served = await startRealServer(extra, { FFI_CORNERS_RESULTS: resultsDir });
  servers.push(served);
  return served.token ? `${served.url}?token=${served.token}` : served.url.replace(/\/$/, '');
}

/** A plain static file server of dist/: no WebSocket, no API. */
async function startStatic(): Promise<string> {
  const served = await serveDist('/');
  closeStatic = served.close;
  return served.url.replace(/\/$/, '');
}

async function open(url: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    console.error('[page error]', e.message);
    pageErrors.push(`${url}: ${e.message}`);
  });
  // The server's Content-Security-Policy must not cost the deck a script, style, font or socket.
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) pageErrors.push(`${url}: ${m.text()}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
  return page;
}

/** Data points in every chart of the current slide. */
async function pointsOnSlide(page: Page): Promise<number> {
  return (await page.evaluate(POINTS_ON_SLIDE)) as number;
}

/** Shows the slide with this id. */
async function goTo(page: Page, id: string): Promise<void> {
  await page.evaluate((id) => {
    const w = window as unknown as { Reveal: { slide(h: number, v?: number): void; getIndices(s: Element): { h: number; v?: number } } };
    const i = w.Reveal.getIndices(document.getElementById(id)!);
    w.Reveal.slide(i.h, i.v);
  }, id);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'ffi-corners-e2e-'));
  await buildDist();
  context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    args: ARGS,
    viewport: { width: 1920, height: 1080 },
    deviceScaleFactor: 1,
  });
});

after(async () => {
  await context?.close();
  for (const server of servers) await stopServer(server);
  await closeStatic();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  assert.deepEqual(pageErrors, [], 'uncaught errors in the deck');
});

describe('live deck (real server)', () => {
  let page: Page;

  before(async () => {
    serverUrl = await startServer(join(tmp, 'results'));
    page = await open(`${serverUrl}/#/call-overhead-live`);
  });

  test('Run streams samples into the call-overhead chart, then the statistics table', async () => {
    const run = page.locator('section.present .run-bar button.run');
    await run.waitFor();
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('section.present .run-bar button.run')!.disabled, null, { timeout: 30_000 });
    await page.selectOption('section.present .run-bar select', '3.13.5-gil');
    await run.focus();
    await page.keyboard.press('Enter'); // keyboard-accessible
    // The live record replaces the recorded one as soon as the job starts; points then grow.
    await page.waitForFunction(() => /LIVE · running/.test(document.querySelector('section.present .provenance')?.textContent ?? ''), null, { timeout: 30_000 });
    const counts: number[] = [];
    const t0 = Date.now();
    while (Date.now() - t0 < 60_000) {
      counts.push(await pointsOnSlide(page));
      const running = await page.evaluate(() => /running/.test(document.querySelector('section.present .provenance')?.textContent ?? ''));
      if (!running) break;
      await page.waitForTimeout(250);
    }
    await shot(page, 'live-call-overhead');
    const growing = counts.some((c, i) => i > 0 && c > counts[i - 1]! && counts[i - 1]! > 0);
    assert.ok(growing, `data points did not increase while streaming: ${counts.join(', ')}`);
    await page.waitForFunction(() => /LIVE/.test(document.querySelector('section.present .provenance')?.textContent ?? '') && !/running/.test(document.querySelector('section.present .provenance')?.textContent ?? ''), null, { timeout: 60_000 });
    // The next slide: the talk's statistics table computed from this run.
    await goTo(page, 'call-overhead-stats');
    await page.waitForFunction(() => {
      const v = document.querySelector('section.present .view-co-stats');
      const badge = v?.querySelector('.provenance')?.textContent ?? '';
      return !!v && /LIVE/.test(badge) && !/running/.test(badge) && v.querySelectorAll('tbody tr').length >= 2;
    }, null, { timeout: 30_000 });
    const rows = await page.locator('section.present .view-co-stats tbody tr').count();
    assert.ok(rows >= 2, `statistics table has ${rows} rows`);
    await shot(page, 'live-stats-table');
  });

  test('Cancel stops a running experiment and the one queued behind it', async () => {
    await goTo(page, 'call-overhead-live');
    // "3.13.5-gil + 3.13.5-nogil": both runtimes, one after the other.
    await page.selectOption('section.present .run-bar select', '*');
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('section.present .run-bar button.run')!.disabled, null, { timeout: 30_000 });
    await page.click('section.present .run-bar button.run');
    await page.waitForFunction(() => /LIVE · running/.test(document.querySelector('section.present .provenance')?.textContent ?? ''), null, { timeout: 30_000 });
    // Mid-run: some samples are on screen already.
    const t1 = Date.now();
    while ((await pointsOnSlide(page)) === 0 && Date.now() - t1 < 30_000) await page.waitForTimeout(100);
    assert.ok((await pointsOnSlide(page)) > 0, 'no samples arrived before Cancel');
    const cancel = page.locator('section.present .run-bar button.cancel');
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('section.present .run-bar button.cancel')!.disabled);
    const t0 = Date.now();
    await cancel.click();
    await page.waitForFunction(() => /cancelled/.test(document.querySelector('section.present .provenance')?.textContent ?? ''), null, { timeout: 15_000 });
    const took = Date.now() - t0;
    assert.ok(took < 5000, `cancel took ${took} ms`);
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('section.present .run-bar button.run')!.disabled);
    // The run bar says so, in words.
    await page.waitForFunction(() => /: cancelled$/.test(document.querySelector('section.present .run-status .status')?.textContent ?? ''), null, { timeout: 15_000 });
    await shot(page, 'live-cancelled');
    // The server kept the partial run, marked cancelled.
    const dir = join(tmp, 'results', 'call-overhead', '3.13.5-gil');
    const records = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { status: string; samples: Record<string, number[]> });
    assert.ok(records.some((r) => r.status === 'cancelled' && Object.keys(r.samples).length > 0), 'no cancelled record with partial samples');
    // The queued no-GIL run never started.
    const nogil = join(tmp, 'results', 'call-overhead', '3.13.5-nogil');
    assert.ok(!existsSync(nogil) || readdirSync(nogil).length === 0, 'the queued run started although it was cancelled');
  });
});

describe('speaker view and follow mode', () => {
  test('the speaker view (S) shows the deck in iframes that never open the WebSocket', async () => {
    const page = await open(`${serverUrl}/#/call-overhead-live`);
    await page.waitForFunction(() => (window as unknown as { ffiCorners: { ws: { status: string } | null } }).ffiCorners.ws?.status === 'open');
    const [popup] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('s')]);
    await popup.waitForLoadState();
    const deadline = Date.now() + 20_000;
    let decks: (string | null)[] = [];
    while (Date.now() < deadline) {
      decks = [];
      for (const frame of popup.frames()) {
        if (frame === popup.mainFrame()) continue;
        decks.push(await frame.evaluate(() => {
          const w = window as unknown as { ffiCorners?: { ws: unknown }; Reveal?: { getCurrentSlide(): Element } };
          if (!w.ffiCorners) return null;
          // Charts keep their slide-sized layout in the scaled-down iframes.
          const canvas = w.Reveal?.getCurrentSlide().querySelector('canvas');
          const small = canvas && canvas.clientWidth > 0 && canvas.clientWidth < 1000 ? ` small-chart-${canvas.clientWidth}` : '';
          const live = /LIVE/.test(w.Reveal?.getCurrentSlide().querySelector('.provenance')?.textContent ?? '') ? ' live' : '';
          return (w.ffiCorners.ws === null ? 'no-ws' : 'ws') + small + live;
        }).catch(() => null));
      }
      if (decks.filter((d) => d !== null).length >= 2 && decks.some((d) => d?.endsWith(' live'))) break;
      await popup.waitForTimeout(250);
    }
    assert.ok(decks.filter((d) => d !== null).length >= 2, `speaker view frames: ${JSON.stringify(decks)}`);
    assert.ok(decks.every((d) => d === null || d.startsWith('no-ws')), `an iframe opened a WebSocket: ${JSON.stringify(decks)}`);
    assert.ok(decks.every((d) => d === null || !d.includes('small-chart')), `charts shrunk in the speaker view: ${JSON.stringify(decks)}`);
    // They mirror the main window's store: the live result of the earlier run, not the recorded one.
    assert.ok(decks.some((d) => d?.endsWith(' live')), `speaker view does not show the live result: ${JSON.stringify(decks)}`);
    await popup.screenshot({ path: join(ARTIFACTS, 'speaker-view.png') });
    await popup.close();
    await page.close();
  });

  test('?autorun=1 arms auto-run; the first run waits for a key press in the deck', async () => {
    // The server ran the environment check once at start-up: one more record means auto-run ran it.
    const dir = join(tmp, 'results', 'env-check', 'machine');
    const count = () => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).length : 0);
    const before = count();
    const page = await open(`${serverUrl}/?autorun=1#/env-check-live`);
    // A link alone (any site can navigate a browser to it) starts nothing: connected, armed, no run.
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('section.present .run-bar button.run')?.disabled, null, { timeout: 30_000 });
    assert.match((await page.locator('.autorun-flag').textContent()) ?? '', /auto-run armed: press a key or click to start/);
    await page.waitForTimeout(1500);
    assert.equal(count(), before, 'auto-run started a run before anyone touched the deck');
    await page.keyboard.press('Shift');
    const t0 = Date.now();
    while (count() === before && Date.now() - t0 < 60_000) await page.waitForTimeout(200);
    assert.equal(count(), before + 1, 'auto-run did not start the environment check');
    await page.waitForFunction(() => /LIVE/.test(document.querySelector('section.present .provenance')?.textContent ?? ''), null, { timeout: 30_000 });
    assert.match((await page.locator('.autorun-flag').textContent()) ?? '', /auto-run on/);
    await page.close();
  });

  test('follow mode: viewers are read-only, the token gives control and leaves the address bar', async () => {
    const controlUrl = await startServer(join(tmp, 'results-follow'), ['--follow']);
    const url = new URL(controlUrl);
    const viewer = await open(`${url.origin}/#/call-overhead-live`);
    await viewer.waitForFunction(() => /Read-only viewer/.test(document.querySelector('section.present .run-status .status')?.textContent ?? ''), null, { timeout: 30_000 });
    assert.ok(await viewer.locator('section.present .run-bar button.run').isDisabled());
    const presenter = await open(`${url.origin}/${url.search}#/call-overhead-live`);
    const runEnabled = () => presenter.waitForFunction(() => !document.querySelector<HTMLButtonElement>('section.present .run-bar button.run')!.disabled, null, { timeout: 30_000 });
    await runEnabled();
    // The token left the address bar at once (no history entry, screenshot or Referer carries it); the slide stayed.
    assert.equal(presenter.url(), `${url.origin}/#/call-overhead-live`);
    // Control still works: a run from the presenter's deck, seen by the viewer's.
    await goTo(presenter, 'env-check-live');
    assert.doesNotMatch(presenter.url(), /token/);
    await runEnabled();
    const records = join(tmp, 'results-follow', 'env-check', 'machine');
    const count = () => (existsSync(records) ? readdirSync(records).filter((f) => f.endsWith('.json')).length : 0);
    const before = count();
    await presenter.click('section.present .run-bar button.run');
    const t0 = Date.now();
    while (count() === before && Date.now() - t0 < 60_000) await presenter.waitForTimeout(200);
    assert.equal(count(), before + 1, 'the presenter could not run the environment check');
    await presenter.waitForFunction(() => /LIVE/.test(document.querySelector('section.present .provenance')?.textContent ?? '') && !/running/.test(document.querySelector('section.present .provenance')?.textContent ?? ''), null, { timeout: 60_000 });
    // A reload of the presenter's tab keeps control without the token in the URL.
    await presenter.reload();
    await runEnabled();
    assert.doesNotMatch(presenter.url(), /token/);
    await viewer.close();
    await presenter.close();
  });
});

describe('saved runs after a reload (real server)', () => {
  test('a view narrowed to arena_max=2 shows the run picked here; after a reload, runs of other parameters than the slide\'s are not shown', async () => {
    const url = await startServer(join(tmp, 'results-reload'));
    let page = await open(`${url}/#/arena-live`);
    await page.waitForFunction(() => (window as unknown as { ffiCorners: { ws: { role: string | null } | null } }).ffiCorners.ws?.role === 'control', null, { timeout: 30_000 });
    // The free-threaded build of the pair the deck shows (from the server's discovery).
    const ft = await page.evaluate(() => (window as unknown as { ffiCorners: { runtimes: { pair: { ft: string | null } | null } } }).ffiCorners.runtimes.pair?.ft ?? null);
    assert.ok(ft, 'the server offers no free-threaded runtime paired with a GIL build');
    // arena_max=2 first, then the default: the newest saved run of that runtime is not arena_max=2.
    const small = { python_threads: [1, 2], native_threads: [1, 2], calls: 1, blocks: 4, repeats: 1 };
    for (const arenaMax of [2, 0]) {
      const state: string = await page.evaluate(
        ({ runtime, params }) =>
          new Promise<string>((resolve) => {
            const w = window as unknown as { ffiCorners: { store: EventTarget; ws: { send(m: unknown): boolean } } };
            w.ffiCorners.store.addEventListener('finished', (e) => {
              const job = (e as CustomEvent<{ experiment: string; state: string }>).detail;
              if (job.experiment === 'arena') resolve(job.state);
            });
            w.ffiCorners.ws.send({ type: 'run', experiment: 'arena', runtime, params });
          }),
        { runtime: ft, params: { ...small, arena_max: arenaMax } },
      );
      assert.equal(state, 'ok', `arena with arena_max=${arenaMax} did not finish`);
    }
    // The heat maps: the pair's GIL build (default arenas), its free-threaded build (default arenas),
    // the free-threaded build with arena_max=2. Only the last two ran here, each matched by its view.
    const badges = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('section.present .view-arena-heatmaps .provenance .badge')].map((b) => ({ live: b.classList.contains('live'), title: b.title })),
      );
    await page.waitForFunction(() => document.querySelectorAll('section.present .view-arena-heatmaps .provenance .badge.live').length >= 2, null, { timeout: 30_000 }).catch(() => {});
    const here = await badges();
    await shot(page, 'live-arena-picked');
    assert.equal(here.length, 3, `badges: ${JSON.stringify(here)}`);
    assert.deepEqual(here.map((b) => b.live), [false, true, true], `LIVE/RECORDED per heat map: ${JSON.stringify(here)}`);
    assert.match(here[2]!.title, /"arena_max":2/);
    assert.match(here[1]!.title, /"arena_max":0/);
    await page.close();
    // A reload: the saved small runs are not the slide's parameters (its defaults), so the slide shows
    // the recorded runs, badged as such, though the server has newer runs of that experiment.
    page = await open(`${url}/#/arena-live`);
    await page.waitForFunction(() => (window as unknown as { ffiCorners: { ws: { hello: unknown } | null } }).ffiCorners.ws?.hello, null, { timeout: 30_000 });
    await page.evaluate(() => new Promise<void>((resolve) => {
      const w = window as unknown as { ffiCorners: { ws: { send(m: unknown): boolean; on(t: string, f: () => void): void } } };
      w.ffiCorners.ws.on('latest', () => resolve());
      w.ffiCorners.ws.send({ type: 'latest', experiment: 'env-check' });
    }));
    const reloaded = await badges();
    await shot(page, 'live-arena-after-reload');
    assert.deepEqual(reloaded.map((b) => b.live), [false, false, false], `after a reload: ${JSON.stringify(reloaded)}`);
    await page.close();
  });
});

describe('static build, no server', () => {
  before(async () => {
    staticUrl = await startStatic();
  });

  test('every chart is drawn from the recorded results', async () => {
    const page = await open(`${staticUrl}/`);
    const total = await page.evaluate(() => (window as unknown as { Reveal: { getTotalSlides(): number } }).Reveal.getTotalSlides());
    const blank: string[] = [];
    let canvases = 0;
    const shots: Record<string, string> = {
      'call-overhead-live': 'static-violin',
    };
    for (let i = 0; i < total; i++) {
      await page.evaluate((h) => (window as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(h), i);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const result = await page.evaluate(() => {
        const slide = (window as unknown as { Reveal: { getCurrentSlide(): HTMLElement } }).Reveal.getCurrentSlide();
        const out: { id: string; inked: number; hasData: boolean }[] = [];
        for (const canvas of slide.querySelectorAll('canvas')) {
          const ctx = canvas.getContext('2d')!;
          const { width, height } = canvas;
          let inked = 0;
          if (width && height) {
            const px = ctx.getImageData(0, 0, width, height).data;
            for (let k = 3; k < px.length; k += 4 * 7) if (px[k]! > 0) inked++;
          }
          const view = canvas.closest<HTMLElement>('[data-view]');
          out.push({ id: `${slide.querySelector('h2, h1')?.textContent?.slice(0, 40)} / ${view?.dataset['view']}`, inked, hasData: !!view?.classList.contains('has-data') });
        }
        return { canvases: out, title: slide.querySelector('h2,h1')?.textContent ?? '', id: slide.id };
      });
      for (const c of result.canvases) {
        canvases++;
        if (c.inked < 200 || !c.hasData) blank.push(`slide ${i}: ${c.id} (inked ${c.inked}, data ${c.hasData})`);
      }
      await page.screenshot({ path: join(ARTIFACTS, `static-${String(i).padStart(2, '0')}.png`) });
      if (shots[result.id]) await shot(page, shots[result.id]!);
    }
    assert.ok(canvases >= 10, `only ${canvases} chart canvases in the deck`);
    const withoutNotes = await page.evaluate(() =>
      [...document.querySelectorAll('.reveal .slides section')].filter((s) => !s.querySelector('section') && !s.querySelector(':scope > aside.notes')).map((s) => s.querySelector('h1,h2')?.textContent),
    );
    assert.deepEqual(withoutNotes, [], 'slides without speaker notes');
    const missingCode = await page.evaluate(() => [...document.querySelectorAll('figure.code.missing')].map((f) => f.textContent));
    assert.deepEqual(missingCode, [], 'code on slides no longer found in its source file');
    assert.deepEqual(blank, [], `blank charts:\n${blank.join('\n')}`);
    await page.close();
  });

  test('it says how to go live, and has a dark theme for the projector', async () => {
    const page = await open(`${staticUrl}/`);
    await goTo(page, 'call-overhead-live');
    const status = await page.locator('section.present .run-status .status').textContent();
    assert.match(status ?? '', /npm start/);
    const badge = await page.locator('section.present .provenance').first().textContent();
    assert.match(badge ?? '', /RECORDED/);
    // The dark theme (T), for the projector.
    await page.keyboard.press('t');
    await page.waitForFunction(() => document.documentElement.dataset['theme'] === 'dark');
    await shot(page, 'static-violin-dark');
    await goTo(page, 'arena-live');
    await shot(page, 'static-arena-dark');
    await page.keyboard.press('t');
    await page.close();
  });

  test('10,000 samples/s streamed into the violin chart are all kept and drawn', async () => {
    const page = await open(`${staticUrl}/`);
    await goTo(page, 'call-overhead-live');
    // 10,000 samples/s streamed into the violin chart (synthetic job events through the store, the
    // path server messages take): every sample is kept, all nine violins are drawn from them, and the
    // page keeps drawing frames meanwhile. The frame rate itself is a timing claim: `npm run bench`
    // measures it with the real server and driver (BENCHMARKS.md, "Live feel").
    // A string, not a function: tsx would add its __name helper to named functions inside it.
    const stream = (await page.evaluate(`(async () => {
      const store = window.ffiCorners.store;
      const bindings = ['python', 'capi', 'ctypes-cdll', 'ctypes-pydll', 'cffi-abi', 'cffi-api', 'pybind11', 'pyo3', 'nanobind'];
      const job = { id: 'job-fps', experiment: 'call-overhead', runtime: '3.13.5-gil', params: { method: 'batched', samples: 5000 }, state: 'running', reason: null, queuedAt: new Date().toISOString(), startedAt: new Date(Date.now() + 3.6e6).toISOString(), finishedAt: null, file: null };
      store.ingest({ type: 'job', event: 'started', job });
      const frames = [];
      let stop = false;
      const tick = (t) => { frames.push(t); if (!stop) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      const t0 = performance.now();
      let sent = 0;
      let seconds = 0;
      for (;;) {
        // Ten batches a second, as the drivers send them, sized to keep 10,000 samples/s overall.
        const per = Math.ceil((10000 * ((performance.now() - t0) / 1000 + 0.25) - sent) / bindings.length);
        const data = {};
        for (const b of bindings) data[b + '/return_int'] = Array.from({ length: per }, () => 20 + Math.random() * 80);
        store.ingest({ type: 'job', event: 'data', job, data: { type: 'samples', unit: 'ns', data } });
        sent += per * bindings.length;
        await new Promise((r) => setTimeout(r, 100));
        seconds = (performance.now() - t0) / 1000;
        if (seconds >= 3) break;
      }
      stop = true;
      store.ingest({ type: 'job', event: 'finished', job: { ...job, state: 'cancelled', reason: 'synthetic', finishedAt: new Date().toISOString() } });
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const shown = store.get({ experiment: 'call-overhead', runtime: '3.13.5-gil' });
      const kept = Object.values(shown.record.samples).reduce((n, v) => n + v.length, 0);
      const slide = window.Reveal.getCurrentSlide();
      const chart = [...window.ffiCorners.charts].find((c) => slide.contains(c.canvas) && c.config.type === 'violin');
      const violins = chart ? chart.data.datasets[0].data.map((d) => d.length) : [];
      const values = chart ? chart.data.datasets[0].data.flat() : [];
      return { sent, seconds, frames: frames.length, origin: shown.origin, kept, violins, lo: Math.min(...values), hi: Math.max(...values) };
    })()`)) as { sent: number; seconds: number; frames: number; origin: string; kept: number; violins: number[]; lo: number; hi: number };
    console.log(`streaming: ${stream.sent} samples in ${stream.seconds.toFixed(1)} s, ${stream.frames} frames, violins of ${stream.violins.join('/')} points`);
    assert.ok(stream.sent / stream.seconds >= 10000, `only ${stream.sent / stream.seconds} samples/s sent`);
    assert.equal(stream.origin, 'live', 'the slide shows the streamed run');
    assert.equal(stream.kept, stream.sent, 'every streamed sample is kept');
    assert.equal(stream.violins.length, 9, 'a violin per binding');
    for (const n of stream.violins) assert.ok(n > 100 && n <= 1500, `a violin drawn from ${n} points (thinned to at most 1,500)`);
    assert.ok(stream.lo >= 20 && stream.hi <= 100 && stream.hi - stream.lo > 70, `violins span the streamed range: ${stream.lo}..${stream.hi}`);
    assert.ok(stream.frames >= stream.seconds, `the page kept drawing: ${stream.frames} frames in ${stream.seconds.toFixed(1)} s`);
    await page.close();
  });

  test('opened from file:// it still draws its charts', async () => {
    const page = await open(`file://${join(dist, 'index.html')}#/call-overhead-live`);
    await page.waitForFunction(() => document.querySelector('section.present .view')?.classList.contains('has-data'));
    assert.ok((await pointsOnSlide(page)) > 100, 'no data points on the call-overhead slide');
    // How to go live from here: start the server, open its address (not "server not reachable").
    const status = await page.locator('section.present .run-status .status').textContent();
    assert.equal(status, 'Opened without a server (from a file): recorded results. To run live: npm start, then open http://127.0.0.1:8765/');
    await page.close();
  });

  test('?print-pdf draws every chart and turns it into an image', async () => {
    const page = await context.newPage();
    await page.goto(`${staticUrl}/?print-pdf`);
    await page.waitForFunction(() => document.documentElement.dataset['chartsReady'] === '1', null, { timeout: 60_000 });
    const { images, canvases, blank } = await page.evaluate(() => {
      const imgs = [...document.querySelectorAll<HTMLImageElement>('img.chart-image')];
      return { images: imgs.length, canvases: document.querySelectorAll('canvas').length, blank: imgs.filter((i) => !i.src.startsWith('data:image/png') || i.src.length < 5000).length };
    });
    assert.equal(images, canvases, 'every canvas has its image');
    assert.equal(blank, 0, 'blank chart images');
    await page.close();
  });
});
