// The speaker view (S) against the real server in a real Chromium: it connects to the deck (the
// deck's configuration reaches it as JSON: its timer, clock and pacing start), shows the current and
// the next slide, and its notes carry the slide's headline as it is now: after a small run started
// from the deck, the headline computed from the new data, not the one of the recorded result.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { projectRoot } from '../../server/paths.ts';
import { stopServer } from '../../server/util/serve-process.ts';
import { deckSession, type DeckSession } from '../browser.ts';

let deck: Page;
let speaker: Page;
/** Every request of the deck's page that failed (a missing favicon included). */
const failed: string[] = [];
const session = deckSession('speaker', { own: true, opened: openSpeakerView });

/** The deck on the live slide of CDLL vs PyDLL, then the speaker view (S). */
async function openSpeakerView({ context, url }: DeckSession): Promise<void> {
  context.on('page', (p) => p.on('pageerror', (e) => session.pageErrors.push(e.message)));
  deck = await context.newPage();
  deck.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
  await deck.goto(url);
  await deck.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
  await deck.waitForFunction(() => (window as unknown as { ffiCorners: { ws: { hello: unknown } } }).ffiCorners.ws.hello !== null, null, { timeout: 30_000 });
  await deck.evaluate(() => {
    const reveal = (window as unknown as { Reveal: { slide(h: number, v?: number): void; getIndices(el: Element): { h: number; v?: number } } }).Reveal;
    const at = reveal.getIndices(document.querySelector('section[data-live="cdll-vs-pydll"]')!);
    reveal.slide(at.h, at.v);
  });
  const popup = context.waitForEvent('page');
  await deck.keyboard.press('s');
  speaker = await popup;
  await speaker.waitForFunction(() => getComputedStyle(document.getElementById('connection-status')!).display === 'none', null, { timeout: 30_000 });
}

const timer = () => speaker.evaluate(() => [...document.querySelectorAll('.speaker-controls-time .timer span')].map((s) => s.textContent).join(''));
const seconds = (t: string) => t.split(':').map(Number).reduce((a, b) => a * 60 + b, 0);

test('the timer advances, the clock shows the time, pacing is on', async () => {
  // The timer starts once the deck has answered the speaker view's request for its configuration.
  await speaker.waitForFunction(() => getComputedStyle(document.querySelector('.speaker-controls-time .pacing')!).display !== 'none', null, { timeout: 30_000 });
  const first = await timer();
  await speaker.waitForFunction((t) => [...document.querySelectorAll('.speaker-controls-time .timer span')].map((s) => s.textContent).join('') !== t, first, { timeout: 30_000 });
  const second = await timer();
  assert.match(first, /^\d\d:\d\d:\d\d$/);
  assert.ok(seconds(second) > seconds(first), `the timer went from ${first} to ${second}`);
  const clock = await speaker.textContent('.clock-value');
  assert.notEqual(clock, '0:00 AM', 'the clock was never set');
  assert.match(clock ?? '', /^\d\d:\d\d [AP]M$/);
  assert.match((await speaker.textContent('.speaker-controls-time .pacing')) ?? '', /\d\d:\d\d/);
});

