// "Why PyO3 fast, but ctypes slow?": the two call paths (the talk's diagram), the ctypes perf
// excerpt, the code of both, and the talk's second pair of tables with its recap.
import { t } from '../i18n/index.ts';
import { TALK_CALL_PATHS, TALK_PERF_CTYPES, TALK_PYO3_RECAP } from '../../analysis/talk.ts';
import { talkPairsTable, talkStatsTable } from '../views/call-overhead.ts';
import { BOTH, cite, notes, slide, terminal } from './kit.ts';
import { codeBlock } from '../code.ts';
import { view } from '../live/views.ts';

const path = (steps: string[]) => `<ol class="call-path">${steps.map((s) => `<li>${s}</li>`).join('')}</ol>`;

export default (): string => /* html */ `
<section>
  <h2>Why PyO3 fast, but ctypes slow?</h2>
  <div class="cols-2">
    <div><h3>ctypes</h3>${path(TALK_CALL_PATHS.ctypes)}</div>
    <div><h3>PyO3</h3>${path(TALK_CALL_PATHS.pyo3)}</div>
  </div>
  ${cite(t()['pyo3.pathCite'])}
  ${notes(t()['n.paths'])}
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
  ${notes(t()['n.perfCtypes'])}
</section>
${slide(t()['pyo3.layers'], view('instr-layers', { experiment: 'instructions', runtimes: BOTH, data: { bindings: 'capi,pyo3,ctypes-pydll,ctypes-cdll', finding: 'pyo3-vs-ctypes' }, cls: 'instr-layers' }), t()['n.pyo3Layers'], ` data-live="instructions" data-runtimes="${BOTH.join(',')}"`)}
<section>
  <h2>${t()['pyo3.tables']}</h2>
  <div class="cols-2 small-tables">
    <div>${talkStatsTable('C')}${talkStatsTable('D')}</div>
    <div>${talkPairsTable('C')}${talkPairsTable('D')}</div>
  </div>
  ${notes(t()['n.tables34'])}
</section>
<section>
  <h2>${t()['recap.title']}</h2>
  <div class="cols-2 wide-right">
    <div>
      <ul class="recap">${TALK_PYO3_RECAP.map((t) => `<li>${t}</li>`).join('')}</ul>
      ${cite(t()['kit.citeRecap']('Why PyO3 fast, but ctypes slow?'))}
      ${view('cdll-speedup', { experiment: 'cdll-vs-pydll', runtimes: BOTH })}
    </div>
    ${view('co-ranking', { experiment: 'call-overhead', runtimes: BOTH })}
  </div>
  ${notes(t()['n.pyo3Recap'])}
</section>`;
