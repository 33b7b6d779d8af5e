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

function header(r: RunRecord): string {
  const env = r.meta?.env;
  const where = env
    ? `${r.runtimeId ?? 'this machine'} (Python ${env.version}, ${env.freeThreadedBuild ? 'free-threaded build' : 'GIL build'}, GIL ${env.gilEnabledAfterImports ? 'on' : 'off'} after imports) on ${env.cpuModel}, CPUs ${env.affinity.join(',')}`
    : r.runtimeId ?? 'this machine';
  const status = r.status === 'ok' ? '' : `  [${r.status.toUpperCase()}: ${r.reason}]`;
  return `== ${r.experiment} on ${where}${status}`;
}

export function formatRecord(r: RunRecord): string {
  const body = r.result !== null || r.partials.length || Object.keys(r.samples).length
    ? (formatters[r.experiment] ?? ((x: RunRecord) => JSON.stringify(x.result, null, 2)))(r)
    : '(no data)';
  return `${header(r)}\n${body}\n`;
}
