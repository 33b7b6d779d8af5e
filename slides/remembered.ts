// A choice the deck remembers across page loads (language, theme) in localStorage. Where storage is
// refused (private mode, a sandboxed frame) nothing is remembered and nothing fails.

/** The remembered value of `key`, or null. */
export function recall(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Remember `value` under `key`, where storage allows it. */
export function remember(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* private mode: not remembered */
  }
}
