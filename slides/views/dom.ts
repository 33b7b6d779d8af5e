// Small DOM helpers for the views: tables, canvases (number formats: analysis/format.ts).
import { DEFAULT_RULE, evaluateClaims, VERDICT_LABEL, type ClaimResult } from '../../analysis/claims.ts';
import { freeThreadedOf, paramsKey, type RunRecord } from '../../protocol/record.ts';
import { lang, t } from '../i18n/index.ts';
import type { Shown } from '../live/store.ts';
export type Cell = string | number | HTMLElement | { text: string; cls?: string; title?: string };

/** Classes of fine print (citations, parameters used): marked data-fine-print, at least 18 px. */
const FINE_PRINT = /(^|\s)(cite|params-used|data-fine-print)(\s|$)/;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls = '', text = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (FINE_PRINT.test(cls)) e.setAttribute('data-fine-print', '');
  if (text) e.textContent = text;
  return e;
}

export function table(head: string[], rows: Cell[][], opts: { caption?: string; cls?: string } = {}): HTMLTableElement {
  const t = el('table', `data ${opts.cls ?? ''}`);
  if (opts.caption) t.append(el('caption', '', opts.caption));
  const thead = el('thead');
  const hr = el('tr');
  for (const h of head) hr.append(el('th', '', h));
  thead.append(hr);
  const tbody = el('tbody');
  for (const r of rows) {
    const tr = el('tr');
    for (const c of r) {
      const td = el('td');
      if (c instanceof HTMLElement) td.append(c);
      else if (typeof c === 'object') {
        td.textContent = c.text;
        if (c.cls) td.className = c.cls;
        if (c.title) td.title = c.title;
      } else {
        td.textContent = String(c);
        // Numbers, with at most a short unit ("0.643 s", "12 MiB", "1.2×", "$300"): right-aligned, never wrapped.
        if (typeof c === 'number' || /^[-+$]?\d[\d,]*(\.\d+)?(e[-+]?\d+)?\s?([%x×]|[A-Za-z]{1,3})?$/.test(String(c))) td.className = 'num';
      }
      tr.append(td);
    }
    tbody.append(tr);
  }
  t.append(thead, tbody);
  return t;
}

/** A canvas in a box that fills the view (the box gets its height from CSS). */
export function canvasBox(body: HTMLElement, cls = ''): HTMLCanvasElement {
  const box = el('div', `chart-box ${cls}`);
  const canvas = el('canvas');
  canvas.setAttribute('role', 'img');
  box.append(canvas);
  body.append(box);
  return canvas;
}

export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** 'GIL' or 'no-GIL': the build a record was measured on (its meta.env); '' before that is known. */
export function buildLabel(r: RunRecord | null | undefined): string {
  const ft = freeThreadedOf(r);
  return ft === null ? '' : ft ? t()['build.nogil'] : t()['build.gil'];
}

/** "3.13.5 no-GIL (free-threaded)", "my-3.14t, GIL build": a record's runtime and the build its
 * driver reported. The id is only a name: the project's own ids (`<version>-gil`, `<version>-nogil`) are
 * shown as the version. */
export function runtimeLabel(r: RunRecord | null | undefined): string {
  if (!r?.runtimeId) return t()['rt.none'];
  const ft = freeThreadedOf(r);
  if (ft === null) return r.runtimeId;
  const version = r.meta!.env.version;
  if (r.runtimeId === `${version}-${ft ? 'nogil' : 'gil'}`) return `${version} ${ft ? t()['rt.nogil'] : 'GIL'}`;
  return t()['rt.build'](r.runtimeId, ft);
}

/** "Parameters used: a=1 · b=2" of a record. */
export function paramsText(params: Record<string, unknown>, only?: string[]): string {
  const keys = only ?? Object.keys(params);
  return keys
    .filter((k) => k in params)
    .map((k) => {
      const v = params[k];
      return `${k}=${Array.isArray(v) ? v.join(',') : typeof v === 'number' && v >= 10000 ? int(v) : String(v)}`;
    })
    .join(' · ');
}

export function verdict(ok: boolean | null, yes = t()['verdict.agrees'], no = t()['verdict.differs'], none = t()['verdict.noData']): HTMLElement {
  const s = el('span', ok === null ? 'verdict unknown' : ok ? 'verdict agree' : 'verdict differ', ok === null ? none : ok ? yes : no);
  return s;
}

let recordedProcesses: readonly RunRecord[] = [];
/** The recorded processes claimsOf may add (main.ts hands over slides/live/recorded.ts's; a Vite
 * glob, so this module stays importable outside the deck). */
export function useRecordedProcesses(processes: readonly RunRecord[]): void {
  recordedProcesses = processes;
}

/** The claims' verdicts on the records a view shows (one record = one process), from
 * analysis/claims.ts: the same computation as `ffi-corners verify --records` on those files. A
 * recorded record brings the other processes recorded with it (same experiment, runtime and
 * parameters), as `verify --records` reads assets/results/processes/: a reader without a server
 * gets the recorded intervals, not "one process gives no interval". */
export function claimsOf(shown: (Shown | null)[], ids: string[]): Map<string, ClaimResult> {
  const kept = shown.filter((s): s is Shown => !!s && !s.running);
  const records = kept.map((s) => s.record as RunRecord);
  const recorded = kept.filter((s) => s.origin === 'recorded').map((s) => s.record as RunRecord);
  const sameRun = (a: RunRecord, b: RunRecord) => a.experiment === b.experiment && a.runtimeId === b.runtimeId && paramsKey(a.params) === paramsKey(b.params);
  const processes = recordedProcesses.filter((p) => recorded.some((r) => sameRun(p, r)));
  return new Map(evaluateClaims([...records, ...processes], DEFAULT_RULE, ids, lang()).map((c) => [c.id, c]));
}

/** A claim's verdict badge: data-claim and data-verdict carry it for tests and print; the reason is its title. */
export function claimBadge(c: ClaimResult | undefined): HTMLElement {
  if (!c) return verdict(null);
  const cls = c.verdict === 'holds' ? 'agree' : c.verdict === 'differs' ? 'differ' : c.verdict === 'mixed' ? 'mixed' : 'unknown';
  const b = el('span', `verdict ${cls}`, t()[`verdict.${c.verdict}`]);
  b.dataset['claim'] = c.id;
  b.dataset['verdict'] = c.verdict;
  b.title = c.reason;
  return b;
}

/** Whether a claim read an arm of one process (no interval between processes): a \`processes\` list
 * with a 1 anywhere in its evidence or parts, or a part that read one process. */
function oneProcessArm(c: ClaimResult): boolean {
  const walk = (x: unknown, depth: number): boolean => {
    if (!x || typeof x !== 'object' || depth > 4) return false;
    return Object.entries(x).some(([k, v]) => (k === 'processes' && Array.isArray(v) ? v.includes(1) : walk(v, depth + 1)));
  };
  return walk(c.evidence, 0) || (c.parts ?? []).some((p) => p['processes'] === 1 || walk(p, 0));
}

/** The fine print under a table of verdicts: how a verdict is reached, and how to get one here. */
export function claimRuleNote(results: Iterable<ClaimResult>): HTMLElement {
  const list = [...results];
  const one = list.some(oneProcessArm);
  return el(
    'p',
    'data-fine-print',
    t()['verdict.rule'](DEFAULT_RULE.confidence * 100, DEFAULT_RULE.minEffect * 100, one),
  );
}
