// The one-file deck (`ffi-corners export-html`): its size, and how long Chromium takes from
// navigation to the first slide drawn (Reveal ready, the embedded fonts loaded, the title laid out)
// when it is opened from file:// with the network blocked, each time in a fresh browser (cold).
// Run: node --import tsx bench/export-html.ts [--runs N]. Prints a Markdown table and the load.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { median } from '../analysis/stats.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../server/chromium.ts';
import { exportHtml } from '../server/commands/export-html.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const tmp = mkdtempSync(join(tmpdir(), 'ffi-corners-bench-html-'));
const file = join(tmp, 'talk.html');
const loadBefore = loadavg()[0]!;
const t0 = performance.now();
const done = await exportHtml({ out: file, results: 'recorded', log: () => {} });
const exportS = (performance.now() - t0) / 1000;

const firstSlide: number[] = [];
for (let i = 0; i < runs; i++) {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.route('**/*', (r) => (/^(file|data|blob):/.test(r.request().url()) ? r.continue() : r.abort()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'commit' });
  const ms = await page.waitForFunction(
    () => {
      const w = window as unknown as { Reveal?: { isReady(): boolean } };
      const h1 = document.querySelector('.reveal .slides section.present h1');
      return !!w.Reveal?.isReady() && document.fonts.status === 'loaded' && !!h1 && h1.getBoundingClientRect().width > 0 ? performance.now() : 0;
    },
    null,
    { polling: 'raf', timeout: 30_000 },
  );
  firstSlide.push(Number(await ms.jsonValue()));
  await browser.close();
}
rmSync(tmp, { recursive: true, force: true });
const loadAfter = loadavg()[0]!;

const mib = (b: number) => (b / 1048576).toFixed(2);
console.log(`| what | measured | bar | |
|---|---:|---:|:---:|
| one-file deck (\`export-html\`, recorded results): size | ${mib(done.bytes)} MiB (fonts ${(done.fontBytes / 1024).toFixed(0)} KiB, ${done.faces} faces subset to ${done.characters} characters) | ≤ 8 MiB | ${done.bytes <= 8 * 1048576 ? 'met' : 'NOT met'} |
| first slide drawn from file://, network blocked, fresh Chromium (median of ${runs}; min ${Math.min(...firstSlide).toFixed(0)}, max ${Math.max(...firstSlide).toFixed(0)}) | ${median(firstSlide).toFixed(0)} ms | ≤ 2 s | ${median(firstSlide) <= 2000 ? 'met' : 'NOT met'} |
| export-html wall time (deck already built) | ${exportS.toFixed(1)} s | — | |

Machine: ${cpus()[0]?.model ?? 'CPU unknown'}, ${cpus().length} cores; 1-minute load ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after.`);
