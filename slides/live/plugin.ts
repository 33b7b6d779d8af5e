// The live layer as a Reveal plugin: one results store, one WebSocket client (main window only),
// the runtimes the deck knows and the pair it shows, the views bound to the store, a run bar per
// live slide; it relays the server's messages into the store, asks the server for the newest saved
// run of everything the views show, and runs a slide's experiment on entry when auto-run is on
// (A, or ?autorun=1: armed, but nothing runs before a key press or click in the deck, so a link to
// the deck cannot start runs by itself). destroy() removes every listener it and its parts added. The speaker view's
// iframes use the main window's store and runtimes (same origin) and never connect.
import type { RevealApi, RevealPlugin } from 'reveal.js';
import type { ServerMessage } from '../../protocol/messages.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { isPrint } from '../print.ts';
import { RunBar } from './controls.ts';
import { Follow } from './follow.ts';
import { RuntimeChoice, recordedBuilds, samePair } from './runtimes.ts';
import { parseViewSources, resolveSource, selectedRuntime } from './sources.ts';
import { ResultsStore, sourceKey, type Source } from './store.ts';
import { ViewBinder } from './views.ts';
import { isMainWindow, WsClient, wsUrl } from './ws-client.ts';

/** What the deck publishes on `window.ffiCorners` (tests, the console, the speaker view's iframes). */
export interface LiveGlobals {
  store: ResultsStore;
  ws: WsClient | null;
  runtimes: RuntimeChoice;
}

export interface LiveOptions {
  /** The recorded results shipped with the deck. */
  recorded: readonly RunRecord[];
  /** Runs a live slide's experiment when it is entered. */
  autorun?: boolean;
}

/** Server messages the store folds in. */
const RELAYED = ['hello', 'job', 'latest', 'auth', 'error'] as const satisfies readonly ServerMessage['type'][];
const KEY_A = 65;
/** Print waits at most this long for the server's saved results. */
const SETTLE_MS = 10_000;

type Slide = { currentSlide: HTMLElement };

/** In the speaker view's iframes: the main window's live parts (same origin), so they show what it shows. */
function mainWindowLive(): LiveGlobals | null {
  try {
    for (const w of [window.top?.opener, window.parent?.opener, window.opener] as (Window | null | undefined)[]) {
      const live = (w as (Window & { ffiCorners?: Partial<LiveGlobals> }) | null | undefined)?.ffiCorners;
      if (live?.store && live.runtimes) return { store: live.store, runtimes: live.runtimes, ws: null };
    }
  } catch {
    /* another origin: keep our own */
  }
  return null;
}

export class LiveDeck implements RevealPlugin {
  readonly id = 'ffi-corners-live';
  readonly store: ResultsStore;
  readonly runtimes: RuntimeChoice;
  readonly ws: WsClient | null;
  /** Settles once the saved results the deck asked the server for have arrived, or there is no
   * server (print waits for it, so a PDF made against a running server carries its newest results). */
  readonly settled: Promise<void>;
  autorun: boolean;
  private settle: () => void = () => {};
  private readonly main = isMainWindow();
  /** The store and runtimes belong to the main window (speaker view). */
  private readonly borrowed: boolean;
  private readonly binder: ViewBinder;
  private readonly bars = new Map<HTMLElement, RunBar>();
  private readonly alive = new AbortController();
  private deck: RevealApi | null = null;
  /** Every view element, found once: print moves the slides into pages (out of the document for
   * a frame), so they are not looked up again. */
  private views: HTMLElement[] = [];
  private flag: HTMLElement | null = null;
  /** A person has pressed a key or clicked in this deck: auto-run may run (a link alone does not). */
  private acted = false;
  /** Follow mode: the presenter leads, viewers follow (main window only). */
  follow: Follow | null = null;
  /** `latest` requests sent since the last hello, by (experiment, runtime, match). */
  private asked = new Set<string>();
  private awaiting = 0;

