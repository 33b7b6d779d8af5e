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
  <p class="lead">The lock frames (<code>_PyCriticalSection_*</code>) came from the profiling loop's own module-global counter (<code>PyDict_SetItem</code>), not from the FFI call; our loop keeps its counter local.</p>
  ${notes(`The talk attributed the no-GIL slowdown partly to these critical-section locks. In the talk's
  profiling script they come from updating a module-global counter in the loop, which takes a per-dict
  lock on the free-threaded build. Our timing loop uses locals only.`)}
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
