// `ffi-corners export-pdf`: the deck as a PDF through Reveal's print view in Debian's Chromium.
// Every chart is drawn and turned into an image before printing (the deck sets
// <html data-charts-ready="1"> when it is done), one page per slide unless --fragments.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { withPrintView, type PrintViewOptions } from '../chromium.ts';
import { UserError } from '../util/errors.ts';
import { checkLang, parse } from './args.ts';
import { SPECS } from './specs.ts';

export interface ExportOptions extends PrintViewOptions {
  out: string;
  notes: boolean;
  fragments: boolean;
  /** Notes and the charts' data tables under each slide, one slide per page. */
  handout?: boolean;
  /** The deck's language (slides/i18n): en or zh-TW. */
  lang?: string;
}

export interface ExportOutcome {
  out: string;
  pages: number;
  slides: number;
  seconds: number;
  source: string;
}

export async function exportPdf(opts: ExportOptions): Promise<ExportOutcome> {
  const started = Date.now();
  const query: Record<string, string> = {};
  if (opts.notes) query['notes'] = '1';
  if (opts.fragments) query['fragments'] = '1';
  if (opts.handout) query['handout'] = '1';
  if (opts.lang) query['lang'] = opts.lang;
  return withPrintView(opts, query, async (page, base) => {
    const slides = await page.evaluate(() => (window as unknown as { Reveal: { getTotalSlides(): number } }).Reveal.getTotalSlides());
    opts.log(`printing ${slides} slides`);
    await page.pdf({ path: opts.out, preferCSSPageSize: true, printBackground: true });
    const pages = countPages(opts.out);
    const seconds = (Date.now() - started) / 1000;
    return { out: opts.out, pages, slides, seconds, source: base };
  });
}

/** Page count of a PDF (pdfinfo from poppler-utils). */
export function countPages(pdf: string): number {
  const res = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(res.stdout ?? '')?.[1]);
  if (!pages) throw new Error(`cannot read ${pdf}: ${res.stderr || 'pdfinfo failed'}`);
  return pages;
}

export async function exportPdfCommand(args: string[]): Promise<number> {
  const { values } = parse(args, SPECS['export-pdf']);
  if (values.results !== 'live' && values.results !== 'recorded') throw new UserError(`--results: expected live or recorded, got "${values.results}"`);
  const lang = checkLang(values.lang);
  const out = resolve(values.out);
  if (existsSync(out) && statSync(out).isDirectory()) throw new UserError(`--out ${out} is a folder; give a file name`);
  const log = (line: string) => process.stderr.write(`[export-pdf] ${line}\n`);
  if (values.handout && values.fragments) throw new UserError('--handout is one page per slide: it does not go with --fragments');
  const done = await exportPdf({ out, notes: values.notes, fragments: values.fragments, handout: values.handout, results: values.results, server: values.server, lang, log });
  console.log(`wrote ${done.out}: ${done.pages} pages (${done.slides} slides) in ${done.seconds.toFixed(1)} s, ${values.results} results from ${done.source}`);
  return 0;
}
