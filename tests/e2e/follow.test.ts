// Follow mode in real Chromium against the real server (`serve --follow`): the presenter's deck
// leads, a viewer's deck follows through slide, fragment and overview changes and sees the
// presenter's run; the viewer browses away and comes back with one key (and the button); a late
// joiner lands on the presenter's slide; the QR code of the audience's address; and a phone at
// 390 × 844 draws no text under 14 px and nothing sideways. Screenshots go to test-artifacts/.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../server/chromium.ts';
import { CHROMIUM } from '../browser.ts';
import { projectRoot } from '../../server/paths.ts';
import { startServer } from '../server-client.ts';
import { type Served, stopServer } from '../../server/util/serve-process.ts';
import { buildDist, serveDist } from '../static-server.ts';
import { measurePhone, prepare, showSlide, slideCount, type PhoneMeasure } from '../stage/measure.ts';

const ARTIFACTS = join(projectRoot, 'test-artifacts');
/** How long a follower may take to arrive: generous, so a loaded machine does not fail the test
 * (the speed is the room benchmark's business); the test is that it arrives at all. */
const ARRIVE_MS = 15_000;

let tmp: string;
let served: Served;
let browser: Browser;
const pageErrors: string[] = [];

type Pos = { h: number; v: number; f: number; overview: boolean };

async function open(url: string, viewport = { width: 1280, height: 720 }, phone = false, server = true): Promise<Page> {
  const context = await browser.newContext({ viewport, ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${url}: ${e.message}`));
  // The server's Content-Security-Policy must let the QR code, badge and phone layout through.
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) pageErrors.push(`${url}: ${m.text()}`);
  });
  await page.goto(url);
  await page.waitForFunction((server) => {
    const w = window as unknown as { Reveal?: { isReady(): boolean }; ffiCorners?: { ws?: { hello: unknown } } };
    return w.Reveal?.isReady() && (!server || !!w.ffiCorners?.ws?.hello);
  }, server, { timeout: 60_000 });
  return page;
}

const position = (page: Page): Promise<Pos> =>
  page.evaluate(() => {
    const R = (window as unknown as { Reveal: { getIndices(): { h: number; v?: number; f?: number }; isOverview(): boolean } }).Reveal;
    const i = R.getIndices();
    return { h: i.h, v: i.v ?? 0, f: i.f ?? -1, overview: R.isOverview() };
  });

/** Waits until `page` shows position `p`. */
async function arrives(page: Page, p: Pos, why: string): Promise<void> {
  try {
    await page.waitForFunction((p) => {
      const R = (window as unknown as { Reveal: { getIndices(): { h: number; v?: number; f?: number }; isOverview(): boolean } }).Reveal;
      const i = R.getIndices();
      return i.h === p.h && (i.v ?? 0) === p.v && (i.f ?? -1) === p.f && R.isOverview() === p.overview;
    }, p, { timeout: ARRIVE_MS });
  } catch {
    assert.fail(`${why}: the viewer is at ${JSON.stringify(await position(page))}, the presenter at ${JSON.stringify(p)}`);
  }
}

const badge = (page: Page) => page.evaluate(() => {
  const b = document.querySelector<HTMLElement>('.follow-badge');
  return b && !b.hidden ? b.innerText.replace(/\s+/g, ' ').trim() : null;
});

async function goTo(page: Page, id: string): Promise<void> {
  await page.evaluate((id) => {
    const R = (window as unknown as { Reveal: { slide(h: number, v?: number): void; getIndices(s: Element): { h: number; v?: number } } }).Reveal;
    const i = R.getIndices(document.getElementById(id)!);
    R.slide(i.h, i.v);
  }, id);
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`);
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'ffi-corners-follow-e2e-'));
  await buildDist();
  // Its own cache (the presenter token is kept there) and results; env-check runs on any Python.
  served = await startServer(['--follow'], { FFI_CORNERS_RESULTS: join(tmp, 'results'), FFI_CORNERS_CACHE: join(tmp, 'cache') });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  if (served) await stopServer(served);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  assert.deepEqual(pageErrors, [], 'uncaught errors or CSP violations in the deck');
});

