// On stage: every slide of the built deck (vertical sub-slides and fragments included) in Debian's
// Chromium at 1920×1080, light and dark: text at least 24 px (fine print at least 18 px), nothing
// outside the frame or clipped, WCAG AA contrast for every text node, every chart named and described
// by a data table with its numbers, and its CSV and JSON downloads matching what it shows.
// The totals go to test-artifacts/stage-measure.json; each offence is printed with slide and element.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { BINDING_IDS } from '../../protocol/runtime.ts';
import { projectRoot } from '../../server/paths.ts';
import { cli } from '../helpers.ts';
import { buildDist, serveDist } from '../static-server.ts';
import { CHROMIUM, launchDeckBrowser } from '../browser.ts';
import { checkDownloads, measureDeck, measureSlide, openMeasured, parseCsv, prepare, report, slideCount, sparse, totals, type DownloadCheck, type Totals } from '../stage/measure.ts';

const ARTIFACTS = join(projectRoot, 'test-artifacts');

let tmp: string;
let context: BrowserContext;
let url = '';
let closeStatic: () => Promise<void> = async () => {};
const summary: Record<string, Totals> = {};
const pageErrors: string[] = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'ffi-corners-stage-'));
  await buildDist();
  const served = await serveDist('/');
  url = served.url.replace(/\/$/, '');
  closeStatic = served.close;
  context = await launchDeckBrowser(join(tmp, 'profile'), { acceptDownloads: true });
});

after(async () => {
  writeFileSync(join(ARTIFACTS, 'stage-measure.json'), JSON.stringify(summary, null, 2));
  await context?.close();
  await closeStatic();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  assert.deepEqual(pageErrors, [], 'uncaught errors in the deck');
});

/** The deck in a theme and a language (given each time: the profile remembers the last one). */
const open = (theme: string, lang = 'en'): Promise<Page> => openMeasured(context, `${url}/?theme=${theme}&lang=${lang}`, pageErrors, `${theme}: `);

describe('readable from the back row (static build, recorded results)', () => {
  // Both themes in English; Traditional Chinese in the light theme (its strings change sizes, wrapping
  // and the frame; contrast is the theme's, measured in both themes above).
  for (const [theme, lang] of [['light', 'en'], ['dark', 'en'], ['light', 'zh-TW']] as const) {
    const name = lang === 'en' ? theme : `${theme} ${lang}`;
    test(`${name}: sizes, frame, contrast and chart text alternatives on every slide`, async () => {
      const page = await open(theme, lang);
      const ms = await measureDeck(page);
      const t = totals(ms);
      summary[name] = t;
      console.log(`[${name}] ${JSON.stringify(t)}`);
      const lines = report(ms, name);
      assert.ok(t.slides >= 41, `only ${t.slides} slides`);
      assert.ok(t.charts >= 10, `only ${t.charts} charts measured`);
      assert.ok(ms.every((m) => m.uncomputable === 0), `text whose background is not computable: ${ms.filter((m) => m.uncomputable).map((m) => m.label).join(', ')}`);
      assert.deepEqual(lines, [], `${lines.length} findings:\n${lines.join('\n')}`);
    // Use the room: a live slide's finding and data grow into the frame.
    const empty = sparse(ms, theme);
    assert.deepEqual(empty, [], empty.join('\n'));
      await page.close();
    });
  }

  test('every chart offers CSV and JSON downloads that parse and match the data shown', async () => {
    const page = await open('light');
    const n = await slideCount(page);
    const checks: DownloadCheck[] = [];
    for (let i = 0; i < n; i++) checks.push(...(await checkDownloads(page, i)));
    assert.ok(checks.length >= 9, `only ${checks.length} chart views checked`);
    const bad = checks.filter((c) => c.problems.length).map((c) => `slide ${c.slide}, view ${c.view}: ${c.problems.join('; ')}`);
    assert.deepEqual(bad, [], `${bad.length} of ${checks.length} chart views:\n${bad.join('\n')}`);
    await page.close();
  });
});