  constructor(options: LiveOptions) {
    const borrowed = this.main ? null : mainWindowLive();
    this.borrowed = !!borrowed;
    this.store = borrowed?.store ?? new ResultsStore(options.recorded);
    this.runtimes = borrowed?.runtimes ?? new RuntimeChoice(recordedBuilds(options.recorded));
    this.ws = this.main ? new WsClient(wsUrl()) : null;
    this.binder = new ViewBinder(this.store, this.runtimes);
    this.autorun = options.autorun ?? false;
    this.settled = new Promise<void>((resolve) => (this.settle = resolve));
    const w = window as unknown as { ffiCorners?: object };
    w.ffiCorners = { ...w.ffiCorners, store: this.store, ws: this.ws, runtimes: this.runtimes } satisfies LiveGlobals;
  }

  init(deck: RevealApi): void {
    this.deck = deck;
    const slides = deck.getSlidesElement()!;
    const signal = this.alive.signal;
    if (this.ws) this.relay(this.ws);
    else this.settle();
    window.setTimeout(() => this.settle(), SETTLE_MS);
    this.mount(slides);
    this.runtimes.on('change', ({ pair, previous }) => {
      if (samePair(pair, previous)) return; // only the list of runtimes grew
      this.binder.refresh();
      this.askLatest();
    }, signal);

    const act = () => {
      if (this.acted) return;
      this.acted = true;
      this.showAutorun();
      this.maybeAutorun();
    };
    window.addEventListener('keydown', act, { capture: true, signal });
    window.addEventListener('pointerdown', act, { capture: true, signal });

    this.flag = document.createElement('div');
    this.flag.className = 'autorun-flag';
    document.body.append(this.flag);
    this.showAutorun();
    deck.addKeyBinding({ keyCode: KEY_A, key: 'A', description: 'Auto-run live slides on entry' }, () => {
      this.autorun = !this.autorun;
      this.showAutorun();
      this.maybeAutorun();
    });

    if (this.ws) this.follow = new Follow(deck, this.ws, signal);

    deck.on('ready', (e) => {
      const slide = (e as unknown as Slide).currentSlide;
      this.binder.show(isPrint() ? null : slide); // views render when their slide is shown; print shows all
    }, { signal });
    deck.on('slidechanged', (e) => {
      const slide = (e as unknown as Slide).currentSlide;
      if (!isPrint()) this.binder.show(slide); // print draws every slide
      this.maybeAutorun();
    }, { signal });
    deck.on('overviewshown', () => this.binder.show(null), { signal });
    deck.on('overviewhidden', () => this.binder.show(deck.getCurrentSlide() ?? null), { signal });
    // A speaker-view iframe that goes away must not leave its listeners on the main window's store.
    if (this.borrowed) window.addEventListener('pagehide', (e) => !e.persisted && this.destroy(), { signal });
    this.ws?.connect();
  }

  /** Binds the slides under `slides`: a run bar per live slide, every view to the store (drawn from
   * what the store holds; init, and again after the slides are written in another language). */
  mount(slides: HTMLElement): void {
    this.views = [...slides.querySelectorAll<HTMLElement>('[data-view]')];
    for (const section of slides.querySelectorAll<HTMLElement>('section[data-live]')) {
      const bar = new RunBar(section, this.ws, this.store, this.runtimes);
      bar.on('runtimechange', () => {
        this.binder.refresh(section);
        this.askLatest();
      }, this.alive.signal);
      this.bars.set(section, bar);
    }
    this.binder.mountAll(slides);
    this.follow?.relabel();
    if (this.deck?.isReady()) this.binder.show(isPrint() ? null : (this.deck.getCurrentSlide() ?? null));
  }

  /** Lets go of the slides before they are written again: run bars, views and their charts. The
   * store, the socket and the runtimes stay (a run in progress keeps streaming into the store). */
  unmount(): void {
    for (const bar of this.bars.values()) bar.destroy();
    this.bars.clear();
    this.binder.unmountAll();
    this.views = [];
  }

