// On stage with live data: the same readability, frame and contrast measure as stage.test.ts, over
// every slide of the deck served by the real server, light and dark, with what grows on a real
// machine: this machine's environment check (a real run saved where the server reads, made with the
// slide's parameters: every check this machine has), the runtimes the server discovered (every one
// in the pickers), and a small call-overhead run started from the deck (what the presenter picked).
// Content that grows (tables of checks, bindings, runtimes) must stay inside the 1920×1080 frame.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import type { RunRecord } from '../../protocol/record.ts';
import { projectRoot } from '../../server/paths.ts';
import { launchDeckBrowser, openDeck } from '../browser.ts';
import { cli } from '../helpers.ts';
import { startServer } from '../server-client.ts';
import { type Served, stopServer } from '../../server/util/serve-process.ts';
import { buildDist } from '../static-server.ts';
import { measureDeck, report, sparse, totals, type Totals } from '../stage/measure.ts';

const ARTIFACTS = join(projectRoot, 'test-artifacts');
let tmp: string;
let served: Served | null = null;
let context: BrowserContext;
let page: Page;
let checks = 0;
const summary: Record<string, Totals> = {};
const pageErrors: string[] = [];

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'ffi-corners-stage-live-'));
  const results = join(tmp, 'results');
  const env = cli(['run', 'env-check', '--json'], { FFI_CORNERS_RESULTS: results });
  assert.equal(env.code, 0, env.stderr);
  checks = env.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string }).filter((e) => e.type === 'partial').length;
  await buildDist();
  served = await startServer([], { FFI_CORNERS_RESULTS: results });
  context = await launchDeckBrowser(join(tmp, 'profile'), { bypassCSP: true });
  page = await openDeck(context, `${served.url.replace(/\/$/, '')}/?theme=light`, pageErrors);
  await page.waitForFunction(() => (window as unknown as { ffiCorners: { ws: { hello: unknown } } }).ffiCorners.ws.hello !== null, null, { timeout: 30_000 });
  // A small call-overhead run started here, on the pair's GIL build; wait for its end.
  await page.evaluate(() => {
    const w = window as unknown as { ffiCorners: { ws: { send(m: unknown): boolean }; runtimes: { pair: { gil: string } | null } } };
    const runtime = w.ffiCorners.runtimes.pair?.gil;
    if (!runtime || !w.ffiCorners.ws.send({ type: 'run', experiment: 'call-overhead', runtime, params: { samples: 20, warmups: 1, batch_ms: 0.2 } })) throw new Error('cannot run');
  });
  await page.waitForFunction(() => {
    const w = window as unknown as { ffiCorners: { store: { current: unknown; queue: unknown[]; get(s: unknown): { origin: string; running: boolean } | null }; runtimes: { pair: { gil: string } | null } } };
    const shown = w.ffiCorners.store.get({ experiment: 'call-overhead', runtime: w.ffiCorners.runtimes.pair?.gil ?? null, match: { method: 'batched' } });
    return w.ffiCorners.store.current === null && shown?.origin === 'live' && !shown.running;
  }, null, { timeout: 180_000, polling: 500 });
});

after(async () => {
  writeFileSync(join(ARTIFACTS, 'stage-measure-live.json'), JSON.stringify(summary, null, 2));
  await context?.close();
  if (served) await stopServer(served);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  assert.deepEqual(pageErrors, [], 'uncaught errors in the deck');
});

test('the live data is on the slides: this machine\'s checks, LIVE', async () => {
  const shown = await page.evaluate(() => {
    const w = window as unknown as { ffiCorners: { store: { get(s: unknown): { origin: string; record: RunRecord } | null } } };
    const s = w.ffiCorners.store.get({ experiment: 'env-check', runtime: null });
    return s ? { origin: s.origin, checks: s.record.partials.length } : null;
  });
  assert.deepEqual(shown, { origin: 'live', checks });
  assert.ok(checks >= 15, `${checks} checks`);
});

for (const theme of ['light', 'dark']) {
  test(`${theme}, live: sizes, frame, contrast and chart text alternatives on every slide`, async () => {
    if (theme === 'dark') await page.keyboard.press('t');
    await page.waitForFunction((t) => document.documentElement.dataset['theme'] === t, theme);
    const ms = await measureDeck(page);
    const t = totals(ms);
    summary[theme] = t;
    console.log(`[${theme}, live] ${JSON.stringify(t)}`);
    const lines = report(ms, `${theme}, live`);
    assert.ok(t.slides >= 41, `only ${t.slides} slides`);
    assert.deepEqual(lines, [], `${lines.length} findings:\n${lines.join('\n')}`);
    // Use the room: a live slide's finding and data grow into the frame.
    const empty = sparse(ms, `${theme}, live`);
    assert.deepEqual(empty, [], empty.join('\n'));
  });
}
