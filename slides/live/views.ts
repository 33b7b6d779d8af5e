// Binds every `[data-view]` element to the results store: resolves its sources (sources.ts: the
// pair shown, the slide's runtime picker, parameter matches), renders it with the
// renderer registered for its kind, keeps its provenance badge current, and re-renders when one
// of its sources changes: coalesced to one render per animation frame, spaced further apart when a
// render is slow, so streaming never starves the page. Views on slides that are not on screen
// (the ranking and statistics slides while the violins stream, every other slide at load) are only
// marked stale, and render when their slide is shown.
import type { Shown, Source } from './store.ts';
import { sourceKey, type ResultsStore } from './store.ts';
import { provenance } from './provenance.ts';
import { useRoom } from './room.ts';
import type { RuntimePair } from '../../protocol/runtime.ts';
import { parseViewSources, resolveSource, selectedRuntime } from './sources.ts';
import { attachDownloads } from './downloads.ts';
import { charts, untrack } from '../charts/core.ts';
import { applyCut, applyHeadline, headlineWhenIdle } from './headline.ts';

export interface ViewInstance {
  render(shown: (Shown | null)[], sources: Source[]): void;
}
export type ViewFactory = (body: HTMLElement, el: HTMLElement) => ViewInstance;

const factories = new Map<string, ViewFactory>();

export function registerView(kind: string, factory: ViewFactory): void {
  factories.set(kind, factory);
}

/** The attributes of a view element, as the section files write them. */
export interface ViewSpec {
  experiment: string;
  /** Runtimes, as sources.ts reads them: "@gil"/"@ft" (the builds of the pair shown), "@" (the
   * slide's selected runtime) or an id, each optionally "…?param=value" to narrow the match for that
   * source; omitted for experiments without one. */
  runtimes?: string[];
  match?: Record<string, unknown>;
  /** Extra attributes (data-*) for the renderer. */
  data?: Record<string, string>;
  cls?: string;
  /** No provenance badge (e.g. a view that only repeats the talk's figures). */
  noBadge?: boolean;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** HTML of a view element. */
export function view(kind: string, spec: ViewSpec): string {
  const attrs = [
    `data-view="${kind}"`,
    `data-experiment="${spec.experiment}"`,
    `data-runtimes="${(spec.runtimes ?? ['']).join(' ')}"`,
    spec.match ? `data-match="${esc(JSON.stringify(spec.match))}"` : '',
    spec.noBadge ? 'data-no-badge' : '',
    ...Object.entries(spec.data ?? {}).map(([k, v]) => `data-${k}="${esc(v)}"`),
  ];
  return `<div class="view view-${kind} ${spec.cls ?? ''}" ${attrs.filter(Boolean).join(' ')}></div>`;
}

interface Bound {
  el: HTMLElement;
  instance: ViewInstance;
  badge: HTMLElement | null;
  sources(): Source[];
  lastRender: number;
  cost: number;
  scheduled: boolean;
  /** Tables and statistics: at most once a second while data streams. */
  slow: boolean;
  /** A source changed while the view was off screen. */
  stale: boolean;
}

export class ViewBinder {
  private bound: Bound[] = [];
  private byKey = new Map<string, Set<Bound>>();
  /** The slide on screen; null: every slide counts as shown (print, overview); undefined: none yet
   * (the deck is not ready). */
  private shown: Element | null | undefined = undefined;

  private readonly alive = new AbortController();

  /** `runtimes.pair`: the pair that "@gil" and "@ft" stand for. */
  constructor(
    private readonly store: ResultsStore,
    private readonly runtimes: { readonly pair: RuntimePair | null },
  ) {
    store.on('change', (key) => {
      for (const b of this.byKey.get(key) ?? []) this.schedule(b);
    }, this.alive.signal);
  }

  /** Stops listening to the store (the deck goes away). */
  destroy(): void {
    this.alive.abort();
  }

  /** Forgets every mounted view and destroys its charts (their slides are about to be replaced). */
  unmountAll(): void {
    for (const b of this.bound) {
      for (const chart of [...charts]) {
        if (b.el.contains(chart.canvas)) {
          untrack(chart);
          chart.destroy();
        }
      }
    }
    this.bound = [];
    this.byKey.clear();
  }

  /** Finds and mounts every view under `root`. */
  mountAll(root: ParentNode): void {
    for (const el of root.querySelectorAll<HTMLElement>('[data-view]')) this.mount(el);
  }

