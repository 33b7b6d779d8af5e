// Benchmark results: the live call-overhead experiment (distributions), the ranking with CIs, the
// talk's statistics and p-value tables computed from our data, and the talk's verdicts vs ours.
import { t } from '../i18n/index.ts';
import { talkPairsTable, talkStatsTable } from '../views/call-overhead.ts';
import '../views/compare.ts';
import { BOTH, notes, slide } from './kit.ts';
import { view } from '../live/views.ts';

/** The talk's method for the statistics slide: single calls, the talk-style cffi series beside ours. */
const SINGLE_SHOT = { method: 'single-shot', talk_cffi: true, functions: ['return_int'] };

export default (): string => /* html */ `
<section data-live="call-overhead" data-runtimes="${BOTH.join(',')}" id="call-overhead-live">
  <h2>Benchmark ctypes, cffi, pybind11, PyO3</h2>
  ${view('co-violin', { experiment: 'call-overhead', runtimes: ['@'], cls: 'fill' })}
  ${notes(t()['n.violin'])}
</section>
<section>
  <h2>${t()['res.ranking']}</h2>
  <div class="unit-switch" role="radiogroup" aria-label="${t()['res.unit']}">
    <label><input type="radio" name="co-ranking-unit" value="ns" checked> ns/call</label>
    <label><input type="radio" name="co-ranking-unit" value="instructions"> ${t()['res.instr']}</label>
  </div>
  <div class="switch-stack">
    ${view('co-ranking', { experiment: 'call-overhead', runtimes: BOTH, cls: 'fill' })}
    ${view('instr-ranking', { experiment: 'instructions', runtimes: BOTH, cls: 'fill' })}
  </div>
  ${notes(t()['n.ranking'])}
</section>
${slide(t()['res.compare'], view('co-compare', { experiment: 'call-overhead', runtimes: ['@'], match: { method: 'batched' }, data: { slow: '1' } }), t()['n.compare'], ` data-live="call-overhead" data-runtimes="${BOTH.join(',')}" id="call-overhead-compare"`)}
<section>
${slide(t()['res.statsTalkWay'], view('co-stats-talk', { experiment: 'call-overhead', runtimes: ['@'], match: { method: 'single-shot', talk_cffi: true }, data: { slow: '1' } }), t()['n.statsTalkWay'], ` data-live="call-overhead" data-runtimes="${BOTH.join(',')}" data-params='${JSON.stringify(SINGLE_SHOT)}' id="call-overhead-stats-talk"`)}
${slide(t()['res.statsTalk'], talkStatsTable('A'), t()['n.statsTalk'])}
${slide(t()['res.statsOurs'], view('co-stats', { experiment: 'call-overhead', runtimes: ['@'], data: { slow: '1' } }), t()['n.statsOurs'], ` data-live="call-overhead" data-runtimes="${BOTH.join(',')}" id="call-overhead-stats"`)}
</section>
<section>
${slide(t()['res.pairsOurs'], view('co-pairs', { experiment: 'call-overhead', runtimes: ['@'], data: { slow: '1', bindings: 'ctypes-cdll,cffi-api,pybind11,pyo3' } }), t()['n.pairsOurs'], ` data-live="call-overhead" data-runtimes="${BOTH.join(',')}"`)}
${slide(t()['res.pairsTalk'], talkPairsTable('A'), t()['n.pairsTalk'])}
</section>
<section>
${slide(t()['res.verdicts'], view('co-claims', { experiment: 'call-overhead', runtimes: BOTH, match: { talk_cffi: true, method: 'batched' } }), t()['n.verdicts'], ` id="verdicts-vs-talk"`)}
${slide(t()['res.second'], talkStatsTable('B'), t()['n.second'])}
${slide(t()['res.secondPairs'], talkPairsTable('B'), t()['n.secondPairs'])}
</section>`;
