// What every section file uses: views, code blocks, notes, the talk's citation.
import { PAIR_FT, PAIR_GIL } from '../live/sources.ts';

export { view } from '../live/views.ts';
export { codeBlock } from '../code.ts';
export { TALK_SOURCE } from '../talk-figures.ts';

/** The GIL and the free-threaded build of the version the deck shows (from discovery, not named here). */
export const GIL = PAIR_GIL;
export const NOGIL = PAIR_FT;
export const BOTH = [GIL, NOGIL];

/** Speaker notes of a slide. */
export const notes = (text: string): string => `<aside class="notes">${text}</aside>`;

/** "Source: the talk" under a quoted passage. */
export const cite = (what = ''): string => `<p class="cite">Source: the talk “Python FFI 的陰暗角落”, PyCon TW 2025${what ? `, ${what}` : ''}.</p>`;

export const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A terminal excerpt from the talk, verbatim. */
export const terminal = (text: string, what: string): string => `<figure class="terminal"><pre>${escapeHtml(text)}</pre>${cite(what)}</figure>`;
