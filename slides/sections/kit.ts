// What every section file uses besides views (live/views.ts), code blocks (code.ts) and the talk's
// figures (analysis/talk.ts): the runtimes it shows, notes, the talk's citation.
import { t } from '../i18n/index.ts';
import { PAIR_FT, PAIR_GIL } from '../live/sources.ts';

/** The GIL and the free-threaded build of the version the deck shows (from discovery, not named here). */
export const GIL = PAIR_GIL;
export const NOGIL = PAIR_FT;
export const BOTH = [GIL, NOGIL];

/** Speaker notes of a slide. */
export const notes = (text: string): string => `<aside class="notes">${text}</aside>`;

/** A slide of a title, one block (a live view, a table, a code listing) and its speaker notes (every
 * slide has them); `attrs` are the section's attributes (data-live, data-runtimes, id), if any. */
export const slide = (title: string, block: string, speakerNotes: string, attrs = ''): string => /* html */ `
<section${attrs}>
  <h2>${title}</h2>
  ${block}
  ${notes(speakerNotes)}
</section>`;

/** "Source: the talk" under a quoted passage. */
export const cite = (what = ''): string => `<p class="cite" data-fine-print>${t()['kit.cite'](what)}</p>`;

export const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A terminal excerpt from the talk, verbatim. */
export const terminal = (text: string, what: string): string => `<figure class="terminal"><pre>${escapeHtml(text)}</pre>${cite(what)}</figure>`;

/** The talk's outline (its "Outline" slide): the parts the section dividers announce. */
export const OUTLINE = [
  'What is Python FFI',
  'Benchmark ctypes, cffi, pybind11, PyO3',
  'Why Free-Threaded Makes Them Slower?',
  'Why PyO3 fast, but ctypes slow?',
  'Racing FFI after No-GIL',
  'Higher Risk for Arena Leakage in GLIBC',
];

/** A section divider: part `i` of the outline, the whole outline beside it with that part marked. */
export const divider = (i: number): string => /* html */ `
<section class="divider" id="part-${i + 1}">
  <p class="muted">${t()['kit.part'](i + 1, OUTLINE.length)}</p>
  <h2>${OUTLINE[i]}</h2>
  <ol>${OUTLINE.map((t, k) => `<li${k === i ? ' class="here" aria-current="step"' : ''}>${t}</li>`).join('')}</ol>
  ${notes(t()['kit.partNote'](i + 1, OUTLINE[i]!))}
</section>`;