  destroy(): void {
    this.alive.abort();
    for (const bar of this.bars.values()) bar.destroy();
    this.bars.clear();
    this.binder.destroy();
    this.ws?.close();
    this.flag?.remove();
    this.deck?.removeKeyBinding(KEY_A);
    this.settle();
  }

  /** Reveal's configuration holds its plugins, and the speaker view asks for that configuration
   * (for its timer and pacing) as JSON: this plugin (a store, a socket, the deck: circular) stands
   * there as its id, or the speaker view never gets an answer. */
  toJSON(): { id: string } {
    return { id: this.id };
  }

  /** Redraws every view now (theme change, print). */
  renderAll(): void {
    this.binder.renderAll();
  }

  private showAutorun(): void {
    if (this.flag) this.flag.textContent = this.main && this.autorun ? (this.acted ? 'auto-run on (A)' : 'auto-run armed: press a key or click to start') : '';
  }

  private maybeAutorun(): void {
    const bar = this.bars.get(this.deck?.getCurrentSlide() as HTMLElement);
    if (this.autorun && this.acted && this.main && bar?.canRun) bar.run();
  }

  /** Socket → store, and what follows from the server's messages. */
  private relay(ws: WsClient): void {
    const signal = this.alive.signal;
    for (const type of RELAYED) ws.on(type, (msg: ServerMessage) => this.store.ingest(msg), signal);
    let enteredOnLoad = false;
    ws.on('hello', (hello) => {
      // A new connection: nothing asked on it yet (replies to an old one will not come).
      this.asked.clear();
      this.awaiting = 0;
      this.runtimes.learn(hello.runtimes, true);
      this.askLatest(); // what the views show, with the pair chosen now
      if (this.awaiting === 0) this.settle();
      // The slide the deck opened on counts as entered once the server is there (not on reconnects).
      if (!enteredOnLoad) this.maybeAutorun();
      enteredOnLoad = true;
    }, signal);
    ws.on('latest', () => {
      if (this.awaiting > 0 && --this.awaiting === 0) this.settle();
    }, signal);
    ws.on('error', (e) => console.warn('server:', e.message), signal);
    let wasOpen = false;
    ws.on('status', (status) => {
      if (status === 'closed' && !wasOpen) this.settle(); // no server: recorded results it is
      // A connection that was open is gone: its running jobs will not report here any more.
      if (status === 'closed' && wasOpen) this.store.disconnected();
      wasOpen = status === 'open';
    }, signal);
    // A run ended: the server's saved record of it (complete, with everything the stream missed).
    this.store.on('finished', (job) => this.send({ experiment: job.experiment, runtime: job.runtime }), signal);
  }

  /** Every source the views show now, resolved (the pair shown, each slide's picked runtime). */
  private viewSources(): Source[] {
    const out: Source[] = [];
    for (const el of this.views) {
      for (const s of parseViewSources(el)) {
        const src = resolveSource(s, { pair: this.runtimes.pair, selected: selectedRuntime(el) });
        if (s.runtime === null || src.runtime !== null) out.push(src);
      }
    }
    return out;
  }

  /** Asks the server for the newest saved run of each source not asked for since the last hello
   * (only runtimes the server knows). */
  private askLatest(): void {
    const hello = this.ws?.hello;
    if (!hello) return;
    const known = new Set(hello.runtimes.map((r) => r.id));
    for (const src of this.viewSources()) {
      if (src.runtime !== null && !known.has(src.runtime)) continue;
      const wanted = src.params ?? src.match;
      const key = `${sourceKey(src.experiment, src.runtime)}|${wanted ? JSON.stringify(wanted) : ''}`;
      if (this.asked.has(key)) continue;
      this.asked.add(key);
      this.send(src);
    }
  }

  /** One `latest` request; its reply is awaited (see settled). */
  private send(src: Source): void {
    const sent = this.ws?.send({
      type: 'latest',
      experiment: src.experiment,
      ...(src.runtime !== null ? { runtime: src.runtime } : {}),
      ...((src.params ?? src.match) ? { params: src.params ?? src.match } : {}),
    });
    if (sent) this.awaiting++;
  }
}
