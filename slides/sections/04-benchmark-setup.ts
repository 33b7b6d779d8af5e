// Benchmark setup: the talk's pinned machine next to this one (live environment check), the
// runtimes and their GIL state after imports, and how a sample is taken.
import { t } from '../i18n/index.ts';
import { TALK_MACHINE } from '../../analysis/talk.ts';
import { findExperiment } from '../../protocol/experiments.ts';
import { BOTH, cite, notes, slide } from './kit.ts';
import { codeBlock } from '../code.ts';
import { view } from '../live/views.ts';

const BATCH_MS = findExperiment('call-overhead')?.params['batch_ms']?.default;

export default (): string => /* html */ `
<section>
  <h2>${t()['setup.machine']('Benchmark ctypes, cffi, pybind11, PyO3')}</h2>
  <ul class="machine">
    <li>${TALK_MACHINE.kernel}</li>
    <li>${TALK_MACHINE.cpu}</li>
    <li>${TALK_MACHINE.disabled}</li>
    <li><code>${TALK_MACHINE.pinning}</code></li>
    <li>${TALK_MACHINE.hugePages}</li>
    <li>${TALK_MACHINE.toolchain}</li>
    <li>${TALK_MACHINE.pythons}</li>
  </ul>
  ${cite(t()['setup.citeWhat'])}
  ${notes(t()['n.machine'])}
</section>
<section>
${slide(t()['setup.quiet'], view('env-checklist', { experiment: 'env-check', data: { 'hide-cols': '4,5', rest: t()['setup.restFirst'] } }), t()['n.envCheck'], ` data-live="env-check" id="env-check-live"`)}
${slide(t()['setup.fixes'](1), view('env-checklist', { experiment: 'env-check', data: { rows: '1-6', rest: t()['setup.restNext'] }, noBadge: true }), t()['n.fixes1'])}
${slide(t()['setup.fixes'](2), view('env-checklist', { experiment: 'env-check', data: { rows: '7-12', rest: t()['setup.restBoth'] }, noBadge: true }), t()['n.fixes2'])}
${slide(t()['setup.fixes'](3), view('env-checklist', { experiment: 'env-check', data: { rows: '13-', rest: t()['setup.restPrev'] } }), t()['n.fixes3'])}
</section>
<section>
  <h2>${t()['setup.gilTitle']}</h2>
  ${view('runtime-gil', { experiment: 'call-overhead', runtimes: BOTH })}
  <p class="lead">${t()['setup.gilLead']('<code>sys._is_gil_enabled()</code>')}</p>
  ${notes(t()['n.gil'])}
</section>
<section>
<section>
  <h2>${t()['setup.sample']}</h2>
  <ul class="recap">
    <li class="fragment">${t()['setup.b1'](String(BATCH_MS))}</li>
    <li class="fragment">${t()['setup.b2']}</li>
    <li class="fragment">${t()['setup.b3']}</li>
    <li class="fragment">${t()['setup.b4']}</li>
    <li class="fragment">${t()['setup.b5']}</li>
    <li class="fragment">${t()['setup.b6']('<code>perf_counter_ns()</code>', 200, 5)}</li>
  </ul>
  ${notes(t()['n.sample'])}
</section>
${slide(t()['setup.loop'], codeBlock('demos/call_overhead.py', { from: /^BATCH_TEMPLATE/, to: /^"""$/ }), t()['n.loop'])}
${slide(t()['setup.calibration'], codeBlock('demos/call_overhead.py', { fn: 'calibrate_loops' }), t()['n.calibration'])}
</section>`;
