// "Higher Risk for Arena Leakage in GLIBC": the allocator table, tunables, the native workload, the
// mechanism (GIL held or released during the native call), the live N × M matrix of arena memory GIL
// vs free-threaded and with arena_max, the talk's number two ways, its 64 MiB blocks, and the
// allocator table measured.
import { TALK_ALLOCATORS, TALK_TUNABLES } from '../../analysis/talk.ts';
import { cite, GIL, NOGIL, notes, terminal } from './kit.ts';
import { codeBlock } from '../code.ts';
import { view } from '../live/views.ts';

/** The talk's allocator table; `marksOnly`: each cell's mark (★ ○ △ ×) without its remark, for the
 * main slide (the whole table is its sub-slide). */
const allocatorTable = (marksOnly: boolean) => `<table class="data allocators${marksOnly ? ' marks' : ''}"><thead><tr>${TALK_ALLOCATORS.head.map((h) => `<th>${marksOnly ? h.replace(/\s*\(.*\)$/, '') : h}</th>`).join('')}</tr></thead><tbody>${TALK_ALLOCATORS.rows
  .map((r) => `<tr>${r.map((c, i) => (i ? `<td>${marksOnly ? c.replace(/\s*\(.*\)$/, '') : c}</td>` : `<th>${c}</th>`)).join('')}</tr>`)
  .join('')}</tbody></table>`;
const allocators = allocatorTable(false);

export default /* html */ `
<section>
<section>
  <h2>Higher Risk for Arena Leakage in GLIBC</h2>
  ${allocatorTable(true)}
  ${cite('allocator table (★ best · ○ good · △ with tuning · × poor fit); with its remarks: next slide (↓)')}
  ${notes(`The talk's comparison of allocators by scenario. glibc's ptmalloc2 gives each thread an arena,
  up to 8 per CPU by default; many short-lived native threads can leave many arenas behind.`)}
</section>
<section>
  <h2>The allocator table, with the talk's remarks</h2>
  ${allocators}
  ${cite('allocator table (★ best · ○ good · △ with tuning · × poor fit)')}
  ${notes(`The whole table as the talk showed it.`)}
</section>
</section>
<section>
  <h2>Use GLIBC_TUNABLES when it is matter</h2>
  ${terminal(TALK_TUNABLES, '/lib64/ld-linux-x86-64.so.2 --list-tunables | grep malloc')}
  <p class="lead">M_MMAP_THRESHOLD: allocations ≥ 128 KiB by default are served by <code>mmap(2)</code>, not from an arena (mallopt(3)). The talk's Rust threads allocated 64 MiB each.</p>
  ${notes(`glibc.malloc.arena_max caps the number of arenas. Blocks at or above the mmap threshold never
  touch an arena, so this experiment allocates 64 KiB blocks, below it: that is what really uses arenas.`)}
</section>
<section>
  <h2>The workload: N Python threads × M native threads</h2>
  ${codeBlock('native/ffibench/ffibench.c', { fn: 'churn_thread' })}
  ${codeBlock('native/pyo3/src/lib.rs', { fn: 'arena_churn_detached' })}
  ${notes(`Each call starts M native threads; each allocates blocks of 64 KiB (below the mmap threshold, so
  from its arena), writes every byte, frees them: in C (above) through PyDLL, which keeps the GIL, or CDLL,
  which releases it; in Rust (native/pyo3/src/alloc.rs) through PyO3 keeping the GIL, as the talk's
  run_arena_test did (no allow_threads), or inside Python::detach (below) releasing it. Every cell runs in fresh processes, three per cell, once with the native call and once without it,
  so the interpreter's own growth is measured apart from the arenas.`)}
</section>
<section data-live="arena" data-runtimes="${GIL}" data-params='{"loader":"cdll"}' id="arena-mechanism">
  <h2>Holding the GIL keeps the native threads few</h2>
  ${view('arena-mechanism', { experiment: 'arena', runtimes: [`${GIL}?loader=pydll&arena_max=0`, `${GIL}?loader=cdll&arena_max=0`, `${NOGIL}?loader=pydll&arena_max=0`] })}
  ${notes(`glibc gives a thread an arena at its first malloc, a free one if any is left by a thread that
  ended, else a new one up to 8 per CPU. With the GIL held during the call, the N Python threads' calls
  cannot overlap: at most M native threads live at once, and the next call's threads reuse the arenas of
  the last. Released (CDLL here; the Run button measures that arm), or on the free-threaded build where
  PyDLL has no GIL to hold, up to N × M threads overlap and each wants its own arena. Bars: arenas at
  N=8, M=4, median over the processes, whiskers lowest to highest; grey: the same Python threads without
  the native call.`)}
