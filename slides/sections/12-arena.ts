// "Higher Risk for Arena Leakage in GLIBC": the allocator table, tunables, the native workload, and
// the live N × M risk matrix GIL vs free-threaded and with arena_max.
import { TALK_ALLOCATORS, TALK_TUNABLES } from '../talk-figures.ts';
import { cite, codeBlock, GIL, NOGIL, notes, terminal, view } from './kit.ts';

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
  ${notes(`Each call of arena_churn starts M pthreads; each allocates blocks, touches them, frees them.
  N Python threads make the calls. Every cell runs in a fresh process, once with the native call and once
  without it, so the interpreter's own growth is measured separately from the arenas.`)}
</section>
<section data-live="arena" data-runtimes="${GIL},${NOGIL}" data-params='{"arena_max":0}' id="arena-live">
  <h2>Arena risk matrix: RSS growth</h2>
  <p class="lead">RSS Δ in MiB per cell (malloc arenas after the run below it); same colour scale for all three.</p>
  ${view('arena-heatmaps', { experiment: 'arena', runtimes: [`${GIL}?arena_max=0`, `${NOGIL}?arena_max=0`, `${NOGIL}?arena_max=2`], cls: 'fill' })}
  ${notes(`RSS growth in MiB per cell, rows N Python threads, columns M native threads per call, with the
  number of malloc arenas after the run. Left: GIL build, middle: free-threaded, right: free-threaded with
  GLIBC_TUNABLES=glibc.malloc.arena_max=2. Same colour scale for all three.`)}
</section>
<section>
  <h2>Which memory grew: arenas or the interpreter?</h2>
  ${view('arena-split', { experiment: 'arena', runtimes: [`${GIL}?arena_max=0`, `${NOGIL}?arena_max=0`, `${GIL}?arena_max=2`, `${NOGIL}?arena_max=2`] })}
  ${view('arena-claims', { experiment: 'arena', runtimes: [GIL, NOGIL], match: { arena_max: 0 }, noBadge: true })}
  ${notes(`For the largest cell: total RSS growth, the growth of the same Python threads without the
  native call, the arena counts, and which one grew. The talk's figures below: 64 MiB allocations are
  mmap'd, so its no-GIL growth is more likely the free-threaded interpreter's own per-thread memory.`)}
</section>`;