describe('follow mode: the audience follows the presenter', { concurrency: false }, () => {
  let presenter: Page;
  let viewer: Page;

  test('a viewer follows 10 slide, fragment and overview changes and sees the presenter run', async () => {
    presenter = await open(`${served.url}?token=${served.token}`, { width: 1920, height: 1080 });
    viewer = await open(served.url);
    assert.equal(await presenter.evaluate(() => (window as unknown as { ffiCorners: { ws: { role: string } } }).ffiCorners.ws.role), 'control');
    assert.equal(await badge(viewer), 'following the presenter');
    assert.doesNotMatch(viewer.url(), /token/);
    // The viewer's deck hears every job message (as the run bar does).
    await viewer.evaluate(() => {
      const w = window as unknown as { ffiCorners: { ws: EventTarget }; jobs: { event: string; job: { state: string; experiment: string } }[] };
      w.jobs = [];
      w.ffiCorners.ws.addEventListener('job', (e) => w.jobs.push((e as CustomEvent).detail));
    });

    const moves: (() => Promise<void>)[] = [
      ...Array.from({ length: 7 }, () => () => presenter.keyboard.press('ArrowRight')),
      () => presenter.keyboard.press('o'), // overview
      () => presenter.keyboard.press('ArrowRight'), // moves in the overview
      () => presenter.keyboard.press('o'),
    ];
    for (const [i, move] of moves.entries()) {
      await move();
      await arrives(viewer, await position(presenter), `move ${i + 1}`);
    }
    assert.ok((await position(presenter)).h >= 3, 'the presenter moved on');
    assert.equal(await badge(viewer), 'following the presenter');

    // A run: the presenter starts env-check; the viewer's deck goes there and gets the job to its end.
    await goTo(presenter, 'env-check-live');
    await arrives(viewer, await position(presenter), 'to the live slide');
    const run = presenter.locator('section.present .run-bar button.run');
    await presenter.waitForFunction(() => !document.querySelector<HTMLButtonElement>('section.present .run-bar button.run')!.disabled, null, { timeout: 30_000 });
    await run.click();
    await viewer.waitForFunction(() => (window as unknown as { jobs: { event: string; job: { state: string; experiment: string } }[] }).jobs.some((m) => m.event === 'finished' && m.job.experiment === 'env-check' && m.job.state === 'ok'), null, { timeout: 120_000 });
    await viewer.screenshot({ path: join(ARTIFACTS, 'follow-viewer-run.png') });
  });

  test('the viewer browses away (visibly) and returns with one key, or the button', async () => {
    const lead = await position(presenter);
    await viewer.keyboard.press('ArrowLeft');
    await viewer.waitForFunction(() => /browsing/.test(document.querySelector('.follow-badge')?.textContent ?? ''));
    assert.match((await badge(viewer))!, /browsing.*back to the presenter/);
    assert.notDeepEqual(await position(viewer), lead);
    // The presenter moves on; the browsing viewer stays where they are.
    const browsingAt = await position(viewer);
    await presenter.keyboard.press('ArrowRight');
    const moved = await position(presenter);
    assert.notDeepEqual(moved, lead);
    await presenter.waitForTimeout(500);
    assert.deepEqual(await position(viewer), browsingAt, 'a browsing viewer is not pulled along');
    // One key: back where the presenter is now.
    await viewer.keyboard.press('r');
    await arrives(viewer, moved, 'R');
    assert.equal(await badge(viewer), 'following the presenter');
    // And following again from there.
    await presenter.keyboard.press('ArrowLeft');
    await arrives(viewer, await position(presenter), 'after R');
    // The button does the same.
    await viewer.keyboard.press('ArrowRight');
    await viewer.waitForFunction(() => /browsing/.test(document.querySelector('.follow-badge')?.textContent ?? ''));
    await viewer.click('.follow-back');
    await arrives(viewer, await position(presenter), 'the button');
  });

  test('a late joiner lands on the presenter\'s slide', async () => {
    await goTo(presenter, 'call-overhead-live');
    const lead = await position(presenter);
    assert.ok(lead.h > 0);
    await arrives(viewer, lead, 'before the late joiner');
    const late = await open(served.url);
    await arrives(late, lead, 'late joiner');
    await late.context().close();
  });

  test('Q shows the audience address as a QR code, and the title slide carries it; no token in it', async () => {
    await presenter.keyboard.press('q');
    const overlay = presenter.locator('.follow-qr-overlay');
    await overlay.waitFor({ state: 'visible' });
    const caption = await overlay.locator('figcaption').innerText();
    assert.ok(caption.startsWith(served.url), caption);
    assert.doesNotMatch(caption, /token/);
    const box = await overlay.locator('svg').boundingBox();
    assert.ok(box && box.width >= 400, `QR drawn ${box?.width} px wide`);
    await presenter.screenshot({ path: join(ARTIFACTS, 'follow-qr.png') });
    await presenter.keyboard.press('q');
    await overlay.waitFor({ state: 'hidden' });
    assert.equal(await presenter.locator('.title-slide .follow-qr svg').count(), 1);
  });

  test('L switches a viewer\'s badge and the title slide\'s QR caption to the other language and back, in place', async () => {
    const cjk = /[\u4e00-\u9fff]/;
    await presenter.keyboard.press('Home');
    await arrives(viewer, await position(presenter), 'the title slide');
    await viewer.keyboard.press('l');
    await viewer.waitForFunction(() => document.documentElement.lang === 'zh-TW');
    assert.equal(await badge(viewer), '正在跟隨講者');
    assert.match((await viewer.locator('.follow-back').textContent()) ?? '', cjk);
    await presenter.keyboard.press('l');
    await presenter.waitForFunction(() => document.documentElement.lang === 'zh-TW');
    const qr = presenter.locator('.title-slide .follow-qr');
    assert.equal(await qr.locator('svg').count(), 1, 'the QR code is drawn again on the rewritten title slide');
    assert.match(await qr.locator('figcaption').innerText(), cjk);
    for (const page of [viewer, presenter]) {
      await page.keyboard.press('l');
      await page.waitForFunction(() => document.documentElement.lang === 'en');
    }
    assert.equal(await badge(viewer), 'following the presenter');
    assert.doesNotMatch(await qr.locator('figcaption').innerText(), cjk);
  });

  test('at 390 × 844 (a phone) no text is drawn under 14 px, charts fit the width, nothing scrolls sideways', async () => {
    const phone = await open(served.url, { width: 390, height: 844 }, true);
    const slides: [string, string][] = [
      ['title', ''],
      ['chart', 'call-overhead-live'],
      ['live run', 'env-check-live'],
    ];
    const problems: string[] = [];
    for (const [name, id] of slides) {
      if (id) await goTo(presenter, id);
      else await presenter.evaluate(() => (window as unknown as { Reveal: { slide(h: number): void } }).Reveal.slide(0));
      await arrives(phone, await position(presenter), name);
      await phone.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await phone.waitForTimeout(150);
      await phone.screenshot({ path: join(ARTIFACTS, `follow-phone-${name.replace(/\s/g, '-')}.png`) });
      if (id && name !== 'live run') assert.ok((await measurePhone(phone, 14)).charts.length > 0, `${name}: no chart measured`);
      problems.push(...phoneProblems(name, await measurePhone(phone, 14), !!id));
    }
    assert.deepEqual(problems, []);
    await phone.context().close();
  });

  test('every slide at 390 × 844, every fragment shown (the static build): no text under 14 px, nothing sideways', async () => {
    const st = await serveDist('/');
    try {
      const phone = await open(st.url, { width: 390, height: 844 }, true, false);
      await prepare(phone);
      const n = await slideCount(phone);
      assert.ok(n > 20, `${n} slides`);
      const problems: string[] = [];
      for (let i = 0; i < n; i++) {
        const label = await showSlide(phone, i);
        problems.push(...phoneProblems(`#${i} ${label}`, await measurePhone(phone, 14), false));
      }
      assert.deepEqual(problems, []);
      await phone.context().close();
    } finally {
      await st.close();
    }
  });
});