  private mount(el: HTMLElement): void {
    const factory = factories.get(el.dataset['view']!);
    if (!factory) {
      el.textContent = `(no renderer for view "${el.dataset['view']}")`;
      return;
    }
    const body = document.createElement('div');
    body.className = 'view-body';
    el.append(body);
    let badge: HTMLElement | null = null;
    if (!('noBadge' in el.dataset)) {
      badge = document.createElement('div');
      badge.className = 'provenance';
      badge.setAttribute('data-fine-print', '');
      el.append(badge);
    }
    const parsed = parseViewSources(el);
    const sources = (): Source[] => parsed.map((s) => resolveSource(s, { pair: this.runtimes.pair, selected: selectedRuntime(el) }));
    const b: Bound = { el, instance: factory(body, el), badge, sources, lastRender: 0, cost: 0, scheduled: false, slow: 'slow' in el.dataset, stale: false };
    attachDownloads(el, () => ({ sources: sources(), shown: sources().map((s) => this.store.get(s)) }));
    this.bound.push(b);
    this.index(b);
    this.schedule(b);
  }

  private index(b: Bound): void {
    for (const set of this.byKey.values()) set.delete(b);
    for (const s of b.sources()) {
      const key = sourceKey(s.experiment, s.runtime);
      if (!this.byKey.has(key)) this.byKey.set(key, new Set());
      this.byKey.get(key)!.add(b);
    }
  }

  /** The slide's runtime picker changed (or, without a slide, the pair shown): re-resolve the views
   * and redraw those on screen. */
  refresh(slide: Element | null = null): void {
    for (const b of this.bound) {
      if (slide && !slide.contains(b.el)) continue;
      this.index(b);
      if (slide) this.renderNow(b);
      else this.schedule(b); // off-screen views render when their slide is shown
    }
  }

  /** The slide now on screen (null: all of them, as in the overview): its stale views render. */
  show(slide: Element | null): void {
    this.shown = slide;
    for (const b of this.bound) if (b.stale && this.onScreen(b)) this.schedule(b);
  }

  private onScreen(b: Bound): boolean {
    return this.shown === null || (this.shown !== undefined && this.shown.contains(b.el));
  }

  /** Redraws everything now (theme change, print). */
  renderAll(): void {
    for (const b of this.bound) this.renderNow(b);
  }

  private schedule(b: Bound): void {
    if (!this.onScreen(b)) {
      b.stale = true;
      headlineWhenIdle(b.el, () => ({ sources: b.sources(), shown: b.sources().map((s) => this.store.get(s)), busy: b.sources().some((s) => this.store.get(s)?.running) }));
      return;
    }
    if (b.scheduled) return;
    b.scheduled = true;
    const running = b.sources().some((s) => this.store.get(s)?.running);
    // Space renders out by 4x the cost of the last render of streaming data (a 10 ms render: at most
    // every 40 ms), and slow views (statistics tables) to once a second while a run streams. The
    // first render of a new run does not wait: a finished run's render (with its bootstrap CIs)
    // says nothing about how often streaming renders can go.
    const gap = Math.max(b.cost * 4, running && b.slow ? 1000 : 0);
    const wait = Math.max(0, b.lastRender + gap - performance.now());
    const go = () =>
      requestAnimationFrame(() => {
        b.scheduled = false;
        this.renderNow(b);
      });
    if (wait > 0) window.setTimeout(go, wait);
    else go();
  }

  private renderNow(b: Bound): void {
    // A render scheduled before the slides were written again (L during a run) has no view to draw:
    // its element left the page with them, and a chart made on it would never be destroyed.
    if (!this.bound.includes(b)) return;
    b.stale = false;
    const sources = b.sources();
    const shown = sources.map((s) => this.store.get(s));
    const t0 = performance.now();
    try {
      b.instance.render(shown, sources);
      b.el.classList.toggle('has-data', shown.some((s) => s !== null));
      applyHeadline(b.el, shown, sources);
      applyCut(b.el);
      useRoom(b.el);
    } catch (err) {
      console.error(`view ${b.el.dataset['view']}:`, err);
    }
    b.cost = shown.some((s) => s?.running) ? performance.now() - t0 : 0;
    b.lastRender = performance.now();
    if (b.badge) b.badge.replaceChildren(...sources.map((s, i) => provenance(s, shown[i] ?? null)));
  }
}
