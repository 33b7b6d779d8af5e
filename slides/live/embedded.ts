// The results a one-file export (`ffi-corners export-html`) carries: null in the folder build and
// the dev server.
import { EMBEDDED_ID, type Embedded } from '../../protocol/embedded.ts';

export function embedded(): Embedded | null {
  const el = document.getElementById(EMBEDDED_ID);
  if (!el?.textContent) return null;
  try {
    return JSON.parse(el.textContent) as Embedded;
  } catch {
    return null;
  }
}
