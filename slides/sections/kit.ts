// What every section file uses: views, code blocks, notes, the talk's citation.
export { view } from '../live/views.ts';
export { codeBlock } from '../code.ts';
export { TALK_SOURCE } from '../talk-figures.ts';

export const GIL = '3.13.5-gil';
export const NOGIL = '3.13.5-nogil';
export const BOTH = [GIL, NOGIL];

/** Speaker notes of a slide. */
export const notes = (text: string): string => `<aside class="notes">${text}</aside>`;

/** "Source: the talk" under a quoted passage. */
export const cite = (what = ''): string => `<p class="cite" data-fine-print>Source: the talk “Python FFI 的陰暗角落”, PyCon TW 2025${what ? `, ${what}` : ''}.</p>`;

export const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A terminal excerpt from the talk, verbatim. */
export const terminal = (text: string, what: string): string => `<figure class="terminal"><pre>${escapeHtml(text)}</pre>${cite(what)}</figure>`;
