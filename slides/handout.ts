// The PDF handout (?print-pdf&handout=1, `export-pdf --handout`): each page is the slide (the top
// 1920×1080) with, under it, the slide's speaker notes (headline numbers first) and the data table
// of every chart on it, visible. What does not fit under the slide goes on continuation pages
// after it (a table split between rows, its header repeated), so every row of every table is printed.
// The plain print stays one slide per page without them.
import { t } from './i18n/index.ts';
export const HANDOUT_EXTRA_PX = 1080;

export const isHandout = (): boolean => new URLSearchParams(window.location.search).get('handout') === '1';

/** Adds the notes and the charts' data tables under every slide. */
export function buildHandout(root: ParentNode): void {
  document.documentElement.classList.add('handout');
  for (const slide of root.querySelectorAll<HTMLElement>('section:not(:has(section))')) {
    slide.querySelector(':scope > .handout')?.remove();
    const box = document.createElement('div');
    box.className = 'handout';
    const notes = slide.querySelector(':scope > aside.notes');
    if (notes) {
      const n = document.createElement('div');
      n.className = 'handout-notes';
      n.innerHTML = notes.innerHTML;
      box.append(n);
    }
    for (const t of slide.querySelectorAll<HTMLTableElement>('table.chart-data')) {
      const copy = t.cloneNode(true) as HTMLTableElement;
      copy.removeAttribute('id');
      copy.className = 'data compact handout-data';
      box.append(copy);
    }
    slide.append(box);
    const page = slide.parentElement;
    if (page?.classList.contains('pdf-page')) paginate(page, box);
  }
}

/** Space kept free at the bottom of a page, px. */
const PAGE_FOOT = 24;

/** Moves what overflows `page` from `box` onto new pages after it: whole blocks, or a table's rows
 * from the first that does not fit (its caption and header repeated, "continued"). */
function paginate(page: HTMLElement, box: HTMLElement): void {
  for (let guard = 0; guard < 50; guard++) {
    const bottom = page.getBoundingClientRect().top + page.offsetHeight - PAGE_FOOT;
    const blocks = [...box.children] as HTMLElement[];
    const over = blocks.findIndex((b) => b.getBoundingClientRect().bottom > bottom);
    if (over < 0) return;
    const next = document.createElement('div');
    next.className = 'pdf-page handout-page';
    next.style.height = page.style.height;
    if (page.style.background) next.style.background = page.style.background;
    const rest = document.createElement('div');
    rest.className = 'handout handout-continued';
    next.append(rest);
    page.after(next);
    const block = blocks[over]!;
    const rows = block instanceof HTMLTableElement ? [...block.querySelectorAll<HTMLTableRowElement>('tbody tr')] : [];
    const cut = rows.findIndex((r) => r.getBoundingClientRect().bottom > bottom);
    let moved = blocks.slice(over + 1);
    if (block instanceof HTMLTableElement && cut > 0) {
      // The table's rows from `cut` on go into a copy with the same caption and header.
      const copy = block.cloneNode(true) as HTMLTableElement;
      copy.querySelectorAll('tbody tr').forEach((r, i) => i < cut && r.remove());
      rows.slice(cut).forEach((r) => r.remove());
      const caption = copy.querySelector('caption');
      if (caption) caption.textContent = t()['handout.continued'](caption.textContent ?? '');
      rest.append(copy);
    } else if (over > 0 || box.classList.contains('handout-continued') === false) {
      moved = blocks.slice(over);
    }
    // A block taller than a whole page that cannot be split stays where it is (cut by the page).
    if (!rest.children.length && !moved.length) return next.remove();
    rest.append(...moved);
    page = next;
    box = rest;
  }
}
