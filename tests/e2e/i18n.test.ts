// The deck in Traditional Chinese and in English, in Debian's Chromium from the static build:
// ?lang=zh-TW makes the title slide's subtitle, every live view's headline, the run bar and the
// provenance badges Chinese; the choice is remembered; L switches to English on the same slide.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { projectRoot } from '../../server/paths.ts';
import { deckSession } from '../browser.ts';
import { openMeasured, prepare, showSlide, slideCount } from '../stage/measure.ts';

const ARTIFACTS = join(projectRoot, 'test-artifacts');
const HAN = /\p{Script=Han}/u;
// English function words: a sentence left untranslated (binding ids, units and commands may stay).
const ENGLISH = /\b(of|in|the|and|with|across|vs|on|is|are|here|than|calls|threads|repeats|lost)\b/i;

const deck = deckSession('i18n');

before(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
});

const open = (query: string, hash = ''): Promise<Page> => openMeasured(deck.context, `${deck.url}/${query}${hash}`, deck.pageErrors);

/** Every slide's headline (slides with a live view that has one), shown as a person would. */
async function headlines(page: Page): Promise<{ slide: string; text: string }[]> {
  const out: { slide: string; text: string }[] = [];
  const n = await slideCount(page);
  for (let i = 0; i < n; i++) {
    const label = await showSlide(page, i);
    const text = await page.evaluate(() => {
      const s = (window as unknown as { Reveal: { getCurrentSlide(): HTMLElement } }).Reveal.getCurrentSlide();
      return s.querySelector(':scope > .headline') ? (s.querySelector(':scope > .headline')!.textContent ?? '') : null;
    });
    if (text !== null) out.push({ slide: label, text });
  }
  return out;
}

describe('two languages', () => {
  test('?lang=zh-TW: the title\'s subtitle, every headline, the run bar and the badges are Chinese', async () => {
    const page = await open('?lang=zh-TW');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-TW');
    const edition = (await page.textContent('.title-slide .edition')) ?? '';
    assert.match(edition, HAN);
    assert.doesNotMatch(edition, ENGLISH);
    // A view with nothing to say (e.g. no verdict decided in its table) leaves its headline empty in either language.
    const hs = (await headlines(page)).filter((h) => h.text !== '');
    assert.ok(hs.length >= 12, `only ${hs.length} headlines`);
    const bad = hs.filter((h) => !HAN.test(h.text) || ENGLISH.test(h.text)).map((h) => `${h.slide}: "${h.text}"`);
    assert.deepEqual(bad, [], `headlines not in Chinese:\n${bad.join('\n')}`);
    await page.evaluate(() => {
      const w = window as unknown as { Reveal: { slide(h: number, v?: number): void; getIndices(s: Element): { h: number; v?: number } } };
      const i = w.Reveal.getIndices(document.getElementById('call-overhead-live')!);
      w.Reveal.slide(i.h, i.v);
    });
    const bar = await page.evaluate(() => {
      const s = document.querySelector('section.present')!;
      return {
        buttons: [...s.querySelectorAll('.run-bar button')].map((b) => b.textContent),
        status: s.querySelector('.run-status')?.textContent ?? '',
        params: s.querySelector('.params-line')?.textContent ?? '',
        badge: s.querySelector('.provenance .badge b')?.textContent ?? '',
        headline: s.querySelector('.headline')?.textContent ?? '',
      };
    });
    await page.screenshot({ path: join(ARTIFACTS, 'i18n-zh-TW-violin.png') });
    assert.deepEqual(bar.buttons, ['執行', '取消']);
    assert.match(bar.status, /^[^a-z]*伺服器|靜態版本/);
    assert.match(bar.params, /^執行參數：/);
    assert.equal(bar.badge, '預錄');
    assert.match(bar.headline, /^GIL：pyo3 \d\.\d+× · pybind11 \d[\d.]*× · ctypes-cdll \d[\d.]*×（相對於 C-API 下限 [\d.]+ ns\/call）$/);
    await page.close();
  });

  test('the choice is remembered, and L switches to English on the same slide', async () => {
    const page = await open('', '#/call-overhead-live');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-TW', 'remembered from ?lang=zh-TW');
    assert.equal(await page.textContent('section.present .run-bar button.run'), '執行');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('l')]);
    await prepare(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await page.evaluate(() => location.hash), '#/call-overhead-live');
    assert.equal(await page.textContent('section.present .run-bar button.run'), 'Run');
    await page.waitForFunction(() => (document.querySelector('section.present .headline')?.textContent ?? '') !== '');
    assert.match((await page.textContent('section.present .headline')) ?? '', /^GIL: pyo3 .* the C-API floor \([\d.]+ ns\/call\)$/);
    await page.close();
    const again = await open('');
    assert.equal(await again.evaluate(() => document.documentElement.lang), 'en', 'English remembered after L');
    assert.doesNotMatch((await again.textContent('.title-slide .edition')) ?? '', HAN);
    await again.close();
  });
});
