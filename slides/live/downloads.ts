// The data behind every view, to take home: a CSV and a JSON link under each chart and table
// (hidden in print). CSV: the numbers the view shows (a chart's data table; a table as it reads).
// JSON: the same tables plus every record shown, with its parameters, machine (meta.env) and
// provenance (live or recorded, badge text). The files are made when a link is clicked, so streaming
// never pays for them. `exportViews` gives all of them at once (`ffi-corners export-data`).
import { chartData, chartName, chartOf, dataText, type ChartData, type DataCell } from '../charts/core.ts';
import { t } from '../i18n/index.ts';
import type { Shown, Source } from './store.ts';

export interface ViewTable extends ChartData {
  name: string;
}

export interface ViewExport {
  /** File name without extension: "<slide id or number>-<view kind>". */
  base: string;
  csv: string;
  json: string;
}

type Current = () => { sources: Source[]; shown: (Shown | null)[] };
const currents = new WeakMap<HTMLElement, Current>();

/** The tables a view shows: each chart's data, or (views without a chart) its HTML tables. */
export function viewTables(view: HTMLElement): ViewTable[] {
  const out: ViewTable[] = [];
  for (const canvas of view.querySelectorAll('canvas')) {
    const chart = chartOf(canvas);
    const data = chart && chartData(chart);
    if (chart && data) out.push({ name: chartName(chart), ...data });
  }
  if (out.length) return out;
  for (const table of view.querySelectorAll<HTMLTableElement>('table.data')) {
    const text = (c: Element) => (c.textContent ?? '').replace(/\s+/g, ' ').trim();
    const head = [...table.querySelectorAll('thead tr:last-child > *')].map(text);
    const rows: DataCell[][] = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map(text));
    out.push({ name: text(table.querySelector('caption') ?? view.closest('section')?.querySelector('h2') ?? table), columns: head, rows });
  }
  return out;
}

const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** One table: as is. Several: a leading "chart" column names each row's table. */
export function toCsv(tables: ViewTable[]): string {
  const lines: string[][] = [];
  if (tables.length === 1) {
    lines.push(tables[0]!.columns, ...tables[0]!.rows.map((r) => r.map(dataText)));
  } else {
    lines.push(['chart', ...(tables[0]?.columns ?? [])]);
    for (const t of tables) lines.push(...t.rows.map((r) => [t.name, ...r.map(dataText)]));
  }
  return lines.map((l) => l.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function slideOf(view: HTMLElement): HTMLElement | null {
  return view.closest('section');
}

/** "<slide id, or its title as a slug>-<view kind>". */
function baseName(view: HTMLElement): string {
  const slide = slideOf(view);
  const title = (slide?.querySelector('h1, h2')?.textContent ?? '')
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 48)
    .replace(/-$/, '');
  return `${slide?.id || title || 'slide'}-${view.dataset['view'] ?? 'view'}`;
}

export function toJson(view: HTMLElement): string {
  const current = currents.get(view)?.();
  const tables = viewTables(view);
  const badges = [...view.querySelectorAll(':scope > .provenance > .badge')].map((b) => (b.textContent ?? '').trim());
  return JSON.stringify(
    {
      slide: slideOf(view)?.querySelector('h1, h2')?.textContent?.trim() ?? null,
      view: view.dataset['view'] ?? null,
      experiment: view.dataset['experiment'] ?? null,
      exportedAt: new Date().toISOString(),
      tables: tables.map((t) => ({ name: t.name, columns: t.columns, rows: t.rows.map((r) => r.map((c) => (typeof c === 'number' && !Number.isFinite(c) ? null : c))) })),
      records: (current?.shown ?? []).map((s, i) =>
        s ? { source: current!.sources[i], origin: s.origin, running: s.running, provenance: badges[i] ?? '', record: s.record } : null,
      ),
    },
    null,
    2,
  );
}

function link(view: HTMLElement, kind: 'csv' | 'json'): HTMLAnchorElement {
  const a = document.createElement('a');
  a.dataset['download'] = kind;
  a.href = '#';
  a.textContent = kind.toUpperCase();
  a.addEventListener('click', (e) => {
    e.stopPropagation();
    const text = kind === 'csv' ? toCsv(viewTables(view)) : toJson(view);
    const url = URL.createObjectURL(new Blob([text], { type: kind === 'csv' ? 'text/csv' : 'application/json' }));
    a.download = `${baseName(view)}.${kind}`;
    a.href = url;
    a.title = t()['data.title'](!!view.querySelector('canvas'), kind.toUpperCase());
    window.setTimeout(() => {
      URL.revokeObjectURL(url);
      a.href = '#';
    }, 10_000);
  });
  return a;
}

/** Adds the download links to a view; `current` gives the sources and records it shows now. */
export function attachDownloads(view: HTMLElement, current: Current): void {
  currents.set(view, current);
  const box = document.createElement('div');
  box.className = 'downloads';
  box.setAttribute('data-fine-print', '');
  box.append(t()['data.label'], link(view, 'csv'), ' · ', link(view, 'json'));
  view.append(box);
}

/** Every view with data under `root`: its CSV and JSON. */
export function exportViews(root: ParentNode): ViewExport[] {
  const out: ViewExport[] = [];
  const used = new Map<string, number>();
  for (const view of root.querySelectorAll<HTMLElement>('[data-view].has-data')) {
    if (!currents.has(view)) continue;
    const tables = viewTables(view);
    if (!tables.length) continue;
    let base = baseName(view);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    if (n > 1) base = `${base}-${n}`;
    out.push({ base, csv: toCsv(tables), json: toJson(view) });
  }
  return out;
}
