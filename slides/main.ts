// Deck entry: the talk's sections in order, Reveal, the live layer (one WebSocket client, one
// results store, views bound to it, a run bar per live slide), theme toggle (T), auto-run (A or
// ?autorun=1), print support (?print-pdf).
import '@fontsource/noto-sans/latin-400.css';
import '@fontsource/noto-sans/latin-700.css';
import '@fontsource/noto-sans-tc/700.css';
import '@fontsource/jetbrains-mono/latin-400.css';
import 'reveal.js/reset.css';
import 'reveal.js/reveal.css';
import './styles/deck.css';
import Reveal from 'reveal.js';
import Notes from 'reveal.js/plugin/notes';
import { applyChartTheme, charts, resizeCharts } from './charts/core.ts';
import { RunBar } from './live/controls.ts';
import { recordedRecords } from './live/recorded.ts';
import { ResultsStore, sourceKey } from './live/store.ts';
import { ViewBinder } from './live/views.ts';
import { isMainWindow, WsClient, wsUrl } from './live/ws-client.ts';
import { freezeCharts, isPrint } from './print.ts';
import { buildHandout, HANDOUT_EXTRA_PX, isHandout } from './handout.ts';
import { exportViews } from './live/downloads.ts';
import './views/call-overhead.ts';
import './views/ctypes-loaders.ts';
import './views/races.ts';
import './views/arena.ts';
import './views/scaling-env.ts';
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

// Dividers (kit.ts) announce the parts of the talk's outline.
const SECTIONS = [opening, hiddenCorners, divider(0), whatIsFfi, divider(1), setup, results, divider(2), freeThreaded, divider(3), pyo3VsCtypes, cdllVsPydll, fastest, blocking, divider(4), races, divider(5), arena, bestPractices, qa];
const THEME_KEY = 'ffi-corners-theme';

// ---- theme ---------------------------------------------------------------------------------
function storedTheme(): string | null {
  try {
    return localStorage.getItem(THEME_KEY);
  } catch {
    return null;
  }
}
function setTheme(theme: string): void {
  document.documentElement.dataset['theme'] = theme;
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    /* private mode: not remembered */
  }
  applyChartTheme();
  binder.renderAll(); // colours chosen per binding and runtime are read from the theme
}
const query = new URLSearchParams(window.location.search);
document.documentElement.dataset['theme'] = query.get('theme') ?? storedTheme() ?? (matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark');
applyChartTheme();

// ---- deck ----------------------------------------------------------------------------------
const slidesEl = document.getElementById('slides')!;
slidesEl.innerHTML = SECTIONS.join('\n');

const main = isMainWindow();

/** In the speaker view's iframes: the main window's store (same origin), so they show what it shows. */
function mainWindowStore(): ResultsStore | null {
  try {
    for (const w of [window.top?.opener, window.parent?.opener, window.opener] as (Window | null | undefined)[]) {
      const store = (w as (Window & { ffiCorners?: { store?: ResultsStore } }) | null | undefined)?.ffiCorners?.store;
      if (store) return store;
    }
  } catch {
    /* another origin: keep our own */
  }
  return null;
}
const store = (main ? null : mainWindowStore()) ?? new ResultsStore(recordedRecords);
const ws = main ? new WsClient(wsUrl()) : null;
const binder = new ViewBinder(store);
const bars = new Map<HTMLElement, RunBar>();
for (const section of slidesEl.querySelectorAll<HTMLElement>('section[data-live]')) {
  const bar = new RunBar(section, ws, store);
  bar.addEventListener('runtimechange', () => binder.refreshSlide(section));
  bars.set(section, bar);
}
binder.mountAll(slidesEl);

let autorun = query.get('autorun') === '1';
const autorunFlag = document.createElement('div');
autorunFlag.className = 'autorun-flag';
document.body.append(autorunFlag);
const showAutorun = () => (autorunFlag.textContent = main && autorun ? 'auto-run on (A)' : '');
showAutorun();

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
  plugins: [Notes],
  keyboard: {
    84: () => setTheme(document.documentElement.dataset['theme'] === 'dark' ? 'light' : 'dark'), // T
    65: () => {
      autorun = !autorun; // A
      showAutorun();
      maybeAutorun();
    },
  },
});
// Print tools and tests look for the deck instance here.
(window as unknown as { Reveal: typeof deck }).Reveal = deck;
// For tests and the console: the charts and the store behind them.
// exportData: every view's CSV and JSON (`ffi-corners export-data`).
(window as unknown as { ffiCorners: unknown }).ffiCorners = {
  charts,
  store,
  ws,
  exportData: () => {
    binder.renderAll();
    return exportViews(slidesEl);
  },
};

