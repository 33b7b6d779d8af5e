// "Readable from the back row", measured in a real Chromium over every slide of the deck (vertical
// sub-slides included, every fragment shown): text sizes, the 1920×1080 frame, WCAG contrast, the
// charts' text alternatives and their data downloads. The page-side code is measure-page.js; this
// module drives it and words the findings so that each names its slide, element and size.
// Re-run it on any build: `node --import tsx --test tests/e2e/stage.test.ts`.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';

const PAGE_CODE = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'measure-page.js'), 'utf8');

export interface TextFinding {
  where: string;
  size: number;
  chars: number;
  text: string;
  fine: boolean;
}
export interface ChartFinding {
  where: string;
  name: string;
  view: string | null;
  tableId: string | null;
  rows: string[][];
  data: { type: string; scalars: number[]; medians: { label: string; value: number }[] };
  problems: string[];
}
export interface SlideMeasure {
  index: number;
  label: string;
  chars: number;
  small: TextFinding[];
  tiny: TextFinding[];
  outside: { where: string; box: number[]; text: string }[];
  clipped: { where: string; content: number[]; box: number[]; text: string }[];
  overlaps: { where: string; under: string; text: string }[];
  lowContrast: { where: string; ratio: number; fg: string; bg: string; text: string }[];
  uncomputable: number;
  charts: ChartFinding[];
  chartFonts: { where: string; what: string; size: number }[];
  /** Share of the frame inside the box around the slide's content (notes, run controls aside). */
  fill: number;
  /** Data views on the slide. */
  views: number;
  titleOrDivider: boolean;
}

/** Live slides (with data views) whose content leaves more than half of the frame empty. */
export function sparse(ms: SlideMeasure[], theme: string): string[] {
  return ms.filter((m) => m.views > 0 && !m.titleOrDivider && m.fill < 0.5).map((m) => `[${theme}] slide ${m.label}: content fills ${(m.fill * 100).toFixed(0)}% of the frame (< 50%)`);
}

/** Waits until Reveal is ready and injects the measuring code. */
export async function prepare(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
  await page.evaluate(PAGE_CODE);
}

/** A new page of `context` on `url`, prepared for measuring; its uncaught errors go to `errors`,
 * each after `label`. */
