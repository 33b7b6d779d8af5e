// Use the room: a live slide whose content ends in the upper half of the 1920×1080 frame (a table
// of two runtimes, a short verdict list) has its views' text grow, step by step, until the content
// reaches ROOM_TARGET of the frame's height, never past ROOM_LIMIT, and never above ROOM_MAX_PX. A
// slide whose data grows again (more rows) shrinks back to what fits. Charts keep their own boxes.
const FRAME_H = 1080;
/** The content should reach this far down the frame. */
const ROOM_TARGET = 0.56;
/** Nothing may end below this (the badge and data links sit under the view). */
const ROOM_LIMIT = 0.9;
const ROOM_MAX_PX = 40;
const STEP_PX = 2;

/** The bottom of what the slide shows, in frame pixels from the slide's top (notes, run bar and
 * the parameters line excluded). */
function contentBottom(slide: HTMLElement): number {
  const top = slide.getBoundingClientRect().top;
  const scale = slide.getBoundingClientRect().height / slide.offsetHeight || 1;
  let bottom = 0;
  for (const child of slide.children) {
    if (child.matches('aside, .run-bar, .params-line, .handout')) continue;
    const r = child.getBoundingClientRect();
    if (r.height) bottom = Math.max(bottom, (r.bottom - top) / scale);
  }
  return bottom;
}

/** Grows (or shrinks back) the text of the slide's table views to use the room the slide has. */
export function useRoom(view: HTMLElement): void {
  const slide = view.closest('section');
  if (!slide || !slide.offsetHeight || view.querySelector('canvas')) return;
  const bodies = [...slide.querySelectorAll<HTMLElement>('[data-view] .view-body')].filter((b) => !b.querySelector('canvas'));
  if (!bodies.length) return;
  const set = (px: number | null) =>
    bodies.forEach((b) => {
      b.classList.toggle('roomy', px !== null);
      if (px === null) b.style.removeProperty('--room-px');
      else b.style.setProperty('--room-px', `${px}px`);
    });
  set(null);
  const text = bodies[0]!.querySelector('table, p, li') ?? bodies[0]!;
  let px = parseFloat(getComputedStyle(text).fontSize);
  if (contentBottom(slide) >= ROOM_TARGET * FRAME_H) return;
  while (px + STEP_PX <= ROOM_MAX_PX) {
    set(px + STEP_PX);
    if (contentBottom(slide) > ROOM_LIMIT * FRAME_H) break;
    px += STEP_PX;
    if (contentBottom(slide) >= ROOM_TARGET * FRAME_H) return;
  }
  set(px);
}
