// Text formatter for arena: the risk matrix (Python threads N down, native threads M across), as
// RSS growth of the native run, the interpreter's own growth (baseline: same threads, no native
// call), glibc's arena count and arena peak, and which one grew.
import type { RunRecord } from '../../protocol/record.ts';
import { registerFormatter, table } from './format.ts';
import type { ArenaSide as Side, ArenaCell as Cell, ArenaResult as Result } from '../../protocol/results.ts';


const mib = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : x.toFixed(2));

function paramsLine(r: RunRecord): string {
  return `Parameters: ${Object.entries(r.params).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join(', ')}`;
}

function matrix(title: string, cells: Cell[], value: (c: Cell) => string, rowExtra?: { head: string; value: (c: Cell) => string }): string {
  const rows = [...new Set(cells.map((c) => c.python_threads))].sort((a, b) => a - b);
  const cols = [...new Set(cells.map((c) => c.native_threads))].sort((a, b) => a - b);
  const at = (n: number, m: number) => cells.find((c) => c.python_threads === n && c.native_threads === m);
  return [
    title,
    table(
      ['N \\ M', ...cols.map((m) => `M=${m}`), ...(rowExtra ? [rowExtra.head] : [])],
      rows.map((n) => {
        const first = cells.find((c) => c.python_threads === n)!;
        return [`N=${n}`, ...cols.map((m) => {
          const c = at(n, m);
          return c ? value(c) : '-';
        }), ...(rowExtra ? [rowExtra.value(first)] : [])];
      }),
    ),
  ].join('\n');
}

export function formatArena(r: RunRecord): string {
  const res = r.result as Result | null;
  const cells = r.partials.map((p) => p.data as Cell);
  const p = r.params;
  const out = [
    paramsLine(r),
    `Each cell: N Python threads x ${p.calls} calls, each call M native threads x ${p.blocks} blocks of ${p.block_kib} KiB (malloc, touch, free); a fresh process per cell` +
      (res ? `; GLIBC_TUNABLES=${res.glibc_tunables ?? '(unset)'}` : ''),
  ];
  if (res?.blocks_mmapped) out.push(`Blocks of ${p.block_kib} KiB are above glibc's mmap threshold (128 KiB): mmap'd, never arena memory.`);
  if (!cells.length) return out.join('\n');
  out.push(
    '',
    matrix('RSS delta (MiB): native run; last column the baseline, same Python threads without the native call', cells, (c) => mib(c.rss_delta_mib), {
      head: 'baseline',
      value: (c) => mib(c.interpreter_delta_mib),
    }),
    '',
    matrix('malloc arenas after: native run; last column the baseline', cells, (c) => String(c.native.arenas_after), {
      head: 'baseline',
      value: (c) => String(c.baseline.arenas_after),
    }),
    '',
    matrix("Largest thread arena's peak while running (MiB)", cells, (c) => mib(c.thread_arena_peak_mib)),
    '',
    matrix('Peak RSS beyond the start (MiB)', cells, (c) => mib(c.native.peak_delta_mib)),
    '',
    matrix('Which grew (>= 1 MiB)', cells, (c) => c.grew),
  );
  const failed = cells.reduce((s, c) => s + c.native.failed_calls, 0);
  if (failed) out.push('', `WARNING: ${failed} native calls failed (threads or memory ran out)`);
  if (res) out.push('', `glibc's default limit is 8 arenas per CPU: ${8 * res.cpu_count} on this ${res.cpu_count}-CPU machine.`);
  out.push('Talk (N=8, M=50, 64 MiB blocks): 3.13.5 GIL 0.56 MiB vs no-GIL 16.57 MiB (29.46x); 3.14.0rc1 0.59 vs 32.60 MiB');
  return out.join('\n');
}

registerFormatter('arena', formatArena);
