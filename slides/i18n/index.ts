// The deck's language: English or Traditional Chinese (Taiwan). Chosen once per page load, in this
// order: ?lang=en|zh-TW (then remembered), the remembered choice (localStorage), the language a
// one-file export was made in (export-html --lang), English. L switches in place (main.ts writes the
// slides again in the other language on the same slide, from the results already here). Every
// string the deck writes itself comes from one catalog per language (messages.ts); numbers and
// dates are formatted for the language here.
import { utcMinute } from '../../analysis/format.ts';
import { EMBEDDED_ID } from '../../protocol/embedded.ts';
import { recall, remember } from '../remembered.ts';
import { CATALOGS, LANGS, type Lang, type Messages } from './messages.ts';

export { LANGS, type Lang, type Messages };
const KEY = 'ffi-corners-lang';

export const isLang = (x: unknown): x is Lang => (LANGS as readonly unknown[]).includes(x);

/** The embedded export's language (export-html --lang), if this is one. */
function exported(): string | null {
  try {
    const text = document.getElementById(EMBEDDED_ID)?.textContent;
    return text ? ((JSON.parse(text) as { lang?: string }).lang ?? null) : null;
  } catch {
    return null;
  }
}

function detect(): Lang {
  if (typeof window === 'undefined') return 'en';
  const asked = new URLSearchParams(location.search).get('lang');
  if (isLang(asked)) {
    remember(KEY, asked);
    return asked;
  }
  const kept = recall(KEY);
  if (isLang(kept)) return kept;
  const made = exported();
  return isLang(made) ? made : 'en';
}

let current: Lang = detect();

export const lang = (): Lang => current;

/** The catalog of the deck's language. */
export const t = (): Messages => CATALOGS[current];

/** Switches the language: remembered, and written in the address (?lang=, replacing the history
 * entry: no navigation). The deck then writes its slides again in it (main.ts). */
export function switchLang(next: Lang = current === 'en' ? 'zh-TW' : 'en'): void {
  remember(KEY, next);
  current = next;
  const url = new URL(location.href);
  url.searchParams.set('lang', next);
  history.replaceState(history.state, '', url.href);
}

/** Only for tests in Node: the catalog functions of a language without a page. */
export function useLang(l: Lang): void {
  current = l;
}

/** A whole number in the language's grouping. */
export const int = (n: number): string => Math.round(n).toLocaleString(current);

/** An ISO time to the minute, in UTC, as the language writes it ('' for none). */
export function utcTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (current === 'en') return utcMinute(iso);
  const p = new Intl.DateTimeFormat(current, { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  return `${p}（UTC）`;
}