export async function openMeasured(context: BrowserContext, url: string, errors: string[], label = ''): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${label}${e.message}`));
  await page.goto(url);
  await prepare(page);
  return page;
}

/** Number of slides, vertical sub-slides counted one by one. */
export async function slideCount(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { Reveal: { getSlides(): Element[] } }).Reveal.getSlides().length);
}

/** Shows slide `i` (in getSlides() order) with all its fragments, and lets its views render. */
export async function showSlide(page: Page, i: number): Promise<string> {
  const label = await page.evaluate(`(() => {
    const slide = window.Reveal.getSlides()[${i}];
    const idx = window.Reveal.getIndices(slide);
    const fragments = slide.querySelectorAll('.fragment').length;
    window.Reveal.slide(idx.h, idx.v, fragments ? fragments - 1 : undefined);
    return window.__stage.slideLabel(slide);
  })()`);
  // Views render on the next animation frames after the slide is shown; charts resize with it.
  await page.evaluate(`new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r))))`);
  // Fragments fade in (a CSS transition): measure what is drawn once they have arrived.
  await page.waitForFunction(`document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState !== 'running')`, null, { timeout: 5000 });
  await page.waitForTimeout(60);
  return label as string;
}

export async function measureSlide(page: Page, i: number): Promise<SlideMeasure> {
  const label = await showSlide(page, i);
  const m = (await page.evaluate(`window.__stage.measureSlide(window.Reveal.getSlides()[${i}])`)) as Omit<SlideMeasure, 'index' | 'label'>;
  return { index: i, label, ...m };
}

/** Every slide of the deck as it is open in `page`. */
export async function measureDeck(page: Page, onSlide?: (m: SlideMeasure) => Promise<void>): Promise<SlideMeasure[]> {
  await prepare(page);
  const n = await slideCount(page);
  const out: SlideMeasure[] = [];
  for (let i = 0; i < n; i++) {
    const m = await measureSlide(page, i);
    out.push(m);
    if (onSlide) await onSlide(m);
  }
  return out;
}

export interface Totals {
  slides: number;
  chars: number;
  charsUnder24: number;
  charsUnder18: number;
  slidesWithSmallText: number;
  smallest: number | null;
  outside: number;
  clipped: number;
  overlaps: number;
  lowContrast: number;
  charts: number;
  chartsWithProblems: number;
  chartFontsUnder24: number;
}

export function totals(ms: SlideMeasure[]): Totals {
  const sizes = ms.flatMap((m) => [...m.small, ...m.tiny].map((f) => f.size));
  return {
    slides: ms.length,
    chars: ms.reduce((n, m) => n + m.chars, 0),
    charsUnder24: ms.reduce((n, m) => n + m.small.reduce((k, f) => k + f.chars, 0) + m.tiny.reduce((k, f) => k + (f.fine ? 0 : f.chars), 0), 0),
    charsUnder18: ms.reduce((n, m) => n + m.tiny.reduce((k, f) => k + f.chars, 0), 0),
    slidesWithSmallText: ms.filter((m) => m.small.length + m.tiny.length > 0).length,
    smallest: sizes.length ? Math.min(...sizes) : null,
    outside: ms.reduce((n, m) => n + m.outside.length, 0),
    clipped: ms.reduce((n, m) => n + m.clipped.length, 0),
    overlaps: ms.reduce((n, m) => n + m.overlaps.length, 0),
    lowContrast: ms.reduce((n, m) => n + m.lowContrast.length, 0),
    charts: ms.reduce((n, m) => n + m.charts.length, 0),
    chartsWithProblems: ms.reduce((n, m) => n + m.charts.filter((c) => c.problems.length).length, 0),
    chartFontsUnder24: ms.reduce((n, m) => n + m.chartFonts.length, 0),
  };
}

/** One line per offence: slide, element, measure, text. Empty when the deck passes. */
export function report(ms: SlideMeasure[], theme: string): string[] {
  const lines: string[] = [];
  for (const m of ms) {
    const at = `[${theme}] slide ${m.label}`;
    for (const f of m.tiny) lines.push(`${at}: ${f.size} px (< 18) ${f.chars} chars in ${f.where}: “${f.text}”`);
    for (const f of m.small) lines.push(`${at}: ${f.size} px (< 24, not fine print) ${f.chars} chars in ${f.where}: “${f.text}”`);
    for (const f of m.outside) lines.push(`${at}: outside the 1920×1080 frame: ${f.where} at [${f.box.join(', ')}]: “${f.text}”`);
    for (const f of m.clipped) lines.push(`${at}: content clipped: ${f.where} needs ${f.content.join('×')} in ${f.box.join('×')}: “${f.text}”`);
    for (const f of m.overlaps) lines.push(`${at}: covered by ${f.under}: ${f.where}: “${f.text}”`);
    for (const f of m.lowContrast) lines.push(`${at}: contrast ${f.ratio}:1 (< 4.5) ${f.fg} on ${f.bg} in ${f.where}: “${f.text}”`);
    for (const c of m.charts) for (const p of c.problems) lines.push(`${at}: chart ${c.view ?? c.where}: ${p}`);
    for (const f of m.chartFonts) lines.push(`${at}: chart ${f.where}: ${f.what} drawn at ${f.size} px (< 24)`);
  }
  return lines;
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new Error('CSV: unterminated quoted field');
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows;
}

export interface DownloadCheck {
  slide: string;
  view: string;
  problems: string[];
}

/** The view's CSV and JSON downloads, clicked as a person would; what did not come is a problem. */
async function downloads(page: Page, check: string, problems: string[]): Promise<Record<string, string>> {
  const got: Record<string, string> = {};
  for (const kind of ['csv', 'json']) {
    const link = page.locator(`[data-stage-check="${check}"] a[data-download="${kind}"]`);
    if ((await link.count()) !== 1) {
      problems.push(`no ${kind.toUpperCase()} download link`);
      continue;
    }
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), link.click()]).catch((err: Error) => {
      problems.push(`${kind.toUpperCase()} link gave no download: ${err.message.split('\n')[0]}`);
      return [null];
    });
    if (!download) continue;
    const path = await download.path();
    got[kind] = readFileSync(path, 'utf8');
    if (!download.suggestedFilename().endsWith(`.${kind}`)) problems.push(`${kind} download named ${download.suggestedFilename()}`);
  }
  return got;
}

/** The CSV download against the view's data tables (header row first in each). */
function checkCsv(text: string, expected: string[][][], problems: string[]): void {
  try {
    const rows = parseCsv(text);
    const multi = expected.length > 1;
    // One chart: its table as is. Several: a leading "chart" column names the chart of each row.
    const flat = multi ? rows.slice(1).map((r) => r.slice(1)) : rows.slice(1);
    const want = expected.flatMap((t) => t.slice(1));
    if (JSON.stringify(flat) !== JSON.stringify(want)) problems.push(`CSV rows differ from the chart's data table: ${JSON.stringify(flat.slice(0, 2))} vs ${JSON.stringify(want.slice(0, 2))}`);
    const head = multi ? rows[0]!.slice(1) : rows[0]!;
    if (expected[0] && JSON.stringify(head) !== JSON.stringify(expected[0][0])) problems.push(`CSV header ${JSON.stringify(head)} vs table header ${JSON.stringify(expected[0][0])}`);
  } catch (err) {
    problems.push(`CSV does not parse: ${(err as Error).message}`);
  }
}