test('current and upcoming slide, and notes with the headline as it is after a run', async () => {
  const frames = await speaker.locator('iframe').count();
  assert.equal(frames, 2, 'the current and the upcoming slide');
  const headline = () => deck.evaluate(() => document.querySelector('section.present > .headline')?.textContent ?? '');
  const notes = () => speaker.evaluate(() => document.querySelector('.speaker-controls-notes .value')?.textContent ?? '');
  await deck.waitForFunction(() => !!document.querySelector('section.present > .headline')?.textContent);
  const recorded = await headline();
  await speaker.waitForFunction((h) => (document.querySelector('.speaker-controls-notes .value')?.textContent ?? '').includes(h), recorded, { timeout: 30_000 });

  // A small run of this slide's experiment, started from the deck (what the presenter picked).
  await deck.evaluate(() => {
    const w = window as unknown as { ffiCorners: { ws: { send(m: unknown): boolean }; runtimes: { pair: { gil: string } | null } } };
    const runtime = w.ffiCorners.runtimes.pair?.gil;
    if (!runtime || !w.ffiCorners.ws.send({ type: 'run', experiment: 'cdll-vs-pydll', runtime, params: { calls: 20000, repeats: 2 } })) throw new Error('cannot run');
  });
  await deck.waitForFunction(() => {
    const badges = [...document.querySelectorAll('section.present .provenance')].map((b) => b.textContent ?? '');
    return badges.some((b) => /^LIVE/.test(b) && !/running/.test(b));
  }, null, { timeout: 120_000 });
  await deck.waitForFunction((r) => (document.querySelector('section.present > .headline')?.textContent ?? r) !== r, recorded, { timeout: 30_000 });
  const now = await headline();
  // Still on the same slide: the speaker view's notes follow the new headline.
  await speaker.waitForFunction((h) => (document.querySelector('.speaker-controls-notes .value')?.textContent ?? '').includes(h), now, { timeout: 30_000 }).catch(() => undefined);
  assert.ok((await notes()).includes(now), `notes: ${(await notes()).slice(0, 200)}\nheadline now: ${now}\nrecorded: ${recorded}`);
  mkdirSync(join(projectRoot, 'test-artifacts'), { recursive: true });
  await speaker.screenshot({ path: join(projectRoot, 'test-artifacts', 'speaker-view.png') });
});

test('L in the deck: the speaker view\'s notes follow it into the other language and back, on the same slide', async () => {
  const notesHave = (re: string) =>
    speaker.waitForFunction((re) => new RegExp(re).test(document.querySelector('.speaker-controls-notes .value')?.textContent ?? ''), re, { timeout: 30_000 });
  const at = await deck.evaluate(() => (window as unknown as { Reveal: { getIndices(): { h: number; v?: number } } }).Reveal.getIndices());
  await deck.keyboard.press('l');
  await deck.waitForFunction(() => document.documentElement.lang === 'zh-TW');
  // The views are mounted again on the rewritten slide; the headline follows from the store.
  await deck.waitForFunction(() => /[\u4e00-\u9fff]/.test(document.querySelector('section.present > .headline')?.textContent ?? ''), null, { timeout: 30_000 });
  const headline = await deck.evaluate(() => document.querySelector('section.present > .headline')?.textContent ?? '');
  await notesHave('[\\u4e00-\\u9fff]');
  await speaker.waitForFunction((h) => (document.querySelector('.speaker-controls-notes .value')?.textContent ?? '').includes(h), headline, { timeout: 30_000 });
  assert.deepEqual(await deck.evaluate(() => (window as unknown as { Reveal: { getIndices(): { h: number; v?: number } } }).Reveal.getIndices()), at, 'same slide');
  await deck.keyboard.press('l');
  await deck.waitForFunction(() => document.documentElement.lang === 'en');
  await notesHave('^[^\\u4e00-\\u9fff]*$');
});

test('the deck loads without a failed request, with its own icon', async () => {
  const icon = await deck.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? null);
  assert.ok(icon, 'no <link rel="icon">: browsers then ask for /favicon.ico');
  const res = await fetch(icon);
  assert.equal(res.status, 200, icon);
  assert.match(res.headers.get('content-type') ?? '', /^image\/svg\+xml/);
  assert.match(await res.text(), /^<svg /);
  assert.deepEqual(failed, []);
});

test('the server goes away: the run bar says this session\'s runs stay LIVE beside recorded results, not "recorded results shown"', async () => {
  await stopServer(session.served!);
  await deck.waitForFunction(() => /^Server not reachable/.test(document.querySelector('section.present .run-status .status')?.textContent ?? ''), null, { timeout: 30_000 });
  const status = await deck.textContent('section.present .run-status .status');
  const badges = await deck.evaluate(() => [...document.querySelectorAll('section.present .provenance .badge')].map((b) => b.className));
  assert.ok(badges.some((b) => /\blive\b/.test(b)), `badges: ${badges.join(', ')}`);
  assert.equal(status, "Server not reachable: this session's runs (LIVE) and recorded results shown. Start it with npm start");
});