describe('keyboard, motion, notes', () => {
  test('Tab reaches the run bar and the data links of the slide on screen, and nothing else', async () => {
    const page = await open('light');
    await page.evaluate(() => {
      const w = window as unknown as { Reveal: { slide(h: number, v?: number): void; getIndices(s: Element): { h: number; v?: number } } };
      const i = w.Reveal.getIndices(document.getElementById('call-overhead-live')!);
      w.Reveal.slide(i.h, i.v);
    });
    const seen: string[] = [];
    for (let k = 0; k < 12; k++) {
      await page.keyboard.press('Tab');
      seen.push(
        await page.evaluate(() => {
          const a = document.activeElement as HTMLElement | null;
          if (!a || a === document.body) return 'body';
          const present = a.closest('section.present:not(.stack)') ?? (a.closest('section') ? null : document.body);
          return `${present ? 'here' : 'ELSEWHERE'}:${a.tagName.toLowerCase()}${a.dataset['download'] ? `[${a.dataset['download']}]` : ''}${a.className ? `.${a.className.split(' ')[0]}` : ''}`;
        }),
      );
    }
    assert.ok(!seen.some((s) => s.startsWith('ELSEWHERE')), `focus left the slide on screen: ${seen.join(', ')}`);
    assert.ok(seen.includes('here:select.runtime-picker'), `the runtime picker is not reachable: ${seen.join(', ')}`);
    assert.ok(seen.includes('here:a[csv]') && seen.includes('here:a[json]'), `the data links are not reachable: ${seen.join(', ')}`);
    // Enter on the focused CSV link downloads it.
    while (!(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset['download'] === 'csv'))) await page.keyboard.press('Tab');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    assert.match(download.suggestedFilename(), /^call-overhead-live-co-violin\.csv$/);
    await page.close();
  });

  test('prefers-reduced-motion: no transitions, no animations', async () => {
    const page = await context.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${url}/#/call-overhead-live`);
    await prepare(page);
    const moving = await page.evaluate(() =>
      [...document.querySelectorAll('.fragment, .reveal .slides section, .reveal .progress span')].filter((e) => {
        const cs = getComputedStyle(e);
        return cs.transitionDuration.split(',').some((d) => parseFloat(d) > 0) || cs.animationName !== 'none';
      }).length,
    );
    assert.equal(moving, 0, `${moving} elements still move`);
    await page.close();
  });

  test('the speaker notes start with the slide\'s headline numbers', async () => {
    const page = await open('light');
    // Not visited yet: computed when the page is idle.
    await page.waitForFunction(() => (document.querySelector('#call-overhead-live aside.notes .notes-headline')?.textContent ?? '') !== '', null, { timeout: 10_000 });
    const notes = await page.evaluate(() => document.querySelector('#call-overhead-live aside.notes')!.firstElementChild!.textContent);
    assert.match(notes ?? '', /^GIL: pyo3 \d+\.\d+× · .* the C-API floor \(\d+(\.\d+)? ns\/call\)$/);
    await page.close();
  });
});

describe('export-data', () => {
  test('writes a CSV and a JSON for every chart and table, the numbers from the records', () => {
    const out = join(tmp, 'data');
    const res = cli(['export-data', '--out', out]);
    assert.equal(res.code, 0, res.stderr);
    const files = readdirSync(out).sort();
    const csv = files.filter((f) => f.endsWith('.csv'));
    assert.ok(csv.length >= 20, `only ${csv.length} CSV files: ${files.join(', ')}`);
    assert.equal(files.length, csv.length * 2, 'a JSON beside every CSV');
    assert.match(res.stdout, new RegExp(`wrote ${files.length} files`));
    // The violins' table: one row per binding, n and the median of that binding's recorded samples.
    const violin = parseCsv(readFileSync(join(out, 'call-overhead-live-co-violin.csv'), 'utf8'));
    const doc = JSON.parse(readFileSync(join(out, 'call-overhead-live-co-violin.json'), 'utf8')) as { records: { origin: string; record: { samples: Record<string, number[]>; params: object; meta: { env: object } } }[] };
    const rec = doc.records[0]!;
    assert.equal(rec.origin, 'recorded');
    assert.ok(rec.record.params && rec.record.meta.env, 'parameters and machine in the JSON');
    const head = violin[0]!;
    const capi = violin.find((r) => r[0] === 'capi')!;
    const samples = rec.record.samples['capi/return_int']!.slice().sort((a, b) => a - b);
    const m = (samples.length - 1) / 2;
    const median = (samples[Math.floor(m)]! + samples[Math.ceil(m)]!) / 2;
    assert.equal(Number(capi[head.indexOf('n')]), samples.length);
    assert.ok(Math.abs(Number(capi[head.findIndex((h) => h.startsWith('median'))]) - median) <= 1e-3 * median, `capi median ${capi.join(',')} vs ${median}`);
    for (const f of files.filter((f) => f.endsWith('.json'))) JSON.parse(readFileSync(join(out, f), 'utf8'));
  });

  test('the arena heat maps: each of the three matrices named by what it shows, arena memory named as such', () => {
    const out = join(tmp, 'data');
    if (!existsSync(out)) assert.equal(cli(['export-data', '--out', out]).code, 0);
    const rows = parseCsv(readFileSync(join(out, 'arena-live-arena-heatmaps.csv'), 'utf8'));
    assert.equal(rows[0]![0], 'chart');
    assert.ok(rows[0]!.includes('arena memory after the run (MiB)'), `columns: ${rows[0]!.join(', ')}`);
    assert.ok(!rows[0]!.some((c) => /RSS/.test(c)), 'the matrices show arena memory, not RSS');
    const names = [...new Set(rows.slice(1).filter((r) => r.length > 1).map((r) => r[0]!))];
    assert.equal(names.length, 3, `matrix names: ${names.join(' | ')}`);
    for (const n of names) assert.match(n, /^Arena risk matrix: arena memory: 3\.13\.5 (GIL|no-GIL) · pydll.*: heat map of arena memory/);
  });

  test('bad options get a clear error', () => {
    const res = cli(['export-data', '--results', 'yesterday']);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /--results: expected live or recorded, got "yesterday"/);
  });
});

