// `ffi-corners export-html [--out talk.html] [--results live|recorded] [--lang en|zh-TW]`: the deck as one
// self-contained HTML file that opens from file:// offline: the built deck's script (one classic
// IIFE, styles inside it) inlined, the fonts subset to the characters the deck can write (subset-font:
// HarfBuzz's hb-subset) and inlined as data: URLs, and, with --results live, this machine's newest
// saved results (results/, as the server would send them) embedded and shown as live. The deck itself
// is the folder build (`npm run build`, dist/), made first when it is stale.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { EMBEDDED_ID, type Embedded } from '../../protocol/embedded.ts';
import { distDir } from '../http.ts';
import { projectRoot } from '../paths.ts';
import { UserError } from '../util/errors.ts';
import { checkLang, parse } from './args.ts';
import { SPECS } from './specs.ts';
import { collectBundle } from './bundle.ts';
import { ensureDeckBuilt } from '../deck-build.ts';

/** The font faces the deck imports (slides/main.ts), as @fontsource CSS files. */
const FONT_CSS = ['@fontsource/noto-sans/latin-400.css', '@fontsource/noto-sans/latin-700.css', '@fontsource/noto-sans-tc/400.css', '@fontsource/noto-sans-tc/700.css', '@fontsource/jetbrains-mono/latin-400.css'];


interface Face {
  family: string;
  weight: string;
  style: string;
  /** The woff2 file. */
  file: string;
  /** [first, last] code points; null: every character. */
  ranges: [number, number][] | null;
}

/** "U+0000-00FF,U+0131,U+1F95?" -> code point intervals. */
export function unicodeRanges(text: string): [number, number][] {
  return text.split(',').map((part) => {
    const p = part.trim().replace(/^U\+/i, '');
    if (p.includes('?')) return [parseInt(p.replace(/\?/g, '0'), 16), parseInt(p.replace(/\?/g, 'F'), 16)];
    const [a, b] = p.split('-');
    return [parseInt(a!, 16), parseInt(b ?? a!, 16)];
  });
}

function faces(): Face[] {
  const require = createRequire(join(projectRoot, 'package.json'));
  const out: Face[] = [];
  for (const css of FONT_CSS) {
    const path = require.resolve(css);
    const text = readFileSync(path, 'utf8');
    for (const rule of text.match(/@font-face\s*{[^}]*}/g) ?? []) {
      const get = (prop: string) => new RegExp(`${prop}:\\s*([^;]+);`).exec(rule)?.[1]?.trim();
      const woff2 = /url\(([^)]+\.woff2)\)/.exec(rule)?.[1];
      if (!woff2) continue;
      const range = get('unicode-range');
      out.push({
        family: get('font-family')!.replace(/['"]/g, ''),
        weight: get('font-weight') ?? '400',
        style: get('font-style') ?? 'normal',
        file: resolve(dirname(path), woff2),
        ranges: range ? unicodeRanges(range) : null,
      });
    }
  }
  return out;
}

/** The deck's script (one IIFE, its CSS inside) from dist/, without its @font-face rules. */
function deckScript(): { js: string; removedFaces: number } {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const srcs = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"[^>]*><\/script>/g)].map((m) => m[1]!);
  if (srcs.length !== 1) throw new Error(`dist/index.html: expected one script, found ${srcs.length}`);
  if (/<link[^>]+stylesheet/.test(html)) throw new Error('dist/index.html links a stylesheet: the export expects the styles inside the script');
  let js = readFileSync(join(distDir, srcs[0]!), 'utf8');
  let removedFaces = 0;
  js = js.replace(/@font-face\{[^{}]*\}/g, () => {
    removedFaces++;
    return '';
  });
  const left = readdirSync(join(distDir, 'assets')).filter((f) => !/\.(js|woff2?)$/.test(f));
  if (left.length) throw new Error(`dist/assets has files the export does not inline: ${left.join(', ')}`);
  return { js, removedFaces };
}

/** Text for a <script> element: nothing in it may close the element or open a comment. */
const scriptSafe = (s: string) => s.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

export interface HtmlExport {
  out: string;
  bytes: number;
  fontBytes: number;
  faces: number;
  characters: number;
  results: 'live' | 'recorded';
  source: string;
}

