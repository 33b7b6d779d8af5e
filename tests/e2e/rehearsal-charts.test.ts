// Two of the dress rehearsal's chart findings, in Debian's Chromium at the rehearsal's 1920×1080 on
// the built deck (recorded results):
//   - the scaling slide with ≤ 2 thread counts (the slide's default, max_threads=2) draws each
//     binding's speed-up as bars and says why in a line under them, instead of 18 lines over 2 points;
//   - the value labels of "The Fastest Solution for C++ Binding" (9 bindings × 2 runtimes, bars about
//     35 px wide) do not run into each other when neighbouring bars are close and their labels long,
//     as on a busy machine (medians in the hundreds and thousands of ns, GIL and free-threaded within
//     1%). What is drawn is read from the canvas's own text calls (every fillText with its transform
//     and measured extent: tests/stage/measure-page.js), not from anything the chart code reports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { projectRoot } from '../../server/paths.ts';
import { openDeck, deckSession } from '../browser.ts';
import { prepare } from '../stage/measure.ts';

const deck = deckSession('rehearsal-charts');

/** Shows the slide holding `selector` and waits for its views to draw. */
async function showSlideOf(page: Page, selector: string): Promise<void> {
  await page.evaluate((sel) => {
    const w = window as unknown as { Reveal: { slide(h: number, v?: number): void; getIndices(s: Element): { h: number; v?: number } } };
    const i = w.Reveal.getIndices(document.querySelector(sel)!.closest('section')!);
    w.Reveal.slide(i.h, i.v);
  }, selector);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r)))));
}

interface Point {
  binding: string;
  threads: number;
  callsPerSec: number;
}

test('scaling with ≤ 2 thread counts: one bar per binding and runtime (the speed-up from 1 to 2 threads) and a line saying why', async () => {
  // The recorded runs, made with the slide's parameters (max_threads=2 by default): 1 and 2 threads.
  const recorded = ['gil', 'nogil'].map((b) => JSON.parse(readFileSync(join(projectRoot, 'assets/results', `scaling--3.13.5-${b}.json`), 'utf8')) as { params: { max_threads: number }; result: { points?: Point[] } | null; partials: { data: Point }[]; meta: { env: { cpuCount: number } } });
  // A finished run's points are in its result, a streamed one's in its partials (as the view reads them).
  const pointsOf = (r: (typeof recorded)[number]): Point[] => r.result?.points ?? r.partials.map((p) => p.data);
  for (const r of recorded) {
    assert.equal(r.params.max_threads, 2, 'the recorded scaling runs use the default max_threads=2');
    assert.deepEqual([...new Set(pointsOf(r).map((p) => p.threads))].sort(), [1, 2]);
  }
  const page = await openDeck(deck.context, `${deck.url}/?theme=light&lang=en`, deck.pageErrors);
  await showSlideOf(page, '[data-view="scaling-lines"]');
  await page.waitForFunction(() => /measured/.test(document.querySelector('section.present [data-view="scaling-lines"]')?.textContent ?? ''), null, { timeout: 15_000 }).catch(() => {});
  const seen = await page.evaluate(() => {
    const view = document.querySelector('section.present [data-view="scaling-lines"]')!;
    const charts = [...((window as unknown as { ffiCorners: { charts: Set<{ canvas: HTMLCanvasElement; config: { type: string }; data: { labels: string[]; datasets: { label: string; data: (number | null)[] }[] }; getDatasetMeta(i: number): { data: { height?: number; width?: number }[] } }> } }).ffiCorners.charts)].filter((c) => view.contains(c.canvas) && c.canvas.offsetParent !== null);
    const text = (view as HTMLElement).innerText;
    return {
      text,
      why: [...view.querySelectorAll('p')].map((p) => p.textContent ?? '').find((t) => /measured/.test(t)) ?? null,
      charts: charts.map((c) => ({
        type: c.config.type,
        labels: c.data.labels.map(String),
        datasets: c.data.datasets.map((d, i) => ({ label: d.label, data: d.data, heights: c.getDatasetMeta(i).data.map((e) => Math.round(e.height ?? 0)) })),
      })),
    };
  });
  const cpus = recorded[0]!.meta.env.cpuCount;
  assert.equal(seen.why, `Only 1 and 2 threads measured (${cpus} CPU${cpus === 1 ? '' : 's'} here): each bar is a binding's speed-up from 1 to 2 threads; 2× is perfect scaling.`, `the slide's text: ${seen.text}`);
  assert.equal(seen.charts.length, 1, `one chart on the slide, not ${seen.charts.map((c) => c.type).join(', ')}`);
  const [chart] = seen.charts;
  assert.equal(chart!.type, 'bar', 'drawn as bars, not lines over two points');
  const bindings = [...new Set(pointsOf(recorded[0]!).map((p) => p.binding))];
  assert.deepEqual([...chart!.labels].sort(), [...bindings].sort(), 'one bar group per binding');
  assert.equal(chart!.datasets.length, 2, 'one bar per runtime');
  chart!.datasets.forEach((ds, k) => {
    const pts = pointsOf(recorded[k]!);
    chart!.labels.forEach((b, i) => {
      const at = (n: number) => pts.find((p) => p.binding === b && p.threads === n)!.callsPerSec;
      const want = at(2) / at(1);
      assert.ok(Math.abs(ds.data[i]! - want) <= 1e-9 * want, `${ds.label} ${b}: ${ds.data[i]} drawn, the record's speed-up is ${want}`);
      assert.ok(ds.heights[i]! >= 10, `${ds.label} ${b}: the bar is ${ds.heights[i]} px tall`);
    });
  });
  await page.close();
});