/** The JSON download: the same tables as the view's, and records with parameters, machine and provenance. */
function checkJson(text: string, expected: string[][][], problems: string[]): void {
  try {
    const doc = JSON.parse(text) as { tables?: { columns: string[]; rows: unknown[][] }[]; records?: ({ origin: string; provenance: string; record: { params: object; meta?: { env?: object } | null } } | null)[] };
    if (!Array.isArray(doc.tables) || doc.tables.length !== expected.length) problems.push(`JSON has ${doc.tables?.length ?? 0} tables, the view ${expected.length} charts`);
    else
      doc.tables.forEach((t, j) => {
        const shown = expected[j]!.slice(1);
        if (t.rows.length !== shown.length) return problems.push(`JSON table ${j}: ${t.rows.length} rows, the data table ${shown.length}`);
        t.rows.forEach((r, ri) =>
          r.forEach((cell, ci) => {
            const s = shown[ri]![ci]!;
            const ok = typeof cell === 'number' ? Math.abs(Number(s) - cell) <= 1e-3 * Math.abs(cell) + 1e-9 : String(cell ?? '') === s;
            if (!ok) problems.push(`JSON table ${j} row ${ri} column ${ci}: ${JSON.stringify(cell)} vs shown “${s}”`);
          }),
        );
      });
    const recs = (doc.records ?? []).filter((r) => r !== null);
    if (!recs.length) problems.push('JSON carries no record');
    for (const r of recs) {
      if (!r!.record?.params) problems.push('JSON record without parameters');
      if (!r!.record?.meta?.env) problems.push('JSON record without the machine (meta.env)');
      if (!/LIVE|RECORDED/.test(r!.provenance ?? '')) problems.push('JSON record without provenance');
    }
  } catch (err) {
    problems.push(`JSON does not parse: ${(err as Error).message}`);
  }
}

/** Every view with a chart on slide `i`: its CSV and JSON links download (a real download), parse,
 * and carry the numbers its charts' data tables show; the JSON has the records with parameters,
 * machine and provenance. */
export async function checkDownloads(page: Page, i: number): Promise<DownloadCheck[]> {
  const label = await showSlide(page, i);
  const views = (await page.evaluate(`(() => {
    const slide = window.Reveal.getSlides()[${i}];
    return [...slide.querySelectorAll('[data-view]')].filter((v) => v.querySelector('canvas')).map((v, k) => {
      v.dataset.stageCheck = '${i}-' + k;
      const tables = [...v.querySelectorAll('canvas')].map((c) => {
        const t = document.getElementById((c.getAttribute('aria-describedby') || '').split(' ')[0]);
        return t ? [...t.querySelectorAll('tr')].map((tr) => [...tr.children].map((x) => x.textContent.trim())) : null;
      });
      return { k, view: v.dataset.view, tables };
    });
  })()`)) as { k: number; view: string; tables: (string[][] | null)[] }[];
  const out: DownloadCheck[] = [];
  for (const v of views) {
    const problems: string[] = [];
    // A view behind a unit switch (ns/call ⇄ instructions/call) is reached as a person would: switch.
    const viewEl = page.locator(`[data-stage-check="${i}-${v.k}"]`);
    if (!(await viewEl.isVisible())) {
      for (const radio of await page.locator('.reveal .slides section.present .unit-switch input').all()) {
        await radio.check();
        if (await viewEl.isVisible()) break;
      }
    }
    const got = await downloads(page, `${i}-${v.k}`, problems);
    const expected = v.tables.filter((t): t is string[][] => t !== null);
    if (got['csv'] !== undefined) checkCsv(got['csv'], expected, problems);
    if (got['json'] !== undefined) checkJson(got['json'], expected, problems);
    out.push({ slide: label, view: v.view, problems: [...new Set(problems)].slice(0, 6) });
  }
  return out;
}

/** What a phone draws of the slide shown now (the phone layout: no stage scaling): the smallest
 * drawn text (font size × any transform's scale, visible text only), each chart's width and its
 * smallest font, the run bar's Run button, and whatever sticks out sideways (page scroll width,
 * the slide's own overflow, elements past the screen's edges). */
export interface PhoneMeasure {
  viewport: { width: number; height: number };
  pageScrollWidth: number;
  slideOverflowX: number;
  small: { where: string; size: number; text: string }[];
  smallest: number | null;
  sideways: { where: string; left: number; right: number }[];
  charts: { where: string; width: number; smallestFont: number | null }[];
  runButton: { width: number; height: number; inside: boolean } | null;
}

const PHONE_CODE = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'measure-phone.js'), 'utf8');

export async function measurePhone(page: Page, minPx = 14): Promise<PhoneMeasure> {
  await page.evaluate(PHONE_CODE);
  return (await page.evaluate(`window.__phone.measure(${Number(minPx)})`)) as PhoneMeasure;
}
