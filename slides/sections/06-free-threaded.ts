// "Why Free-Threaded Makes Them Slower?": medians GIL vs free-threaded per binding, the talk's perf
// evidence and recap, and the scaling experiment (beyond the talk).
import { TALK_PERF_NOGIL_LOCKS } from '../talk-figures.ts';
import { BOTH, notes, terminal, view } from './kit.ts';

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
  <p class="lead">The lock frames (<code>_PyCriticalSection_*</code>) came from the profiling loop's own module-global counter (<code>PyDict_SetItem</code>), not from the FFI call; our loop keeps its counter local.</p>
  ${notes(`The talk attributed the no-GIL slowdown partly to these critical-section locks. In the talk's
  profiling script they come from updating a module-global counter in the loop, which takes a per-dict
  lock on the free-threaded build. Our timing loop uses locals only.`)}
</section>
<section>
  <h2>Recap (the talk) and this machine</h2>
  ${view('co-ft-claims', { experiment: 'call-overhead', runtimes: BOTH.map((r) => `${r}?functions=${UNICODE_FUNCTIONS}`), data: { slow: '1' } })}
  ${notes(`The talk's recap, verbatim, claim by claim, with what the recorded or live call-overhead run
  shows. Only 3.13.5 is measured here; the 3.14 claim needs a 3.14 runtime (npx ffi-corners runtimes
  build 3.14.0). This slide uses a run with functions=return_int,bytes_len,str_len (recorded, or
  npx ffi-corners run call-overhead --runtime ID --set functions=return_int,bytes_len,str_len).`)}
</section>
<section data-live="scaling" data-runtimes="${BOTH.join(',')}">
  <h2>Free-threaded scaling: calls/s vs threads</h2>
  ${view('scaling-lines', { experiment: 'scaling', runtimes: BOTH, cls: 'fill' })}
  ${notes(`Beyond the talk: T threads calling return_int() in a tight loop, released together; total
  calls per second. Dashed: GIL build, solid: free-threaded. On a 2-core machine T goes up to 2. With the
  GIL more threads cannot add throughput; without it they can, if the binding does not serialise.`)}
</section>`;
