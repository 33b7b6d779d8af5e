// Small DOM helpers for the views: tables, canvases, number formats.
export type Cell = string | number | HTMLElement | { text: string; cls?: string; title?: string };

/** Classes of fine print (citations, parameters used): marked data-fine-print, at least 18 px. */
const FINE_PRINT = /(^|\s)(cite|params-used)(\s|$)/;

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

/** Three significant digits, plain notation. */
export function sig(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  if (x === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
  return x.toFixed(Math.min(digits, 6));
}

/** p-values as the talk prints them: 9.71e-25. */
export function pValue(p: number): string {
  if (!Number.isFinite(p)) return 'n/a';
  if (p === 0) return '<1e-300';
  const [mant, exp] = p.toExponential(2).split('e') as [string, string];
  const e = Number(exp);
  return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

export function runtimeLabel(id: string | null): string {
  if (!id) return 'this machine';
  return id.replace(/-nogil$/, ' no-GIL (free-threaded)').replace(/-gil$/, ' GIL');
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

export function verdict(ok: boolean | null, yes = 'agrees', no = 'differs', none = 'no data'): HTMLElement {
  const s = el('span', ok === null ? 'verdict unknown' : ok ? 'verdict agree' : 'verdict differ', ok === null ? none : ok ? yes : no);
  return s;
}
