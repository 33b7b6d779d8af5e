// One finding per live slide: a view may have a headline, a sentence computed from the data it
// shows ("pyo3: 1.9× the C-API floor · ctypes-cdll: 8.9×"), written in large type above it and put
// at the top of the slide's speaker notes. Headlines are registered per view kind
// (slides/views/headlines.ts), so a new slide with that view gets one without more code.
// Also here: a dense table cut to some of its rows on the main slide (data-rows="1-6") and its
// columns (data-hide-cols="4,5"), the whole table staying in the view's data and downloads.
import type { Shown, Source } from './store.ts';
import { t } from '../i18n/index.ts';

export type HeadlineFn = (shown: (Shown | null)[], sources: Source[], el: HTMLElement) => string | null;
const headlines = new Map<string, HeadlineFn>();

export function registerHeadline(kind: string, fn: HeadlineFn): void {
  headlines.set(kind, fn);
}

/** The headline of a view kind, if it has one. */
export const headlineOf = (kind: string): HeadlineFn | undefined => headlines.get(kind);

const hasHeadline = (v: HTMLElement): boolean => headlines.has(v.dataset['view'] ?? '') && !('noHeadline' in v.dataset);

/** Writes the view's headline (if its kind has one and the view does not opt out with
 * data-no-headline) under the slide's title and at the top of the slide's notes. One finding per
 * slide: the first view on the slide that has a headline gives it. */
export function applyHeadline(el: HTMLElement, shown: (Shown | null)[], sources: Source[]): void {
  const fn = headlineOf(el.dataset['view'] ?? '');
  const slide = el.closest('section');
  if (!fn || !slide || !hasHeadline(el)) return;
  if ([...slide.querySelectorAll<HTMLElement>('[data-view]')].find(hasHeadline) !== el) return;
  let text: string | null = null;
  try {
    text = fn(shown, sources, el);
  } catch (err) {
    console.error(`headline ${el.dataset['view']}:`, err);
  }
  let h = slide.querySelector<HTMLElement>(':scope > .headline');
  if (!h) {
    h = document.createElement('p');
    h.className = 'headline';
    (slide.querySelector(':scope > .run-status') ?? slide.querySelector(':scope > h2, :scope > h1') ?? slide.firstElementChild)?.after(h);
  }
  h.textContent = text ?? '';
  const notes = slide.querySelector(':scope > aside.notes');
  if (notes) {
    let n = notes.querySelector<HTMLElement>(':scope > .notes-headline');
    if (!n) {
      n = document.createElement('p');
      n.className = 'notes-headline';
      n.append(document.createElement('strong'));
      notes.prepend(n);
    }
    const changed = n.firstElementChild!.textContent !== (text ?? '');
    n.firstElementChild!.textContent = text ?? '';
    if (changed && slide.classList.contains('present')) resendNotes(slide);
  }
}

/** The notes plugin sends the speaker view the current slide's notes on Reveal's events only (slide
 * and fragment changes, overlays): notes that change under the speaker's eyes (a new headline, the
 * other language) are sent again through one of them (nothing in the deck acts on "closeoverlay"
 * otherwise). */
export function resendNotes(inDeck: Element): void {
  inDeck.closest('.reveal')?.dispatchEvent(new CustomEvent('closeoverlay'));
}

const idle = new WeakSet<HTMLElement>();
/** For a view that is not on screen (not rendered yet): its headline in idle time, so that the
 * speaker notes carry it when the slide is entered. Not while its data streams (`busy`). */
export function headlineWhenIdle(el: HTMLElement, current: () => { shown: (Shown | null)[]; sources: Source[]; busy: boolean }): void {
  if (idle.has(el) || !headlines.has(el.dataset['view'] ?? '')) return;
  idle.add(el);
  const later = window.requestIdleCallback ?? ((f: () => void) => window.setTimeout(f, 50));
  later(() => {
    idle.delete(el);
    const c = current();
    if (!c.busy) applyHeadline(el, c.shown, c.sources);
  });
}

/** data-rows="FROM-TO" (1-based, TO optional) shows only those body rows of the view's tables;
 * data-hide-cols="3,5" (1-based) hides those columns. A note says where the rest is. */
export function applyCut(el: HTMLElement): void {
  const range = el.dataset['rows'];
  const hide = (el.dataset['hideCols'] ?? '').split(',').filter(Boolean).map(Number);
  if (!range && !hide.length) return;
  const [from = 1, to = Infinity] = (range ?? '1-').split('-').map((x, i) => (x ? Number(x) : i ? Infinity : 1));
  let cut = 0;
  for (const table of el.querySelectorAll<HTMLTableElement>('.view-body table.data')) {
    table.querySelectorAll('tbody tr').forEach((tr, i) => {
      const out = i + 1 < from || i + 1 > to;
      tr.classList.toggle('cut', out);
      if (out) cut++;
    });
    for (const tr of table.querySelectorAll('tr')) [...tr.children].forEach((c, i) => c.classList.toggle('cut', hide.includes(i + 1)));
  }
  let note = el.querySelector<HTMLElement>(':scope > .cut-note');
  if (!note) {
    note = document.createElement('p');
    note.className = 'cut-note';
    note.setAttribute('data-fine-print', '');
    el.querySelector('.view-body')?.after(note);
  }
  note.textContent = cut || hide.length ? `${cut ? t()['cut.rows'](cut) : t()['cut.columns']}: ${el.dataset['rest'] ?? t()['cut.rest']}` : '';
}
