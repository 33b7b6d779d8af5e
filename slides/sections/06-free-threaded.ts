// "Why Free-Threaded Makes Them Slower?": medians GIL vs free-threaded per binding, the talk's perf
// evidence and recap, and the scaling experiment (beyond the talk).
import { TALK_PERF_NOGIL_LOCKS } from '../../analysis/talk.ts';
import { BOTH, notes, terminal } from './kit.ts';
import { view } from '../live/views.ts';

/** The run behind the recap slide: the talk's call plus a bytes and a str argument. */
const UNICODE_FUNCTIONS = 'return_int,bytes_len,str_len';

export default /* html */ `
<section>
<section>
  <h2>Why Free-Threaded Makes Them Slower?</h2>
  ${view('co-medians', { experiment: 'call-overhead', runtimes: BOTH, cls: 'fill' })}
  ${notes(`Median ns per return_int() call for each binding, GIL build vs free-threaded build of the same
  CPython 3.13.5. The ratios: next slide (↓).`)}
</section>
<section>
  <h2>Free-threaded vs GIL, binding by binding</h2>
  ${view('co-ft-ratio', { experiment: 'call-overhead', runtimes: BOTH, data: { slow: '1' } })}
  ${notes(`The ratio of the medians: above 1 the free-threaded build is slower for that binding.`)}
</section>
</section>
<section>
  <h2>Why Free-Threaded Makes Them Slower? The talk's perf evidence</h2>
  ${terminal(TALK_PERF_NOGIL_LOCKS, 'perf report of PyO3 on no-GIL, grep for lock symbols')}
  <p>The talk's profiling loop updates a module-global counter; on the free-threaded build a store into a module dict (<code>PyDict_SetItem</code>) takes the dict's critical section (<code>_PyCriticalSection_*</code>). Our timing loop keeps everything in locals, so these frames cannot come from it; the next slides measure the call itself.</p>
  ${notes(`The talk attributed the no-GIL slowdown partly to these critical-section locks. Its profiling
  script also updated a module-global counter in the loop, which takes a per-dict lock on the
  free-threaded build, so the profile mixes the two. Our timing loop uses locals only.`)}
</section>
<section data-live="instructions" data-runtimes="${BOTH.join(',')}">
  <h2>Free-threaded: where the instructions go</h2>
  ${view('instr-layers', { experiment: 'instructions', runtimes: BOTH, data: { finding: 'ft-growth' }, cls: 'instr-layers' })}
  ${notes(`Instructions per return_int() call, counted under valgrind for every binding on the GIL build and
  on the free-threaded build of the same CPython, split into layers by the call graph. The line above
  the chart is computed from the two runs: which layers change, and by how much. In the recorded runs
  the interpreter's own dispatch grows a little for every binding, while the GIL hand-over of CDLL and
  cffi gets cheaper (there is no GIL to take). Inlined code, such as most of the biased reference
  counting, counts for the function it was inlined into, so the synchronisation layer shows only the
  out-of-line parts.`)}
</section>
<section data-live="instructions" data-runtimes="${BOTH.join(',')}">
  <h2>Ranking: by instructions and by time</h2>
  <div class="cols-2">
    ${view('instr-rank-table', { experiment: 'instructions', runtimes: BOTH })}
    ${view('co-rank-table', { experiment: 'call-overhead', runtimes: BOTH })}
  </div>
  ${notes(`Left, the bindings ranked by instructions per call (callgrind): the same on every run. Right,
  ranked by median nanoseconds per call (the call-overhead run): close calls swap places between runs
  on a machine whose state changes. Where the two orders differ, the number of instructions is not the
  whole cost of a call: what they wait for (memory, branches, atomics) costs time as well.`)}
</section>
<section>
  <h2>Recap (the talk) and this machine (1)</h2>
  ${view('co-ft-claims', { experiment: 'call-overhead', runtimes: BOTH.map((r) => `${r}?functions=${UNICODE_FUNCTIONS}`), data: { slow: '1', claims: 'ft-slower-ffi,ft-314-parity' } })}
  ${notes(`The talk's recap, verbatim, claim by claim, judged by the same rules as npx ffi-corners verify
  on the runs shown. The 3.14 claim is judged when a 3.14 GIL and free-threaded pair is present (else the
  row names the runtimes build command). One run per runtime gives no interval between processes, so a
  badge says inconclusive until npx ffi-corners verify has run several, alternated. This slide uses a
  run with functions=return_int,bytes_len,str_len.`)}
</section>
<section>
  <h2>Recap (the talk) and this machine (2)</h2>
  ${view('co-ft-claims', { experiment: 'call-overhead', runtimes: BOTH.map((r) => `${r}?functions=${UNICODE_FUNCTIONS}`), data: { slow: '1', claims: 'ft-lockfree-not-faster,ft-unicode' } })}
  ${notes(`The rest of the recap: lock-free structures and the Unicode translation overhead, judged the same way.`)}
</section>
<section data-live="scaling" data-runtimes="${BOTH.join(',')}">
  <h2>Free-threaded scaling: calls/s vs threads</h2>
  ${view('scaling-lines', { experiment: 'scaling', runtimes: BOTH, cls: 'fill' })}
  ${notes(`Beyond the talk: T threads calling return_int() in a tight loop, released together; total
  calls per second. Dashed: GIL build, solid: free-threaded. On a 2-core machine T goes up to 2. The lines
  show, per binding and build, whether a second thread added throughput on this machine.`)}
</section>`;
