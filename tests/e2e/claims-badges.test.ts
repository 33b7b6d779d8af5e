// The deck's verdict badges are the claims module's verdicts: the static deck (recorded results, no
// server) in Chromium, every badge of the claim views read from the page, against
// `ffi-corners verify --json --records` on the same recorded files (each with the other processes
// recorded with it, assets/results/processes/, which the deck carries for the claims' intervals). And the statistics slide's
// like-for-like table against `ffi-corners stats --estimators talk` on the same samples.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { ClaimResult } from '../../analysis/claims.ts';
import { sig3 } from '../../analysis/format.ts';
import { CHROMIUM_ARGS } from '../../server/chromium.ts';
import { projectRoot } from '../../server/paths.ts';
import { escapeRegExp } from '../../server/util/regexp.ts';
import { cli } from '../helpers.ts';
import { buildDist, serveDist } from '../static-server.ts';

const RECORDED = join(projectRoot, 'assets/results');
/** Each claim view and the recorded files its sources resolve to (slides/sections/*.ts). */
const VIEWS: [string, string[]][] = [
  ['co-ft-claims', ['call-overhead--3.13.5-gil--unicode.json', 'call-overhead--3.13.5-nogil--unicode.json']],
  ['co-claims', ['call-overhead--3.13.5-gil--talk-cffi.json', 'call-overhead--3.13.5-nogil--talk-cffi.json']],
  ['cdll-claims', ['cdll-vs-pydll--3.13.5-gil.json', 'cdll-vs-pydll--3.13.5-nogil.json']],
  ['blocking-claims', ['pydll-blocking--3.13.5-gil.json', 'pydll-blocking--3.13.5-nogil.json']],
  ['arena-claims', ['arena--3.13.5-gil.json', 'arena--3.13.5-nogil.json']],
  ['races-matrix', ['races--3.13.5-gil.json', 'races--3.13.5-gil--cdll.json', 'races--3.13.5-nogil.json', 'races--3.13.5-nogil--cdll.json']],
];

/** A recorded file and the other processes of its run (processes/<its name>--pN.json). */
const withProcesses = (file: string): string[] => {
  const own = new RegExp(`^${escapeRegExp(file.replace(/\.json$/, ''))}--p\\d+\\.json$`);
  return [join(RECORDED, file), ...readdirSync(join(RECORDED, 'processes')).filter((f) => own.test(f)).map((f) => join(RECORDED, 'processes', f))];
};

let tmp: string;
let context: BrowserContext;
let page: Page;
let close: () => Promise<void> = async () => {};

before(async () => {
  await buildDist();
  const served = await serveDist('/');
  close = served.close;
  tmp = mkdtempSync(join(tmpdir(), 'ffi-corners-badges-'));
  context = await chromium.launchPersistentContext(join(tmp, 'profile'), { executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS, viewport: { width: 1920, height: 1080 } });
  page = await context.newPage();
  await page.goto(served.url);
  await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
});

after(async () => {
  await context?.close();
  await close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Shows the slide holding the view, waits for its badges, returns {claim: [verdict, reason]}. */
async function badges(kind: string): Promise<Record<string, [string, string]>> {
  await page.evaluate((kind) => {
    const w = window as unknown as { Reveal: { slide(h: number, v?: number): void; getIndices(s: Element): { h: number; v?: number } } };
    const i = w.Reveal.getIndices(document.querySelector(`.view-${kind}`)!.closest('section')!);
    w.Reveal.slide(i.h, i.v);
  }, kind);
  await page.waitForFunction((kind) => document.querySelectorAll(`.view-${kind} [data-claim]`).length > 0, kind, { timeout: 30_000 });
  return page.evaluate(
    (kind) => Object.fromEntries([...document.querySelectorAll<HTMLElement>(`.view-${kind} [data-claim]`)].map((b) => [b.dataset['claim']!, [b.dataset['verdict']!, b.title]])),
    kind,
  );
}

describe("the statistics slide the talk's way", () => {
  test('single-shot samples of what the talk ran, with its estimators: the numbers of stats --estimators talk', async () => {
    const rows = await page.evaluate(() => {
      const w = window as unknown as { Reveal: { slide(h: number, v?: number): void; getIndices(s: Element): { h: number; v?: number } } };
      const i = w.Reveal.getIndices(document.getElementById('call-overhead-stats-talk')!);
      w.Reveal.slide(i.h, i.v);
      return null;
    });
    assert.equal(rows, null);
    await page.waitForFunction(() => document.querySelectorAll('section.present .view-co-stats-talk tbody tr').length >= 4, null, { timeout: 30_000 });
    const table = await page.evaluate(() =>
      [...document.querySelectorAll('section.present .view-co-stats-talk tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    const caption = await page.textContent('section.present .view-co-stats-talk caption');
    assert.match(caption ?? '', /single-shot \(the talk's method\)/);
    // The same samples through the CLI.
    const record = JSON.parse(readFileSync(join(RECORDED, 'call-overhead--3.13.5-gil--single-shot.json'), 'utf8')) as { samples: Record<string, number[]> };
    const series: Record<string, number[]> = {};
    for (const b of ['ctypes-cdll', 'cffi-talk', 'pybind11', 'pyo3']) series[b] = record.samples[`${b}/return_int`]!;
    const file = join(tmp, 'single-shot.json');
    writeFileSync(file, JSON.stringify(series));
    const res = cli(['stats', file, '--estimators', 'talk', '--json']);
    assert.equal(res.code, 0, res.stderr);
    const cli_ = (JSON.parse(res.stdout) as { summary: Record<string, { cv: number; skewness: number; kurtosis: number; std: number; mad: number; kept: number; n: number }> }).summary;
    assert.deepEqual(table.map((r) => r[0]), ['ctypes (ctypes-cdll)', 'cffi (cffi-talk)', 'pybind11 (pybind11)', 'pyo3 (pyo3)']);
    for (const row of table) {
      const s = cli_[/\((.*)\)/.exec(row[0]!)![1]!]!;
      assert.deepEqual(row.slice(1), [sig3(s.cv), sig3(s.skewness), sig3(s.kurtosis), sig3(s.std), sig3(s.mad), `${s.kept}/${s.n}`]);
    }
  });
});

describe("the deck's verdict badges", () => {
  for (const [kind, files] of VIEWS) {
    test(`${kind}: every badge is verify's verdict on the same records`, async () => {
      const shown = await badges(kind);
      const res = cli(['verify', '--json', '--records', ...files.flatMap(withProcesses)]);
      assert.equal(res.code, 0, res.stderr);
      const claims = (JSON.parse(res.stdout) as { claims: ClaimResult[] }).claims;
      assert.ok(Object.keys(shown).length >= 1);
      for (const [id, [verdict, reason]] of Object.entries(shown)) {
        const c = claims.find((x) => x.id === id)!;
        assert.ok(c, `badge for unknown claim ${id}`);
        assert.equal(verdict, c.verdict, `${kind}: ${id}`);
        assert.equal(reason, c.reason, `${kind}: ${id}`);
      }
      // A reader without a server: the recorded processes decide what a 5% effect decides.
      if (kind === 'cdll-claims') assert.equal(shown['pydll-faster-than-cdll']?.[0], 'differs', 'CDLL/PyDLL 1.08× free-threaded, 5 processes: clear of 1.2');
    });
  }
});