describe('export-pdf --handout', () => {
  test('one slide per page, with its notes and its charts\' data tables under it', () => {
    const out = join(tmp, 'handout.pdf');
    const res = cli(['export-pdf', '--handout', '--out', out]);
    assert.equal(res.code, 0, res.stderr);
    const [, pages, slides] = /(\d+) pages \((\d+) slides\)/.exec(res.stdout)!.map(Number);
    assert.ok(pages! >= slides! && pages! <= slides! + 20, `${pages} pages for ${slides} slides: one per slide, and continuation pages where its tables need them`);
    const info = spawnSync('pdfinfo', [out], { encoding: 'utf8' }).stdout;
    const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.map(Number);
    assert.equal(h! / w!, 2160 / 1920, `a slide and a slide's height for notes and data: ${info}`);
    const text = spawnSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' }).stdout;
    // The violin slide's page: its notes, then its data table (header and the capi row).
    const page = text.split('\f').find((p) => /return_int\(\): ns per call/.test(p))!;
    assert.match(page, /Samples stream in about ten times a second/);
    assert.match(page, /median \(ns\/call\)/);
    assert.match(page, /capi\s+\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+/);
    // Every row of every table: the ranking's nine bindings on both runtimes, the arena's three matrices.
    const pdfPages = text.split('\f');
    const from = pdfPages.findIndex((p) => /^\s*Ranking against the C-API floor, GIL vs free-threaded/.test(p));
    const upTo = pdfPages.findIndex((p, i) => i > from && /^\s*Your machine against the recorded run/.test(p));
    const ranking = pdfPages.slice(from, upTo).join('\n');
    for (const b of BINDING_IDS) {
      if (b === 'capi') continue; // the floor itself: no bar
      assert.match(ranking, new RegExp(`^\\s*${b.replace(/-/g, '\\-')}\\s+\\d`, 'm'), `the ranking's row of ${b} is printed`);
    }
    // The scaling slide's table: a row per binding with both builds' numbers (the rehearsal's handout cut it).
    const scalingFrom = pdfPages.findIndex((p) => /^\s*Free-threaded scaling: calls\/s vs threads/.test(p));
    assert.ok(scalingFrom >= 0, 'the scaling slide is in the handout');
    const scaling = pdfPages.slice(scalingFrom, pdfPages.findIndex((p, i) => i > scalingFrom && !/^\s*Free-threaded scaling/.test(p))).join('\n');
    for (const b of BINDING_IDS) assert.match(scaling, new RegExp(`^\\s*${b.replace(/-/g, '\\-')}\\s+\\d[\\d.]*\\s+\\d`, 'm'), `the scaling table's row of ${b} is printed with both builds`);
    const arena = text.replace(/\s+/g, ' ');
    for (const m of ['3.13.5 GIL · pydll (GIL held)', '3.13.5 no-GIL · pydll', '3.13.5 no-GIL · pydll, arena_max=2']) {
      assert.ok(arena.includes(`Arena risk matrix: arena memory: ${m}`), `the arena matrix "${m}" is printed`);
    }
    assert.throws(() => {
      const bad = cli(['export-pdf', '--handout', '--fragments', '--out', join(tmp, 'x.pdf')]);
      if (bad.code === 2) throw new Error(bad.stderr);
    }, /--handout is one page per slide/);
  });
});

describe('the measure itself', () => {
  test('finds small text, overflow and low contrast where there is some', async () => {
    const page = await open('light');
    // A slide with 16 px grey-on-white text pushed out of the frame: each rule must see it.
    await page.evaluate(() => {
      const s = (window as unknown as { Reveal: { getSlides(): HTMLElement[] } }).Reveal.getSlides()[0]!;
      const p = document.createElement('p');
      p.id = 'stage-probe';
      p.style.cssText = 'font-size:16px;color:#aaaaaa;background:#ffffff;position:absolute;left:1900px;top:10px;white-space:nowrap';
      p.textContent = 'tiny grey text';
      s.append(p);
    });
    const lines = report([await measureSlide(page, 0)], 'light').join('\n');
    assert.match(lines, /\d px \(< 18\) 12 chars in p#stage-probe/);
    assert.match(lines, /outside the 1920×1080 frame: p#stage-probe/);
    assert.match(lines, /contrast 2\.32:1 \(< 4\.5\) #aaaaaa on #ffffff in p#stage-probe/);
    await page.close();
  });
});
