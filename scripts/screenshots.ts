// Screenshots of the built deck (dist/, recorded results) in Debian's Chromium at 1920×1080: every
// slide (vertical sub-slides included, all fragments shown), and a contact sheet of all of them,
// drawn by the same browser from those screenshots.
//   node --import tsx scripts/screenshots.ts [--out DIR] [--theme light|dark] [--sheet FILE] [--only ID,...]
// The README's screenshots: --only call-overhead-live,call-overhead-stats,arena-live.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumPath, CHROMIUM_ARGS, deckBase } from '../server/chromium.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'test-artifacts/slides' },
    theme: { type: 'string', default: 'light' },
    sheet: { type: 'string' },
    only: { type: 'string' },
  },
});
const out = resolve(values.out);
mkdirSync(out, { recursive: true });
// dist/ (built first if its sources changed) on a private static server, recorded results.
const served = await deckBase({ results: 'recorded', log: (line) => process.stderr.write(`[screenshots] ${line}\n`) });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${served.base}?theme=${values.theme}`);
  await page.waitForFunction('window.Reveal && window.Reveal.isReady()');
  const slides = (await page.evaluate(`window.Reveal.getSlides().map((s, i) => ({ i, id: s.id, title: (s.querySelector('h1, h2') || {}).textContent || '' }))`)) as { i: number; id: string; title: string }[];
  const only = values.only?.split(',');
  const shots: { file: string; label: string }[] = [];
  for (const s of slides) {
    if (only && !only.includes(s.id)) continue;
    await page.evaluate(`(() => {
      const slide = window.Reveal.getSlides()[${s.i}];
      const idx = window.Reveal.getIndices(slide);
      const n = slide.querySelectorAll('.fragment').length;
      window.Reveal.slide(idx.h, idx.v, n ? n - 1 : undefined);
    })()`);
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r))))');
    await page.waitForTimeout(150);
    const name = `${String(s.i + 1).padStart(2, '0')}${s.id ? `-${s.id}` : ''}${values.theme === 'dark' ? '-dark' : ''}.png`;
    await page.screenshot({ path: join(out, name) });
    shots.push({ file: join(out, name), label: `${s.i + 1}. ${s.title}` });
  }
  console.log(`${shots.length} screenshots in ${out}`);
  if (values.sheet) {
    // The contact sheet: 6 thumbnails per row, each 384×216 with its number and title under it.
    const cells = shots
      .map((s) => `<figure><img src="data:image/png;base64,${readFileSync(s.file).toString('base64')}"><figcaption>${s.label.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</figcaption></figure>`)
      .join('');
    const sheet = await browser.newPage({ viewport: { width: 6 * 400 + 16, height: 600 } });
    await sheet.setContent(
      `<!doctype html><style>body{margin:8px;background:#e8eaee;font:16px 'Noto Sans',sans-serif;display:grid;grid-template-columns:repeat(6,384px);gap:16px}figure{margin:0}img{width:384px;height:216px;display:block;border:1px solid #99a}figcaption{margin-top:4px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;color:#111}</style>${cells}`,
    );
    await sheet.screenshot({ path: resolve(values.sheet), fullPage: true });
    writeFileSync(resolve(values.sheet).replace(/\.png$/, '.txt'), shots.map((s) => s.label).join('\n') + '\n');
    console.log(`contact sheet: ${values.sheet}`);
  }
} finally {
  await browser.close();
  await served.close();
}
