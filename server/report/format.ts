// Readable text for a finished run: the talk's tables, one formatter per experiment.
import type { RunRecord } from '../../protocol/record.ts';

export type Formatter = (record: RunRecord) => string;

/** Aligned text table; numbers right-aligned. */
export function table(head: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = head.map((_, i) => rows.every((r) => typeof r[i] === 'number' || /^[-+]?[\d.,]+(e[-+]?\d+)?[%x]?$/.test(String(r[i]))));
  const line = (r: string[]) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(head), rule, ...cells.map(line)].join('\n');
}

const formatters: Record<string, Formatter> = {};

/** Experiments register their formatter here (server/report/<experiment>.ts). */
export function registerFormatter(experiment: string, f: Formatter): void {
  formatters[experiment] = f;
}

/** The formatter registered for an experiment (index.ts imports them all). */
export const formatterOf = (experiment: string): Formatter | undefined => formatters[experiment];
