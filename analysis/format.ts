// Number formats shared by the deck's views and the CLI's reports: one way to print a median, a
// p-value, a ratio and its interval. Pure TypeScript, no DOM or Node APIs.

/** Three significant digits in plain notation (12.3, 0.0523, 1234); 'n/a' for a missing value. */
export function sig(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  if (x === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
  return x.toFixed(Math.min(digits, 6));
}

/** Scientific notation with 3 significant digits and a 2-digit exponent, like Python's `f"{x:.2e}"`. */
export function sci3(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : String(x);
  return x.toExponential(2).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** 3 significant digits as the talk's tables print them: plain in the everyday range, scientific
 * below 1e-3 and from 1e6; 'nan' for NaN (e.g. the skewness of constant data). */
export function sig3(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : String(x);
  if (x === 0) return '0';
  const ax = Math.abs(x);
  if (ax < 1e-3 || ax >= 1e6) return sci3(x);
  if (ax >= 100) return Number(x.toPrecision(3)).toFixed(0);
  return x.toPrecision(3);
}

/** p-values the way the talk prints them: 9.71e-25, 1.18e-03; below double range '<1e-300'. */
export function pValue(p: number): string {
  if (!Number.isFinite(p)) return 'n/a';
  if (p === 0) return '<1e-300';
  return sci3(p);
}

/** Nanoseconds: whole above 100, one decimal below. */
export function ns(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1);
}

/** A ratio: "1.23×". */
export function ratio(x: number | null | undefined, unit = '×'): string {
  return x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : `${x.toFixed(2)}${unit}`;
}

/** A ratio with its interval: "1.23× [1.10, 1.35]". */
export function ratioCI(x: number, lo: number, hi: number, unit = '×'): string {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return ratio(x, unit);
  return `${ratio(x, unit)} [${lo.toFixed(2)}, ${hi.toFixed(2)}]`;
}

/** An ISO time to the minute: "2026-11-25 04:04 UTC" ('' for none; an unreadable one as given). */
export function utcMinute(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
