// "Why PyO3 fast, but ctypes slow?": the two call paths (the talk's diagram), the ctypes perf
// excerpt, the code of both, and the talk's second pair of tables with its recap.
import { TALK_CALL_PATHS, TALK_PERF_CTYPES, TALK_PYO3_RECAP } from '../../analysis/talk.ts';
import { talkPairsTable, talkStatsTable } from '../views/call-overhead.ts';
import { BOTH, cite, notes, terminal } from './kit.ts';
import { codeBlock } from '../code.ts';
import { view } from '../live/views.ts';

const path = (steps: string[]) => `<ol class="call-path">${steps.map((s) => `<li>${s}</li>`).join('')}</ol>`;

export default /* html */ `
<section>
  <h2>Why PyO3 fast, but ctypes slow?</h2>
  <div class="cols-2">
    <div><h3>ctypes</h3>${path(TALK_CALL_PATHS.ctypes)}</div>
    <div><h3>PyO3</h3>${path(TALK_CALL_PATHS.pyo3)}</div>
  </div>
  ${cite('call-path diagram')}
  ${notes(`The talk's diagram: a ctypes call goes through PyCFuncPtr_call and _ctypes_callproc, takes
  and drops the GIL (CDLL), then the libffi trampoline converts the arguments at run time. PyO3 is a
  vectorcall into generated code that converts arguments with compiled code.`)}
</section>
<section>
  <h2>Why PyO3 fast, but ctypes slow? perf</h2>
  <div class="cols-2">
    ${terminal(TALK_PERF_CTYPES, 'perf report --stdio --no-children -i "$CTYPES" --sort symbol')}
    <div>
      ${codeBlock('native/pyo3/src/lib.rs', { fn: 'return_int' })}
      ${codeBlock('native/python/ffibench/ctypes_cdll.py', { lines: /^(lib = |return_int = )/ })}
    </div>
  </div>
  ${notes(`In the talk's ctypes profile, pthread_mutex_lock under take_gil, and drop_gil_impl /
  PyEval_SaveThread under _call_function_pointer: the GIL is dropped and taken back around every call.
  That is ctypes.CDLL, which is also what the talk's code loads. Here CDLL and PyDLL are separate rows,
  and the talk's "ctypes" is compared with our CDLL row.`)}
</section>
<section data-live="instructions" data-runtimes="${BOTH.join(',')}">
  <h2>PyO3 and ctypes: where the instructions go</h2>
  ${view('instr-layers', { experiment: 'instructions', runtimes: BOTH, data: { bindings: 'capi,pyo3,ctypes-pydll,ctypes-cdll', finding: 'pyo3-vs-ctypes' }, cls: 'instr-layers' })}
  ${notes(`The talk showed perf screenshots; here valgrind counts the instructions of one return_int() call
  on this machine, in the same loop the call-overhead experiment times, with the empty loop subtracted.
  Each bar is split into layers by callgrind's call graph: the interpreter's dispatch up to the
  binding, the binding's argument and return conversion, releasing and re-taking the GIL, libffi, and
  the C function. In the recorded run ctypes spends more on its own argument and return handling than
  on libffi and the GIL hand-over together; CDLL adds the GIL hand-over on every call, PyDLL does not.
  PyO3 is a vectorcall into compiled conversion code. Counts do not move with the machine's state as
  nanoseconds do.`)}
</section>
<section>
  <h2>The talk's third and fourth tables</h2>
  <div class="cols-2 small-tables">
    <div>${talkStatsTable('C')}${talkStatsTable('D')}</div>
    <div>${talkPairsTable('C')}${talkPairsTable('D')}</div>
  </div>
  ${notes(`In these two tables of the talk, ctypes beats cffi; in the first two, cffi beat ctypes. The
  slide text does not say which runtime each table is from. Our ranking follows.`)}
</section>
<section>
  <h2>Recap (the talk) and this machine</h2>
  <div class="cols-2 wide-right">
    <div>
      <ul class="recap">${TALK_PYO3_RECAP.map((t) => `<li>${t}</li>`).join('')}</ul>
      ${cite('“Why PyO3 fast, but ctypes slow?”, Recap')}
      ${view('cdll-speedup', { experiment: 'cdll-vs-pydll', runtimes: BOTH })}
    </div>
    ${view('co-ranking', { experiment: 'call-overhead', runtimes: BOTH })}
  </div>
  ${notes(`The talk's recap, verbatim. Below it, the CDLL vs PyDLL speed-up measured here for both
  runtimes (details on the next slides); right, every binding against the C-API floor.`)}
</section>`;