/** What is wrong with a slide as a phone draws it: text under 14 px, anything sideways, charts not
 * the screen's width or with small text, and (live slides) a Run button too small for a thumb. */
function phoneProblems(name: string, m: PhoneMeasure, runBar: boolean): string[] {
  const out: string[] = [];
  const say = (s: string) => out.push(`${name}: ${s}`);
  if (m.smallest === null) say('no text measured');
  for (const s of m.small) say(`text at ${s.size} px: ${s.where} "${s.text}"`);
  if (m.pageScrollWidth > m.viewport.width) say(`the page scrolls sideways (${m.pageScrollWidth} px wide)`);
  if (m.slideOverflowX > 1) say(`the slide overflows sideways by ${m.slideOverflowX} px`);
  for (const s of m.sideways) say(`past the screen's edge: ${s.where} [${s.left}, ${s.right}]`);
  for (const c of m.charts) {
    if (c.width > m.viewport.width || c.width < m.viewport.width * 0.75) say(`chart ${c.where} is ${c.width} px wide`);
    if (c.smallestFont !== null && c.smallestFont < 14) say(`chart ${c.where} draws text at ${c.smallestFont} px`);
  }
  if (runBar) {
    if (!m.runButton) say('no Run button');
    else if (m.runButton.height < 40 || m.runButton.width < 44 || !m.runButton.inside) say(`Run button ${m.runButton.width} × ${m.runButton.height} px${m.runButton.inside ? '' : ', off screen'}`);
  }
  return out;
}
