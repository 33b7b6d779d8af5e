// Deck entry: the talk's sections in order, Reveal and its configuration, the live layer (a Reveal
// plugin: slides/live/plugin.ts), theme toggle (T), print support (?print-pdf).
import '@fontsource/noto-sans/latin-400.css';
import '@fontsource/noto-sans/latin-700.css';
import '@fontsource/noto-sans-tc/400.css';
import '@fontsource/noto-sans-tc/700.css';
import '@fontsource/jetbrains-mono/latin-400.css';
import 'reveal.js/reset.css';
import 'reveal.js/reveal.css';
import './styles/deck.css';
import './styles/phone.css';
import Reveal from 'reveal.js';
import Notes from 'reveal.js/plugin/notes';
import { applyChartTheme, charts, resizeCharts } from './charts/core.ts';
import { LiveDeck } from './live/plugin.ts';
import { recordedProcesses, recordedRecords } from './live/recorded.ts';
import { useRecordedProcesses } from './views/dom.ts';
import { embedded } from './live/embedded.ts';
import { lang, switchLang } from './i18n/index.ts';
import { freezeCharts, isPrint } from './print.ts';
import { isPhone } from './phone.ts';
import { buildHandout, HANDOUT_EXTRA_PX, isHandout } from './handout.ts';
import { exportViews } from './live/downloads.ts';
import { resendNotes } from './live/headline.ts';
import './views/call-overhead.ts';
import './views/ctypes-loaders.ts';
import './views/races.ts';
import './views/arena.ts';
import './views/scaling-env.ts';
import './views/instructions.ts';
import './views/headlines.ts';
import opening from './sections/01-opening.ts';
import hiddenCorners from './sections/02-hidden-corners.ts';
import whatIsFfi from './sections/03-what-is-ffi.ts';
import setup from './sections/04-benchmark-setup.ts';
import results from './sections/05-benchmark-results.ts';
import freeThreaded from './sections/06-free-threaded.ts';
import pyo3VsCtypes from './sections/07-pyo3-vs-ctypes.ts';
import cdllVsPydll from './sections/08-cdll-vs-pydll.ts';
import fastest from './sections/09-fastest-binding.ts';
import blocking from './sections/10-pydll-blocking.ts';
import races from './sections/11-races.ts';
import arena from './sections/12-arena.ts';
import bestPractices from './sections/13-best-practices.ts';
import qa from './sections/14-qa.ts';
import { divider } from './sections/kit.ts';
import { recall, remember } from './remembered.ts';

// Dividers (kit.ts) announce the parts of the talk's outline. Written in the deck's language each
// time: L rewrites them in the other one, in place.
const sections = (): string =>
  [opening(), hiddenCorners(), divider(0), whatIsFfi(), divider(1), setup(), results(), divider(2), freeThreaded(), divider(3), pyo3VsCtypes(), cdllVsPydll(), fastest(), blocking(), divider(4), races(), divider(5), arena(), bestPractices(), qa()].join('\n');
const THEME_KEY = 'ffi-corners-theme';
/** The talk's slot, for the speaker view's pacing. */
const TALK_MINUTES = 30;

// ---- theme ---------------------------------------------------------------------------------
function setTheme(theme: string): void {
  document.documentElement.dataset['theme'] = theme;
  remember(THEME_KEY, theme);
  applyChartTheme();
  live.renderAll(); // colours chosen per binding and runtime are read from the theme
}
const query = new URLSearchParams(window.location.search);
document.documentElement.dataset['theme'] = query.get('theme') ?? recall(THEME_KEY) ?? (matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark');
applyChartTheme();

// ---- deck ----------------------------------------------------------------------------------
const phone = isPhone();
document.documentElement.classList.toggle('phone', phone);
const slidesEl = document.getElementById('slides')!;
slidesEl.innerHTML = sections();

document.documentElement.lang = lang();
useRecordedProcesses(recordedProcesses);
const live = new LiveDeck({ recorded: recordedRecords, autorun: query.get('autorun') === '1' });
// A one-file export with live results (export-html --results live): its saved runs, as the server sends them.
for (const record of embedded()?.records ?? []) live.store.ingest({ type: 'latest', experiment: record.experiment, runtime: record.runtimeId, params: record.params, record });

const deck = new Reveal({
  hash: true,
  width: 1920,
  // The handout's pages: the slide, then its notes and data tables under it.
  height: 1080 + (isPrint() && isHandout() ? HANDOUT_EXTRA_PX : 0),
  margin: 0, // at 1920×1080 the slide is drawn 1:1, so its 24 px text is 24 px on screen
  center: false,
  transition: 'none',
  backgroundTransition: 'none',
  // Print (?print-pdf): notes on the slide's page with &notes=1, a page per fragment with &fragments=1.
  showNotes: query.get('notes') === '1',
  pdfSeparateFragments: query.get('fragments') === '1',
  plugins: [Notes, live],
  // On a phone: no scaling, no scroll view (it scales the stage to the width), arrows to browse,
  // and no swipe (a swipe would fight the page's own scrolling).
  ...(phone ? { disableLayout: true, scrollActivationWidth: 0, controls: true, touch: false } : {}),
  // The speaker view's pacing: the talk's slot (?minutes=N, default 30) over the slides.
  totalTime: Math.round(60 * (Number(query.get('minutes')) > 0 ? Number(query.get('minutes')) : TALK_MINUTES)),
  keyboard: {
    84: () => setTheme(document.documentElement.dataset['theme'] === 'dark' ? 'light' : 'dark'), // T
    76: () => relang(), // L: English ⇄ 繁體中文, in place (remembered)
  },
});
// Print tools and tests look for the deck instance here.
(window as unknown as { Reveal: typeof deck }).Reveal = deck;
// For tests and the console: the charts (the live plugin adds its store, socket and runtimes), and
// exportData: every view's CSV and JSON (`ffi-corners export-data`).
Object.assign(((window as unknown as { ffiCorners?: object }).ffiCorners ??= {}), {
  charts,
  exportData: () => {
    live.renderAll();
    return exportViews(slidesEl);
  },
});

/** L: the other language, in place: the slides written again in it (same slide and fragment), the
 * views, run bars, badges, charts and notes rebuilt from the results already here; no reload, no
 * navigation. The choice is remembered and put in the address (?lang=). */
function relang(): void {
  switchLang();
  document.documentElement.lang = lang();
  const at = deck.getIndices();
  live.unmount();
  slidesEl.innerHTML = sections();
  deck.sync();
  deck.slide(at.h, at.v, at.f);
  live.mount(slidesEl);
  const slide = deck.getCurrentSlide();
  if (slide) {
    resizeCharts(slide);
    resendNotes(slide);
  }
}

const slideOf = (e: Event) => (e as unknown as { currentSlide: HTMLElement }).currentSlide;

deck.on('ready', (e) => resizeCharts(slideOf(e)));
deck.on('slidechanged', (e) => resizeCharts(slideOf(e)));
deck.on('resize', () => {
  const slide = deck.getCurrentSlide();
  if (slide) resizeCharts(slide);
});
void deck.initialize();

if (isPrint()) {
  deck.on('pdf-ready', () => {
    void live.settled.then(() => {
      live.renderAll();
      if (isHandout()) buildHandout(slidesEl);
      requestAnimationFrame(() => freezeCharts());
    });
  });
}
