// "Your machine against the recorded run" in a real Chromium against the real server. A small
// call-overhead run saved beforehand (`ffi-corners run`, where the server reads its results) was made
// with other parameters than the slide's, so the slide keeps the recorded run (RECORDED, not LIVE);
// a small run started from this deck is what the presenter picked, and the comparison slide shows it
// beside the recorded run: one row per binding, the medians of the two records, their ratio and
// ranks; a runtime with no live run says "run it live to compare".
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { sig3 } from '../../analysis/format.ts';
import { median } from '../../analysis/stats.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { BINDING_IDS } from '../../protocol/runtime.ts';
import { projectRoot } from '../../server/paths.ts';
import { deckSession, openDeck } from '../browser.ts';
import { cli } from '../helpers.ts';
import { escapeRegExp } from '../../server/util/regexp.ts';

/** A machine's name as a literal inside a pattern (CPU models hold parentheses: “Intel(R) Xeon(R)”). */

const GIL = '3.13.5-gil';
const NOGIL = '3.13.5-nogil';
const SMALL = ['--set', 'samples=20', '--set', 'warmups=1', '--set', 'batch_ms=0.2'];

const deck = deckSession('compare', {
  own: true,
  prepare: (results) => {
    const run = cli(['run', 'call-overhead', '--runtime', GIL, ...SMALL], { FFI_CORNERS_RESULTS: results });
    assert.equal(run.code, 0, `the small live run failed:\n${run.stderr}`);
  },
  opened: async ({ context, url, pageErrors }) => {
    page = await openDeck(context, `${url}/#/call-overhead-compare`, pageErrors);
  },
});
let page: Page;

/** The newest saved record of (call-overhead, runtime). */
function liveRecord(runtime = GIL): RunRecord {
  const dir = join(deck.results, 'call-overhead', runtime);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  return JSON.parse(readFileSync(join(dir, files.at(-1)!), 'utf8')) as RunRecord;
}

/** Shows the slide with this id. */
async function goTo(id: string): Promise<void> {
  await page.evaluate((slideId) => {
    const reveal = (window as unknown as { Reveal: { slide(h: number, v?: number): void; getIndices(el: Element): { h: number; v?: number } } }).Reveal;
    const at = reveal.getIndices(document.getElementById(slideId)!);
    reveal.slide(at.h, at.v);
  }, id);
  await page.waitForFunction((slideId) => document.querySelector('section.present')?.id === slideId, id);
}

/** Asks the server for a saved run and waits for its reply: the server answers in order, so every
 * `latest` the deck asked before has been answered and folded in by then. */
async function serverAnswered(): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve, reject) => {
    const w = window as unknown as { ffiCorners: { ws: { send(m: unknown): boolean; on(t: string, f: () => void): void } } };
    w.ffiCorners.ws.on('latest', () => resolve());
    if (!w.ffiCorners.ws.send({ type: 'latest', experiment: 'env-check' })) reject(new Error('socket not open'));
  }));
}

/** Runs call-overhead with small parameters from this deck (the presenter's pick) and waits for its end. */
async function smallRunHere(runtime: string): Promise<void> {
  await page.evaluate((rt) => {
    const w = window as unknown as { ffiCorners: { ws: { send(m: unknown): boolean } } };
    if (!w.ffiCorners.ws.send({ type: 'run', experiment: 'call-overhead', runtime: rt, params: { samples: 20, warmups: 1, batch_ms: 0.2 } })) throw new Error('socket not open');
  }, runtime);
}

/** Wait until the compare view shows a finished LIVE run: the badge says LIVE, not running, and nine rows. */
async function liveRunShown(): Promise<void> {
  await page.waitForFunction(() => {
    const v = document.querySelector('section.present .view-co-compare');
    const badge = v?.querySelector('.provenance')?.textContent ?? '';
    return /LIVE/.test(badge) && !/running/.test(badge) && (v?.querySelectorAll('tbody tr').length ?? 0) === 9;
  }, null, { timeout: 120_000 });
}

