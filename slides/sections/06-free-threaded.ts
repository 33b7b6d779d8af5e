// "Why Free-Threaded Makes Them Slower?": medians GIL vs free-threaded per binding, the talk's perf
// evidence and recap, and the scaling experiment (beyond the talk).
import { t } from '../i18n/index.ts';
import { TALK_PERF_NOGIL_LOCKS } from '../../analysis/talk.ts';
import { BOTH, notes, slide, terminal } from './kit.ts';
import { view } from '../live/views.ts';

/** The run behind the recap slide: the talk's call plus a bytes and a str argument. */
const UNICODE_FUNCTIONS = 'return_int,bytes_len,str_len';

export default (): string => /* html */ `
<section>
<section>
  <h2>Why Free-Threaded Makes Them Slower?</h2>
  ${view('co-medians', { experiment: 'call-overhead', runtimes: BOTH, cls: 'fill' })}
  ${notes(t()['n.medians'])}
</section>
${slide(t()['ft.ratio'], view('co-ft-ratio', { experiment: 'call-overhead', runtimes: BOTH, data: { slow: '1' } }), t()['n.ratio'])}
</section>
<section>
  <h2>Why Free-Threaded Makes Them Slower? ${t()['ft.perfTitle']}</h2>
  ${terminal(TALK_PERF_NOGIL_LOCKS, t()['ft.perfCite'])}
  <p>${t()['ft.perfLead']('<code>PyDict_SetItem</code>', '<code>_PyCriticalSection_*</code>')}</p>
  ${notes(t()['n.perf'])}
</section>
${slide(t()['ft.layers'], view('instr-layers', { experiment: 'instructions', runtimes: BOTH, data: { finding: 'ft-growth' }, cls: 'instr-layers' }), t()['n.layers'], ` data-live="instructions" data-runtimes="${BOTH.join(',')}"`)}
<section data-live="instructions" data-runtimes="${BOTH.join(',')}">
  <h2>${t()['ft.rankBoth']}</h2>
  <div class="cols-2">
    ${view('instr-rank-table', { experiment: 'instructions', runtimes: BOTH })}
    ${view('co-rank-table', { experiment: 'call-overhead', runtimes: BOTH })}
  </div>
  ${notes(t()['n.rankBoth'])}
</section>
<section>
  <h2>${t()['recap.title']} (1)</h2>
  ${view('co-ft-claims', { experiment: 'call-overhead', runtimes: BOTH.map((r) => `${r}?functions=${UNICODE_FUNCTIONS}`), data: { slow: '1', claims: 'ft-slower-ffi,ft-314-parity' } })}
  ${notes(t()['n.ftRecap'])}
</section>
<section>
  <h2>${t()['recap.title']} (2)</h2>
  ${view('co-ft-claims', { experiment: 'call-overhead', runtimes: BOTH.map((r) => `${r}?functions=${UNICODE_FUNCTIONS}`), data: { slow: '1', claims: 'ft-lockfree-not-faster,ft-unicode' } })}
  ${notes(t()['n.ftRecap2'])}
</section>
${slide(t()['ft.scaling'], view('scaling-lines', { experiment: 'scaling', runtimes: BOTH, cls: 'fill' }), t()['n.scaling'], ` data-live="scaling" data-runtimes="${BOTH.join(',')}"`)}`;
