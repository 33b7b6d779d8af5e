// Text formatters for arena and allocators. arena: the risk matrix (Python threads N down, native
// threads M across) of the non-main arena bytes, the arena count, RSS and the interpreter's own
// growth (baseline: same threads, no native call), each a median over processes with its spread,
// and which memory grew. allocators: per scenario the arms ranked, beside the talk's symbols.
import { allocatorScenarios, arenaCells, rankAllocators } from '../../analysis/arena.ts';
import type { ArenaCell as Cell, ArenaResult as Result, Spread } from '../../protocol/arena.ts';
import { TALK_ALLOCATORS } from '../../analysis/talk.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { registerFormatter, table } from './format.ts';

/** "median (low–high)" of a spread, or n/a. */
const spread = (s: Spread | null | undefined, digits = 2): string =>
  !s ? 'n/a' : s.low === s.high ? s.median.toFixed(digits) : `${s.median.toFixed(digits)} (${s.low.toFixed(digits)}-${s.high.toFixed(digits)})`;

function paramsLine(r: RunRecord): string {
  return `Parameters: ${Object.entries(r.params).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join(', ')}`;
}

function matrix(title: string, cells: Cell[], value: (c: Cell) => string, rowExtra?: { head: string; value: (c: Cell) => string }): string {
  const rows = [...new Set(cells.map((c) => c.pythonThreads))].sort((a, b) => a - b);
  const cols = [...new Set(cells.map((c) => c.nativeThreads))].sort((a, b) => a - b);
  const at = (n: number, m: number) => cells.find((c) => c.pythonThreads === n && c.nativeThreads === m);
  return [
    title,
    table(
      ['N \\ M', ...cols.map((m) => `M=${m}`), ...(rowExtra ? [rowExtra.head] : [])],
      rows.map((n) => {
        const first = cells.find((c) => c.pythonThreads === n)!;
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
  const cells = arenaCells(r);
  const p = r.params;
  const out = [
    paramsLine(r),
    `Each cell: ${p.repeats} fresh processes (median, spread low-high); N Python threads x ${p.calls} calls through ${p.loader}, each call M native threads x ${p.blocks} blocks of ${p.block_kib} KiB (${p['touch'] === false ? 'malloc, never written, free' : 'malloc, touch, free'})` +
      (res ? `; GIL ${res.gilHeldDuringCall ? 'held' : 'not held'} during the call; allocator ${res.allocator}${res.allocatorLibrary ? ` (LD_PRELOAD=${res.allocatorLibrary})` : ''}; GLIBC_TUNABLES=${res.glibcTunables ?? '(unset)'}` : ''),
  ];
  if (res && res.blocksMmapped !== 'never') out.push(`Blocks of ${p.block_kib} KiB are above glibc's mmap threshold (${res.blocksMmapped}): mmap'd, not arena memory.`);
  if (!cells.length) return out.join('\n');
  const arenas = cells.some((c) => c.arenaMiB);
  if (arenas) {
    out.push(
      '',
      matrix("Non-main arena MiB after the run (malloc_info); last column the baseline's", cells, (c) => spread(c.arenaMiB), { head: 'baseline', value: (c) => spread(c.baselineArenaMiB) }),
      '',
      matrix('malloc arenas after the run; last column the baseline', cells, (c) => spread(c.arenas, 0), { head: 'baseline', value: (c) => spread(c.baselineArenas, 0) }),
      '',
      matrix('Non-main arenas at their peak, MiB', cells, (c) => spread(c.arenaPeakMiB)),
    );
  } else {
    out.push('', `Arena figures are glibc's: not meaningful with ${res?.allocator ?? 'this allocator'}.`);
  }
  out.push(
    '',
    matrix('RSS delta MiB (reference); last column the interpreter alone (baseline)', cells, (c) => spread(c.rssMiB), { head: 'interpreter', value: (c) => spread(c.interpreterMiB) }),
    '',
    matrix('Peak RSS beyond the start, MiB', cells, (c) => spread(c.peakRssMiB)),
    '',
    matrix('Median native call, microseconds', cells, (c) => spread({ ...c.callNs, median: c.callNs.median / 1000, low: c.callNs.low / 1000, high: c.callNs.high / 1000 }, 0)),
    '',
    matrix(`Which grew (every native process above every baseline process, medians ${res?.grewFloorMiB ?? 0.25} MiB apart or more)`, cells, (c) => c.grew),
  );
  const failed = cells.reduce((s, c) => s + c.failedCalls, 0);
  if (failed) out.push('', `WARNING: ${failed} native calls failed (threads or memory ran out)`);
  if (res) out.push('', `glibc's arena limit here: ${res.arenaLimit}${res.arena_max ? ' (arena_max)' : ` (8 per CPU, ${res.cpuCount} CPUs)`}.`);
  out.push('Talk (N=8, M=50, 64 MiB blocks): 3.13.5 GIL 0.56 MiB vs no-GIL 16.57 MiB (29.46x); 3.14.0rc1 0.59 vs 32.60 MiB');
  return out.join('\n');
}

/** The talk's symbol for an allocator in a row of its table (verbatim cell), or '' where it has no column. */
export function talkSymbol(talkRow: string, allocator: string): string {
  const col = { glibc: 1, jemalloc: 3, tcmalloc: 4 }[allocator];
  const row = TALK_ALLOCATORS.rows.find((r) => r[0] === talkRow);
  return col && row ? row[col]! : '';
}

export function formatAllocators(r: RunRecord): string {
  const out = [paramsLine(r), 'Each arm: fresh processes (median, spread low-high); rank 1 = lowest of the ranking quantity. Talk column: its table (PyCon TW 2025), verbatim.'];
  for (const s of allocatorScenarios(r)) {
    const ranked = rankAllocators(s);
    out.push(
      '',
      `${s.id} (talk: "${s.talkRow}"), ranked by ${s.rankBy}: ${s.workload}`,
      table(
        ['arm', 'rank', 'talk', 'peak RSS MiB', 'retained MiB', 'released MiB', 'ns/alloc', 'arenas'],
        ranked.map(({ arm, rank }) =>
          arm.error
            ? [arm.arm, '-', talkSymbol(s.talkRow, arm.allocator), `ERROR: ${arm.error}`, '', '', '', '']
            : [arm.arm, String(rank), arm.arm === 'glibc-tuned' ? '' : talkSymbol(s.talkRow, arm.allocator) || '(not in the talk)', spread(arm.peakRssMiB), spread(arm.retainedMiB), spread(arm.releasedMiB), spread(arm.allocNs, 1), spread(arm.arenas, 0)],
        ),
      ),
    );
  }
  const errors = (r.result as { errors?: string[] } | null)?.errors ?? [];
  if (errors.length) out.push('', ...errors.map((e) => `ERROR: ${e}`));
  out.push('', 'macOS libmalloc and Windows HeapAlloc: not measurable here.');
  return out.join('\n');
}

registerFormatter('arena', formatArena);
registerFormatter('allocators', formatAllocators);
