// "Higher Risk for Arena Leakage in GLIBC": the allocator table, tunables, the native workload, the
// mechanism (GIL held or released during the native call), the live N × M matrix of arena memory GIL
// vs free-threaded and with arena_max, the talk's number two ways, its 64 MiB blocks, and the
// allocator table measured.
import { t } from '../i18n/index.ts';
import { TALK_ALLOCATORS, TALK_TUNABLES } from '../../analysis/talk.ts';
import { cite, GIL, NOGIL, notes, slide, terminal } from './kit.ts';
import { codeBlock } from '../code.ts';
import { view } from '../live/views.ts';

/** The talk's allocator table; `marksOnly`: each cell's mark (★ ○ △ ×) without its remark, for the
 * main slide (the whole table is its sub-slide). */
const allocatorTable = (marksOnly: boolean) => `<table class="data allocators${marksOnly ? ' marks' : ''}"><thead><tr>${TALK_ALLOCATORS.head.map((h) => `<th>${marksOnly ? h.replace(/\s*\(.*\)$/, '') : h}</th>`).join('')}</tr></thead><tbody>${TALK_ALLOCATORS.rows
  .map((r) => `<tr>${r.map((c, i) => (i ? `<td>${marksOnly ? c.replace(/\s*\(.*\)$/, '') : c}</td>` : `<th>${c}</th>`)).join('')}</tr>`)
  .join('')}</tbody></table>`;
const allocators = allocatorTable(false);

export default (): string => /* html */ `
<section>
<section>
  <h2>Higher Risk for Arena Leakage in GLIBC</h2>
  ${allocatorTable(true)}
  ${cite(t()['arena.tableCiteNext'])}
  ${notes(t()['n.arenaTable'](8))}
</section>
<section>
  <h2>${t()['arena.remarks']}</h2>
  ${allocators}
  ${cite(t()['arena.tableCite'])}
  ${notes(t()['n.arenaRemarks'])}
</section>
</section>
<section>
  <h2>Use GLIBC_TUNABLES when it is matter</h2>
  ${terminal(TALK_TUNABLES, '/lib64/ld-linux-x86-64.so.2 --list-tunables | grep malloc')}
  <p class="lead">${t()['arena.mmapLead']('<code>mmap(2)</code>')}</p>
  ${notes(t()['n.tunables'])}
</section>
<section>
  <h2>${t()['arena.workload']}</h2>
  ${codeBlock('native/ffibench/ffibench.c', { fn: 'churn_thread' })}
  ${codeBlock('native/pyo3/src/lib.rs', { fn: 'arena_churn_detached' })}
  ${notes(t()['n.workload'])}
</section>
${slide(t()['arena.mechanism'], view('arena-mechanism', { experiment: 'arena', runtimes: [`${GIL}?loader=pydll&arena_max=0`, `${GIL}?loader=cdll&arena_max=0`, `${NOGIL}?loader=pydll&arena_max=0`] }), t()['n.mechanism'], ` data-live="arena" data-runtimes="${GIL}" data-params='{"loader":"cdll"}' id="arena-mechanism"`)}
<section data-live="arena" data-runtimes="${GIL},${NOGIL}" data-params='{"arena_max":0,"loader":"pydll"}' id="arena-live">
  <h2>${t()['arena.matrix']}</h2>
  <p class="lead">${t()['arena.matrixLead']}</p>
  ${view('arena-heatmaps', { experiment: 'arena', runtimes: [`${GIL}?arena_max=0&loader=pydll`, `${NOGIL}?arena_max=0&loader=pydll`, `${NOGIL}?arena_max=2&loader=pydll`], cls: 'fill' })}
  ${notes(t()['n.matrix'])}
</section>
${slide(t()['arena.split'], view('arena-split', { experiment: 'arena', runtimes: [`${GIL}?arena_max=0&loader=pydll`, `${NOGIL}?arena_max=0&loader=pydll`, `${GIL}?arena_max=2&loader=pydll`, `${NOGIL}?arena_max=2&loader=pydll`] }), t()['n.split'])}
${slide(t()['arena.twoWays'], view('arena-claims', { experiment: 'arena', runtimes: [GIL, NOGIL], match: { arena_max: 0, loader: 'pydll' }, noBadge: true }), t()['n.twoWays'])}
${slide(t()['arena.blocks'], view('arena-mmap', { experiment: 'arena', runtimes: [`${GIL}?block_kib=65536&touch=true`, `${NOGIL}?block_kib=65536&touch=true`] }), t()['n.blocks'])}
${slide(t()['arena.measured'], view('allocators-table', { experiment: 'allocators', runtimes: [GIL] }), t()['n.measured'], ` data-live="allocators" data-runtimes="${GIL}" id="allocators-live"`)}`;