</section>
<section data-live="arena" data-runtimes="${GIL},${NOGIL}" data-params='{"arena_max":0,"loader":"pydll"}' id="arena-live">
  <h2>Arena risk matrix: arena memory</h2>
  <p class="lead">MiB held by glibc's thread arenas after the run (malloc_info), median of the processes; arena count below.</p>
  ${view('arena-heatmaps', { experiment: 'arena', runtimes: [`${GIL}?arena_max=0&loader=pydll`, `${NOGIL}?arena_max=0&loader=pydll`, `${NOGIL}?arena_max=2&loader=pydll`], cls: 'fill' })}
  ${notes(`Bytes the non-main arenas hold from the system after every thread has ended, per cell: rows N
  Python threads, columns M native threads per call. Not RSS: RSS also counts the interpreter's own growth.
  Left: GIL build, middle: free-threaded, right: free-threaded with GLIBC_TUNABLES=glibc.malloc.arena_max=2.
  Same colour scale for all three.`)}
</section>
<section>
  <h2>Which memory grew: arenas or the interpreter?</h2>
  ${view('arena-split', { experiment: 'arena', runtimes: [`${GIL}?arena_max=0&loader=pydll`, `${NOGIL}?arena_max=0&loader=pydll`, `${GIL}?arena_max=2&loader=pydll`, `${NOGIL}?arena_max=2&loader=pydll`] })}
  ${notes(`For the largest cell: arena bytes beyond the baseline process (same Python threads, no native
  call), the interpreter's own RSS growth, total RSS, the arena counts, and which one grew: a difference
  counts when every process of one side is above every process of the other (with three against three,
  1 chance in 20 without a real difference) and the medians differ by more than a quarter MiB.`)}
</section>
<section>
  <h2>“Risk amplification”, two ways</h2>
  ${view('arena-claims', { experiment: 'arena', runtimes: [GIL, NOGIL], match: { arena_max: 0, loader: 'pydll' }, noBadge: true })}
  ${notes(`The talk divided total RSS growth on no-GIL by that on GIL, once, at N=8, M=50: 29.46× on 3.13.5,
  55.26× on 3.14.0rc1. Total RSS includes the free-threaded interpreter's own per-thread memory, and a
  near-zero GIL figure makes any ratio large. Like for like is the memory the claim is about: the bytes of
  glibc's thread arenas, GIL held against not held. Both with an interval from the processes. At N=8,
  M=50 both builds reach glibc's limit of 8 arenas per CPU (16 here), so the limit, not the GIL, bounds
  the arena memory there; the last row reads N=8, M=4, below it.`)}
</section>
<section>
  <h2>The talk's 64 MiB blocks never reach an arena</h2>
  ${view('arena-mmap', { experiment: 'arena', runtimes: [`${GIL}?block_kib=65536`, `${NOGIL}?block_kib=65536`] })}
  ${notes(`The talk's Rust threads each made a 64 MiB Vec with set_len, never writing it. 64 MiB is 512 times
  glibc's initial mmap threshold (128 KiB) and twice the most it can rise to (32 MiB on 64-bit): every such
  block is its own mmap, outside every arena, and munmap'd on free. Never written, its pages were never
  resident either, so RSS could not show them. Here the blocks are written: peak RSS rises by 64 MiB per
  thread while the thread arenas stay at their first heap, and RSS falls back after the free.`)}
</section>
<section data-live="allocators" data-runtimes="${GIL}" id="allocators-live">
  <h2>The allocator table, measured here</h2>
  ${view('allocators-table', { experiment: 'allocators', runtimes: [GIL] })}
  ${notes(`Each scenario of the talk's table that Linux can measure, run by Rust threads under glibc's
  malloc and under jemalloc, tcmalloc and mimalloc preloaded from Debian's packages, in fresh processes.
  Beside the talk's symbol, our rank by the quantity the row is about: RSS left after short-lived threads,
  RSS of a long-lived process with survivors, nanoseconds per allocation, peak RSS under a fixed load,
  peak RSS with 200 threads live at once. macOS and Windows cannot be measured on this machine.`)}
</section>`;