/** What the compare view on the slide shown now says: its table, claim line, fine print, bundle label and error. */
function readCompare(): Promise<{ head: string[]; rows: string[][]; line: string; fine: string[]; label: string; error: string | null }> {
  return page.evaluate(() => {
    const v = document.querySelector('section.present .view-co-compare')!;
    return {
      head: [...v.querySelectorAll('thead th')].map((th) => th.textContent ?? ''),
      rows: [...v.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      line: v.querySelector('.claim-line')?.textContent ?? '',
      fine: [...v.querySelectorAll('.data-fine-print')].map((p) => p.textContent ?? ''),
      label: v.querySelector('.compare-bundle')?.textContent ?? '',
      error: v.querySelector('.compare-error')?.textContent ?? null,
    };
  });
}

const recordedRecord = (runtime = GIL): RunRecord => JSON.parse(readFileSync(join(projectRoot, 'assets/results', `call-overhead--${runtime}.json`), 'utf8')) as RunRecord;

async function pick(runtime: string): Promise<void> {
  await page.waitForFunction((rt) => [...document.querySelectorAll<HTMLOptionElement>('section.present .run-bar select option')].some((o) => o.value === rt), runtime, { timeout: 30_000 });
  await page.selectOption('section.present .run-bar select', runtime);
}

describe('your machine against the recorded run', () => {
  test('with only a saved run of other parameters (20 samples): the recorded run, badged RECORDED, here and on the call-overhead slide', async () => {
    await pick(GIL);
    await serverAnswered();
    await page.waitForFunction(() => /run it live to compare/.test(document.querySelector('section.present .view-co-compare')?.textContent ?? ''), null, { timeout: 30_000 });
    assert.match((await page.textContent('section.present .view-co-compare .provenance')) ?? '', /^RECORDED/);
    await goTo('call-overhead-live');
    await page.waitForFunction(() => !!document.querySelector('section.present .view-co-violin .provenance'));
    await pick(GIL);
    await serverAnswered();
    assert.match((await page.textContent('section.present .view-co-violin .provenance')) ?? '', /^RECORDED/);
    assert.doesNotMatch((await page.textContent('section.present .view-co-violin')) ?? '', /samples=20\b/);
    await goTo('call-overhead-compare');
  });

  test('after a small run started here: LIVE beside RECORDED, one row per binding, the medians and ratios of the two records', async () => {
    await pick(GIL);
    await smallRunHere(GIL);
    await liveRunShown();
    const view = await readCompare();
    mkdirSync(join(projectRoot, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(projectRoot, 'test-artifacts', 'compare-live.png') });
    assert.deepEqual(view.head, ['Binding', 'LIVE median ns/call', 'RECORDED median ns/call', 'LIVE / RECORDED', 'Rank (rec. → live)']);

    const live = liveRecord();
    const rec = recordedRecord();
    const med = (r: RunRecord, b: string) => median(r.samples[`${b}/return_int`]!);
    // Every binding, once, in the recorded run's order (fastest first).
    const expectedOrder = [...BINDING_IDS].sort((a, b) => med(rec, a) - med(rec, b));
    assert.deepEqual(view.rows.map((r) => r[0]), expectedOrder);
    const liveRank = new Map([...BINDING_IDS].sort((a, b) => med(live, a) - med(live, b)).map((b, i) => [b, i + 1]));
    view.rows.forEach((row, i) => {
      const b = row[0]!;
      assert.equal(row[1], sig3(med(live, b)), `${b} live median`);
      assert.equal(row[2], sig3(med(rec, b)), `${b} recorded median`);
      assert.equal(row[3], `${(med(live, b) / med(rec, b)).toFixed(2)}×`, `${b} ratio`);
      assert.equal(row[4], liveRank.get(b) === i + 1 ? `${i + 1}` : `${i + 1} → ${liveRank.get(b)}`, `${b} ranks`);
    });
    const moved = view.rows.filter((r) => r[4]!.includes('→')).length;
    assert.match(view.line, moved === 0 ? /^Ranking: the same order as the recorded run, all 9 bindings \(Kendall τ = 1\.00\)\./ : new RegExp(`^Ranking: ${moved} of 9 bindings moved place \\(Kendall τ = -?\\d\\.\\d\\d\\)\\.`));
    // Both machines' provenance in fine print: CPU, runtime, date, method and samples.
    assert.equal(view.fine.length, 3);
    assert.match(view.fine[1]!, new RegExp(`^LIVE: .+ ×${live.meta!.env.cpuCount}, Python ${live.meta!.env.version} \\(GIL on\\), ${live.startedAt.slice(0, 10)} .+ UTC, batched, 20 samples$`));
    assert.match(view.fine[2]!, new RegExp(`^RECORDED: ${escapeRegExp(rec.meta!.env.cpuModel)} ×${rec.meta!.env.cpuCount}, Python ${rec.meta!.env.version} \\(GIL on\\), ${rec.startedAt.slice(0, 10)} .+ UTC, batched, 200 samples$`));
  });

  test('text sizes on the 1920×1080 slide: fine print at least 18 px, everything else at least 24 px', async () => {
    const sizes = await page.evaluate(() => {
      const v = document.querySelector('section.present .view-co-compare .view-body')!;
      const out: [string, number, boolean][] = [];
      for (const e of v.querySelectorAll<HTMLElement>('td, th, p')) out.push([e.textContent!.slice(0, 30), parseFloat(getComputedStyle(e).fontSize), e.classList.contains('data-fine-print')]);
      return out;
    });
    assert.ok(sizes.length > 10);
    for (const [text, px, fine] of sizes) assert.ok(px >= (fine ? 18 : 24), `"${text}" is ${px} px`);
  });

  test('a runtime with only the recorded run: says so plainly, the recorded medians waiting for a live column', async () => {
    await pick(NOGIL);
    await page.waitForFunction(() => /run it live to compare/.test(document.querySelector('section.present .view-co-compare')?.textContent ?? ''), null, { timeout: 30_000 });
    // The recorded medians wait for a live run: every LIVE cell empty ("—"), nothing compared.
    const rows = (await readCompare()).rows;
    assert.equal(rows.length, 9);
    const rec = recordedRecord(NOGIL);
    for (const row of rows) {
      assert.deepEqual([row[1], row[3]], ['—', '—'], `${row[0]}: no live numbers`);
      assert.equal(row[2], sig3(median(rec.samples[`${row[0]}/return_int`]!)), `${row[0]} recorded median`);
    }
    await page.screenshot({ path: join(projectRoot, 'test-artifacts', 'compare-recorded-only.png') });
    assert.match((await page.textContent('section.present .view-co-compare .provenance')) ?? '', /RECORDED/);
  });

  test('a small run streamed into this session: the table follows it, and matches the record the server saved', async () => {
    await smallRunHere(NOGIL);
    await liveRunShown();
    const rows = (await readCompare()).rows;
    const live = liveRecord(NOGIL);
    const rec = recordedRecord(NOGIL);
    assert.equal(live.status, 'ok');
    for (const row of rows) {
      const m = (r: RunRecord) => median(r.samples[`${row[0]}/return_int`]!);
      assert.equal(row[1], sig3(m(live)), `${row[0]} live median`);
      assert.equal(row[2], sig3(m(rec)), `${row[0]} recorded median`);
      assert.equal(row[3], `${(m(live) / m(rec)).toFixed(2)}×`, `${row[0]} ratio`);
    }
    assert.deepEqual(rows.map((r) => r[0]).sort(), [...BINDING_IDS].sort());
  });

  test('a bundle opened on the slide: that machine beside this one, labelled with its machine and date; another format version is refused and the table stays', async () => {
    await pick(GIL);
    const liveTable = () =>
      page.waitForFunction(() => {
        const v = document.querySelector('section.present .view-co-compare');
        return v?.querySelector('thead th:nth-child(2)')?.textContent === 'LIVE median ns/call' && (v?.querySelectorAll('tbody tr').length ?? 0) === 9;
      }, null, { timeout: 30_000 });
    await liveTable();
    const bundleText = readFileSync(join(projectRoot, 'assets/recorded.bundle'), 'utf8');
    const bundle = JSON.parse(bundleText) as { version: number; machine: { cpuModel: string; cpuCount: number }; records: RunRecord[] };

    // The file picker, with a bundle of the next format version: one clear line, the local table kept.
    const future = JSON.stringify({ ...bundle, version: bundle.version + 1 });
    await page.setInputFiles('section.present .view-co-compare input[type=file]', { name: 'future.bundle', mimeType: 'application/json', buffer: Buffer.from(future) });
    await page.waitForSelector('section.present .view-co-compare .compare-error', { timeout: 10_000 });
    assert.match((await page.textContent('section.present .view-co-compare .compare-error')) ?? '', new RegExp(`^future\\.bundle: bundle format version ${bundle.version + 1}, this ffi-corners reads version ${bundle.version} only`));
    assert.equal(await page.locator('section.present .view-co-compare tbody tr').count(), 9, 'the local comparison stays whole');
    assert.equal(await page.textContent('section.present .view-co-compare thead th:nth-child(2)'), 'LIVE median ns/call');

    // Dropped on the slide: HERE (this machine's live run) beside THERE (the bundle's run of the same build).
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'recorded.bundle', { type: 'application/json' }));
      document.querySelector('section.present .view-co-compare')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, bundleText);
    await page.waitForSelector('section.present .view-co-compare .compare-bundle', { timeout: 10_000 });
    const view = await readCompare();
    await page.screenshot({ path: join(projectRoot, 'test-artifacts', 'compare-bundle.png') });
    assert.equal(view.error, null, 'the refusal is gone once a good bundle is open');
    assert.deepEqual(view.head, ['Binding', 'HERE median ns/call', 'THERE median ns/call', 'HERE / THERE', 'Rank (there → here)']);
    const newest = bundle.records.map((r) => r.startedAt).sort().pop()!.slice(0, 10);
    assert.equal(view.label, `recorded.bundle: THERE (${bundle.machine.cpuModel} ×${bundle.machine.cpuCount}, ${newest}) beside this machine’s live run (HERE)`);
    const live = liveRecord();
    // THERE: the bundle's run with the recorded default parameters (the bundle holds the newest of
    // that run's processes, not always the flat file of assets/results/).
    const flat = recordedRecord();
    const rec = bundle.records.find((r) => r.experiment === 'call-overhead' && r.runtimeId === GIL && JSON.stringify(r.params) === JSON.stringify(flat.params))!;
    assert.ok(rec, "the bundle holds the recorded default run's newest process");
    const med = (r: RunRecord, b: string) => median(r.samples[`${b}/return_int`]!);
    assert.deepEqual(view.rows.map((r) => r[0]).sort(), [...BINDING_IDS].sort());
    for (const row of view.rows) {
      const b = row[0]!;
      assert.equal(row[1], sig3(med(live, b)), `${b} here`);
      assert.equal(row[2], sig3(med(rec, b)), `${b} there`);
      assert.equal(row[3], `${(med(live, b) / med(rec, b)).toFixed(2)}×`, `${b} ratio`);
    }

    // Closed: the local comparison again.
    await page.click('section.present .view-co-compare .bundle-close');
    await liveTable();
  });
});