export async function exportHtml(opts: { out: string; results: 'live' | 'recorded'; lang?: string; log: (line: string) => void }): Promise<HtmlExport> {
  await ensureDeckBuilt(opts.log);
  const { js, removedFaces } = deckScript();
  const all = faces();
  if (removedFaces !== all.length) throw new Error(`the deck's script has ${removedFaces} @font-face rules, the font CSS ${all.length}: the export would miss fonts`);

  let embedded: Embedded = { results: 'recorded', lang: opts.lang ?? 'en', exportedAt: new Date().toISOString(), source: 'assets/results/ (the run recorded with the deck)', records: [] };
  if (opts.results === 'live') {
    const bundle = await collectBundle();
    const records = bundle.records.filter((r) => r.status === 'ok');
    if (!records.length) throw new UserError(`--results live: no finished runs saved in ${bundle.source} (run some first: npx ffi-corners run call-overhead; or use --results recorded)`);
    embedded = { ...embedded, results: 'live', source: bundle.source, records };
    opts.log(`embedding ${records.length} saved run(s) from ${bundle.source} as live results`);
  }
  const data = JSON.stringify(embedded).replace(/<\//g, '<\\/');

  // Every character the deck can write: its script (slides, notes, code, labels, recorded results),
  // the embedded results, and printable ASCII (numbers and ids drawn at run time).
  const chars = new Set<number>();
  for (const text of [js, data]) {
    for (const ch of text) chars.add(ch.codePointAt(0)!);
    // The bundler writes non-ASCII characters as escapes (\uXXXX, surrogate pairs, \u{X}).
    const escaped = [...text.matchAll(/\\u\{([0-9a-fA-F]+)\}|((?:\\u[0-9a-fA-F]{4})+)/g)];
    for (const m of escaped) {
      if (m[1]) chars.add(parseInt(m[1], 16));
      else for (const ch of String.fromCharCode(...m[2]!.split('\\u').slice(1).map((h) => parseInt(h, 16)))) chars.add(ch.codePointAt(0)!);
    }
  }
  for (let c = 0x20; c < 0x7f; c++) chars.add(c);
  const { default: subsetFont } = await import('subset-font');
  const css: string[] = [];
  let fontBytes = 0;
  for (const face of all) {
    const used = [...chars].filter((c) => !face.ranges || face.ranges.some(([a, b]) => c >= a && c <= b));
    if (!used.length) continue;
    const font = await subsetFont(readFileSync(face.file), String.fromCodePoint(...used), { targetFormat: 'woff2' });
    fontBytes += font.length;
    css.push(`@font-face{font-family:'${face.family}';font-style:${face.style};font-display:block;font-weight:${face.weight};src:url(data:font/woff2;base64,${font.toString('base64')}) format('woff2')}`);
  }
  opts.log(`fonts: ${css.length} of ${all.length} faces hold a character the deck writes (${chars.size} characters), ${(fontBytes / 1024).toFixed(0)} KiB after subsetting`);

  const title = /<title>([^<]*)<\/title>/.exec(readFileSync(join(distDir, 'index.html'), 'utf8'))?.[1] ?? 'ffi-corners';
  const html = [
    '<!doctype html>',
    `<html lang="${embedded.lang}">`,
    '<head>',
    '<meta charset="utf-8" />',
    '<meta name="viewport" content="width=device-width, initial-scale=1" />',
    `<meta name="generator" content="ffi-corners export-html, ${embedded.results} results, ${embedded.exportedAt}" />`,
    `<title>${title}</title>`,
    `<style>${css.join('\n')}</style>`,
    `<script type="application/json" id="${EMBEDDED_ID}">${data}</script>`,
    '</head>',
    '<body>',
    '<div class="reveal"><div class="slides" id="slides"></div></div>',
    `<script>${scriptSafe(js)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  writeFileSync(opts.out, html);
  return { out: opts.out, bytes: Buffer.byteLength(html), fontBytes, faces: css.length, characters: chars.size, results: embedded.results, source: embedded.source };
}

export async function exportHtmlCommand(args: string[]): Promise<number> {
  const { values } = parse(args, SPECS['export-html']);
  const lang = checkLang(values.lang);
  if (values.results !== 'live' && values.results !== 'recorded') throw new UserError(`--results: expected live or recorded, got "${values.results}"`);
  const out = resolve(values.out);
  if (existsSync(out) && statSync(out).isDirectory()) throw new UserError(`--out ${out} is a folder; give a file name`);
  const log = (line: string) => process.stderr.write(`[export-html] ${line}\n`);
  const done = await exportHtml({ out, results: values.results, lang, log });
  console.log(`wrote ${done.out}: ${(done.bytes / 1048576).toFixed(2)} MiB, one file (fonts ${(done.fontBytes / 1024).toFixed(0)} KiB), ${done.results} results from ${done.source}`);
  return 0;
}
