// "Why Free-Threaded Makes Them Slower?": medians GIL vs free-threaded per binding, the talk's perf
// evidence and recap, and the scaling experiment (beyond the talk).
import { TALK_PERF_NOGIL_LOCKS } from '../talk-figures.ts';
import { BOTH, notes, terminal, view } from './kit.ts';

/** The run behind the recap slide: the talk's call plus a bytes and a str argument. */
const UNICODE_FUNCTIONS = 'return_int,bytes_len,str_len';

export default /* html */ `
<section>
  <h2>Why Free-Threaded Makes Them Slower?</h2>
  <div class="cols-2 wide-left">
    ${view('co-medians', { experiment: 'call-overhead', runtimes: BOTH })}
    ${view('co-ft-ratio', { experiment: 'call-overhead', runtimes: BOTH, noBadge: true, data: { slow: '1' } })}
  </div>
  ${notes(`Median ns per return_int() call for each binding, GIL build vs free-threaded build of the same
  CPython 3.13.5. The table gives the ratio: above 1 the free-threaded build is slower for that binding.`)}
</section>
<section>
  <h2>Why Free-Threaded Makes Them Slower? The talk's perf evidence</h2>
  ${terminal(TALK_PERF_NOGIL_LOCKS, 'perf report of PyO3 on no-GIL, grep for lock symbols')}
  <p class="cite">The talk's profiling loop updates a module-global counter; on the free-threaded build a store into a module dict (<code>PyDict_SetItem</code>) takes the dict's critical section (<code>_PyCriticalSection_*</code>). Our timing loop keeps everything in locals, so these frames cannot come from it; the next slides measure the call itself.</p>
  ${notes(`The talk attributed the no-GIL slowdown partly to these critical-section locks. Its profiling
  script also updated a module-global counter in the loop, which takes a per-dict lock on the
  free-threaded build, so the profile mixes the two. Our timing loop uses locals only.`)}
</section>
<section>
  <h2>Recap (the talk) and this machine</h2>
  ${view('co-ft-claims', { experiment: 'call-overhead', runtimes: BOTH.map((r) => `${r}?functions=${UNICODE_FUNCTIONS}`), data: { slow: '1' } })}
  ${notes(`The talk's recap, verbatim, claim by claim, judged by the same rules as npx ffi-corners verify
  on the runs shown. The 3.14 claim is judged when a 3.14 GIL and free-threaded pair is present (else the
  row names the runtimes build command). One run per runtime gives no interval between processes, so a
  badge says inconclusive until npx ffi-corners verify has run several, alternated. This slide uses a
  run with functions=return_int,bytes_len,str_len.`)}
</section>
<section data-live="scaling" data-runtimes="${BOTH.join(',')}">
  <h2>Free-threaded scaling: calls/s vs threads</h2>
  ${view('scaling-lines', { experiment: 'scaling', runtimes: BOTH, cls: 'fill' })}
  ${notes(`Beyond the talk: T threads calling return_int() in a tight loop, released together; total
  calls per second. Dashed: GIL build, solid: free-threaded. On a 2-core machine T goes up to 2. The lines
  show, per binding and build, whether a second thread added throughput on this machine.`)}
</section>`;
