// The deck in Traditional Chinese and in English, in Debian's Chromium from the static build:
// ?lang=zh-TW makes the title slide's subtitle, every live view's headline, the run bar and the
// provenance badges Chinese; the choice is remembered; L switches to English on the same slide.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { projectRoot } from '../../server/paths.ts';
import { deckSession } from '../browser.ts';
import { openMeasured, prepare, showSlide, slideCount } from '../stage/measure.ts';
import * as TALK from '../../analysis/talk.ts';
import { CLAIMS } from '../../analysis/claims.ts';

const ARTIFACTS = join(projectRoot, 'test-artifacts');
const HAN = /\p{Script=Han}/u;
// English function words: a sentence left untranslated (binding ids, units and commands may stay).
const ENGLISH = /\b(of|in|the|and|with|across|vs|on|is|are|here|than|calls|threads|repeats|lost)\b/i;

/** Every string value inside `x` (objects, arrays, nested). */
const strings = (x: unknown): string[] => (typeof x === 'string' ? [x] : x && typeof x === 'object' ? Object.values(x).flatMap(strings) : []);
const squash = (s: string) => s.replace(/\s+/g, ' ');

/**
 * The English a Chinese page may show, and why: the talk's own words, cited as it wrote them
 * (analysis/talk.ts, the claims' quotes, and the literal text of the section files, where only the
 * talk's headings and passages are written literally: everything the deck writes itself comes from
 * the catalog); the environment check's findings, which its driver (demos/env_check.py) records in
 * English with the run. Code, commands, paths, ids and units are not sentences (see `sentences`).
 */
function allowedEnglish(): string {
  const sections = join(projectRoot, 'slides/sections');
  return squash([
    ...strings(TALK),
    ...CLAIMS.flatMap((c) => [c.talk, c.section]),
    ...readdirSync(sections).map((f) => readFileSync(join(sections, f), 'utf8')),
    ...strings(JSON.parse(readFileSync(join(projectRoot, 'assets/results/env-check--machine.json'), 'utf8')).result),
  ].join('\n'));
}

/** The English sentences in a text: runs of three or more Latin words with a function word, once
 * code (commands, paths, identifiers, key=value, calls) is taken out. */
