// The PDF handout (?print-pdf&handout=1, `export-pdf --handout`): each page is the slide (the top
// 1920×1080) with, under it, the slide's speaker notes (headline numbers first) and the data table
// of every chart on it, visible. One slide per page; the plain print stays one slide per page
// without them.
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
  }
}
