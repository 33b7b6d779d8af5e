// `ffi-corners export-data`: the data behind every chart and table of the deck at once, as the
// deck's own download links give it (one CSV and one JSON per view: the numbers shown; the records
// with parameters, machine and provenance). The deck is opened in Debian's Chromium in its print
// view, which draws every slide (with --results live, after the running server's newest results
// have arrived), then asked for its exports.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../util/errors.ts';
import { checkLang, parse } from './args.ts';
import { withPrintView } from '../chromium.ts';
import { SPECS } from './specs.ts';

export interface DataExport {
  base: string;
  csv: string;
  json: string;
}

/** Every view's exports, from the deck served at the source `results` names. */
export async function exportData(opts: { out: string; results: 'live' | 'recorded'; server?: string | undefined; lang?: string; log: (line: string) => void }): Promise<{ files: string[]; source: string }> {
  return withPrintView(opts, opts.lang ? { lang: opts.lang } : {}, async (page, base) => {
    const views = (await page.evaluate('window.ffiCorners.exportData()')) as DataExport[];
    if (!views.length) throw new Error('the deck gave no data to export');
    mkdirSync(opts.out, { recursive: true });
    const files: string[] = [];
    for (const v of views) {
      for (const [ext, text] of [['csv', v.csv], ['json', v.json]] as const) {
        const file = join(opts.out, `${v.base}.${ext}`);
        writeFileSync(file, text);
        files.push(file);
      }
    }
    return { files, source: base };
  });
}

export async function exportDataCommand(args: string[]): Promise<number> {
  const { values } = parse(args, SPECS['export-data']);
  if (values.results !== 'live' && values.results !== 'recorded') throw new UserError(`--results: expected live or recorded, got "${values.results}"`);
  const out = resolve(values.out);
  const log = (line: string) => process.stderr.write(`[export-data] ${line}\n`);
  const done = await exportData({ out, results: values.results, server: values.server, lang: checkLang(values.lang), log });
  console.log(`wrote ${done.files.length} files (${done.files.length / 2} charts and tables, CSV + JSON) to ${out}, ${values.results} results from ${done.source}`);
  return 0;
}