test('"The Fastest Solution for C++ Binding": close values with long labels on its narrow bars, and no two value labels overlap', async () => {
  const page = await openDeck(deck.context, `${deck.url}/?theme=light&lang=en`, deck.pageErrors);
  await prepare(page); // the stage measure: window.__stage.plotTextOverlaps reads the canvas's own text calls
  await page.evaluate(() => {
    const h = [...document.querySelectorAll('.reveal .slides section h2')].find((e) => e.textContent === 'The Fastest Solution for C++ Binding');
    h?.closest('section')?.setAttribute('data-test-fastest', '');
  });
  await showSlideOf(page, 'section[data-test-fastest]');
  const title = await page.evaluate(() => document.querySelector('section.present h2')?.textContent ?? '');
  assert.equal(title, 'The Fastest Solution for C++ Binding');
  const drawn = await page.evaluate(() => {
    type C = { canvas: HTMLCanvasElement; data: { labels: string[]; datasets: { data: (number | null)[] }[] }; getDatasetMeta(i: number): { data: { width?: number }[] }; update(mode?: string): void };
    const w = window as unknown as { ffiCorners: { charts: Set<C> }; __stage: { plotTextOverlaps(c: C): { texts: string[]; pairs: [string, string][] } } };
    const view = document.querySelector('section.present [data-view="co-medians"]')!;
    const chart = [...w.ffiCorners.charts].find((c) => view.contains(c.canvas))!;
    const [gil, nogil] = chart.data.datasets;
    // The slide's own bindings and runtimes; a busy machine's medians: from 45 ns to 4.5 µs, the
    // free-threaded bar 0.5% above the GIL one (its label as long, the two bars the same height).
    const n = chart.data.labels.length;
    gil!.data = chart.data.labels.map((_, i) => 45 * 100 ** (i / Math.max(1, n - 1)) + 0.123);
    nogil!.data = gil!.data.map((v) => v! * 1.005);
    chart.update('none');
    return { n, barWidth: chart.getDatasetMeta(0).data[0]?.width ?? 0, ...w.__stage.plotTextOverlaps(chart) };
  });
  assert.ok(drawn.n >= 9, `${drawn.n} bindings on the slide`);
  assert.ok(drawn.barWidth > 0 && drawn.barWidth < 45, `bars ${drawn.barWidth} px wide: the narrow bars of the rehearsal`);
  console.log(`[labels] ${drawn.n} bindings, bars ${drawn.barWidth.toFixed(1)} px wide, ${drawn.texts.length} value labels drawn: ${drawn.texts.join(' ')}`);
  assert.equal(drawn.texts.length, 2 * drawn.n, "every bar's value is written");
  const pairs = drawn.pairs.map(([a, b]) => `"${a}" and "${b}"`);
  assert.deepEqual(pairs, [], `${pairs.length} pair(s) of value labels overlap: ${pairs.slice(0, 6).join(', ')}`);
  await page.close();
});