function sentences(text: string): string[] {
  // Code is blanked out in place (the same length), so each sentence is cut from the text as shown.
  const prose = text.replace(/npx ffi-corners[^；。，（）]*|npm start|https?:\S+|[\w.~/-]*[_/=<>.][\w.~/=<>-]*|\b\w+\(\)/g, (code) => '\u0001'.repeat(code.length));
  return [...prose.matchAll(/[A-Za-z][A-Za-z'’]*(?:[ ,:;'’-]+[A-Za-z][A-Za-z'’]*){2,}/g)]
    .map((m) => text.slice(m.index, m.index + m[0].length))
    .filter((r) => /\b(of|in|the|and|with|on|is|are|not|no|than|per|from|to|at|for|by|when|each|only|after|over)\b/i.test(r));
}

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
  test('?lang=zh-TW: no English sentence on any slide but the talk\'s own words and the recorded environment check', async () => {
    const allowed = allowedEnglish();
    /** The English sentences on every slide of `query` that the allow-list does not cover. */
    const scan = async (query: string): Promise<string[]> => {
      const page = await open(query);
      const n = await slideCount(page);
      const bad: string[] = [];
      for (let i = 0; i < n; i++) {
        const label = await showSlide(page, i);
        const runs = await page.evaluate(() => {
          const s = (window as unknown as { Reveal: { getCurrentSlide(): HTMLElement } }).Reveal.getCurrentSlide();
          const out: string[] = [];
          const walk = document.createTreeWalker(s, NodeFilter.SHOW_TEXT);
          for (let t = walk.nextNode(); t; t = walk.nextNode()) {
            const e = t.parentElement!;
            if (e.closest('pre, code, kbd, samp, aside.notes, script, style') || !e.getClientRects().length || getComputedStyle(e).visibility === 'hidden') continue;
            out.push(`<${e.tagName.toLowerCase()}> ${t.textContent ?? ''}`);
          }
          for (const c of s.querySelectorAll('canvas[aria-label]')) out.push(`<canvas> ${c.getAttribute('aria-label')}`);
          return out;
        });
        for (const run of runs) for (const sentence of sentences(run)) if (!allowed.includes(squash(sentence).trim())) bad.push(`${label} ${run.split('>')[0]}>: "${sentence}" in "${run.slice(run.indexOf('>') + 2, 300)}"`);
      }
      await page.close();
      return bad;
    };
    // The check sees the deck's own English: the same slides in English are full of it.
    const en = await scan('?lang=en');
    assert.ok(en.length > 30, `only ${en.length} English sentences found on the English slides`);
    const zh = await scan('?lang=zh-TW');
    assert.deepEqual(zh, [], `${zh.length} English sentences on the Chinese slides:\n${zh.join('\n')}`);
  });

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

  test('the choice is remembered, and L switches in place: same slide, no reload, headline, run bar, badge, chart and notes in the other language', async () => {
    const page = await open('', '#/call-overhead-live');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-TW', 'remembered from ?lang=zh-TW');
    assert.equal(await page.textContent('section.present .run-bar button.run'), '執行');
    await page.waitForFunction(() => (document.querySelector('section.present .headline')?.textContent ?? '') !== '');
    const before = await page.evaluate(() => {
      const w = window as unknown as { Reveal: { getIndices(): { h: number; v?: number } }; __sameDocument?: boolean };
      w.__sameDocument = true; // a reload or a navigation would lose it
      return w.Reveal.getIndices();
    });
    let loads = 0;
    page.on('load', () => loads++);
    await page.keyboard.press('l');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.waitForFunction(() => /^GIL: /.test(document.querySelector('section.present .headline')?.textContent ?? ''));
    const after = await page.evaluate(() => {
      const w = window as unknown as { Reveal: { getIndices(): { h: number; v?: number }; getCurrentSlide(): HTMLElement }; __sameDocument?: boolean };
      const s = w.Reveal.getCurrentSlide();
      return {
        same: w.__sameDocument === true,
        at: w.Reveal.getIndices(),
        hash: location.hash,
        lang: new URL(location.href).searchParams.get('lang'),
        headline: s.querySelector('.headline')?.textContent ?? '',
        run: s.querySelector('.run-bar button.run')?.textContent ?? '',
        badge: s.querySelector('.provenance .badge b')?.textContent ?? '',
        chart: s.querySelector('canvas')?.getAttribute('aria-label') ?? '',
        notes: s.querySelector('aside.notes')?.textContent ?? '',
        slides: document.querySelectorAll('#slides section.present').length,
      };
    });
    await page.screenshot({ path: join(ARTIFACTS, 'i18n-L-in-place-en.png') });
    assert.ok(after.same, 'the page was reloaded');
    assert.equal(loads, 0, 'a load event: the page was reloaded');
    assert.deepEqual(after.at, before, 'the same slide');
    assert.equal(after.hash, '#/call-overhead-live');
    assert.equal(after.lang, 'en', 'the address says the language');
    assert.match(after.headline, /^GIL: pyo3 .* the C-API floor \([\d.]+ ns\/call\)$/);
    assert.equal(after.run, 'Run');
    assert.equal(after.badge, 'RECORDED');
    assert.match(after.chart, /violin plot/);
    assert.doesNotMatch(after.notes, HAN);
    assert.equal(after.slides, 1);
    // And back: L again writes the same slide in Chinese.
    await page.keyboard.press('l');
    await page.waitForFunction(() => /^GIL：/.test(document.querySelector('section.present .headline')?.textContent ?? ''));
    assert.equal(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument), true);
    assert.match((await page.getAttribute('section.present canvas', 'aria-label')) ?? '', /小提琴圖/);
    await page.screenshot({ path: join(ARTIFACTS, 'i18n-L-in-place-zh-TW.png') });
    await page.keyboard.press('l');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.close();
    const again = await open('');
    assert.equal(await again.evaluate(() => document.documentElement.lang), 'en', 'English remembered after L');
    assert.doesNotMatch((await again.textContent('.title-slide .edition')) ?? '', HAN);
    await again.close();
  });
});
