// The violin chart on a busy machine (the dress rehearsal: an axis from 0 to 3,800 ns squashed every
// violin): a saved call-overhead run with the slide's parameters, 4% of each binding's calls slowed
// to 2,000–3,800 ns, served by the real server to the deck in Debian's Chromium at 1920×1080. The
// axis ends above every violin's body, not at the slow calls, and the line under the chart says how
// many samples lie beyond it: exactly the saved run's samples above the axis's top.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../analysis/stats.ts';
import { findExperiment, resolveParams } from '../../protocol/experiments.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { projectRoot } from '../../server/paths.ts';
import { deckSession, openDeck } from '../browser.ts';

const RUNTIME = '3.13.5-gil';
let saved: RunRecord;
const deck = deckSession('violin-axis', {
  own: true,
  // The recorded run with the slide's parameters, saved as this machine's newest, its calls slowed as a busy
  // machine slows them: every 25th call of every binding at 2,000–3,800 ns.
  prepare: (results) => {
    saved = JSON.parse(readFileSync(join(projectRoot, 'assets/results', `call-overhead--${RUNTIME}.json`), 'utf8')) as RunRecord;
    saved.params = resolveParams(findExperiment('call-overhead')!, {}); // every parameter resolved, as a run saves them
    const random = seededRandom(11);
    for (const values of Object.values(saved.samples)) for (let i = 0; i < values.length; i += 25) values[i] = 2000 + 1800 * random();
    const started = new Date();
    saved.startedAt = started.toISOString();
    saved.finishedAt = new Date(started.getTime() + 60_000).toISOString();
    const dir = join(results, 'call-overhead', RUNTIME);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${saved.startedAt.replace(/[:.]/g, '-')}-4242.json`), JSON.stringify(saved));
  },
});

test('a busy machine\'s slow calls: the violin axis ends above the bodies and the chart says how many samples lie beyond', async () => {
  const page = await openDeck(deck.context, `${deck.url}/?theme=light&lang=en#/call-overhead-live`, deck.pageErrors);
  await page.waitForFunction(() => /^LIVE/.test(document.querySelector('section.present [data-view="co-violin"] .provenance')?.textContent?.trim() ?? ''), null, { timeout: 60_000 }).catch(async (err: Error) => {
    throw new Error(`${err.message}; the slide's badges: ${await page.evaluate(() => [...document.querySelectorAll('section.present .provenance')].map((b) => b.textContent).join(' | '))}`);
  });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const seen = await page.evaluate(() => {
    const view = document.querySelector('section.present [data-view="co-violin"]')!;
    const chart = [...(window as unknown as { ffiCorners: { charts: Set<{ canvas: HTMLCanvasElement; scales: Record<string, { max: number }> }> } }).ffiCorners.charts].find((c) => view.contains(c.canvas))!;
    return { axisMax: chart.scales['y']!.max, foot: view.querySelector('.footnote')?.textContent ?? '', badge: view.querySelector('.provenance')?.textContent ?? '' };
  });
  const all = Object.values(saved.samples).flat();
  const slow = all.filter((v) => v >= 2000).length;
  const bodies = Object.values(saved.samples).map((v) => [...v].sort((a, b) => a - b)[Math.floor(0.75 * (v.length - 1))]!);
  assert.ok(seen.axisMax < 2000, `the axis ends at ${seen.axisMax} ns, stretched to the slow calls (2,000–3,800 ns)`);
  assert.ok(bodies.every((q3) => q3 < seen.axisMax), `every violin's body (upper quartiles ${bodies.map((b) => b.toFixed(1)).join(', ')}) under the axis's top ${seen.axisMax}`);
  const beyond = all.filter((v) => v > seen.axisMax).length;
  assert.ok(beyond >= slow, `${beyond} samples beyond the axis, ${slow} slowed`);
  console.log(`[violin] axis top ${seen.axisMax} ns, ${beyond} samples beyond (${slow} slowed), under the chart: ${seen.foot}`);
  assert.match(seen.foot, new RegExp(`(^|· )${beyond} samples above ${seen.axisMax} ns not drawn \\(in every statistic\\)`), `the line under the chart: "${seen.foot}" (badge ${seen.badge})`);
  await page.close();
});