function maybeAutorun(): void {
  const bar = bars.get(deck.getCurrentSlide() as HTMLElement);
  if (autorun && main && bar?.canRun) bar.run();
}

deck.on('slidechanged', (e) => {
  const slide = (e as unknown as { currentSlide: HTMLElement }).currentSlide;
  if (!isPrint()) binder.show(slide); // print draws every slide
  resizeCharts(slide);
  maybeAutorun();
});
deck.on('ready', (e) => {
  const slide = (e as unknown as { currentSlide: HTMLElement }).currentSlide;
  binder.show(isPrint() ? null : slide); // views render when their slide is shown; print shows all
  resizeCharts(slide);
});
deck.on('overviewshown', () => binder.show(null));
deck.on('overviewhidden', () => binder.show(deck.getCurrentSlide() ?? null));
deck.on('resize', () => {
  const slide = deck.getCurrentSlide();
  if (slide) resizeCharts(slide);
});
void deck.initialize();

// ---- live ----------------------------------------------------------------------------------
/** Settles once the live results the deck asked the server for have arrived, or there is no server
 * (print waits for it, so a PDF made against a running server carries its newest results). */
let settleLive: () => void = () => {};
const liveSettled = new Promise<void>((resolve) => (settleLive = resolve));
window.setTimeout(() => settleLive(), 10_000);
if (!ws) settleLive();
if (ws) {
  // What the views show: (experiment, runtime, parameter match), each asked for once.
  const wanted = new Set<string>();
  for (const v of slidesEl.querySelectorAll<HTMLElement>('[data-view]')) {
    for (const entry of (v.dataset['runtimes'] ?? '').split(' ')) {
      const r = entry.split('?')[0]!;
      if (r !== '@') wanted.add(`${sourceKey(v.dataset['experiment']!, r || null)}|${v.dataset['match'] ?? ''}`);
    }
  }
  let enteredOnLoad = false;
  const askLatest = (key: string) => {
    const [experiment, runtime, match] = key.split('|') as [string, string, string];
    ws.send({
      type: 'latest',
      experiment,
      ...(runtime !== 'machine' ? { runtime } : {}),
      ...(match ? { params: JSON.parse(match) as Record<string, unknown> } : {}),
    });
  };
  for (const type of ['hello', 'job', 'queue', 'latest', 'auth', 'error']) {
    ws.addEventListener(type, (e) => store.ingest((e as CustomEvent).detail));
  }
  let awaiting = 0;
  ws.addEventListener('latest', () => {
    if (awaiting > 0 && --awaiting === 0) settleLive();
  });
  ws.addEventListener('hello', () => {
    const known = new Set(ws.hello?.runtimes.map((r) => r.id) ?? []);
    for (const key of wanted) {
      const runtime = key.split('|')[1]!;
      if (runtime === 'machine' || known.has(runtime)) {
        askLatest(key);
        awaiting++;
      }
    }
    if (awaiting === 0) settleLive();
    // The slide the deck opened on counts as entered once the server is there (not on reconnects).
    if (!enteredOnLoad) maybeAutorun();
    enteredOnLoad = true;
  });
  ws.addEventListener('error', (e) => console.warn('server:', (e as CustomEvent).detail?.message));
  let wasOpen = false;
  ws.addEventListener('status', () => {
    if (ws.status === 'closed' && !wasOpen) settleLive(); // no server: recorded results it is
    // A connection that was open is gone: its running jobs will not report here any more.
    if (ws.status === 'closed' && wasOpen) store.disconnected();
    wasOpen = ws.status === 'open';
  });
  store.addEventListener('finished', (e) => {
    const job = (e as CustomEvent).detail as { experiment: string; runtime: string | null };
    askLatest(sourceKey(job.experiment, job.runtime));
  });
  ws.connect();
}

if (isPrint()) {
  deck.on('pdf-ready', () => {
    void liveSettled.then(() => {
      binder.renderAll();
      if (isHandout()) buildHandout(slidesEl);
      requestAnimationFrame(() => freezeCharts());
    });
  });
}
