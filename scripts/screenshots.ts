// Screenshots of the built deck (dist/, recorded results) in Debian's Chromium at 1920×1080: every
// slide (vertical sub-slides included, all fragments shown), and a contact sheet of all of them,
// drawn by the same browser from those screenshots.
//   node --import tsx scripts/screenshots.ts [--out DIR] [--theme light|dark] [--lang en|zh-TW]
//                                            [--title-lang LANG] [--sheet FILE] [--only ID,...]
// --title-lang adds the title slide in that language after the others (the contact sheet shows both).
// The README's screenshots: --only call-overhead-live,call-overhead-stats,arena-live.
// The README's contact sheet: --title-lang zh-TW --sheet docs/screenshots/contact-sheet.png.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumPath, CHROMIUM_ARGS, deckBase } from '../server/chromium.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'test-artifacts/slides' },
    theme: { type: 'string', default: 'light' },
    lang: { type: 'string', default: 'en' },
    'title-lang': { type: 'string' },
    sheet: { type: 'string' },
    only: { type: 'string' },
  },
});
const LANGS = ['en', 'zh-TW'];
for (const l of [values.lang, values['title-lang']]) if (l !== undefined && !LANGS.includes(l)) throw new Error(`screenshots: expected a language of ${LANGS.join(', ')}, got "${l}"`);
const out = resolve(values.out);
mkdirSync(out, { recursive: true });
// dist/ (built first if its sources changed) on a private static server, recorded results.
const served = await deckBase({ results: 'recorded', log: (line) => process.stderr.write(`[screenshots] ${line}\n`) });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const open = async (lang: string) => {
    await page.goto(`${served.base}?theme=${values.theme}&lang=${lang}`);
    await page.waitForFunction('window.Reveal && window.Reveal.isReady()');
  };
  const suffix = (lang: string) => `${values.theme === 'dark' ? '-dark' : ''}${lang === 'en' ? '' : `-${lang}`}`;
  await open(values.lang);
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
    const name = `${String(s.i + 1).padStart(2, '0')}${s.id ? `-${s.id}` : ''}${suffix(values.lang)}.png`;
    await page.screenshot({ path: join(out, name) });
    shots.push({ file: join(out, name), label: `${s.i + 1}. ${s.title}` });
  }
  const titleLang = values['title-lang'];
  if (titleLang) {
    await open(titleLang);
    await page.evaluate('window.Reveal.slide(0, 0)');
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r))))');
    await page.waitForTimeout(150);
    const title = (await page.evaluate(`(window.Reveal.getSlides()[0].querySelector('h1, h2') || {}).textContent || ''`)) as string;
    const name = `01-title${suffix(titleLang)}.png`;
    await page.screenshot({ path: join(out, name) });
    shots.push({ file: join(out, name), label: `1. ${title} (${titleLang})` });
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
