// Readable text for a finished run: the talk's tables, one formatter per experiment.
import type { RunRecord } from '../../protocol/record.ts';

export type Formatter = (record: RunRecord) => string;

export interface TableStyle {
  /** Between columns; default two spaces. */
  sep?: string;
  /** A rule of dashes under the head; default true. */
  rule?: boolean;
  /** Which columns are right-aligned; default those whose every cell is a number. */
  right?: (column: number) => boolean;
}

/** The CLI's one text table printer: aligned columns, numbers right-aligned unless `style` says which. */
export function table(head: string[], rows: (string | number)[][], style: TableStyle = {}): string {
  const cells = rows.map((r) => r.map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const right = head.map((_, i) => (style.right ? style.right(i) : rows.every((r) => typeof r[i] === 'number' || /^[-+]?[\d.,]+(e[-+]?\d+)?[%x]?$/.test(String(r[i])))));
  const sep = style.sep ?? '  ';
  const line = (r: string[]) => r.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(sep).trimEnd();
  // Under ' | ' the rule is '-|-'; under blanks, blanks.
  const rule = widths.map((w) => '-'.repeat(w)).join(sep.trim() ? sep.replace(/ /g, '-') : sep);
  return [line(head), ...(style.rule === false ? [] : [rule]), ...cells.map(line)].join('\n');
}

const formatters: Record<string, Formatter> = {};

/** Experiments register their formatter here (server/report/<experiment>.ts). */
export function registerFormatter(experiment: string, f: Formatter): void {
  formatters[experiment] = f;
}

/** The formatter registered for an experiment (index.ts imports them all). */
export const formatterOf = (experiment: string): Formatter | undefined => formatters[experiment];
